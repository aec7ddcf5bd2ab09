"""`cmp.Diff(x, y)` as the API server prints it inside `pod updates may not change fields ...`.

Models github.com/google/go-cmp v0.6.0 (the version Kubernetes 1.32 vendors): cmp/compare.go
(the comparison tree: compareAny, compareStruct, compareSlice, compareMap, comparePtr),
cmp/internal/diff/diff.go (path.connect: how slice elements pair up), cmp/report_compare.go
(FormatDiff, formatDiffList: two records of context around a change, `... // N identical
fields`, at most 4 records of an unchanged value), cmp/report_reflect.go (FormatValue, FormatType)
and cmp/report_text.go (one line when it fits, key and value alignment, tab indentation).

Go values are modelled by the few shapes a Kubernetes type is made of: `Struct` (every field,
in declaration order, zero ones included, since the identical-field counts name them), `Slice`,
`Map` (None for nil), `Ptr`, and Python's str, int and bool for Go's scalars.

What we simplify: go-cmp picks one of two equally short alignments of a slice at random per
process and renders some spaces as U+00A0 at random per process; we take the forward search and
plain spaces, one of the outputs a real server prints. Long strings (32 bytes or more on both
sides) get a line diff upstream (FormatDiffSlice); we print them whole.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

NUM_CONTEXT_RECORDS = 2
MAX_COLUMN_LENGTH = 80
MAX_VERBOSITY_PRESET = 6


@dataclass(frozen=True)
class Struct:
    type: str  # e.g. "core.Container"
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Slice:
    type: str  # e.g. "[]core.Container"
    items: tuple[Any, ...] | None  # None: a nil slice


@dataclass(frozen=True)
class Map:
    type: str  # e.g. "map[string]string"
    items: tuple[tuple[str, Any], ...] | None  # sorted by key; None: a nil map


@dataclass(frozen=True)
class Ptr:
    type: str  # the pointer's type, e.g. "*core.Probe"
    elem: Any  # None: a nil pointer


_MISSING = object()  # the side of a slice element or map entry that does not exist


def is_zero(v: Any) -> bool:
    """reflect.Value.IsZero."""
    if isinstance(v, Struct):
        return all(is_zero(f) for _, f in v.fields)
    if isinstance(v, (Slice, Map)):
        return v.items is None
    if isinstance(v, Ptr):
        return v.elem is None
    return not v


# --- the comparison tree (compare.go, report_value.go valueNode) ---------------------------


@dataclass
class Node:
    x: Any
    y: Any
    same: int = 0
    diff: int = 0
    children: int = 0
    depth: int = 0
    records: list[tuple[str, Node]] = field(default_factory=list)
    value: Node | None = None  # a pointer's target

    def add(self, key: str, child: Node) -> None:
        self.records.append((key, child))
        self._absorb(child)

    def _absorb(self, child: Node) -> None:
        self.same += child.same
        self.diff += child.diff
        self.children += child.children + 1
        self.depth = max(self.depth, child.depth + 1)

    @property
    def kind(self) -> type:
        return type(self.y if self.x is _MISSING else self.x)


def compare(x: Any, y: Any) -> Node:
    node = Node(x, y)
    if x is _MISSING or y is _MISSING:
        node.diff = 1
    elif isinstance(x, Ptr):
        if x.elem is None or y.elem is None:
            node.same, node.diff = (1, 0) if x.elem is None and y.elem is None else (0, 1)
        else:
            node.value = compare(x.elem, y.elem)
            node._absorb(node.value)
    elif isinstance(x, Struct):
        for (name, fx), (_, fy) in zip(x.fields, y.fields, strict=True):
            node.add(name, compare(fx, fy))
    elif isinstance(x, Slice):
        if x.items is None or y.items is None:
            node.same, node.diff = (1, 0) if x.items is None and y.items is None else (0, 1)
        else:
            for ix, iy in _edit_script(x.items, y.items):
                node.add("", compare(x.items[ix] if ix is not None else _MISSING,
                                     y.items[iy] if iy is not None else _MISSING))
    elif isinstance(x, Map):
        if x.items is None or y.items is None:
            node.same, node.diff = (1, 0) if x.items is None and y.items is None else (0, 1)
        else:
            mx, my = dict(x.items), dict(y.items)
            for key in sorted(mx.keys() | my.keys()):
                node.add(key, compare(mx.get(key, _MISSING), my.get(key, _MISSING)))
    else:
        node.same, node.diff = (1, 0) if x == y else (0, 1)
    return node


def _edit_script(xs: tuple, ys: tuple) -> list[tuple[int | None, int | None]]:
    """Pairs (ix, iy) of the slice elements as diff.Difference aligns them: equal elements are
    anchors; between two anchors, path.connect pairs similar elements (Modified) and lets the
    rest be removed or inserted."""
    out: list[tuple[int | None, int | None]] = []
    px = py = 0
    matcher = difflib.SequenceMatcher(None, [repr(v) for v in xs], [repr(v) for v in ys], autojunk=False)
    for bx, by, size in matcher.get_matching_blocks():
        while px < bx and py < by:
            r = compare(xs[px], ys[py])
            if r.same + 1 >= r.diff:  # diff.Result.Similar
                out.append((px, py))
                px, py = px + 1, py + 1
            elif bx - px >= by - py:
                out.append((px, None))
                px += 1
            else:
                out.append((None, py))
                py += 1
        out += [(i, None) for i in range(px, bx)] + [(None, j) for j in range(py, by)]
        out += [(bx + k, by + k) for k in range(size)]
        px, py = bx + size, by + size
    return out


# --- text nodes (report_text.go) ------------------------------------------------------------


class Line(str):
    """textLine: a single-line leaf."""


NIL = Line("nil")
ELLIPSIS = Line("...")


@dataclass
class Wrap:
    prefix: str
    value: Any  # Wrap | list[Record] | Line
    suffix: str = ""


@dataclass
class Record:
    value: Any
    key: str = ""
    diff: str = ""  # "", "-" or "+"
    elide_comma: bool = False
    comment: str = ""


def _equal(a: Any, b: Any) -> bool:
    return a == b


def _compact(node: Any, d: str) -> tuple[str, Any]:
    """formatCompactTo: the one-line text, and the node with collapsible parts collapsed."""
    if isinstance(node, Line):
        return node, node
    if isinstance(node, Wrap):
        text, inner = _compact(node.value, d)
        text = node.prefix + text + node.suffix
        return text, (Line(text) if isinstance(inner, Line) else Wrap(node.prefix, inner, node.suffix))
    parts, records, multi = [], [], False
    for r in node:
        if r.diff in "+-" and r.diff:
            multi = True
        text, value = _compact(r.value, d or r.diff)
        parts.append((r.key + ": " if r.key else "") + text)
        records.append(Record(value, r.key, r.diff, r.elide_comma, r.comment))
        multi = multi or not isinstance(value, Line) or bool(r.comment)
    text = ", ".join(parts)
    if d in ("+", "-") and len(text) > MAX_COLUMN_LENGTH:
        multi = True
    return text, (records if multi else Line(text))


def _indent(n: int, d: str) -> str:
    return {"-": "- ", "+": "+ "}.get(d, "  ") + "\t" * n


def _align(records: list[Record], skip: Any, length: Any) -> list[int]:
    lens = [0] * len(records)
    start = end = width = 0
    for i, r in enumerate(records):
        if skip(r):
            for j in range(start, end):
                lens[j] = width - length(records[j])
            start, end, width = i + 1, i + 1, 0
        else:
            width = max(width, length(r))
            end = i + 1
    for j in range(start, end):
        lens[j] = width - length(records[j])
    return lens


def _expanded(node: Any, d: str, n: int) -> str:
    """formatExpandedTo."""
    if isinstance(node, Line):
        return node
    if isinstance(node, Wrap):
        return node.prefix + _expanded(node.value, d, n) + node.suffix
    keys = _align(node, lambda r: not r.key or not isinstance(r.value, Line), lambda r: len(r.key))
    values = _align(node, lambda r: not isinstance(r.value, Line) or r.value == ELLIPSIS or not r.comment,
                    lambda r: len(r.value))
    if all(not r.diff and not r.key and isinstance(r.value, Line) and not r.comment for r in node) and node:
        lines, batch = [], ""
        for r in node:
            if len(batch) + len(r.value) + 2 > MAX_COLUMN_LENGTH and batch:
                lines.append(batch.rstrip(" "))
                batch = ""
            batch += r.value + ", "
        if batch:
            lines.append(batch.rstrip(" "))
        return "".join("\n" + _indent(n + 1, d) + line for line in lines) + "\n" + _indent(n, d)
    out = ""
    for i, r in enumerate(node):
        rd = r.diff or d
        out += "\n" + _indent(n + 1, rd) + (r.key + ": " if r.key else "") + " " * keys[i]
        out += _expanded(r.value, rd, n + 1) + ("" if r.elide_comma else ",") + " " * values[i]
        if r.comment:
            out += " // " + r.comment
    return out + "\n" + _indent(n, d)


def render(node: Any) -> str:
    """textWrap.String: the whole diff, one trailing newline."""
    _, compact = _compact(node, "")
    return _indent(0, "") + _expanded(compact, "", 0) + "\n"


# --- formatting (report_compare.go, report_reflect.go) -------------------------------------


@dataclass(frozen=True)
class Options:
    mode: str = "?"  # "?" diffUnknown, " " identical, "-" removed, "+" inserted
    types: str = "auto"  # "emit", "elide", "auto"
    verbosity: int = 0
    limited: bool = False

    def with_(self, **kw: Any) -> Options:
        return Options(**{**self.__dict__, **kw})

    @property
    def level(self) -> int:
        return max(0, min(self.verbosity, 16))


def _type_name(v: Any) -> str:
    return v.type if isinstance(v, (Struct, Slice, Map)) else ""


def format_type(opts: Options, v: Any, out: Any) -> Any:
    """FormatType: `core.Container{...}` where the type is worth printing."""
    if opts.types == "elide":
        return out
    if opts.types == "auto" and (not isinstance(v, (Struct, Slice, Map)) or out == NIL or opts.mode == " "):
        return out
    name = _type_name(v)
    if not name:
        return out
    if isinstance(out, Wrap) and out.prefix.startswith(("{", "(")):
        return Wrap(name, out)
    return Wrap(name + "(", out, ")")


def _quote(s: str) -> Line:
    """formatString: Go's %q, or a raw string when that is shorter."""
    import json

    qs = json.dumps(s, ensure_ascii=False)
    if len(qs) == len(s) + 2:
        return Line(qs)
    if all(c.isprintable() or c == "\t" for c in s) and "`" not in s and "\n" not in s:
        return Line("`" + s + "`")
    return Line(qs)


