"""Strict decoding at the API boundary: a catalogue of broken manifests and the server's words."""

from __future__ import annotations

import pytest
from support.manifests import DEPLOYMENT

from kubecourse.schema import strict

CANNOT = 'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be ' \
         "handled as a Deployment: "


@pytest.mark.parametrize(("old", "new", "detail"), [
    ("image:", "imagee:", 'strict decoding error: unknown field "spec.template.spec.containers[0].imagee"'),
    ("  replicas: 3\n", "  replicas: 3\n  foo: 1\n  bar: 2\n",
     'strict decoding error: unknown field "spec.bar", unknown field "spec.foo"'),
    ("metadata:\n  name: kubia\n", "metadata:\n  name: kubia\n  label: {a: b}\n",
     'strict decoding error: unknown field "metadata.label"'),
    ("- containerPort: 8080", "- containerPort: 8080\n          port: 80",
     'strict decoding error: unknown field "spec.template.spec.containers[0].ports[0].port"'),
    ("replicas: 3", 'replicas: "3"',
     "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
    ("replicas: 3", "replicas: 1.5",
     "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"),
    ("containerPort: 8080", 'containerPort: "8080"',
     "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports."
     "containerPort of type int32"),
    ("labels: {app: kubia}\n    spec", "labels: {app: 1}\n    spec",
     "json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string"),
    ("      containers:\n", "      containers: kubia\n      initContainers:\n",
     "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type "
     "[]v1.Container"),
    ("replicas: 3", "replicas: 3\n  paused: \"yes\"",
     "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool"),
])
def test_a_broken_manifest_is_refused_with_the_servers_message(cluster, old, new, detail):
    assert old in DEPLOYMENT
    result = cluster.kubectl("create -f -", stdin=DEPLOYMENT.replace(old, new, 1))
    assert (result.stdout, result.stderr, result.returncode) == ("", CANNOT + detail + "\n", 1)
    assert cluster.api.try_get("Deployment", "kubia", "default") is None


def test_a_wrong_type_is_reported_before_unknown_fields():
    doc = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
           "spec": {"containers": [{"name": "a", "image": "b", "imagee": "c"}], "restartPolicy": 1}}
    assert strict.decode_error("", "v1", "Pod", doc) == (
        "json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type string")


def test_a_valid_manifest_decodes_and_nulls_are_fine(cluster):
    assert cluster.kubectl("create -f -", stdin=DEPLOYMENT.replace("replicas: 3", "replicas: null")).returncode == 0


def test_types_with_their_own_decoding_are_not_checked():
    doc = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
           "spec": {"strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
                    "template": {"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": 0.5}}}]}}}}
    assert strict.decode_error("apps", "v1", "Deployment", doc) is None


@pytest.mark.parametrize(("doc", "message"), [
    ({"data": {"k": 1}}, "json: cannot unmarshal number into Go struct field Secret.data of type []uint8"),
    ({"metadata": "x"}, "json: cannot unmarshal string into Go struct field Secret.metadata of type v1.ObjectMeta"),
    ({"immutable": "true"}, "json: cannot unmarshal string into Go struct field Secret.immutable of type bool"),
    ({"stringData": {"k": ["a"]}},
     "json: cannot unmarshal array into Go struct field Secret.stringData of type string"),
])
def test_go_type_names(doc, message):
    assert strict.decode_error("", "v1", "Secret", {"apiVersion": "v1", "kind": "Secret", **doc}) == message
