"""The template printers: `-o jsonpath=`, `-o go-template=`, `-o custom-columns=` (and their
`-file` forms), and `--sort-by`.

Models kubernetes/kubernetes: staging/src/k8s.io/cli-runtime/pkg/genericclioptions/
jsonpath_flags.go, go_template_flags.go (the format names, `template format specified but no
template given`, reading `-file` templates), staging/src/k8s.io/cli-runtime/pkg/printers/
jsonpath.go and template.go (the error texts with their debugging dump),
staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go and customcolumn_flags.go, and
staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go (RuntimeSort, isLess).

What the source says:
- The printers get the object as unstructured JSON: one named object as itself, anything else
  as a `kind: List` with `items`.
- Custom columns: a header row (unless --no-headers) with the headers as written, then per
  object each column's values joined by `,`, `<none>` when there are none; maps print Go-style
  (`map[app:kubia]`); laid out by the same tabwriter as tables.
- `--sort-by` takes a relaxed JSONPath (`.metadata.name`, `{.metadata.name}`) and sorts by its
  first value: numbers numerically, two strings that both read as quantities as quantities
  (`9` before `10`, `500m` before `1`), other strings byte by byte (kubectl 1.32 lists
  `cm-1`, `cm-10`, `cm-9`: checked against the binary, its natural order does not show), an
  object without the field first. Go's sort.Sort is not stable: up to 12 objects it is an
  insertion sort, done here the same way (objects without the field come out reversed, as
  Less calls each of them less than the other); beyond that, ties keep their order here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from kubecourse.api import quantity
from kubecourse.golang import fmt as gofmt
from kubecourse.kubectl import gotemplate, jsonpath, printers
from kubecourse.kubectl.context import Output
from kubecourse.kubectl.errors import CommandError

JSONPATH = ("jsonpath", "jsonpath-file", "jsonpath-as-json")
GO_TEMPLATE = ("go-template", "go-template-file", "template", "templatefile")
CUSTOM_COLUMNS = ("custom-columns", "custom-columns-file")


@dataclass(frozen=True)
class Template:
    kind: str  # "jsonpath", "go-template" or "custom-columns"
    text: str
    as_json: bool = False  # jsonpath-as-json: each action's values as an indented JSON array


def with_template_argument(fmt: str, template: str) -> str | None:
    """The -o value once --template is taken into account (cli-runtime PrintFlags.ToPrinter and
    GoTemplatePrintFlags / JSONPathPrintFlags.ToPrinter): without -o it means go-template; with
    a template after -o's `=` as well, no printer matches (None)."""
    if not template:
        return fmt
    if "=" in fmt:
        return None
    name = fmt or "go-template"
    return f"{name}={template}" if name in (*JSONPATH, *GO_TEMPLATE) else fmt


def parse_format(fmt: str) -> Template | None:
    """The template an `-o` value asks for, or None when it is not a template format."""
    name, _, arg = fmt.partition("=")
    if name not in (*JSONPATH, *GO_TEMPLATE, *CUSTOM_COLUMNS):
        return None
    if name in CUSTOM_COLUMNS:
        if not arg:
            raise CommandError("custom-columns format specified but no custom columns given")
        return Template("custom-columns", _read(arg, f"error reading template {arg}, ") if name.endswith("-file")
                        else arg)
    if not arg:
        raise CommandError("template format specified but no template given")
    text = _read(arg, f"error reading --template {arg}, ") if name.endswith("file") else arg
    return Template("jsonpath" if name in JSONPATH else "go-template", text, name == "jsonpath-as-json")


