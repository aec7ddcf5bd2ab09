"""Every command of kubectl 1.32 is either simulated or answered in one marked line.

Walks the real binary's command tree (`kubectl --help`, then each command's `--help`,
recursively) and runs each command path through our kubectl."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import kubecourse
from kubecourse.kubectl import hints, unsimulated
from kubecourse.kubectl.commands import COMMANDS

REAL_KUBECTL = Path("/usr/lib/google-cloud-sdk/bin/kubectl.1.32")
_SECTION = re.compile(r"^(?:[A-Z][A-Za-z ()]*Commands[^:]*|Available Commands):$")


def help_subcommands(path: list[str], home: Path) -> list[str]:
    """The commands a `--help` lists under its `... Commands:` headings."""
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "")}
    text = subprocess.run([str(REAL_KUBECTL), *path, "--help"], capture_output=True, text=True, env=env,
                          timeout=30).stdout
    names, listing = [], False
    for line in text.splitlines():
        if _SECTION.match(line):
            listing = True
        elif listing and (m := re.match(r"^  (\S+)\s", line)):
            names.append(m[1])
        elif line and not line.startswith(" "):
            listing = False
    return names


def real_tree(path: list[str], home: Path) -> list[str]:
    found = []
    for name in help_subcommands(path, home):
        if path and name in ("help", "completion"):
            continue
        found.append(" ".join([*path, name]))
        found += real_tree([*path, name], home)
    return found


@pytest.mark.skipif(not REAL_KUBECTL.exists(), reason="real kubectl 1.32 is not installed")
def test_the_listed_tree_is_kubectl_1_32s(tmp_path):
    assert set(real_tree([], tmp_path)) == unsimulated.KUBECTL_TREE


@pytest.mark.parametrize("command", sorted(unsimulated.KUBECTL_TREE))
def test_each_command_is_simulated_or_answered_honestly(command):
    words = command.split()
    if unsimulated.simulated(words, COMMANDS):
        return
    result = kubecourse.Cluster().kubectl([*words, "x"])
    assert result.returncode == unsimulated.EXIT_CODE
    assert result.stderr.startswith(hints.MARK) and result.stderr.count("\n") == 1
    assert f"`kubectl {command}`" in result.stderr and result.stdout == ""


def test_a_flag_of_an_unsimulated_subcommand_is_not_an_unknown_flag():
    result = kubecourse.Cluster().kubectl("create job x --image=busybox -- date")
    assert result.stderr == unsimulated.answer("create job") + "\n"


def test_words_kubectl_does_not_know_stay_unknown_commands():
    assert kubecourse.Cluster().kubectl("frobnicate").stderr.startswith('error: unknown command "frobnicate"')
