"""Finding the command: cobra's Find, with flags anywhere between command words."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("line", [
    "create deployment web --image=nginx",
    "create -n default deployment web --image=nginx",
    "-n default create deployment web --image=nginx",
    "kubectl create deployment --image=nginx web",
])
def test_subcommand_found_past_flags(cluster, line):
    r = cluster.kubectl(line)
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/web created\n", "", 0)


def test_unknown_command(cluster):
    r = cluster.kubectl("frobnicate pods")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "error: unknown command \"frobnicate\" for \"kubectl\"\n", 1)  # kubectl 1.32: no usage line


def test_leading_kubectl_or_k_is_allowed(cluster):
    assert cluster.kubectl("k version --client").stdout == cluster.kubectl("version --client").stdout
