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
