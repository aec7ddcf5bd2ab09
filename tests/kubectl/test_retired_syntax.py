"""The book's retired syntax: kubectl 1.32's own error, then a marked kubecourse hint.

The kubectl texts were checked against kubectl 1.32 (the binary, and against the served cluster)."""

from __future__ import annotations

import pytest

from kubecourse.kubectl.hints import MARK

OLD_DEPLOYMENT = """\
apiVersion: {api_version}
kind: {kind}
metadata:
  name: kubia
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - image: luksa/kubia:v1
        name: nodejs
"""


def test_run_with_a_generator(cluster):
    result = cluster.kubectl("run kubia --image=luksa/kubia --port=8080 --generator=run/v1")
    lines = result.stderr.splitlines()
    assert (result.stdout, result.returncode) == ("", 1)
    assert lines[:2] == ["error: unknown flag: --generator", "See 'kubectl run --help' for usage."]
    assert lines[2].startswith(f"{MARK} `kubectl run` creates only a Pod since kubectl 1.18")
    assert "kubectl create deployment kubia --image=luksa/kubia --port=8080" in lines[2]
    assert len(lines) == 3


def test_rolling_update(cluster):
    result = cluster.kubectl("rolling-update kubia-v1 kubia-v2 --image=luksa/kubia:v2")
    lines = result.stderr.splitlines()
    assert lines[0] == 'error: unknown command "rolling-update" for "kubectl"'
    assert lines[1].startswith(f"{MARK} `kubectl rolling-update` was removed in kubectl 1.18")
    assert "kubectl set image deployment/kubia" in lines[1] and len(lines) == 2
    assert result.returncode == 1


@pytest.mark.parametrize(("word", "suggestions"), [
    ("foo", ["top"]), ("exe", ["exec"]), ("ro", ["run", "rollout", "top", "cp"]), ("GET", ["set", "get"]),
])
def test_unknown_commands_get_cobras_suggestions_and_no_hint(cluster, word, suggestions):
    result = cluster.kubectl(word)
    assert result.stderr == (f'error: unknown command "{word}" for "kubectl"\n\nDid you mean this?\n'
                             + "".join(f"\t{s}\n" for s in suggestions))


def test_record_is_deprecated_but_works(cluster):
    manifest = OLD_DEPLOYMENT.format(api_version="apps/v1", kind="Deployment").replace(
        "  template:", "  selector:\n    matchLabels:\n      app: kubia\n  template:")
    result = cluster.kubectl("apply -f - --record", stdin=manifest)
    assert (result.stdout, result.stderr) == (
        "deployment.apps/kubia created\n", "Flag --record has been deprecated, --record will be removed in the future\n")
    annotations = cluster.api.get("Deployment", "kubia", "default").metadata.annotations
    assert annotations["kubernetes.io/change-cause"] == "kubectl apply --filename=- --record=true"


@pytest.mark.parametrize(("api_version", "kind"), [
    ("apps/v1beta1", "Deployment"), ("apps/v1beta2", "Deployment"), ("extensions/v1beta1", "Deployment"),
    ("extensions/v1beta1", "ReplicaSet"),
])
def test_retired_api_versions(cluster, api_version, kind):
    result = cluster.kubectl("apply -f -", stdin=OLD_DEPLOYMENT.format(api_version=api_version, kind=kind))
    assert result.stderr.splitlines() == [
        f'error: resource mapping not found for name: "kubia" namespace: "" from "STDIN": no matches for kind '
        f'"{kind}" in version "{api_version}"',
        "ensure CRDs are installed first",
        f"{MARK} {kind} is served as apps/v1 since Kubernetes 1.16; change `apiVersion: {api_version}` to "
        "`apiVersion: apps/v1`. apps/v1 also requires spec.selector (e.g. matchLabels equal to the template's "
        "labels).",
    ]
    assert (result.stdout, result.returncode) == ("", 1)


def test_an_unknown_api_version_gets_no_hint(cluster):
    result = cluster.kubectl("apply -f -", stdin=OLD_DEPLOYMENT.format(api_version="apps/v9", kind="Deployment"))
    assert MARK not in result.stderr and result.returncode == 1
