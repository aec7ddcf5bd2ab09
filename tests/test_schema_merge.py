"""The schema's strategic-merge metadata as client-side apply takes it (a `path -> meta` lookup)."""

from __future__ import annotations

import pytest

from kubecourse.kubectl import apply
from kubecourse.schema import merge

PATHS = [
    ("Deployment", ("spec", "template", "spec", "containers")),
    ("Deployment", ("spec", "template", "spec", "containers", "env")),
    ("Deployment", ("spec", "template", "spec", "containers", "ports")),
    ("Deployment", ("spec", "template", "spec", "containers", "volumeMounts")),
    ("Deployment", ("spec", "template", "spec", "volumes")),
    ("Deployment", ("spec", "template", "spec", "imagePullSecrets")),
    ("Deployment", ("spec", "strategy")),
    ("Pod", ("spec", "initContainers", "ports")),
    ("Service", ("spec", "ports")),
    ("Pod", ("metadata", "ownerReferences")),
    ("Pod", ("spec", "tolerations")),
    ("ConfigMap", ("data",)),
]


@pytest.mark.parametrize(("kind", "path"), PATHS)
def test_the_schema_agrees_with_applys_builtin_table(kind, path):
    schema, builtin = merge.field_meta(kind, path), apply.builtin_patch_meta(path)
    assert (schema.merge_key, schema.retain_keys) == (builtin.merge_key, builtin.retain_keys)


def test_three_way_merge_with_the_schemas_metadata():
    original = {"spec": {"template": {"spec": {"containers": [
        {"name": "app", "image": "v1", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}}}
    current = {"spec": {"replicas": 5, "template": {"spec": {"containers": [
        {"name": "app", "image": "v1", "imagePullPolicy": "Always",
         "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
        {"name": "sidecar", "image": "envoy"}]}}}}
    modified = {"spec": {"template": {"spec": {"containers": [
        {"name": "app", "image": "v2", "env": [{"name": "A", "value": "1"}]}]}}}}
    merged = apply.three_way_merge(original, modified, current, merge.patch_meta("Deployment"))
    assert merged == {"spec": {"replicas": 5, "template": {"spec": {"containers": [
        {"name": "app", "image": "v2", "imagePullPolicy": "Always", "env": [{"name": "A", "value": "1"}]},
        {"name": "sidecar", "image": "envoy"}]}}}}


def test_an_unknown_path_is_replaced_whole():
    assert merge.field_meta("Deployment", ("spec", "nope")) == merge.REPLACE
    assert merge.merge_key("Deployment", ()) is None