def format_value(opts: Options, v: Any) -> Any:
    """FormatValue: a value on its own, zero fields elided, long lists cut after a few."""
    if v is _MISSING:
        return None
    if isinstance(v, bool):
        return Line("true" if v else "false")
    if isinstance(v, int):
        return Line(str(v))
    if isinstance(v, str):
        return _quote(v)
    if isinstance(v, Ptr):
        if v.elem is None:
            return NIL
        return Wrap("&", format_value(opts, v.elem))
    if isinstance(v, Struct):
        limit = len(v.fields)
        if opts.limited:
            limit = ((1 << opts.level) >> 1) << 2
            opts = opts.with_(verbosity=opts.verbosity - 1)
        records: list[Record] = []
        for name, f in v.fields:
            if is_zero(f):
                continue
            if len(records) == limit:
                _append_ellipsis(records, "")
                break
            records.append(Record(format_value(opts.with_(types="auto"), f), name))
        return format_type(opts, v, Wrap("{", records, "}"))
    if isinstance(v, (Slice, Map)):
        if v.items is None:
            return format_type(opts, v, NIL)
        limit = len(v.items)
        if opts.limited:
            limit = ((1 << opts.level) >> 1) << 2
            opts = opts.with_(verbosity=opts.verbosity - 1)
        records = []
        for item in v.items:
            if len(records) == limit:
                _append_ellipsis(records, "")
                break
            if isinstance(v, Map):
                key, value = item
                records.append(Record(format_value(opts.with_(types="elide"), value), _map_key(key)))
            else:
                records.append(Record(format_value(opts.with_(types="elide"), item)))
        return format_type(opts, v, Wrap("{", records, "}"))
    raise TypeError(f"not a Go value: {v!r}")


