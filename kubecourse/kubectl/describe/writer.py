"""The text machinery every describer shares: Go's tabwriter, describe's prefix writer, and
the small formatters (labels, annotations, tolerations, taints, timestamps) that several
kinds print the same way.

Models kubernetes/kubectl: pkg/describe/describe.go tabbedString, PrefixWriter,
printLabelsMultilineWithIndent, printAnnotationsMultiline, printTolerationsMultilineWithIndent,
printTaintsMultilineWithIndent, translateTimestampSince; and Go's text/tabwriter.

What we learned from the source:
- describe formats through `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`: min width 0, padding 2,
  spaces. A cell is text ended by a tab; the text after a line's last tab is not a cell and
  is never padded. Column c is aligned over a block of consecutive lines that all have a
  cell in column c, so a line without a tab (`Containers:`) ends every block, and a line
  with fewer tabs ends the deeper columns only. An empty cell (`\\tnext-label`) is padded
  like any other, which is how label and annotation continuation lines align.
- A line whose last cell is empty keeps its padding: `IP:` of a pod without an IP ends in
  spaces, as it does in real kubectl.
- The prefix writer indents by two spaces per level, once per Write call; text after an
  embedded newline is not indented again (describers spell those spaces out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from kubecourse.api.columns import human_duration

LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4 = range(5)

MIN_WIDTH = 0
PADDING = 2
MAX_ANNOTATION_LEN = 140
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- Go text/tabwriter ------------------------------------------------------------------------


def tabulate(text: str, *, min_width: int = MIN_WIDTH, padding: int = PADDING) -> str:
    """Align `text` exactly as Go's tabwriter with these settings and no flags would."""
    ends_open = not text.endswith("\n")
    rows = text.split("\n")
    if not ends_open:
        rows.pop()
    lines = [row.split("\t") for row in rows]
    out: list[str] = []
    _format(lines, [], 0, len(lines), out, min_width, padding)
    joined = "\n".join(out)
    return joined if ends_open else joined + "\n"


def _format(lines: list[list[str]], widths: list[int], line0: int, line1: int, out: list[str],
            min_width: int, padding: int) -> None:
    """tabwriter.format: find each block of lines with a cell in the next column, size the
    column to its widest cell plus padding, and recurse for the columns to its right."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write_lines(lines, widths, line0, this, out)
        line0 = this
        width = min_width
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        widths.append(width)
        _format(lines, widths, line0, this, out, min_width, padding)
        widths.pop()
        line0 = this
    _write_lines(lines, widths, line0, line1, out)


def _write_lines(lines: list[list[str]], widths: list[int], line0: int, line1: int, out: list[str]) -> None:
    for cells in lines[line0:line1]:
        parts = []
        for j, cell in enumerate(cells):
            parts.append(cell.ljust(widths[j]) if j < len(widths) else cell)
        out.append("".join(parts))


# --- describe's PrefixWriter ------------------------------------------------------------------


class PrefixWriter:
    """Collects a description; `text()` runs it through the tabwriter (tabbedString)."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self._parts.append("  " * level + text)

    def write_line(self, text: str = "") -> None:
        """WriteLine: Go's Sprintln, so the text and a newline, never indented."""
        self._parts.append(text + "\n")

    def text(self) -> str:
        return tabulate("".join(self._parts))

    def raw(self) -> str:
        """The text as written, tabs and all: what a PrefixWriter over a plain buffer gives
        (`rollout history --revision=N` prints a pod template that way)."""
        return "".join(self._parts)


# --- values ----------------------------------------------------------------------------------


def rfc1123z(t: datetime | None) -> str:
    """Go's time.RFC1123Z, `Mon, 02 Jan 2006 15:04:05 -0700`, without relying on the locale;
    an unset time prints as Go's zero time."""
    if t is None:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    offset = t.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return (f"{_DAYS[t.weekday()]}, {t.day:02d} {_MONTHS[t.month - 1]} {t.year:04d} "
            f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} {zone}")


