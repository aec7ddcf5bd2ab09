"""What kubectl can do with each kind: one entry per kind, read by `set`, `expose`, `logs`,
`exec` and `rollout`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/polymorphichelpers. Upstream
each helper is a function with a type switch over the kinds it knows (interface.go lists
them: updatePodSpecForObject, SelectorsForObject, canBeExposed with mapBasedSelectorForObject
and portsForObject, HistoryViewerFor, RollbackerFor, StatusViewerFor, defaultObjectPauser,
defaultObjectResumer, defaultObjectRestarter); here each kind is one row and each helper a
column, so a kind's whole client-side behaviour is read in one place. A helper that does not
know a kind is None in its row, and the command then gives that helper's own refusal
(`cannot expose a ConfigMap`, `no history viewer has been implemented for "ReplicaSet.apps"`).

The rows follow upstream's switches, so they include kinds the server does not serve yet
(Job, CronJob): `set` and `restart` know where their pod templates are. StatefulSets and
DaemonSets view, roll back and watch through their ControllerRevisions (controllerrevisions.py).
A new kind is a row here (kubectl), an entry in kubecourse/api/kinds.py (the server) and,
if it has one upstream, a describer in kubecourse/kubectl/describe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from kubecourse.api import selectors as labels
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.polymorphichelpers import (
    controllerrevisions,
    history,
    objectpatchers,
    ports,
    rollback,
    rollout_status,
    selectors,
)
from kubecourse.kubectl.polymorphichelpers.objectpatchers import Mutate
from kubecourse.kubectl.polymorphichelpers.rollout_status import StatusViewer

HistoryViewer = Callable[[Context, Any, int], str]  # (object, --revision) -> text; raises CommandError
Rollbacker = Callable[[Context, Any, int, str], str]  # (object, --to-revision, dry run) -> operation


class Exposer(NamedTuple):
    """canBeExposed: the kind can be exposed, with the Service's selector and ports from it."""

    selector: Callable[[Any], dict[str, str]]  # mapBasedSelectorForObject
    ports: Callable[[Any], ports.Ports]  # portsForObject with protocolsForObject


@dataclass(frozen=True)
class Helpers:
    pod_spec: tuple[str, ...] | None = None  # updatePodSpecForObject: the path to the pod spec
    pod_selector: Callable[[Any], labels.Selector] | None = None  # SelectorsForObject (logs, exec)
    exposer: Exposer | None = None
    history_viewer: HistoryViewer | None = None
    rollbacker: Rollbacker | None = None
    status_viewer: StatusViewer | None = None
    pauser: Mutate | None = None
    resumer: Mutate | None = None
    restarter: Mutate | None = None


TEMPLATE = ("spec", "template", "spec")

HELPERS: dict[str, Helpers] = {
    "Pod": Helpers(pod_spec=("spec",), exposer=Exposer(selectors.pod_labels, ports.pod_ports)),
    "ReplicationController": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.map_selector,
                                     exposer=Exposer(selectors.controller_map, ports.template_ports)),
    "ReplicaSet": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.label_selector,
                          exposer=Exposer(selectors.match_labels, ports.template_ports)),
    "Deployment": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.label_selector,
                          exposer=Exposer(selectors.match_labels, ports.template_ports),
                          history_viewer=history.view_deployment_history, rollbacker=rollback.rollback_deployment,
                          status_viewer=rollout_status.DEPLOYMENT, pauser=objectpatchers.pause_deployment,
                          resumer=objectpatchers.resume_deployment, restarter=objectpatchers.restart_deployment),
    "Service": Helpers(pod_selector=selectors.service_selector,
                       exposer=Exposer(selectors.service_map, ports.service_ports)),
    "DaemonSet": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.label_selector,
                         history_viewer=controllerrevisions.view_history, rollbacker=controllerrevisions.rollback,
                         status_viewer=rollout_status.DAEMON_SET, restarter=objectpatchers.restart_template),
    "StatefulSet": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.label_selector,
                           history_viewer=controllerrevisions.view_history, rollbacker=controllerrevisions.rollback,
                           status_viewer=rollout_status.STATEFUL_SET, restarter=objectpatchers.restart_template),
    "Job": Helpers(pod_spec=TEMPLATE, pod_selector=selectors.label_selector),
    "CronJob": Helpers(pod_spec=("spec", "jobTemplate", "spec", "template", "spec")),
}

NOTHING = Helpers()  # a kind no helper knows (ConfigMap, Namespace, ...)


def for_kind(kind: str) -> Helpers:
    """The row for a Kind name ('Deployment')."""
    return HELPERS.get(kind, NOTHING)
