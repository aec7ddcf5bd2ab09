"""The schema's strategic-merge metadata as client-side apply takes it (a `path -> meta` lookup):
the merge keys and retainKeys of the built-in types' `patchMergeKey`/`patchStrategy` tags."""

from __future__ import annotations

import pytest

from kubecourse.kubectl import apply
from kubecourse.schema import merge

PATHS = [  # (kind, path, merge key, retainKeys)
    ("Deployment", ("spec", "template", "spec", "containers"), "name", False),
    ("Deployment", ("spec", "template", "spec", "containers", "env"), "name", False),
    ("Deployment", ("spec", "template", "spec", "containers", "ports"), "containerPort", False),
    ("Deployment", ("spec", "template", "spec", "containers", "volumeMounts"), "mountPath", False),
    ("Deployment", ("spec", "template", "spec", "volumes"), "name", True),
    ("Deployment", ("spec", "template", "spec", "imagePullSecrets"), "name", False),
    ("Deployment", ("spec", "strategy"), None, True),
    ("Pod", ("spec", "initContainers", "ports"), "containerPort", False),
    ("Service", ("spec", "ports"), "port", False),
    ("Pod", ("metadata", "ownerReferences"), "uid", False),
    ("Pod", ("spec", "tolerations"), None, False),
    ("ConfigMap", ("data",), None, False),
]


@pytest.mark.parametrize(("kind", "path", "key", "retain"), PATHS)
def test_merge_keys_and_retain_keys_come_from_the_schema(kind, path, key, retain):
    meta = merge.field_meta(kind, path)
    assert (meta.merge_key, meta.retain_keys) == (key, retain)


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
