"""Reading the vendored schema: component schemas by name, by kind, and by field path.

The data is OpenAPI v3 component schemas (`#/components/schemas/<name>` references; a field
that refers to a type and has its own description wraps the reference in a one-element
`allOf`). See scripts/refresh_schema.py for where it comes from and what it lacks.
"""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources
from typing import Any

DATA = "openapi-v1.32.json.gz"
REF_PREFIX = "#/components/schemas/"

Schema = dict[str, Any]


@functools.cache
def schemas() -> dict[str, Schema]:
    """Every vendored component schema by its name (`io.k8s.api.apps.v1.Deployment`)."""
    raw = resources.files("kubecourse.schema").joinpath("data", DATA).read_bytes()
    return json.loads(gzip.decompress(raw))["schemas"]


def ref_name(node: Schema) -> str | None:
    """The component a node refers to, directly or through a one-element allOf."""
    if "$ref" in node:
        return node["$ref"].removeprefix(REF_PREFIX)
    all_of = node.get("allOf")
    if all_of and len(all_of) == 1 and "$ref" in all_of[0]:
        return all_of[0]["$ref"].removeprefix(REF_PREFIX)
    return None


def resolve(node: Schema) -> Schema:
    """The schema a node stands for: its referenced component, else itself."""
    name = ref_name(node)
    return schemas()[name] if name else node


@functools.cache
def _by_gvk() -> dict[tuple[str, str, str], str]:
    found = {}
    for name, schema in schemas().items():
        for gvk in schema.get("x-kubernetes-group-version-kind", ()):
            found.setdefault((gvk["group"], gvk["version"], gvk["kind"]), name)
    return found


def name_of(group: str, version: str, kind: str) -> str | None:
    """The component that defines a kind (`("apps", "v1", "Deployment")` -> its schema name)."""
    return _by_gvk().get((group, version, kind))


def for_kind(group: str, version: str, kind: str) -> Schema:
    name = name_of(group, version, kind)
    if name is None:
        raise KeyError(f"no schema for {group}/{version} {kind}")
    return schemas()[name]


def field(schema: Schema, path: tuple[str, ...]) -> Schema | None:
    """The schema of the field at `path` (field names; list items and map values are stepped
    through), or None when the schema has no such field."""
    node = schema
    for name in path:
        node = element(resolve(node))
        props = node.get("properties") or {}
        if name not in props:
            return None
        node = props[name]
    return node


def element(schema: Schema) -> Schema:
    """A list's item schema or a map's value schema, resolved; else the schema itself."""
    schema = resolve(schema)
    while True:
        if "items" in schema:
            schema = resolve(schema["items"])
        elif isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
            schema = resolve(schema["additionalProperties"])
        else:
            return schema


def references(node: object) -> set[str]:
    """The names of the components a schema refers to, anywhere inside it."""
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[1]} if "$ref" in node else set()
        for value in node.values():
            found |= references(value)
        return found
    if isinstance(node, list):
        return set().union(*(references(v) for v in node)) if node else set()
    return set()


def closure(every: dict[str, Schema], roots: set[str]) -> list[str]:
    """`roots` and every component they reach, sorted by name."""
    seen: set[str] = set()
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(sorted(references(every[name]) - seen))
    return sorted(seen)
