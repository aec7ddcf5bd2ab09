"""`kubectl rollout SUBCOMMAND`: status, history, undo, pause, resume, restart.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout.go. Each
subcommand's logic lives in kubecourse/kubectl/rollout/.
"""

from __future__ import annotations

from functools import partial

from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.rollout import history, patchers, status, undo

SUBCOMMANDS = {
    "history": Command("history", history.run, history.FLAGS, short="View rollout history"),
    "pause": Command("pause", partial(patchers.run, patchers.PAUSE), patchers.FLAGS,
                     short="Mark the provided resource as paused"),
    "restart": Command("restart", partial(patchers.run, patchers.RESTART), patchers.FLAGS, short="Restart a resource"),
    "resume": Command("resume", partial(patchers.run, patchers.RESUME), patchers.FLAGS,
                      short="Resume a paused resource"),
    "status": Command("status", status.run, status.FLAGS, short="Show the status of the rollout"),
    "undo": Command("undo", undo.run, undo.FLAGS, short="Undo a previous rollout"),
}

COMMAND = Command("rollout", None, (), SUBCOMMANDS, short="Manage the rollout of a resource")
