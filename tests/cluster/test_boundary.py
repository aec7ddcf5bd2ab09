"""The boundary for the unknown (kubecourse/boundary.py): a bug shows as one marked line, the
cluster stays consistent and its controllers keep running."""

from __future__ import annotations

import pytest

from kubecourse import boundary
from kubecourse.controllers.replicaset.controller import ReplicaSetController
from kubecourse.kubectl.commands import COMMANDS

pytestmark = pytest.mark.internal_error
LINE = ("kubecourse: internal error in {where}: RuntimeError: injected; please report it with the command\n")


def test_a_bug_in_a_command_is_one_marked_line(cluster, monkeypatch):
    def broken(ctx, parsed, out, stdin):
        ctx.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "written"}})
        raise RuntimeError("injected")

    monkeypatch.setitem(COMMANDS, "version", COMMANDS["version"].__class__("version", broken))
    r = cluster.kubectl("version")
    assert (r.stdout, r.stderr, r.returncode) == ("", LINE.format(where="kubectl"), 1)
    assert boundary.HITS[-1][0] + "\n" == r.stderr
    assert "RuntimeError: injected" in boundary.HITS[-1][1]  # the traceback, for the report
    # the write before the bug stands, the lock is free, commands still work
    assert cluster.kubectl("get cm written -o name").stdout == "configmap/written\n"


def test_controllers_keep_running_after_a_bug_in_one(cluster, monkeypatch):
    real = ReplicaSetController.reconcile
    calls = []

    def once_broken(self, key):
        calls.append(key)
        if len(calls) == 1:
            raise RuntimeError("injected")
        return real(self, key)

    monkeypatch.setattr(ReplicaSetController, "reconcile", once_broken)
    r = cluster.kubectl("create deploy web --image=nginx --replicas=2")
    assert (r.stdout, r.stderr, r.returncode) == ("", LINE.format(where="kubectl"), 1)
    assert cluster.api.try_get("Deployment", "web", "default") is not None  # the create stands
    cluster.kubectl("scale deploy web --replicas=3")  # the ReplicaSet is reconciled again
    cluster.advance(30)
    assert cluster.kubectl("get deploy web -o jsonpath={.status.readyReplicas}").stdout == "3"


def test_the_magics_print_the_line_instead_of_a_traceback(ip, capsys, monkeypatch):
    import kubecourse

    def broken(self, seconds):
        raise RuntimeError("injected")

    monkeypatch.setattr(kubecourse.Cluster, "advance", broken)
    ip.run_line_magic("cluster", "advance 10s")
    assert capsys.readouterr().err == LINE.format(where="%cluster")
