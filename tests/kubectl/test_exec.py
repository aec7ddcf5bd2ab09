"""kubectl exec: kubectl's own errors, the container shell's outputs and errors, mounts (a
volume hides the image's directory, subPath adds one file), emptyDir sharing, env, and
loops in virtual time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.runtimefixtures import apply, events, out, pod, run

from kubecourse.node import envvars


def kubia(cluster, **kwargs):
    apply(cluster, pod("kubia", "luksa/kubia", **kwargs))
    cluster.advance(20)


def test_kubectls_own_errors(cluster):
    kubia(cluster)
    assert run(cluster, "exec kubia") == ("", "error: you must specify at least one command for the container\n", 1)
    assert run(cluster, "exec kubia ls") == ("", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] "
                                                 "-- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
                                                 "kubecourse hint: kubectl takes the command after `--` now (the book's "
                                                 "`kubectl exec kubia ls` predates that); run `kubectl exec kubia -- ls`.\n",
                                             1)
    assert run(cluster, "exec nope -- ls") == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)
    assert run(cluster, "exec kubia -c nope -- ls") == (
        "", "Error from server (BadRequest): container nope is not valid for pod kubia\n", 1)


def test_an_executable_not_in_the_image(cluster):
    kubia(cluster)
    _, err, code = run(cluster, "exec kubia -- foo")
    assert code == 1
    assert err.startswith("error: Internal error occurred: Internal error occurred: error executing command in "
                          'container: failed to exec in container: failed to start exec "')
    assert err.endswith('OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": '
                        "executable file not found in $PATH: unknown\n")
    assert run(cluster, "exec kubia -- sh -c 'foo'") == (
        "", "sh: 1: foo: not found\ncommand terminated with exit code 127\n", 127)


def test_tty_without_a_terminal(cluster):
    kubia(cluster)
    assert run(cluster, "exec -it kubia -- hostname") == (
        "kubia\n", "Unable to use a TTY - input is not a terminal or the right kind of file\n", 0)


def test_shell_basics(cluster):
    kubia(cluster)
    assert out(cluster, "exec kubia -- sh -c 'echo a b | wc -w; echo x > /tmp/f && cat /tmp/f; "
                        "false || echo no; ls /tmp | head -1'") == "2\nx\nno\nf\n"
    assert out(cluster, "exec kubia -- printenv HOSTNAME") == "kubia\n"
    assert run(cluster, "exec kubia -- cat /nope") == (
        "", "cat: /nope: No such file or directory\ncommand terminated with exit code 1\n", 1)
    assert run(cluster, "exec kubia -- ls /nope") == (
        "", "ls: cannot access '/nope': No such file or directory\ncommand terminated with exit code 2\n", 2)
    assert out(cluster, "exec kubia -- date") == "Wed Jan  1 00:00:20 UTC 2025\n"


def test_files_written_in_the_container_vanish_with_it(cluster):
    kubia(cluster)
    out(cluster, "exec kubia -- touch /tmp/mine")
    assert out(cluster, "exec kubia -- ls /tmp") == "mine\n"


def test_a_volume_hides_the_image_directory_and_subpath_adds_one_file(cluster):
    apply(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {extra.conf: 'x', other: 'y'}\n")
    apply(cluster, pod("web", "nginx", container=(
        "    volumeMounts:\n"
        "    - {name: cfg, mountPath: /usr/share/nginx/html}\n"
        "    - {name: cfg, mountPath: /etc/nginx/conf.d/extra.conf, subPath: extra.conf}\n"),
        spec="  volumes:\n  - name: cfg\n    configMap: {name: cfg}\n"))
    cluster.advance(20)
    assert out(cluster, "exec web -- ls /usr/share/nginx/html") == "extra.conf\nother\n"
    assert out(cluster, "exec web -- ls /etc/nginx/conf.d") == "default.conf\nextra.conf\n"
    assert out(cluster, "exec web -- cat /etc/nginx/conf.d/extra.conf") == "x"
    listing = out(cluster, "exec web -- ls -la /usr/share/nginx/html")
    assert "..data -> ..2025_01_01_" in listing and "other -> ..data/other" in listing


def test_emptydir_is_shared_by_the_pods_containers_and_secrets_are_tmpfs(cluster):
    apply(cluster, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n")
    apply(cluster, """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  volumes:
  - {name: shared, emptyDir: {}}
  - {name: s, secret: {secretName: s}}
  containers:
  - name: a
    image: busybox
    command: [sleep, '3600']
    volumeMounts: [{name: shared, mountPath: /data}, {name: s, mountPath: /etc/s}]
  - name: b
    image: busybox
    command: [sleep, '3600']
    volumeMounts: [{name: shared, mountPath: /shared}]
