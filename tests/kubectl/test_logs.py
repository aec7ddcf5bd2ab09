"""kubectl logs: what the images print, --previous, --tail, --since, --timestamps, -f bounded
in virtual time, and kubectl's and the API's errors."""

from __future__ import annotations

from support.runtimefixtures import apply, out, pod, run


def test_usage_and_api_errors(cluster):
    assert run(cluster, "logs") == ("", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                                        "POD or TYPE/NAME is a required argument for the logs command\n"
                                        "See 'kubectl logs -h' for help and examples\n", 1)
    apply(cluster, pod("kubia", "luksa/kubia"))
    assert run(cluster, "logs kubia") == (
        "", 'Error from server (BadRequest): container "kubia" in pod "kubia" is waiting to start: '
            "ContainerCreating\n", 1)
    cluster.advance(20)
    assert run(cluster, "logs kubia -p") == (
        "", 'Error from server (BadRequest): previous terminated container "kubia" in pod "kubia" not found\n', 1)


def test_timestamps_tail_and_since(cluster):
    apply(cluster, pod("fortune", "luksa/fortune:args", container="    args: ['5']\n"))
    cluster.advance(30)
    lines = out(cluster, "logs fortune").splitlines()
    assert lines[0] == "Configured to generate new fortune every 5 seconds"
    assert out(cluster, "logs fortune --tail 2").splitlines() == lines[-2:]
    stamped = out(cluster, "logs fortune --timestamps --tail 1")
    start = stamped.index(" ")
    assert stamped[:start].startswith("2025-01-01T00:00:") and stamped[:start].endswith("Z")
    assert stamped[start + 1:] == lines[-1] + "\n"
    assert len(out(cluster, "logs fortune --since=6s").splitlines()) in (1, 2)


def test_follow_is_bounded_by_the_request_timeout(cluster):
    apply(cluster, pod("fortune", "luksa/fortune:args", container="    args: ['2']\n"))
    cluster.advance(10)
    before = len(out(cluster, "logs fortune").splitlines())
    start = cluster.now
    followed = out(cluster, "logs fortune -f --request-timeout=10s").splitlines()
    assert (cluster.now - start).total_seconds() == 10
    assert len(followed) == before + 5
    _, err, code = run(cluster, "logs fortune -f")
    assert code == 0 and err.startswith("kubecourse hint: `logs -f` has no end in a notebook")


def test_previous_shows_the_crashed_instance(cluster):
    apply(cluster, pod("crash", "busybox", container="    command: [sh, -c, 'echo boom; exit 3']\n"))
    cluster.advance(30)
    assert out(cluster, "logs crash -p") == "boom\n"
    assert out(cluster, "logs crash") == "boom\n"


TWO = """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, '%s']}
  - {name: b, image: busybox, command: [sh, -c, 'echo from b; sleep 3600']}
"""


def test_two_containers_default_to_the_first(cluster):
    apply(cluster, TWO % "echo from a; sleep 3600")
    cluster.advance(20)
    assert run(cluster, "logs two") == ("from a\n", 'Defaulted container "a" out of: a, b\n', 0)
    assert run(cluster, "logs two -c b") == ("from b\n", "", 0)
    assert run(cluster, "logs two b") == ("from b\n", "", 0)


def _log_times(cluster, name: str) -> list[tuple[float, str]]:
    record = cluster.manager.controllers["kubelet/kind-worker"].runtime.pods[("default", name)].containers
    logs = next(iter(record.values())).instance.logs
    start = logs[0][0]
    return [((when - start).total_seconds(), text) for when, _, text in logs]


def test_a_background_sleep_inside_a_chain_or_a_pipeline_takes_its_time(cluster):
    apply(cluster, pod("chain", "busybox", container=(
        "    command: [sh, -c, 'echo a && sleep 5 && echo b; echo c | sleep 3; echo d; "
        "false || sleep 2 && echo e; sleep 3600']\n")))
    cluster.advance(30)
    assert _log_times(cluster, "chain") == [(0, "a"), (5, "b"), (8, "d"), (10, "e")]


def test_a_pipeline_in_a_loop_is_not_a_busy_loop(cluster):
    apply(cluster, pod("loop", "busybox", container=(
        "    command: [sh, -c, 'while true; do date | sleep 10; echo tick; done']\n")))
    cluster.advance(45)
    assert [t for t, _ in _log_times(cluster, "loop")] == [0, 10, 20, 30]


def kubia_deployment(cluster) -> list[str]:
    assert cluster.kubectl("create deployment kubia --image=luksa/kubia --replicas=3").returncode == 0
    cluster.advance(30)
    return sorted(p.metadata.name for p in cluster.api.list("Pod", "default"))


