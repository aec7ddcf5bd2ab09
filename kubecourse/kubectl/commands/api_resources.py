"""`kubectl api-resources`: the resources the server offers, from the table of kinds.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go
(Validate, RunAPIResources, sortableResource). A real kubectl reads discovery; our discovery
(kubecourse/serve/discovery.py) is generated from the same table, so both print the same rows
(checked against kubectl 1.32 on the served cluster).

What the source says:
- Rows are sorted stably by API group (core first), in discovery order within a group, which
  is by name; `--sort-by=name|kind` sorts by that field alone.
- Filters apply only when their flag is given: `--api-group=` (even empty: the core group),
  `--namespaced=true|false`, `--verbs` (all of them), `--categories` (all of them).
- Columns NAME SHORTNAMES APIVERSION NAMESPACED KIND, and with `-o wide` VERBS and CATEGORIES
  (comma-joined); `-o name` prints `<plural>[.<group>]`. Lists are comma-joined.
"""

from __future__ import annotations

from kubecourse.api import kinds
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import printers
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed

HEADER = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    if parsed.args:
        out.error(f"error: unexpected arguments: [{' '.join(parsed.args)}]")
        out.error("See 'kubectl api-resources -h' for help and examples")
        return 1
    fmt, sort_by = parsed["output"], parsed["sort-by"]
    if fmt not in ("", "wide", "name"):
        raise CommandError(f"--output {fmt} is not available")
    if sort_by not in ("", "name", "kind"):
        raise CommandError("--sort-by accepts only name or kind")
    rows = [k for k in kinds.KINDS if _wanted(parsed, k)]
    rows.sort(key=lambda k: k.plural if sort_by == "name" else k.kind if sort_by == "kind" else (k.group, k.plural))
    if fmt == "name":
        out.out.extend(f"{k.resource}\n" for k in rows)
        return 0
    wide = fmt == "wide"
    lines = [[k.plural, ",".join(k.short_names), k.api_version, str(k.namespaced).lower(), k.kind,
              *([",".join(kinds.VERBS), ",".join(k.categories)] if wide else [])] for k in rows]
    if not parsed["no-headers"]:
        lines.insert(0, HEADER + (["VERBS", "CATEGORIES"] if wide else []))
    out.out.append(printers.layout(lines)[0])
    return 0


def _wanted(parsed: Parsed, kind: Kind) -> bool:
    if "api-group" in parsed.given and kind.group != parsed["api-group"]:
        return False
    if "namespaced" in parsed.given and kind.namespaced != parsed["namespaced"]:
        return False
    if not set(parsed["verbs"]) <= set(kinds.VERBS):
        return False
    return set(parsed["categories"]) <= set(kind.categories)


COMMAND = Command(
    "api-resources",
    run,
    (Flag("api-group", default=""), Flag("cached", kind="bool", default=False), Flag("categories", kind="slice"),
     Flag("namespaced", kind="bool", default=True), Flag("no-headers", kind="bool", default=False),
     Flag("output", "o", default=""), Flag("sort-by", default=""), Flag("verbs", kind="slice")),
    short="Print the supported API resources on the server",
)
