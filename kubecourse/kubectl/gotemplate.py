"""`-o go-template=`: the part of Go's text/template that kubectl users write.

Models Go's text/template (parse/lex.go, parse/parse.go, exec.go, funcs.go) as kubectl runs it
(staging/src/k8s.io/cli-runtime/pkg/printers/template.go: the object as unstructured JSON,
missing keys printed as `<no value>` while --allow-missing-template-keys=true).

Covered: text and `{{ }}` actions with `{{-`/`-}}` trimming and comments; pipelines with `|`;
fields (`.metadata.name`, `$.kind`, `$var.name`); string, number, bool and nil literals;
variables (`$x := ...`, `range $i, $v := ...`); if / else if / else, range (with else),
with; the functions index, len, print, printf, println, not, and, or, eq, ne, lt, le, gt,
ge, html, js, urlquery, and the two kubectl registers (printers/template.go in
staging/src/k8s.io/cli-runtime: `exists` and `base64decode`, whose error is `base64 decode
failed: illegal base64 data at input byte N`; kubectl 1.32 has no sprig functions, so
`base64encode` is `function "base64encode" not defined`). Not covered: define/template/block, break/continue, slice, call.

What Go does that shows in output: a missing map key or a nil prints `<no value>`; maps print
as `map[k:v]` with sorted keys and lists as `[a b]`; integers from JSON are int64 and a float
literal compared with one is `incompatible types for comparison`; output written before an
error stays written.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from kubecourse.golang import base64 as gobase64
from kubecourse.golang import fmt as gofmt


class TemplateError(ValueError):
    """A parse or execution error in text/template's words (without the `template: ` prefix)."""


class ArgumentTypeError(TemplateError):
    """An argument of the wrong type: Go names the argument's node, not the call."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


class _Missing:
    def __repr__(self) -> str:
        return "<no value>"


MISSING = _Missing()  # a map key that is not there


# --- lexing and parsing ------------------------------------------------------------------------


@dataclass
class _Node:
    kind: str  # "text", "action", "if", "range", "with"
    text: str = ""
    pipe: Any = None  # parsed pipeline
    pos: int = 0
    body: list[_Node] = field(default_factory=list)
    orelse: list[_Node] = field(default_factory=list)


_TOKEN = re.compile(r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<raw>`[^`]*`)|(?P<num>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
    |(?P<decl>:=|=)|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\))|(?P<comma>,)
    |(?P<field>\$\w*(?:\.\w+)*|(?:\.\w+)+|\.)|(?P<ident>\w+))""", re.X)


def parse(template: str) -> list[_Node]:
    try:
        return _parse(template)
    except TemplateError as e:
        if str(e).startswith("output:"):
            raise
        raise TemplateError(f"output:{_parsing_line}: {e}") from None


_parsing_line = 1  # the line of the action being parsed, for the errors of its pipeline


