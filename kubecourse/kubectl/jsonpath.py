"""kubectl's JSONPath dialect: `-o jsonpath=`, custom columns and `--sort-by`.

Models kubernetes/kubernetes: staging/src/k8s.io/client-go/util/jsonpath/parser.go (Parse,
parseInsideAction, parseField, parseArray, parseFilter, parseRecursive, parseQuote) and
jsonpath.go (FindResults, walk, evalField, evalArray, evalFilter, evalRecursive, PrintResults),
and staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go RelaxedJSONPathExpression.

What the source says:
- A template is text with actions in braces: `{.metadata.name}`, `{range .items[*]}...{end}`,
  `{"\\n"}` (a quoted string is text, with Go escapes), `{..image}` (every `image` below).
- Steps: `.field` (a backslash escapes a dot: `kubernetes\\.io/name`), `['field']`, `[n]`,
  `[start:end:step]`, `[*]`, `[?(@.type=="Ready")]` (==, !=, <, >, <=, >=; without an
  operator: the path exists), `..field`, `.*` (every value of a map, by sorted key).
- One action prints its values separated by spaces; strings as they are, numbers and booleans
  as Go prints them, maps and lists as compact JSON. Nothing is added between actions, and no
  newline at the end.
- A missing field yields nothing while missing keys are allowed (kubectl's default,
  --allow-missing-template-keys=true), else `<field> is not found`; an index out of range is
  always an error: `array index out of bounds: index 5, length 1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kubecourse.golang import fmt as gofmt


class JSONPathError(ValueError):
    """A parse or execution error, in client-go's words."""


# --- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Field:
    name: str  # "" is the current value itself; "*" every value of a map


@dataclass(frozen=True)
class Index:
    start: int | None
    end: int | None
    step: int | None
    single: bool  # `[n]`, as opposed to a slice


@dataclass(frozen=True)
class Union:
    names: tuple[str, ...]  # `['a','b']`


@dataclass(frozen=True)
class Filter:
    left: tuple[Any, ...]
    op: str  # "exists" when there is no operator
    right: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Recursive:
    pass


@dataclass(frozen=True)
class Identifier:
    name: str  # anything but range and end: an error when evaluated


@dataclass(frozen=True)
class Literal:
    value: Any  # a number, or `true` / `false` (parseIdentifier's isBool)


@dataclass(frozen=True)
class Action:
    steps: tuple[Any, ...]


@dataclass
class Range:
    steps: tuple[Any, ...]
    body: list[Any] = field(default_factory=list)


# --- parsing ----------------------------------------------------------------------------------

_TERMINATORS = set(" \t\r\n.,[]$@{}")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?$")


def parse(template: str) -> list[Any]:
    """The template as a list of Text, Action and Range nodes (ranges hold their bodies)."""
    root: list[Any] = []
    stack = [root]
    pos = 0
    while pos < len(template):
        start = template.find("{", pos)
        if start < 0:
            stack[-1].append(Text(template[pos:]))
            break
        if start > pos:
            stack[-1].append(Text(template[pos:start]))
        steps, pos = _parse_action(template, start + 1)
        if steps and steps[0] == "range":
            node = Range(tuple(steps[1:]))
            stack[-1].append(node)
            stack.append(node.body)
        elif steps and steps[0] == "end":
            if len(stack) == 1:
                raise JSONPathError("not in range, nothing to end")
            stack.pop()
        elif len(steps) == 1 and isinstance(steps[0], Text):
            stack[-1].append(steps[0])
        else:
            stack[-1].append(Action(tuple(steps)))
    return root