""")
    cluster.advance(20)
    _, err, _ = run(cluster, "exec two -c a -- sh -c 'echo hi > /data/f'")
    assert err == ""
    assert out(cluster, "exec two -c b -- cat /shared/f") == "hi\n"
    assert run(cluster, "exec two -- cat /etc/s/password") == (
        "hunter2", 'Defaulted container "a" out of: a, b\n', 0)
    assert "tmpfs on /etc/s type tmpfs (ro," in out(cluster, "exec two -c a -- mount")


def test_env_from_configmap_secret_and_field_refs(cluster):
    apply(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {sleep-interval: '25', A: 'a', 1bad: 'b'}\n")
    kubia(cluster, container=(
        "    envFrom: [{configMapRef: {name: c}, prefix: CM_}, {configMapRef: {name: c}}]\n"
        "    env:\n"
        "    - {name: INTERVAL, valueFrom: {configMapKeyRef: {name: c, key: sleep-interval}}}\n"
        "    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n"
        "    - {name: GREETING, value: 'every $(INTERVAL)s'}\n"))
    env = out(cluster, "exec kubia -- env").splitlines()
    assert env[:2] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=kubia"]
    assert {"CM_A=a", "INTERVAL=25", "POD=kubia", "GREETING=every 25s"} <= set(env)
    assert {"CM_sleep-interval=25", "CM_1bad=b", "A=a"} <= set(env)
    assert not any(line.startswith("1bad") for line in env)  # not a valid name without the prefix
    assert ("InvalidEnvironmentVariableNames", "Keys [1bad] from the EnvFrom configMap default/c were skipped since "
            "they are considered invalid environment variable names.") in events(cluster, "kubia")
    assert env[-1] == "HOME=/root"



@pytest.mark.parametrize(("text", "expanded"), [
    ("$(A)", "1"), ("$$(A)", "$(A)"), ("$(Z)", "$(Z)"), ("$(A", "$(A"), ("$", "$"), ("a$b", "a$b"),
    ("$$$(A)", "$1"), ("$()", "$()"), ("x$(A)y$(A)", "x1y1"), ("$(A B)", "2"),
])
def test_dollar_references_expand_as_the_kubelets_expansion_package(text, expanded):
    assert envvars.expand(text, {"A": "1", "A B": "2"}) == expanded


def test_command_and_args_expand_from_the_containers_environment(cluster):
    apply(cluster, pod("bb", "busybox", container=(
        "    command: [sh, -c, 'echo \"$0\" \"$1\" \"$2\"; sleep 3600', '$(GREETING)']\n"
        "    args: ['$$(GREETING)', '$(UNSET)']\n"
        "    env: [{name: GREETING, value: hello}]\n")))
    cluster.advance(20)
    assert out(cluster, "logs bb") == "hello $(GREETING) $(UNSET)\n"


def test_a_missing_configmap_is_create_container_config_error(cluster):
    apply(cluster, pod("kubia", "luksa/kubia", container=(
        "    env: [{name: X, valueFrom: {configMapKeyRef: {name: missing, key: k}}}]\n")))
    cluster.advance(20)
    assert "CreateContainerConfigError" in out(cluster, "get pod kubia")


def test_a_loop_runs_in_virtual_time_within_the_request_timeout(cluster):
    kubia(cluster)
    start = cluster.now
    stdout = out(cluster, "exec kubia --request-timeout=5s -- sh -c 'while true; do date; sleep 1; done'")
    assert len(stdout.splitlines()) == 5
    assert cluster.now - start == timedelta(seconds=5)
    _, err, _ = run(cluster, "exec kubia -- sleep 100")
    assert err.startswith("kubecourse hint: the command was still running after 60s of virtual time")


def test_a_cd_in_one_exec_does_not_move_the_next(cluster):
    kubia(cluster)
    assert out(cluster, "exec kubia -- sh -c 'cd /tmp; pwd'") == "/tmp\n"
    assert out(cluster, "exec kubia -- pwd") == "/\n"


def test_a_redirected_loop_of_the_main_process_writes_as_it_goes(cluster):
    apply(cluster, pod("bb", "busybox", container=(
        "    command: [sh, -c, 'while true; do date; echo err >&2; sleep 5; done > /tmp/log 2>&1']\n")))
    cluster.advance(12)
    first = out(cluster, "exec bb -- cat /tmp/log").splitlines()
    assert first[1::2] == ["err"] * len(first[1::2]) and len(first) in (4, 6)
    cluster.advance(10)
    assert len(out(cluster, "exec bb -- cat /tmp/log").splitlines()) == len(first) + 4
    assert out(cluster, "logs bb") == ""
