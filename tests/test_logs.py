"""kubectl logs: what the images print, --previous, --tail, --since, --timestamps, -f bounded
in virtual time, and kubectl's and the API's errors."""

from __future__ import annotations

from tests.runtimefixtures import apply, out, pod, run


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


def test_two_containers_default_to_the_first(cluster):
    apply(cluster, """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, 'echo from a; sleep 3600']}
  - {name: b, image: busybox, command: [sh, -c, 'echo from b; sleep 3600']}
""")
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
