"""`kubectl run -i|-t [--rm]` in a notebook: kubectl without a terminal, in virtual time.

What real kubectl 1.32 prints when the pod has already finished is judged in
tests/kubectl/test_conformance.py (test_attached_run); these cover the attach itself, which the
served API does not stream."""

from __future__ import annotations

import kubecourse


def run(cluster, line: str) -> tuple[int, str, str]:
    r = cluster.kubectl(line)
    return r.returncode, r.stdout, r.stderr


PROMPT = "If you don't see a command prompt, try pressing enter.\n"
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def test_attach_to_a_running_pod_streams_until_it_exits_then_deletes_it():
    cluster = kubecourse.Cluster()
    line = "run b -it --rm --restart=Never --image=busybox -- sh -c 'sleep 4; echo hi; echo oops >&2; exit 3'"
    assert run(cluster, line) == (3, 'hi\npod "b" deleted\n',
                                  NO_TTY + PROMPT + "oops\npod default/b terminated (Error)\n")
    assert cluster.kubectl("get pods").stderr == "No resources found in default namespace.\n"


def test_attach_with_restart_always_returns_when_the_stream_ends():
    cluster = kubecourse.Cluster()
    assert run(cluster, "run d -i --image=busybox -- sh -c 'sleep 4; echo hi'") == (0, "hi\n", PROMPT)
    assert "d " in cluster.kubectl("get pods").stdout  # no --rm: the pod stays


def test_an_interactive_shell_reads_an_empty_stdin_and_ends():
    cluster = kubecourse.Cluster()
    assert run(cluster, "run sh -it --rm --restart=Never --image=busybox -- sh") == (0, 'pod "sh" deleted\n', "")


def test_a_pod_that_never_runs_times_out_and_is_still_removed():
    cluster = kubecourse.Cluster()
    code, out, err = run(cluster, "run x -i --rm --restart=Never --image=nope/nope:1 --pod-running-timeout=5s -- true")
    assert (code, out, err) == (1, 'pod "x" deleted\n', "error: timed out waiting for the condition\n")


def test_expose_prints_the_service_and_rm_deletes_both():
    cluster = kubecourse.Cluster()
    code, out, _ = run(cluster, "run web -i --rm --restart=Never --port=80 --expose --image=busybox -- echo hi")
    assert (code, out) == (0, 'service/web created\nhi\npod "web" deleted\nservice "web" deleted\n')
