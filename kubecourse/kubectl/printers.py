"""kubectl's printers, as pure functions: tables, `-o name`, `-o yaml`, `-o json`.

Models kubernetes/cli-runtime: pkg/printers/tableprinter.go (decorateTable, printTable,
addColumns, labelValues), tabwriter.go (GetNewTabWriter), name.go, json.go, yaml.go, and
kubernetes/kubectl: pkg/cmd/get/get.go printGeneric.

What the source says:
- Tables go through a tabwriter with min width 6, padding 3 and RememberWidths: every
  column but the last is as wide as its widest cell plus 3 (at least 6), and a later flush
  never makes a column narrower than an earlier one did (that is how `get -w` keeps its
  rows aligned with the header). The last cell is written as it is, and a padded cell
  before an empty last cell leaves trailing spaces (`-L app` on a pod without `app`).
- Decoration, in this order: the name column gets `<kind>.<group>/` when several kinds
  are printed, NAMESPACE is prepended with -A, one column per `-L` key (header: the key's
  last `/` segment, upper-cased) and LABELS (`--show-labels`) are appended; a watch with
  --output-watch-events prepends EVENT (`ADDED   `, `MODIFIED`, `DELETED `: padded to 8).
- A cell is cut at its first newline (or \\r, \\f) and gets `...`.
- A table without rows prints nothing at all, not even its header.
- `-o json` is Go's json.MarshalIndent with 4 spaces: keys sorted, `<`, `>` and `&`
  escaped as \\u003c, \\u003e, \\u0026. `-o yaml` is sigs.k8s.io/yaml (go-yaml v2): keys in
  go-yaml's natural order, strings quoted only where they would read back as something
  else (`"2025-01-01T00:00:00Z"`, `""`, `"true"`, `"80"`), multi-line strings as `|`
  blocks, lines folded at 80 columns.
- Several objects print as `kind: List` with `metadata: {resourceVersion: ""}`; one
  object asked for by name prints as itself. managedFields are dropped unless asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cmp_to_key
from typing import Any, ClassVar

import yaml

from kubecourse.api import selectors
from kubecourse.api.columns import Column
from kubecourse.api.kinds import Kind

MIN_WIDTH, PADDING = 6, 3
EVENT_TYPES = {"ADDED": "ADDED   ", "MODIFIED": "MODIFIED", "DELETED": "DELETED ", "ERROR": "ERROR   "}
_CELL_BREAK = re.compile(r"[\f\n\r]")


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableOptions:
    wide: bool = False
    no_headers: bool = False
    with_namespace: bool = False  # -A, for namespaced kinds
    with_kind: bool = False  # several kinds printed, or --show-kind
    show_labels: bool = False
    label_columns: tuple[str, ...] = ()
    with_event: bool = False  # --output-watch-events


def columns_of(kind: Kind, options: TableOptions) -> list[Column]:
    return [c for c in kind.columns if options.wide or not c.wide]


def header(kind: Kind, options: TableOptions) -> list[str]:
    cells = [c.header for c in columns_of(kind, options)]
    if options.with_namespace:
        cells.insert(0, "NAMESPACE")
    cells += [key.split("/")[-1].upper() for key in options.label_columns]
    if options.show_labels:
        cells.append("LABELS")
    if options.with_event:
        cells.insert(0, "EVENT")
    return cells


def _cell(text: str) -> str:
    cut = _CELL_BREAK.search(text)
    return text[:cut.start()] + "..." if cut else text


def row(kind: Kind, obj: Any, now: datetime, options: TableOptions, event: str = "") -> list[str]:
    """One object's cells; `now` is when the server rendered it (a watch renders each event
    at its own instant)."""
    cells = []
    for column in columns_of(kind, options):
        text = _cell(column.cell(obj, now))
        if options.with_kind and column.format == "name":
            text = f"{kind.type_name}/{text}"
        cells.append(text)
    labels = obj.metadata.labels or {}
    if options.with_namespace:
        cells.insert(0, obj.metadata.namespace or "")
    cells += [labels.get(key, "") for key in options.label_columns]
    if options.show_labels:
        cells.append(selectors.format_labels(labels))
    if options.with_event:
        cells.insert(0, EVENT_TYPES.get(event, event))
    return cells


def table(kind: Kind, objs: Sequence[Any], now: datetime, options: TableOptions,
          event: str = "") -> list[list[str]]:
    """The header (unless --no-headers) and one row per object; nothing for no objects."""
    if not objs:
        return []
    rows = [row(kind, obj, now, options, event) for obj in objs]
    return rows if options.no_headers else [header(kind, options), *rows]


def layout(lines: Sequence[Sequence[str]], remembered: Sequence[int] = ()) -> tuple[str, tuple[int, ...]]:
    """Flush `lines` through kubectl's tabwriter; returns the text and the column widths to
    remember for the next flush (liggitt/tabwriter with RememberWidths)."""
    widths = list(remembered)
    columns = max((len(line) - 1 for line in lines), default=0)
    for j in range(columns):
        width = max([MIN_WIDTH] + [len(line[j]) + PADDING for line in lines if len(line) - 1 > j])
        if j < len(widths):
            widths[j] = max(widths[j], width)
        else:
            widths.append(width)
    out = []
    for line in lines:
        padded = [cell.ljust(widths[j]) for j, cell in enumerate(line[:-1])]
        out.append("".join(padded) + (line[-1] if line else "") + "\n")
    return "".join(out), tuple(widths)


# --- -o name --------------------------------------------------------------------------------


def name_line(kind: Kind, obj: Any) -> str:
    """`deployment.apps/kubia` (name.go: lower-case kind with its group)."""
    return f"{kind.type_name}/{obj.metadata.name}\n"


# --- -o yaml / -o json ----------------------------------------------------------------------


def wire(obj: Any, *, show_managed_fields: bool = False) -> dict[str, Any]:
    """The object as the server returns it, without managedFields unless asked for."""
    data = obj.to_wire()
    if not show_managed_fields and "managedFields" in data.get("metadata", {}):
        data = {**data, "metadata": {k: v for k, v in data["metadata"].items() if k != "managedFields"}}
    return data


def as_list(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """printGeneric's `kind: List` around several objects."""
    return {"apiVersion": "v1", "items": list(items), "kind": "List", "metadata": {"resourceVersion": ""}}


