"""JSON values as Go prints them: `%v` (fmt) and json.Marshal, for messages and templates.

Objects reach kubectl's printers and the apiserver's messages as unstructured Go values
(map[string]interface{}, []interface{}, int64, float64, string, bool, nil), so any text that
shows such a value shows Go's formatting of it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def value(v: Any) -> str:
    """fmt's %v: `map[app:kubia env:prod]` (keys sorted), `[a b]`, `<nil>`, `true`, `1.5`, `1e+06`."""
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{value(x)}" for k, x in sorted(v.items())) + "]"
    if isinstance(v, list):
        return "[" + " ".join(value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "<nil>"
    if isinstance(v, float):
        return float_v(v)
    return str(v)


def float_v(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64) as %v uses it: shortest digits, exponent form when
    the decimal exponent is < -4 or >= 6 (so 100000 but 1e+06)."""
    if f != f or f in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "+Inf", "-inf": "-Inf"}[repr(f)]
    if f == 0:
        return "0" if str(f)[0] != "-" else "-0"
    sign, digits, exp = Decimal(repr(f)).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exp) - 1
    prefix = "-" if sign else ""
    if point < -4 or point >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if point < 0 else '+'}{abs(point):02d}"
    return prefix + format(Decimal(repr(abs(f))).normalize(), "f")


def marshal(v: Any, *, struct: bool = False) -> str:
    """encoding/json Marshal: compact, map keys sorted (a `struct` keeps its fields' order),
    `<`, `>`, `&` escaped."""
    text = json.dumps(v, sort_keys=not struct, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_syntax(v: Any) -> str:
    """fmt's %#v of an unstructured value: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`."""
    if isinstance(v, dict):
        return "map[string]interface {}{" + ", ".join(f"{json.dumps(k)}:{go_syntax(x)}"
                                                      for k, x in sorted(v.items())) + "}"
    if isinstance(v, list):
        return "[]interface {}{" + ", ".join(go_syntax(x) for x in v) + "}"
    if v is None:
        return "interface {}(nil)"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return value(v)
