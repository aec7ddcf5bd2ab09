"""The smallest /openapi/v3 that lets `kubectl create -f` and `apply -f` validate on the server.

Models what staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go checks:
kubectl fetches the root, then the group-version document of the object, and looks for a
PATCH operation whose `x-kubernetes-group-version-kind` is that GVK and which declares the
query parameter `fieldValidation`. Found: it sends fieldValidation=Strict and skips
client-side validation. Not found: it wants /openapi/v2 as protobuf, which we do not serve,
and fails with "failed to download openapi"
(staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier.go HasSupport).

`components.schemas` holds the vendored Kubernetes 1.32 schemas of the group-version (its kinds,
the meta/v1 types and everything they reference; kubecourse/schema/openapi.py), which real
`kubectl explain` reads. No `requestBody` on the operations
(staging/src/k8s.io/kubectl/pkg/cmd/apply/patcher.go gvkSupportsPatchOpenAPIV3, patchSimple): with
one that lists strategic-merge-patch, client-side apply computes its patch from these schemas,
which lack the upstream documents' defaults and enums (scripts/refresh_schema.py), instead of
from its compiled-in types.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from kubecourse.schema import openapi as schema_openapi
from kubecourse.serve import discovery


def gv_path(group: str, version: str) -> str:
    """`api/v1`, `apis/apps/v1`: how the root names a group-version document."""
    return f"apis/{group}/{version}" if group else f"api/{version}"


@cache
def gv_document(path: str) -> bytes | None:
    """The document for `api/v1` or `apis/GROUP/VERSION`, serialised once."""
    for group, version in discovery.group_versions():
        if gv_path(group, version) != path:
            continue
        paths: dict[str, Any] = {}
        for kind in discovery.kinds_in(group, version):
            scope = "/namespaces/{namespace}" if kind.namespaced else ""
            gvk = {"group": group, "version": version, "kind": kind.kind}
            paths[f"/{path}{scope}/{kind.plural}/{{name}}"] = {"patch": {
                "x-kubernetes-group-version-kind": gvk,
                "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}}}}
        doc = {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"}, "paths": paths,
               "components": {"schemas": schema_openapi.components(group, version)}}
        return json.dumps(doc, sort_keys=True).encode()
    return None


def digest(body: bytes) -> str:
    return hashlib.sha512(body).hexdigest()[:128].upper()


@cache
def root() -> bytes:
    """GET /openapi/v3: each group-version with a hashed URL, so kubectl may cache the
    document (served immutable) and refetch when the hash changes."""
    paths = {}
    for group, version in discovery.group_versions():
        path = gv_path(group, version)
        paths[path] = {"serverRelativeURL": f"/openapi/v3/{path}?hash={digest(gv_document(path) or b'')}"}
    return json.dumps({"paths": paths}, sort_keys=True).encode()