def _read(path: str, prefix: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        raise CommandError(f"{prefix}open {path}: no such file or directory") from None


def render(template: Template, data: Any, out: Output, *, allow_missing: bool = True) -> None:
    """Print `data` (one object, or a List) with a jsonpath or go-template; errors as kubectl's."""
    if template.kind == "jsonpath":
        out.out.append(_jsonpath(template.text, data, allow_missing, template.as_json))
    else:
        _go_template(template.text, data, out)


def _jsonpath(text: str, data: Any, allow_missing: bool, as_json: bool) -> str:
    try:
        nodes = jsonpath.parse(text)
    except jsonpath.JSONPathError as e:
        raise CommandError(f"error parsing jsonpath {text}, {e}") from None
    try:
        groups = jsonpath.find_results(nodes, data, allow_missing=allow_missing)
    except jsonpath.JSONPathError as e:
        raise CommandError(
            f'error executing jsonpath "{text}": Error executing template: {e}. Printing more information for '
            f"debugging the template:\n\ttemplate was:\n\t\t{text}\n\tobject given to jsonpath engine was:\n"
            f"\t\t{gofmt.go_syntax(data)}\n\n\n") from None
    if as_json:
        return "".join(printers.to_json(group) for group in groups)
    return "".join(" ".join(jsonpath.text(v) for v in group) for group in groups)


def _go_template(text: str, data: Any, out: Output) -> None:
    written: list[str] = []
    try:
        gotemplate.execute(text, data, written)
    except gotemplate.TemplateError as e:
        if not written and "executing" not in str(e):
            raise CommandError(f"error parsing template {text}, template: {e}") from None
        out.out.append("".join(written))
        out.out.append(f"Error executing template: template: {e}. Printing more information for debugging the "
                       f"template:\n\ttemplate was:\n\t\t{text}\n\traw data was:\n\t\t{gofmt.marshal(data)}\n"
                       f"\tobject given to template engine was:\n\t\t{gofmt.value(data)}\n\n")
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        raise CommandError(f'error executing template "{quoted}": template: {e}') from None
    out.out.append("".join(written))


# --- custom columns ---------------------------------------------------------------------------


def columns(spec: str, *, from_file: bool = False) -> list[tuple[str, list[Any]]]:
    """`NAME:.metadata.name,IMAGE:.spec.containers[*].image` -> [(header, parsed jsonpath)]
    (customcolumn.go NewCustomColumnsPrinterFromSpec / FromTemplate)."""
    if from_file:
        lines = [line.split() for line in spec.splitlines() if line.strip()]
        if len(lines) != 2:
            raise CommandError(f"invalid template format, expected two lines, got {len(lines)}")
        if len(lines[0]) != len(lines[1]):
            raise CommandError(f"number of headers ({len(lines[0])}) and field specifications "
                               f"({len(lines[1])}) don't match")
        pairs = list(zip(lines[0], lines[1], strict=True))
    else:
        pairs = []
        for part in spec.split(","):
            header, sep, path = part.partition(":")
            if not sep:
                raise CommandError(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
            pairs.append((header, path))
    out = []
    for header, path in pairs:
        try:
            out.append((header, jsonpath.parse(jsonpath.relaxed(path))))
        except jsonpath.JSONPathError as e:
            raise CommandError(str(e)) from None
    return out


def custom_columns(cols: list[tuple[str, list[Any]]], objs: list[dict[str, Any]], *, no_headers: bool) -> str:
    rows = [] if no_headers else [[header for header, _ in cols]]
    for obj in objs:
        row = []
        for _, nodes in cols:
            groups = jsonpath.find_results(nodes, obj)
            values = [_cell(v) for group in groups for v in group]
            row.append(",".join(values if groups and groups[0] else ["<none>", *values]))
        rows.append(row)
    return printers.layout(rows)[0]


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else gofmt.value(value)


# --- --sort-by --------------------------------------------------------------------------------


def sort_objects(expr: str, objs: list[dict[str, Any]]) -> list[int]:
    """The order (indexes into `objs`) that --sort-by gives."""
    try:
        nodes = jsonpath.parse(jsonpath.relaxed(expr))
    except jsonpath.JSONPathError as e:
        raise CommandError(str(e)) from None
    keys = []
    for obj in objs:
        groups = jsonpath.find_results(nodes, obj)
        keys.append(groups[0][0] if groups and groups[0] else None)
    if len(objs) < 2:
        return list(range(len(objs)))  # a single object is not sorted, so never refused
    if all(k is None for k in keys):
        raise CommandError(f'couldn\'t find any field with path "{jsonpath.relaxed(expr)}" in the list of objects')

    def go_less(i: int, j: int) -> bool:
        """RuntimeSort.Less: an object without the field is less than anything, itself included."""
        return True if keys[i] is None else False if keys[j] is None else _less(keys[i], keys[j])

    order = list(range(len(objs)))
    if len(objs) > INSERTION_SORT_MAX:
        return sorted(order, key=cmp_to_key(lambda i, j: -1 if go_less(i, j) else (1 if go_less(j, i) else 0)))
    for i in range(1, len(order)):  # Go's insertionSort, which sort.Sort uses for so few
        j = i
        while j > 0 and go_less(order[j], order[j - 1]):
            order[j], order[j - 1] = order[j - 1], order[j]
            j -= 1
    return order


INSERTION_SORT_MAX = 12  # sort.Sort (pdqsort) sorts this few elements by insertion


def _less(a: Any, b: Any) -> bool:
    if a is None:
        return b is not None
    if b is None:
        return False
    if isinstance(a, str) and isinstance(b, str):
        qa, qb = _quantity(a), _quantity(b)
        return qa < qb if qa is not None and qb is not None else a < b
    if isinstance(a, bool) and isinstance(b, bool):
        return not a and b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a < b
    return gofmt.marshal(a) < gofmt.marshal(b)


# resource.ParseQuantity's grammar: a signed decimal, then a binary or decimal SI suffix or an exponent
_QUANTITY = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?")


def _quantity(text: str) -> Decimal | None:
    """The value of a string isLess reads as a resource.Quantity, or None."""
    if not _QUANTITY.fullmatch(text):
        return None
    return quantity.value(text)