def to_json(data: Any) -> str:
    text = json.dumps(data, indent=4, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _natural_less(a: str, b: str) -> bool:
    """go-yaml v2 keyList.Less: at the first difference, letters compare as runes, a
    non-letter sorts before a letter, and runs of digits compare as numbers (`item9` <
    `item10`); a prefix sorts first."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x == y:
            continue
        if x.isalpha() and y.isalpha():
            return x < y
        if x.isalpha() or y.isalpha():
            return y.isalpha()
        an = bn = 0
        if x == "0" or y == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an, ai = an * 10 + int(a[ai]), ai + 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn, bi = bn * 10 + int(b[bi]), bi + 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return x < y
    return len(a) < len(b)


def _key_order(a: str, b: str) -> int:
    return -1 if _natural_less(a, b) else (1 if _natural_less(b, a) else 0)


# go-yaml v2 resolve(): plain scalars that would not read back as the same string.
_RESERVED = {"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
             "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
             ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
             "-.INF", "<<"}
_INT = re.compile(r"[-+]?(0[bB][01_]+|0[oO]?[0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_TIMESTAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[-+]\d{2}:\d{2}))"
                        r"|(?: \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?))?")


def _reads_back_as_other(s: str) -> bool:
    if s in _RESERVED or _BASE60.fullmatch(s):
        return True
    if not s or s[0] not in "-+.0123456789":
        return False
    if _INT.fullmatch(s) or _TIMESTAMP.fullmatch(s):
        return True
    if any(ch.isspace() for ch in s):
        return False
    try:
        float(s)
    except ValueError:
        return False
    return True


class _GoYAMLDumper(yaml.SafeDumper):
    """Emits every scalar with the str tag and the style go-yaml would choose, so PyYAML's
    own resolvers never add quotes or tags of their own."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


_STR = "tag:yaml.org,2002:str"


def _represent_str(dumper: yaml.SafeDumper, s: str) -> yaml.Node:
    style = "|" if "\n" in s else ('"' if _reads_back_as_other(s) else None)
    return dumper.represent_scalar(_STR, s, style=style)


def _represent_float(dumper: yaml.SafeDumper, f: float) -> yaml.Node:
    text = {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}.get(repr(f), repr(f))
    return dumper.represent_scalar(_STR, text)


def _represent_dict(dumper: yaml.SafeDumper, d: dict) -> yaml.Node:
    ordered = sorted(d.items(), key=cmp_to_key(lambda x, y: _key_order(str(x[0]), str(y[0]))))
    return dumper.represent_mapping("tag:yaml.org,2002:map", ordered)


_GoYAMLDumper.add_representer(str, _represent_str)
_GoYAMLDumper.add_representer(bool, lambda d, b: d.represent_scalar(_STR, "true" if b else "false"))
_GoYAMLDumper.add_representer(int, lambda d, i: d.represent_scalar(_STR, str(i)))
_GoYAMLDumper.add_representer(float, _represent_float)
_GoYAMLDumper.add_representer(type(None), lambda d, _n: d.represent_scalar(_STR, "null"))
_GoYAMLDumper.add_representer(dict, _represent_dict)


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_GoYAMLDumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=80)
