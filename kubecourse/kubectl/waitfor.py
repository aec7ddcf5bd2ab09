"""The conditions `kubectl wait --for=...` understands, as pure checks of a wire object.

Models staging/src/k8s.io/kubectl/pkg/cmd/wait/wait.go (conditionFuncFor, processJSONPathInput,
splitJSONPathInput), condition.go (ConditionalWait.checkCondition) and json.go (JSONPathWait):
- `delete`, `condition=NAME[=VALUE]` (VALUE defaults to true; names and values compare without
  regard to case; a condition whose observedGeneration is older than the object's generation
  does not count), `jsonpath={EXPR}[=VALUE]` (without VALUE: the path just has to exist).
- JSONPath here is the subset the course uses: fields, `[n]` and `[?(@.field=="value")]`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kubecourse.kubectl.errors import CommandError

Check = Callable[[dict[str, Any]], bool]

_STEP = re.compile(r"""\.([A-Za-z0-9_\-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_.\-]+)\s*==\s*["']?([^"')]*)["']?\)\]""")


@dataclass(frozen=True)
class Condition:
    delete: bool
    check: Check | None  # None for delete


def parse(text: str) -> Condition:
    if text.lower() == "delete":
        return Condition(True, None)
    if text.startswith("condition="):
        name, eq, value = text[len("condition="):].partition("=")
        return Condition(False, lambda obj: has_condition(obj, name, value if eq else "true"))
    if text.startswith("jsonpath="):
        parts = split_jsonpath_input(text[len("jsonpath="):])
        if not 1 <= len(parts) <= 2:
            raise CommandError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
                               "--for=jsonpath='{.status.readyReplicas}'")
        steps = compile_path(parts[0])
        if len(parts) == 1:
            return Condition(False, lambda obj: bool(evaluate(steps, obj)))
        value = parts[1].strip("'\"")
        if not value:
            raise CommandError("jsonpath wait has to have a value after equal sign, like "
                               "--for=jsonpath='{.status.readyReplicas}'=3")
        return Condition(False, lambda obj: value in [_text(v) for v in evaluate(steps, obj)])
    raise CommandError(f'unrecognized condition: "{text}"')


def has_condition(obj: dict[str, Any], name: str, value: str) -> bool:
    generation = (obj.get("metadata") or {}).get("generation")
    for cond in (obj.get("status") or {}).get("conditions") or ():
        if str(cond.get("type", "")).lower() != name.lower() or "status" not in cond:
            continue
        observed = cond.get("observedGeneration", (obj.get("status") or {}).get("observedGeneration"))
        if generation is not None and observed is not None and observed < generation:
            return False
        return str(cond["status"]).lower() == value.lower()
    return False


def split_jsonpath_input(text: str) -> list[str]:
    """Split at single `=`; `==` stays in the expression."""
    parts, current, i = [], "", 0
    while i < len(text):
        if text[i] == "=":
            if i + 1 < len(text) and text[i + 1] == "=":
                current += "=="
                i += 2
                continue
            parts.append(current)
            current = ""
        else:
            current += text[i]
        i += 1
    return [*parts, current]


def compile_path(expr: str) -> list[tuple[str, str]]:
    """RelaxedJSONPathExpression: `{.a.b}`, `.a.b` or `a.b`, as (op, arg) steps."""
    expr = expr.strip().strip("'\"")
    if not expr:
        raise CommandError("jsonpath expression cannot be empty")
    body = expr[1:-1] if expr.startswith("{") and expr.endswith("}") else expr
    body = body if body.startswith(".") else "." + body
    steps, pos = [], 0
    for m in _STEP.finditer(body):
        if m.start() != pos:
            break
        if m[1] is not None:
            steps.append(("field", m[1]))
        elif m[2] is not None:
            steps.append(("index", m[2]))
        else:
            steps.append(("filter", f"{m[3]}={m[4]}"))
        pos = m.end()
    if pos != len(body):
        raise CommandError(f"unrecognized character in action: {body[pos:]!r}")
    return steps


def evaluate(steps: list[tuple[str, str]], obj: Any) -> list[Any]:
    values = [obj]
    for op, arg in steps:
        found = []
        for v in values:
            if op == "field" and isinstance(v, dict) and arg in v:
                found.append(v[arg])
            elif op == "index" and isinstance(v, list) and int(arg) < len(v):
                found.append(v[int(arg)])
            elif op == "filter" and isinstance(v, list):
                path, _, want = arg.partition("=")
                sub = [("field", p) for p in path.split(".")]
                for item in v:
                    got = evaluate(sub, item)
                    if got and _text(got[0]) == want:
                        found.append(item)
        values = found
    return values


def _text(v: Any) -> str:
    """How Go prints a value found by JSONPath (`true`, `3`)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)