def _map_key(key: str) -> str:
    return str(format_value(Options(types="elide"), key))


def _append_ellipsis(records: list[Record], comment: str) -> None:
    """AppendEllipsis: one `...` at the end, its statistics merged into the previous one's."""
    if records and records[-1].value == ELLIPSIS:
        if comment:
            records[-1].comment = comment
        return
    records.append(Record(ELLIPSIS, elide_comma=True, comment=comment))


def format_diff(opts: Options, node: Node) -> Any:
    """FormatDiff."""
    if opts.mode == " ":
        opts = opts.with_(verbosity=1, limited=True)
    elif opts.level < 3:
        opts = opts.with_(verbosity=3, limited=True)
    if node.depth == 0:
        if opts.mode in ("?", " "):
            if node.diff == 0:
                outx, outy = format_value(opts, node.x), format_value(opts, node.y)
                return outx if len(_compact(outx, "")[0]) < len(_compact(outy, "")[0]) else outy
            outx = format_value(opts.with_(types="elide"), node.x)
            outy = format_value(opts.with_(types="elide"), node.y)
            records = [r for r in (Record(outx, diff="-") if outx is not None else None,
                                   Record(outy, diff="+") if outy is not None else None) if r]
            return format_type(opts.with_(types="emit"), node.x, records)
        return format_value(opts, node.x if opts.mode == "-" else node.y)
    if isinstance(node.x if node.x is not _MISSING else node.y, Ptr):
        return Wrap("&", format_diff(opts, node.value))  # type: ignore[arg-type]
    out = _format_diff_list(opts, node)
    return format_type(opts, node.x if node.x is not _MISSING else node.y, out)


