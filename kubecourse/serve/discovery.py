"""Discovery documents, generated from the table of kinds (kubecourse/api/kinds.py).

Models kubernetes/kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/discovery
(legacy.go APIVersionHandler, root.go rootAPIsHandler, version.go APIResourceList).

Only legacy discovery is served: kubectl asks for the aggregated `apidiscovery.k8s.io/v2`
document first but falls back to these when the answer is plain application/json, and the
Python dynamic client only knows these (staging/src/k8s.io/client-go/discovery/discovery_client.go
downloadAPIs reads the aggregated form only when the Content-Type names it). What kubectl reads from
them: shortNames (`po`, `deploy`), categories (`get all`), namespaced (whether the path gets
/namespaces/NS), verbs (api-resources -o wide) and the subresource entries ("pods/log",
"deployments/scale"), each the kinds table's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubecourse.api import kinds
from kubecourse.api.kinds import Kind


def group_versions() -> list[tuple[str, str]]:
    """(group, version) pairs we serve, core first, in the table's order."""
    seen: dict[tuple[str, str], None] = {}
    for kind in kinds.KINDS:
        seen[(kind.group, kind.gvk.version)] = None
    return list(seen)


def kinds_in(group: str, version: str) -> Iterator[Kind]:
    return (k for k in kinds.KINDS if k.group == group and k.gvk.version == version)


def by_plural(group: str, version: str, plural: str) -> Kind | None:
    return next((k for k in kinds_in(group, version) if k.plural == plural), None)


def api_versions() -> dict[str, Any]:
    """GET /api."""
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]}


def api_group_list() -> dict[str, Any]:
    """GET /apis: the named groups (the core group lives at /api)."""
    groups = []
    for group, version in group_versions():
        if group:
            gv = {"groupVersion": f"{group}/{version}", "version": version}
            groups.append({"name": group, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_group(group: str) -> dict[str, Any] | None:
    """GET /apis/GROUP."""
    return next(({"kind": "APIGroup", "apiVersion": "v1", **g} for g in api_group_list()["groups"]
                 if g["name"] == group), None)


def _resource(kind: Kind) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": kind.plural, "singularName": kind.singular, "namespaced": kind.namespaced,
                             "kind": kind.kind, "verbs": list(kinds.VERBS)}
    if kind.short_names:
        entry["shortNames"] = list(kind.short_names)
    if kind.categories:
        entry["categories"] = list(kind.categories)
    return entry


def _subresources(kind: Kind) -> Iterator[dict[str, Any]]:
    """The entry's subresources, served or not, as 1.32 lists them."""
    for sub in kind.subresources:
        entry: dict[str, Any] = {"name": f"{kind.plural}/{sub.name}", "singularName": "", "namespaced": kind.namespaced}
        if sub.group_version:
            entry["group"], entry["version"] = sub.group_version
        yield {**entry, "kind": sub.kind or kind.kind, "verbs": list(sub.verbs)}


def resource_list(group: str, version: str) -> dict[str, Any] | None:
    """GET /api/v1 or /apis/GROUP/VERSION; None for a group-version we do not serve."""
    if (group, version) not in group_versions():
        return None
    resources = []
    for kind in kinds_in(group, version):
        resources += [_resource(kind), *_subresources(kind)]
    # Sorted by name as the apiserver lists them: kubectl expands `all` in this order
    # (pods, replicationcontrollers, services; then deployments before replicasets).
    resources.sort(key=lambda r: r["name"])
    gv = f"{group}/{version}" if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}