def _parse(template: str) -> list[_Node]:
    global _parsing_line
    root: list[_Node] = []
    stack: list[tuple[_Node | None, list[_Node]]] = [(None, root)]
    pos = 0
    while pos < len(template):
        start = template.find("{{", pos)
        if start < 0:
            stack[-1][1].append(_Node("text", template[pos:]))
            break
        end = template.find("}}", start + 2)
        if end < 0:
            raise TemplateError(f"output:{template.count(chr(10), 0, start) + 1}: unclosed action")
        _parsing_line = template.count("\n", 0, start) + 1
        inner = template[start + 2:end]
        text = template[pos:start]
        if inner.startswith("- "):
            text = text.rstrip()
            inner = inner[1:]
        pos = end + 2
        if inner.endswith(" -"):
            inner = inner[:-1]
            while pos < len(template) and template[pos].isspace():
                pos += 1
        if text:
            stack[-1][1].append(_Node("text", text))
        inner = inner.strip()
        offset = start + 2 + (len(template[start + 2:end]) - len(template[start + 2:end].lstrip(" -")))
        if inner.startswith("/*"):
            continue
        word = inner.split(None, 1)[0] if inner else ""
        if word in ("if", "range", "with"):
            node = _Node(word, inner, _pipeline(inner[len(word):]), offset + len(word) + 1)
            stack[-1][1].append(node)
            stack.append((node, node.body))
        elif word == "else":
            owner = stack[-1][0]
            if owner is None:
                raise TemplateError(f"output:{template.count(chr(10), 0, start) + 1}: unexpected {{{{else}}}}")
            rest = inner[4:].strip()
            stack[-1] = (owner, owner.orelse)
            if rest.startswith("if"):
                node = _Node("if", rest, _pipeline(rest[2:]), offset)
                owner.orelse.append(node)
                stack.append((node, node.body))
                stack.append((None, []))  # an `else if` closes with the same {{end}}
                stack.pop()
                stack[-1] = (node, node.body)
                node.text = "else-if"
        elif word == "end":
            while True:
                if len(stack) == 1:
                    raise TemplateError(f"output:{template.count(chr(10), 0, start) + 1}: unexpected {{{{end}}}}")
                owner, _ = stack.pop()
                if owner is not None and owner.text != "else-if":
                    break
        else:
            stack[-1][1].append(_Node("action", inner, _pipeline(inner), offset))
    if len(stack) > 1:
        raise TemplateError(f"output:{template.count(chr(10)) + 1}: unexpected EOF")
    return root


def _pipeline(text: str) -> dict[str, Any]:
    """`[$a[, $b] :=] cmd | cmd ...` -> {"vars": [...], "cmds": [[operand, ...], ...]}."""
    tokens = _tokens(text)
    variables: list[str] = []
    if ":=" in [t for _, t in tokens] or ("decl", "=") in tokens:
        at = next(i for i, (k, _) in enumerate(tokens) if k == "decl")
        variables = [t for k, t in tokens[:at] if k == "field"]
        tokens = tokens[at + 1:]
    cmds, _ = _commands(tokens, 0)
    for kind, tok in tokens:
        if kind == "ident" and tok not in ("true", "false", "nil") and tok not in FUNCS:
            raise TemplateError(f'function "{tok}" not defined')
    return {"vars": variables, "cmds": cmds, "text": text.strip()}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise TemplateError(f"unexpected {text[pos:].strip()!r} in command")
        kind = m.lastgroup or ""
        if kind:
            out.append((kind, m[kind]))
        pos = m.end()
    return out


def _commands(tokens: list[tuple[str, str]], i: int) -> tuple[list[list[Any]], int]:
    cmds: list[list[Any]] = [[]]
    while i < len(tokens):
        kind, tok = tokens[i]
        if kind == "rp":
            return cmds, i + 1
        if kind == "pipe":
            cmds.append([])
        elif kind == "lp":
            sub, i = _commands(tokens, i + 1)
            cmds[-1].append(("pipe", sub))
            continue
        elif kind != "comma":
            cmds[-1].append((kind, tok))
        i += 1
    return cmds, i


# --- execution ----------------------------------------------------------------------------------


@dataclass
class _State:
    root: Any
    out: list[str]
    variables: list[dict[str, Any]]

    def lookup(self, name: str) -> Any:
        for scope in reversed(self.variables):
            if name in scope:
                return scope[name]
        raise TemplateError(f'undefined variable "{name}"')


def execute(template: str, data: Any, out: list[str]) -> None:
    """Run `template` on `data`, appending output to `out` as it is produced (an error leaves
    what was written before it). Raises TemplateError."""
    nodes = parse(template)
    state = _State(data, out, [{"$": data}])
    _run(nodes, data, state, template)