def _stats_text(name: str, identical: int, removed: int = 0, inserted: int = 0, modified: int = 0) -> str:
    """diffStats.String: `29 identical fields`."""
    counts = [(identical, "identical"), (removed, "removed"), (inserted, "inserted"), (modified, "modified")]
    parts = [f"{n} {label}" for n, label in counts if n > 0]
    total = sum(n for n, _ in counts)
    if total > 1:
        name = name[:-1] + "ies" if name.endswith("y") else name + "s"
    if not parts:
        return ""
    if len(parts) <= 2:
        return " and ".join(parts) + " " + name
    return ", ".join(parts[:-1]) + ", and " + parts[-1] + " " + name


def _format_diff_list(opts: Options, node: Node) -> Wrap:
    kind = node.kind
    names: dict[type, str] = {Struct: "field", Slice: "element", Map: "entry"}
    name = names[kind]
    opts = opts.with_(types="auto" if kind is Struct else "elide")
    limit = -1
    if opts.limited:
        limit = (((1 << opts.level) >> 1) << 2) if opts.mode == " " else ((1 << opts.level) << 1)
        opts = opts.with_(verbosity=opts.verbosity - 1)
    recs = node.records
    if opts.mode != "?":
        records: list[Record] = []
        for key, child in recs:
            if len(records) == limit:
                _append_ellipsis(records, "")
                break
            if kind is Struct:
                side = child.x if opts.mode in (" ", "-") else child.y
                if is_zero(side) or (opts.mode == " " and is_zero(child.y)):
                    continue
            out = format_diff(opts, child)
            if out is not None:
                records.append(Record(out, key))
        return Wrap("{", records, "}")

    groups: list[list[Any]] = []  # [is_diff, identical, removed, inserted, modified]
    for _, child in recs:
        is_diff = child.diff > 0
        if not groups or groups[-1][0] != is_diff:
            groups.append([is_diff, 0, 0, 0, 0])
        if not is_diff:
            groups[-1][1] += 1
        elif child.y is _MISSING:
            groups[-1][2] += 1
        elif child.x is _MISSING:
            groups[-1][3] += 1
        else:
            groups[-1][4] += 1
    records = []
    num_diffs = 0
    rest = [0, 0, 0, 0]
    i = 0
    for gi, (is_diff, identical, removed, inserted, modified) in enumerate(groups):
        count = identical + removed + inserted + modified
        if limit >= 0 and num_diffs >= limit:
            rest = [a + b for a, b in zip(rest, (identical, removed, inserted, modified), strict=True)]
            continue
        group = recs[i:i + count]
        i += count
        if not is_diff:
            lo = min(NUM_CONTEXT_RECORDS, count) if gi != 0 else 0
            hi = min(NUM_CONTEXT_RECORDS, count - lo) if gi != len(groups) - 1 else 0
            if count - (lo + hi) == 1:
                hi += 1
            for key, child in group[:lo]:
                records.append(Record(format_diff(opts.with_(mode=" "), child), key))
            if count > lo + hi:
                _append_ellipsis(records, _stats_text(name, count - lo - hi))
            for key, child in group[count - hi:]:
                records.append(Record(format_diff(opts.with_(mode=" "), child), key))
            continue
        for key, child in group:
            if child.children == child.depth:
                outx = format_diff(opts.with_(mode="-"), child)
                outy = format_diff(opts.with_(mode="+"), child)
                preset = 0
                while preset <= MAX_VERBOSITY_PRESET and outx is not None and outy is not None \
                        and _compact(outx, "")[0] == _compact(outy, "")[0]:
                    more = opts.with_(verbosity=opts.level + 2 * preset)
                    outx = format_diff(more.with_(mode="-"), child)
                    outy = format_diff(more.with_(mode="+"), child)
                    preset += 1
                if outx is not None:
                    records.append(Record(outx, key, "-"))
                if outy is not None:
                    records.append(Record(outy, key, "+"))
            else:
                records.append(Record(format_diff(opts, child), key))
        num_diffs += count
    if any(rest):
        _append_ellipsis(records, _stats_text(name, *rest))
    return Wrap("{", records, "}")


def diff(x: Any, y: Any) -> str:
    """cmp.Diff(x, y): empty when they are equal."""
    node = compare(x, y)
    if node.diff == 0:
        return ""
    return render(format_diff(Options(), node))