def _parse_action(text: str, pos: int) -> tuple[list[Any], int]:
    steps: list[Any] = []
    while True:
        if pos >= len(text) or text[pos] == "\n":
            raise JSONPathError("unclosed action")
        c = text[pos]
        if c == "}":
            return steps, pos + 1
        if text.startswith("[?(", pos):
            end = text.find(")]", pos)
            if end < 0:
                raise JSONPathError("unclosed array expect ]")
            steps.append(_parse_filter(text[pos + 3:end]))
            pos = end + 2
        elif text.startswith("..", pos):
            steps.append(Recursive())
            pos += 2
            if pos < len(text) and (text[pos].isalnum() or text[pos] == "_"):
                pos = _parse_field(text, pos, steps)
        elif c in " @$":
            pos += 1
        elif c == "[":
            end = text.find("]", pos)
            if end < 0:
                raise JSONPathError("unterminated array")
            steps.append(_parse_array(text[pos + 1:end]))
            pos = end + 1
        elif c in "\"'":
            end = pos + 1
            while end < len(text) and text[end] != c:
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                raise JSONPathError("unterminated quoted string")
            steps.append(Text(_unquote(text[pos + 1:end])))
            pos = end + 1
        elif c == ".":
            pos = _parse_field(text, pos + 1, steps)
        elif c in "+-" or c.isdigit():
            m = re.match(r"[-+]?\d+(\.\d+)?", text[pos:])
            if m is None:
                raise JSONPathError(f"unrecognized character in action: {_rune(c)}")
            steps.append(Literal(float(m[0]) if m[1] else int(m[0])))
            pos += m.end()
        elif c.isalnum() or c == "_":
            m = re.match(r"\w+", text[pos:])
            assert m is not None
            word = m[0]
            steps.append(word if word in ("range", "end") else Literal(word == "true") if word in ("true", "false")
                         else Identifier(word))
            pos += m.end()
        else:
            raise JSONPathError(f"unrecognized character in action: {_rune(c)}")


def _rune(c: str) -> str:
    """Go's %#U: `U+0023 '#'`."""
    return f"U+{ord(c):04X} '{c}'"


def _parse_field(text: str, pos: int, steps: list[Any]) -> int:
    start = pos
    while pos < len(text) and text[pos] not in _TERMINATORS:
        pos += 2 if text[pos] == "\\" else 1
    steps.append(Field(text[start:pos].replace("\\", "")))
    return pos


def _parse_array(body: str) -> Any:
    body = body.strip()
    if body[:1] in ("'", '"'):
        return Union(tuple(_unquote(part.strip()[1:-1]) for part in body.split(",")))
    if body == "*":
        return Index(None, None, None, single=False)
    parts = body.split(":")
    if len(parts) > 3 or not all(re.fullmatch(r"\s*[-+]?\d*\s*", p) for p in parts):
        raise JSONPathError(f"invalid array index {body}")
    nums = [int(p) if p.strip() else None for p in parts] + [None] * (3 - len(parts))
    if len(parts) == 1:
        if nums[0] is None:
            raise JSONPathError(f"invalid array index {body}")
        return Index(nums[0], None, None, single=True)
    return Index(nums[0], nums[1], nums[2], single=False)


def _parse_filter(body: str) -> Filter:
    m = _FILTER.match(body)
    if m is None:
        return Filter(tuple(_parse_action(body + "}", 0)[0]), "exists")
    left, op, right = m[1].strip(), m[2], m[3].strip()
    if op not in ("==", "=", "!=", "<", ">", "<=", ">="):
        raise JSONPathError(f"unrecognized filter operator {op}")
    return Filter(tuple(_parse_action(left + "}", 0)[0]), "==" if op == "=" else op,
                  tuple(_parse_action(right + "}", 0)[0]))


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), s)


# --- evaluation -------------------------------------------------------------------------------


def find_results(nodes: list[Any], data: Any, *, allow_missing: bool = True) -> list[list[Any]]:
    """FindResults: one list of values per action (texts included), ranges unrolled."""
    groups: list[list[Any]] = []
    for node in nodes:
        if isinstance(node, Text):
            groups.append([node.text])
        elif isinstance(node, Action):
            groups.append(evaluate(node.steps, data, allow_missing=allow_missing))
        else:
            for item in evaluate(node.steps, data, allow_missing=allow_missing):
                groups += find_results(node.body, item, allow_missing=allow_missing)
    return groups


def evaluate(steps: tuple[Any, ...], data: Any, *, allow_missing: bool = True) -> list[Any]:
    values = [data]
    for step in steps:
        values = _step(step, values, allow_missing)
    return values


