"""`%kubectl exec -it` in a notebook: the terminal widget, driven without a browser by
setting its input's value as Enter does (the input syncs once per line)."""

from __future__ import annotations

import pytest
from support.runtimefixtures import apply, pod, run

import kubecourse
from kubecourse.jupyter import printed, terminal


@pytest.fixture
def kubia(cluster):
    apply(cluster, pod("kubia", "luksa/kubia"))
    cluster.advance(20)
    return cluster


def typed(term: terminal.Terminal, *lines: str) -> str:
    """Submit each line; returns what the terminal added."""
    before = len(term.text)
    for line in lines:
        term.input.value = line
    return term.text[before:]


def test_a_shell_session_keeps_its_directory_and_variables(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- sh")
    assert isinstance(term, terminal.Terminal)
    assert "kc-terminal" in term._dom_classes
    assert term.text == "# "
    assert typed(term, "cd /tmp", "pwd", "X=5", "echo $X") == "cd /tmp\n# pwd\n/tmp\n# X=5\n# echo $X\n5\n# "
    assert term.input.value == ""
    # another exec is another process: it starts in the container's directory
    assert run(kubia, "exec kubia -- pwd") == ("/\n", "", 0)



def test_lines_run_in_virtual_time_and_status_carries_over(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- sh")
    start = kubia.now
    assert typed(term, "sleep 3 && date") == "sleep 3 && date\nWed Jan  1 00:00:23 UTC 2025\n# "
    assert (kubia.now - start).total_seconds() == 3
    assert typed(term, "cat /nope", "echo $?") == (
        "cat /nope\ncat: /nope: No such file or directory\n# echo $?\n1\n# ")


def test_a_command_may_go_on_over_several_lines(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- sh")
    assert typed(term, "for i in 1 2; do", "echo $i", "done") == (
        "for i in 1 2; do\n> echo $i\n> done\n1\n2\n# ")
    assert typed(term, "fi") == 'fi\nsh: 1: Syntax error: "fi" unexpected\n# '


def test_exit_closes_the_terminal(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- sh")
    assert typed(term, "exit 3") == "exit 3\ncommand terminated with exit code 3\n"
    assert term.input.disabled is True
    assert typed(term, "echo after") == ""
    stderr = [o["text"] for o in term.output.outputs if o["name"] == "stderr"]
    assert stderr == ["command terminated with exit code 3\n"]


def test_prompts_follow_the_shell(kubia):
    apply(kubia, pod("bb", "busybox", container="    command: [sleep, '3600']\n"))
    kubia.advance(20)
    term = terminal.open_terminal(kubia, "exec -it bb -- sh")
    assert typed(term, "cd /tmp") == "cd /tmp\n/tmp # "
    bash = terminal.open_terminal(kubia, "exec -it kubia -- bash")
    assert bash.text == "root@kubia:/# "
    assert typed(bash, "cd") == "cd\nroot@kubia:~# "


def test_a_command_that_is_not_a_shell_runs_once(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- ls /app.js")
    assert term.text == "/app.js\n"
    assert term.input.disabled is True


def test_the_containers_end_ends_the_session(kubia):
    term = terminal.open_terminal(kubia, "exec -it kubia -- sh")
    kubia.kubectl("delete pod kubia --wait=false")
    kubia.advance(40)
    assert typed(term, "ls") == "ls\ncommand terminated with exit code 137\n"
    assert term.input.disabled is True


def test_kubectls_errors_come_back_instead_of_a_terminal(kubia):
    opened = terminal.open_terminal(kubia, "exec -it nope -- sh")
    assert opened == kubecourse.kubectl.Result("", 'Error from server (NotFound): pods "nope" not found\n', 1)


def test_headless_kubectl_keeps_its_tty_message(kubia):
    assert run(kubia, "exec -it kubia -- hostname") == (
        "kubia\n", "Unable to use a TTY - input is not a terminal or the right kind of file\n", 0)


def test_the_magic_returns_the_widget(ip, cell):
    kubecourse.reset_session()
    session = kubecourse.session()
    apply(session, pod("kubia", "luksa/kubia"))
    session.advance(20)
    term = ip.run_line_magic("kubectl", "exec -it kubia -- sh")
    assert isinstance(term, terminal.Terminal)
    assert typed(term, "hostname") == "hostname\nkubia\n# "
    assert ip.run_line_magic("k", "exec -it nope -- sh") is None
    assert ip.run_line_magic("kubectl", "exec kubia -- hostname") is None
    assert cell() == [("stderr", 'Error from server (NotFound): pods "nope" not found\n'),
                      ("display", printed.bundle("kubia\n"))]