def test_a_workload_reads_one_of_its_pods(cluster):
    names = kubia_deployment(cluster)
    stdout, stderr, code = run(cluster, "logs deploy/kubia")
    assert (stdout, code) == ("Kubia server starting...\n", 0)
    assert stderr.startswith("Found 3 pods, using pod/kubia-") and stderr.removeprefix(
        "Found 3 pods, using pod/").rstrip("\n") in names
    rs = cluster.api.list("ReplicaSet", "default")[0].metadata.name
    assert run(cluster, f"logs rs/{rs} --prefix")[0].startswith("[pod/kubia-")


def test_logs_prefers_the_pod_ready_the_longest(cluster):
    kubia_deployment(cluster)
    pods = cluster.api.list("Pod", "default")
    ready = {p.metadata.name: next(c.last_transition_time for c in p.status.conditions if c.type == "Ready")
             for p in pods}
    longest = min(ready, key=lambda name: (ready[name], name))
    assert len(set(ready.values())) == 3  # a choice by ready time, not by a tie-break
    assert run(cluster, "logs deployment/kubia")[1] == f"Found 3 pods, using pod/{longest}\n"


def test_a_selector_reads_every_pod_with_a_prefix(cluster):
    names = kubia_deployment(cluster)
    assert run(cluster, "logs -l app=kubia --prefix") == (
        "".join(f"[pod/{n}/kubia] Kubia server starting...\n" for n in names), "", 0)
    assert run(cluster, "logs -l app=nope") == ("", "No resources found in default namespace.\n", 0)


def test_a_workload_with_no_pod_waits_for_one(cluster):
    apply(cluster, "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: 0\n"
                   "  selector: {matchLabels: {app: r}}\n  template:\n    metadata: {labels: {app: r}}\n"
                   "    spec: {containers: [{name: r, image: luksa/kubia}]}\n")
    start = cluster.now
    assert run(cluster, "logs rs/r --pod-running-timeout=5s") == (
        "", "error: timed out waiting for the condition\n", 1)
    assert (cluster.now - start).total_seconds() == 5


def test_all_containers_limit_bytes_and_since_time(cluster):
    apply(cluster, TWO % "echo from a; sleep 10; echo later a; sleep 3600")
    cluster.advance(20)
    assert run(cluster, "logs two --all-containers --prefix") == (
        "[pod/two/a] from a\n[pod/two/a] later a\n[pod/two/b] from b\n", "", 0)
    assert run(cluster, "logs two -c a --limit-bytes=9") == ("from a\nla", "", 0)
    started = cluster.api.get("Pod", "two", "default").status.container_statuses[0].state.running.started_at
    since = f"{started:%Y-%m-%dT%H:%M:%S}Z"
    later = f"{started.replace(second=started.second + 5):%Y-%m-%dT%H:%M:%S}Z"
    assert run(cluster, f"logs two -c a --since-time={since}")[0] == "from a\nlater a\n"
    assert run(cluster, f"logs two -c a --since-time={later}")[0] == "later a\n"


def test_kubectls_logs_errors(cluster):
    kubia_deployment(cluster)
    assert run(cluster, "logs -l app=kubia kubia") == (
        "", "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n", 1)
    errors = {
        "logs deploy/nope": 'error from server (NotFound): deployments.apps "nope" not found in namespace "default"',
        "logs cm/kube-root-ca.crt": "cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented",
        "logs svc/kubernetes": "cannot get the logs from *v1.Service: invalid service 'kubernetes': Service is defined "
                               "without a selector",
        "logs deploy/kubia --since-time=2025-01-01T00:00:00Z --since=1s":
            "at most one of `sinceTime` or `sinceSeconds` may be specified",
        "logs deploy/kubia --all-containers -c kubia":
            "--all-containers=true should not be specified with container name kubia",
        "logs deploy/kubia --limit-bytes=-1": "--limit-bytes must be greater than 0",
        "logs deploy/kubia --tail=-2": "--tail must be greater than or equal to -1",
        "logs deploy/kubia --since-time=2025-01-01":
            'parsing time "2025-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
        "logs deploy/kubia --since-time=2025-13-01T00:00:00Z": 'parsing time "2025-13-01T00:00:00Z": month out of range',
        "logs -l app=kubia -f --max-log-requests=2": "you are attempting to follow 3 log streams, but maximum allowed "
                                                     "concurrency is 2, use --max-log-requests to increase the limit",
    }
    for line, error in errors.items():
        assert run(cluster, line) == ("", f"error: {error}\n", 1), line
