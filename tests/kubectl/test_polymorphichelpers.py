"""kubectl's per-kind helpers (kubecourse/kubectl/polymorphichelpers) agree with upstream's type
switches and with the table of kinds the server serves (kubecourse/api/kinds.py)."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import pytest

from kubecourse.api import kinds
from kubecourse.api.models.core import PodSpec, PodTemplateSpec
from kubecourse.kubectl import polymorphichelpers
from kubecourse.kubectl.polymorphichelpers import HELPERS

# The kinds each upstream helper's switch knows (staging/src/k8s.io/kubectl/pkg/polymorphichelpers).
UPDATE_POD_SPEC = {"Pod", "ReplicationController", "Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "Job",
                   "CronJob"}  # updatepodspec.go updatePodSpecForObject
SELECTORS_FOR_OBJECT = {"ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet", "Deployment", "Job",
                        "Service"}  # helpers.go SelectorsForObject
CAN_BE_EXPOSED = {"ReplicationController", "Service", "Pod", "Deployment", "ReplicaSet"}  # canbeexposed.go
ROLLOUT = {"Deployment", "DaemonSet", "StatefulSet"}  # history.go, rollback.go, rollout_status.go, objectrestarter.go
PAUSABLE = {"Deployment"}  # objectpauser.go, objectresumer.go
SERVED = {k.kind for k in kinds.KINDS}


def kinds_with(column: str) -> set[str]:
    return {kind for kind, helpers in HELPERS.items() if getattr(helpers, column) is not None}


def test_every_row_is_a_kind_upstream_helpers_know():
    assert set(HELPERS) == UPDATE_POD_SPEC | SELECTORS_FOR_OBJECT | CAN_BE_EXPOSED | ROLLOUT


@pytest.mark.parametrize(("column", "upstream"), [
    ("pod_spec", UPDATE_POD_SPEC), ("pod_selector", SELECTORS_FOR_OBJECT), ("exposer", CAN_BE_EXPOSED),
    ("restarter", ROLLOUT), ("pauser", PAUSABLE), ("resumer", PAUSABLE)])
def test_each_helper_knows_the_kinds_upstream_knows(column, upstream):
    assert kinds_with(column) == upstream


@pytest.mark.parametrize("column", ["history_viewer", "rollbacker", "status_viewer"])
def test_every_served_kind_with_a_rollout_upstream_has_the_rollout_helpers(column):
    """DaemonSets and StatefulSets get theirs with their controllers."""
    assert kinds_with(column) == ROLLOUT & SERVED


def _field_type(model: Any, name: str) -> Any:
    annotation = model.model_fields[name].annotation
    if get_origin(annotation) in (Union, types.UnionType):
        [annotation] = [a for a in get_args(annotation) if a is not type(None)]
    return annotation


def _template_path(model: Any) -> tuple[str, ...] | None:
    """Where a served kind's model keeps its pod spec, read from the model's fields."""
    spec = _field_type(model, "spec") if "spec" in model.model_fields else None
    if spec is PodSpec:
        return ("spec",)
    if spec is not None and "template" in spec.model_fields and _field_type(spec, "template") is PodTemplateSpec:
        return ("spec", "template", "spec")
    return None


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.kind)
def test_set_finds_the_pod_spec_where_the_served_model_keeps_it(kind):
    assert polymorphichelpers.for_kind(kind.kind).pod_spec == _template_path(kind.model)


@pytest.mark.parametrize("kind", [k for k in kinds.KINDS if polymorphichelpers.for_kind(k.kind).pod_selector],
                         ids=lambda k: k.kind)
def test_a_served_kind_with_a_pod_selector_keeps_one_in_its_spec(kind):
    assert "selector" in _field_type(kind.model, "spec").model_fields
