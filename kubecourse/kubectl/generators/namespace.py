"""`kubectl create namespace NAME` (staging/src/k8s.io/kubectl/pkg/cmd/create/create_namespace.go).

A server error is returned as it is: `Error from server (AlreadyExists): namespaces "x" already
exists` (unlike deployment/configmap/secret/service, which wrap it)."""

from __future__ import annotations

from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command


def run(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create namespace")
    wire = {"kind": "Namespace", "apiVersion": "v1", "metadata": generators.metadata(parsed, name),
            "spec": {}, "status": {}}
    wire["metadata"].pop("namespace", None)  # cluster-scoped
    return generators.create(ctx, out, parsed, wire, None)


COMMAND = Command("namespace", run, generators.FLAGS, short="Create a namespace with the specified name")
