"""Save and resume: a cluster saved mid-rollout, loaded in a fresh process, prints the same
bytes as one that was never saved; a file from another kubecourse version is refused."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import kubecourse
from kubecourse import cluster as cluster_module

CONTINUE = ("get pods -o wide", "get rs", "logs client --tail 6", "exec client -- wget -qO- kubia",
            "rollout status deployment kubia")


def scenario(cluster: kubecourse.Cluster) -> None:
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=3")
    cluster.advance(30)
    cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
    cluster.kubectl("run client --image=busybox -- sh -c 'while true; do wget -qO- http://kubia; sleep 2; done'")
    cluster.advance(15)
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    cluster.advance(3)  # mid-rollout: pulls, starts and terminations are pending timers


def continuation(cluster: kubecourse.Cluster) -> str:
    cluster.advance(40)
    return "".join(r.stdout + r.stderr for r in map(cluster.kubectl, CONTINUE))


def test_a_loaded_cluster_continues_to_the_same_bytes_in_a_fresh_process(tmp_path: Path):
    cluster = kubecourse.Cluster()
    scenario(cluster)
    saved = tmp_path / "mid.kc"
    cluster.save(saved)
    expected = continuation(cluster)
    code = ("import sys, kubecourse\n"
            f"sys.path.insert(0, {str(Path(__file__).parent.parent)!r})\n"
            "from tests.test_save_load import continuation\n"
            f"sys.stdout.write(continuation(kubecourse.Cluster.load({str(saved)!r})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stderr == ""
    assert done.stdout == expected
    assert "This is v2 running in pod kubia-" in expected


def test_a_file_from_another_version_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "old.kc"
    path.write_bytes(pickle.dumps({"format": cluster_module.SAVE_FORMAT, "version": "0.0.1", "cluster": b""}))
    with pytest.raises(ValueError) as caught:
        kubecourse.Cluster.load(path)
    assert str(caught.value) == (f"{path} was saved by kubecourse 0.0.1; this is kubecourse "
                                 f"{cluster_module._version()}. Start a new cluster, or load it with the version "
                                 "that saved it.")
