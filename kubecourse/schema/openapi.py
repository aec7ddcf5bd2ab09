"""The vendored schema as the served API hands it out at /openapi/v3/<group-version>.

A real apiserver's group-version document carries the component schemas of every kind in
that group-version and of everything they reference (kubernetes/kubernetes:
api/openapi-spec/v3/apis__apps__v1_openapi.json). Real kubectl reads them for `explain`,
for client-side apply's merge keys and for the fieldValidation query parameter. The paths
(operations with x-kubernetes-group-version-kind) belong to the server that serves them
(kubecourse/serve/openapi.py); this module gives the schemas.
"""

from __future__ import annotations

import functools

from kubecourse.schema import load

META = "io.k8s.apimachinery.pkg.apis.meta.v1."


@functools.cache
def components(group: str, version: str) -> dict[str, load.Schema]:
    """`components.schemas` of one group-version document: its kinds, the meta/v1 types, and
    everything they reference, by name. Shared: do not mutate."""
    every = load.schemas()
    roots = {name for name, schema in every.items()
             if name.startswith(META) or any((g["group"], g["version"]) == (group, version)
                                             for g in schema.get("x-kubernetes-group-version-kind", ()))}
    return {name: every[name] for name in load.closure(every, roots)}