def _step(step: Any, values: list[Any], allow_missing: bool) -> list[Any]:
    if isinstance(step, Text):
        return [step.text]
    if isinstance(step, Literal):
        return [step.value]
    if isinstance(step, Identifier):
        raise JSONPathError(f"unrecognized identifier {step.name}")
    if isinstance(step, Field):
        return _field(step.name, values, allow_missing)
    if isinstance(step, Union):
        return [v for name in step.names for v in _field(name, values, allow_missing)]
    if isinstance(step, Index):
        return [v for value in values if value is not None for v in _index(step, value)]
    if isinstance(step, Recursive):
        return [v for value in values for v in _descend(value)]
    return [item for value in values if isinstance(value, list) for item in value if _keeps(step, item)]


def _field(name: str, values: list[Any], allow_missing: bool) -> list[Any]:
    if name == "":
        return values
    found = []
    for value in values:
        if not isinstance(value, dict):
            continue
        if name == "*":
            found += [value[k] for k in sorted(value)]
        elif name in value:
            found.append(value[name])
    if not found and not allow_missing:
        raise JSONPathError(f"{name} is not found")
    return found


def _index(step: Index, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise JSONPathError(f"{_go_type(value)} is not array or slice")
    n = len(value)
    start = step.start or 0
    if start < 0:
        start += n
    end = start + 1 if step.single else n if step.end is None else step.end + (n if step.end < 0 else 0)
    if end == start:
        return []
    if start >= n or start < 0:
        raise JSONPathError(f"array index out of bounds: index {start}, length {n}")
    if end > n or end < 0:
        raise JSONPathError(f"array index out of bounds: index {end - 1}, length {n}")
    if start > end:
        raise JSONPathError(f"starting index {start} is greater than ending index {end}")
    if step.step is not None and step.step <= 0:
        raise JSONPathError("step must be > 0")
    return value[start:end:step.step or 1]


def _go_type(value: Any) -> str:
    return "map[string]interface {}" if isinstance(value, dict) else {
        str: "string", bool: "bool", int: "int64", float: "float64"}.get(type(value), "interface {}")


def _descend(value: Any) -> list[Any]:
    """evalRecursive: every map or list at or below `value`, parents before children."""
    children = [value[k] for k in sorted(value)] if isinstance(value, dict) else \
        list(value) if isinstance(value, list) else []
    if not children:
        return []
    return [value, *(v for child in children for v in _descend(child))]


def _keeps(step: Filter, item: Any) -> bool:
    lefts = evaluate(step.left, item)
    if step.op == "exists":
        return bool(lefts) and lefts[0] not in (None, "", [], {})
    rights = evaluate(step.right, item)
    if not lefts or not rights:
        return False
    a, b = lefts[0], rights[0]
    if step.op == "==":
        return _same(a, b)
    if step.op == "!=":
        return not _same(a, b)
    if isinstance(a, bool) or isinstance(b, bool) or (type(a) is not type(b) and not (
            isinstance(a, (int, float)) and isinstance(b, (int, float)))):
        raise JSONPathError("incompatible types for comparison")
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[step.op]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


# --- printing ---------------------------------------------------------------------------------


def text(value: Any) -> str:
    """One value as PrintResults writes it."""
    if isinstance(value, (dict, list)):
        return gofmt.marshal(value)
    if value is None:
        return "null"
    return gofmt.value(value) if not isinstance(value, str) else value


def execute(template: str, data: Any, *, allow_missing: bool = True) -> str:
    """Execute: every action's values, space-separated within an action."""
    return "".join(" ".join(text(v) for v in group)
                   for group in find_results(parse(template), data, allow_missing=allow_missing))


def relaxed(expr: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean `{.a.b}`."""
    if not expr:
        return expr
    m = re.fullmatch(r"\{?\.?([^{}]*)\}?", expr)
    if m is None:
        raise JSONPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                            "'{name1.name2}' or '{.name1.name2}'")
    return "{." + m[1] + "}"
