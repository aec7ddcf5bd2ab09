"""A shell's words for a script it cannot parse: dash, bash and BusyBox ash each say it their way."""

from __future__ import annotations

import pytest
from support.runtimefixtures import apply, pod, run


@pytest.mark.parametrize(("image", "command", "stderr"), [
    ("luksa/kubia", "sh -c fi", 'sh: 1: Syntax error: "fi" unexpected\n'),
    ("luksa/kubia", "sh -c \"echo 'a\"", "sh: 1: Syntax error: Unterminated quoted string\n"),
    ("luksa/kubia", "sh -c 'if true'", "sh: 1: Syntax error: end of file unexpected\n"),
    ("luksa/kubia", "bash -c fi", "bash: syntax error near unexpected token `fi'\n"),
    ("busybox", "sh -c fi", 'sh: syntax error: unexpected "fi"\n'),
])
def test_syntax_errors(cluster, image, command, stderr):
    apply(cluster, pod("box", image, container="    command: [sleep, '3600']\n"))
    cluster.advance(20)
    assert run(cluster, f"exec box -- {command}") == ("", stderr + "command terminated with exit code 2\n", 2)