def _run(nodes: list[_Node], dot: Any, state: _State, template: str) -> None:
    for node in nodes:
        if node.kind == "text":
            state.out.append(node.text)
            continue
        try:
            value = _pipe(node.pipe, dot, state)
        except TemplateError as e:
            if str(e).startswith("output:"):
                raise
            at, pos = node.pipe["text"], node.pos
            if isinstance(e, ArgumentTypeError) and e.argument and e.argument in at:
                at, pos = e.argument, pos + at.index(e.argument)
            line = template.count("\n", 0, pos) + 1
            col = pos - (template.rfind("\n", 0, pos) + 1)
            raise TemplateError(f'output:{line}:{col}: executing "output" at <{at}>: {e}') from None
        if node.kind == "action":
            if not node.pipe["vars"]:
                state.out.append(_print(value))
        elif node.kind == "if":
            _run(node.body if truth(value) else node.orelse, dot, state, template)
        elif node.kind == "with":
            _run(node.body if truth(value) else node.orelse, value if truth(value) else dot, state, template)
        else:
            items = list(value.items()) if isinstance(value, dict) else list(enumerate(value)) \
                if isinstance(value, list) else []
            if isinstance(value, dict):
                items.sort()
            if not items:
                _run(node.orelse, dot, state, template)
            for key, item in items:
                names = node.pipe["vars"]
                scope = dict(zip(names, (key, item), strict=False)) if len(names) == 2 else \
                    {names[0]: item} if names else {}
                state.variables.append(scope)
                _run(node.body, item, state, template)
                state.variables.pop()


def _pipe(pipe: dict[str, Any], dot: Any, state: _State) -> Any:
    value: Any = MISSING
    for i, cmd in enumerate(pipe["cmds"]):
        value = _command(cmd, dot, state, value if i else None)
    if pipe["vars"]:
        target = state.variables[-1] if pipe["vars"][0] not in (v for s in state.variables for v in s) \
            else next(s for s in reversed(state.variables) if pipe["vars"][0] in s)
        target[pipe["vars"][-1]] = value
    return value


def _command(cmd: list[Any], dot: Any, state: _State, piped: Any) -> Any:
    if not cmd:
        raise TemplateError("missing value for command")
    kind, tok = cmd[0]
    if kind == "ident" and tok not in ("true", "false", "nil"):
        fn = FUNCS.get(tok)
        if fn is None:
            raise TemplateError(f'function "{tok}" not defined')
        args = [_operand(a, dot, state) for a in cmd[1:]] + ([] if piped is None else [piped])
        if tok in STRING_FUNCS and args and not isinstance(args[0], str):
            raise ArgumentTypeError(cmd[1][1] if len(cmd) > 1 and isinstance(cmd[1][1], str) else "",
                                    f"wrong type for value; expected string; got {_go_type(args[0])}")
        try:
            return fn(*args)
        except TemplateError as e:
            raise TemplateError(f"error calling {tok}: {e}") from None
    if kind == "ident" and tok == "nil":
        raise TemplateError("nil is not a command")
    return _operand(cmd[0], dot, state)


def _operand(token: Any, dot: Any, state: _State) -> Any:
    kind, tok = token
    if kind == "pipe":
        return _pipe({"vars": [], "cmds": tok}, dot, state)
    if kind == "str":
        return json.loads(tok)
    if kind == "raw":
        return tok[1:-1]
    if kind == "num":
        return float(tok) if any(c in tok for c in ".eE") else int(tok)
    if kind == "ident":
        return {"true": True, "false": False, "nil": None}[tok]
    head, *names = tok.split(".")
    value = dot if head == "" else state.lookup(head)
    for name in filter(None, names):
        value = _field(value, name)
    return value


def _field(value: Any, name: str) -> Any:
    if value is MISSING or value is None:
        return MISSING
    if isinstance(value, dict):
        return value.get(name, MISSING)
    raise TemplateError(f"can't evaluate field {name} in type {_go_type(value)}")


def _go_type(value: Any) -> str:
    return {str: "string", bool: "bool", int: "int64", float: "float64", list: "[]interface {}",
            dict: "map[string]interface {}"}.get(
        type(value), "interface {}")


def _print(value: Any) -> str:
    if value is MISSING or value is None:
        return "<no value>"
    return value if isinstance(value, str) else gofmt.value(value)


def truth(value: Any) -> bool:
    return value not in (MISSING, None, False, 0, "", [], {}) or value is True


# --- functions -----------------------------------------------------------------------------------


