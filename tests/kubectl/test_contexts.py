"""`%cluster use`: %kubectl and %%manifest sent to a real cluster through the real kubectl
binary, tested with the loopback server standing in for a remote cluster."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support.servefixtures import REAL_KUBECTL, needs_kubectl

import kubecourse
from kubecourse.jupyter import printed, target


@pytest.fixture
def remote(ip, capsys):
    """A 'remote' cluster: another kubecourse cluster, served; the session stays local."""
    kubecourse.reset_session()
    other = kubecourse.Cluster(seed=7)
    other.kubectl("create deployment web --image=nginx:1.27 --replicas=2")
    other.advance(30)
    served = other.serve(clock="frozen")
    yield other, served
    ip.run_line_magic("cluster", "use local")
    capsys.readouterr()
    served.stop()


@needs_kubectl
def test_kubectl_goes_to_the_real_binary_and_prints_exactly_what_it_prints(ip, remote, cell):
    other, served = remote
    ip.run_line_magic("cluster", f"use --kubeconfig {served.kubeconfig} --context kubecourse")
    [(_, said)] = cell()
    assert said.startswith("%kubectl runs ") and f"against context kubecourse of {served.kubeconfig}" in said
    ip.run_line_magic("kubectl", "get pods -l app=web")
    assert cell()[1:] == [("display", printed.bundle(other.kubectl("get pods -l app=web").stdout))]
    assert kubecourse.session().kubectl("get deploy").stderr == "No resources found in default namespace.\n"
    ip.run_line_magic("k", "get pod nope")
    assert cell()[2:] == [("stderr", 'Error from server (NotFound): pods "nope" not found\n')]


@needs_kubectl
def test_manifest_cells_apply_through_the_real_binary(ip, remote, cell):
    other, served = remote
    ip.run_line_magic("cluster", f"use --kubeconfig={served.kubeconfig}")
    ip.run_cell_magic("manifest", "", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: remote}\ndata: {a: b}\n")
    assert cell()[1:] == [("display", printed.bundle("configmap/remote created\n"))]
    assert other.api.get("ConfigMap", "remote", "default").data == {"a": "b"}
    assert kubecourse.session().api.try_get("ConfigMap", "remote", "default") is None


@needs_kubectl
def test_use_local_returns_to_the_simulation(ip, remote, cell):
    _, served = remote
    ip.run_line_magic("cluster", f"use --kubeconfig {served.kubeconfig}")
    ip.run_line_magic("cluster", "use local")
    [(_, said)] = cell()
    assert said.endswith("%kubectl runs against the simulated cluster in this kernel\n")
    ip.run_line_magic("kubectl", "get deploy")
    assert cell()[1:] == [("stderr", "No resources found in default namespace.\n")]


def test_use_arguments_are_checked(ip, capsys, tmp_path):
    ip.run_line_magic("cluster", "use --nope")
    assert capsys.readouterr().err == ("error: %cluster use: unknown argument '--nope' (use: local, --context NAME, "
                                       "--kubeconfig PATH)\n")
    ip.run_line_magic("cluster", f"use --kubeconfig {tmp_path / 'missing'}")
    assert capsys.readouterr().err == f"error: %cluster use: no kubeconfig at {tmp_path / 'missing'}\n"
    ip.run_line_magic("cluster", "use --context")
    assert capsys.readouterr().err == "error: %cluster use: --context needs a value\n"


def test_the_versioned_binary_beside_a_dispatcher_is_preferred(tmp_path):
    bin_dir, sdk = tmp_path / "bin", tmp_path / "sdk"
    bin_dir.mkdir()
    sdk.mkdir()
    for name in ("kubectl", "kubectl.1.32"):
        (sdk / name).write_text("#!/bin/sh\n")
        (sdk / name).chmod(0o755)
    os.symlink(sdk / "kubectl", bin_dir / "kubectl")
    assert target.find_kubectl(str(bin_dir)) == str(sdk / "kubectl.1.32")
    (sdk / "kubectl.1.32").unlink()
    assert target.find_kubectl(str(bin_dir)) == str(bin_dir / "kubectl")
    with pytest.raises(ValueError, match="kubectl is not on PATH"):
        target.find_kubectl(str(tmp_path / "empty"))


@needs_kubectl
def test_a_remote_target_passes_its_flags_before_the_command():
    remote = target.Remote(str(REAL_KUBECTL), context="kind-kind", kubeconfig="/k/config")
    assert remote.argv(["get", "pods"]) == [str(REAL_KUBECTL), "--kubeconfig", "/k/config", "--context", "kind-kind",
                                            "get", "pods"]
    assert remote.kubectl("get pods '").stderr == "error: No closing quotation\n"
    assert Path(remote.binary).name == "kubectl.1.32"