def since(t: datetime | None, now: datetime) -> str:
    """translateTimestampSince: `<unknown>` for a zero time, else HumanDuration(now - t)."""
    if t is None:
        return "<unknown>"
    return human_duration((now - t).total_seconds())


def go_bool(value: bool | None) -> str:
    """Go's %v of a bool (a nil *bool prints `<nil>`)."""
    if value is None:
        return "<nil>"
    return "true" if value else "false"


def title_bool(value: bool | None) -> str:
    """printBool: `True` / `False`."""
    return "True" if value else "False"


def or_none(text: str) -> str:
    return text or "<none>"


# --- multi-line fields -----------------------------------------------------------------------


def labels_multiline(w: PrefixWriter, title: str, labels: Mapping[str, str] | None,
                     initial_indent: str = "", inner_indent: str = "\t") -> None:
    """`Labels:  app=kubia` then one sorted `key=value` per continuation line."""
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not labels:
        w.write_line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(LEVEL_0, initial_indent + inner_indent)
        w.write(LEVEL_0, f"{key}={labels[key]}\n")


def annotations_multiline(w: PrefixWriter, title: str, annotations: Mapping[str, str] | None) -> None:
    """Sorted `key: value`, the last-applied-configuration hidden; a value too long for one
    line (key + value + 2 > 140) or with newlines goes on indented lines cut at 138 + `...`."""
    w.write(LEVEL_0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    indent = "\t"
    for i, key in enumerate(keys):
        if i:
            w.write(LEVEL_0, indent)
        value = annotations[key].removesuffix("\n")  # type: ignore[index]
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(LEVEL_0, f"{key}:\n")
            for part in value.split("\n"):
                w.write(LEVEL_0, f"{indent}  {_shorten(part, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(LEVEL_0, f"{key}: {value}\n")


def _shorten(s: str, limit: int) -> str:
    return s[:limit] + "..." if len(s) > limit else s


def tolerations_multiline(w: PrefixWriter, title: str, tolerations: Sequence | None,
                          initial_indent: str = "", inner_indent: str = "\t") -> None:
    """`key=value:Effect op=Exists for 300s`, sorted by key."""
    w.write(LEVEL_0, f"{initial_indent}{title}:{inner_indent}")
    if not tolerations:
        w.write_line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.key or "")):
        if i:
            w.write(LEVEL_0, initial_indent + inner_indent)
        text = t.key or ""
        if t.value:
            text += f"={t.value}"
        if t.effect:
            text += f":{t.effect}"
        if t.operator == "Exists" and not t.value:
            text += " op=Exists" if (t.key or t.effect) else "op=Exists"
        if t.toleration_seconds is not None:
            text += f" for {t.toleration_seconds}s"
        w.write(LEVEL_0, text + "\n")


def taints_multiline(w: PrefixWriter, title: str, taints: Sequence | None) -> None:
    """`key=value:Effect`, sorted by effect then key (printTaintsMultilineWithIndent)."""
    w.write(LEVEL_0, f"{title}:\t")
    if not taints:
        w.write_line("<none>")
        return
    for i, t in enumerate(sorted(taints, key=lambda t: f"{t.effect},{t.key}")):
        if i:
            w.write(LEVEL_0, "\t")
        w.write(LEVEL_0, f"{taint_text(t)}\n")


def taint_text(taint) -> str:
    """Taint.ToString: `key=value:Effect`, `key:Effect` without a value."""
    value = f"={taint.value}" if taint.value else ""
    return f"{taint.key}{value}:{taint.effect}"


def controlled_by(obj) -> str:
    """printController: `ReplicaSet/kubia-5d8f9b7c4`, or "" when nothing controls it."""
    ref = obj.metadata.controller_ref()
    return f"{ref.kind}/{ref.name}" if ref else ""