def _index(item: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(item, dict):
            item = item.get(key)
        elif isinstance(item, list) and isinstance(key, int):
            if not 0 <= key < len(item):
                raise TemplateError(f"error calling index: index out of range: {key}")
            item = item[key]
        elif item is None or item is MISSING:
            raise TemplateError("index of untyped nil")
        else:
            raise TemplateError(f"can't index item of type {_go_type(item)}")
    return MISSING if item is None else item


def _len(item: Any) -> int:
    if isinstance(item, (str, list, dict)):
        return len(item)
    raise TemplateError(f"len of type {_go_type(item)}")


def _sprint(*args: Any) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    out = ""
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out += " "
        out += _print(arg) if arg is not MISSING else "<nil>"
    return out


def _printf(fmt: str, *args: Any) -> str:
    values = iter(args)

    def one(m: re.Match) -> str:
        verb = m[2]
        if verb == "%":
            return "%"
        arg = next(values, MISSING)
        if arg is MISSING:
            return f"%!{verb}(MISSING)"
        if verb == "q":
            return json.dumps(arg) if isinstance(arg, str) else _print(arg)
        if verb in "dfeg" and isinstance(arg, (int, float)):
            return ("%" + m[1] + verb) % arg
        return ("%" + m[1] + "s") % _print(arg)
    return re.sub(r"%([-+ #0-9.]*)([a-zA-Z%])", one, fmt)


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING or a is None or b is None:
        raise TemplateError("invalid type for comparison")
    kinds = {type(a), type(b)}
    if kinds in ({int}, {float}, {str}, {bool}):
        if op in ("eq", "ne"):
            return (a == b) == (op == "eq")
        if bool in kinds:
            raise TemplateError("invalid type for comparison")
        return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]
    raise TemplateError("incompatible types for comparison")


def _eq(a: Any, *others: Any) -> bool:
    return any(_compare("eq", a, b) for b in others)


def _and(*args: Any) -> Any:
    for arg in args:
        if not truth(arg):
            return arg
    return args[-1]


def _or(*args: Any) -> Any:
    for arg in args:
        if truth(arg):
            return arg
    return args[-1]


def _exists(item: Any, *indices: Any) -> bool:
    """printers/template.go exists: whether `index` could be called with these arguments."""
    value = item
    for key in indices:
        if value is MISSING or value is None:
            return False
        if isinstance(value, (list, str)):
            if not isinstance(key, int) or isinstance(key, bool) or not 0 <= key < len(value):
                return False
            value = value[key] if isinstance(value, list) else ord(value[key])
        elif isinstance(value, dict):
            if not isinstance(key, str):
                return False
            value = value.get(key)
        else:
            return False
    return value is not MISSING and value is not None


def _base64decode(value: Any) -> str:
    if not isinstance(value, str):
        raise TemplateError(f"wrong type for value; expected string; got {_go_type(value)}")
    try:
        return gobase64.decode_string(value).decode(errors="replace")
    except gobase64.CorruptInputError as e:
        raise TemplateError(f"base64 decode failed: {e}") from None


FUNCS = {
    "index": _index, "len": _len, "print": _sprint, "printf": _printf,
    "println": lambda *a: " ".join(_print(x) for x in a) + "\n",
    "not": lambda a: not truth(a), "and": _and, "or": _or, "eq": _eq,
    "ne": lambda a, b: _compare("ne", a, b), "lt": lambda a, b: _compare("lt", a, b),
    "le": lambda a, b: _compare("le", a, b), "gt": lambda a, b: _compare("gt", a, b),
    "ge": lambda a, b: _compare("ge", a, b),
    "html": lambda *a: html.escape(_sprint(*a), quote=True).replace("&#x27;", "&#39;"),
    "js": lambda *a: _sprint(*a).replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"'),
    "urlquery": lambda *a: urllib.parse.quote_plus(_sprint(*a)),
    "exists": _exists, "base64decode": _base64decode,
}
STRING_FUNCS = ("base64decode",)  # functions whose Go parameter is a string
