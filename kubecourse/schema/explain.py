"""`kubectl explain` from the vendored schema, as kubectl 1.32 renders OpenAPI v3.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl
(the templates "output", "fieldList", "fieldDetail", "description", "typeGuess", "extractEnum")
with the template functions of funcs.go (`wrap` is kubectl's term.NewWordWrapWriter, i.e.
mitchellh/go-wordwrap WrapString; `indent` pads every line). Each function below is the
template of the same name.

What the source says:
- The header is GROUP (only for a named group), KIND, VERSION and an empty line.
- Without a field path: DESCRIPTION (the kind's description wrapped at 76, indented 4) and
  FIELDS. With one: first `FIELD: <name> <type>` and two empty lines, then the same for
  the field's schema. A field's description is its own followed by its type's (`The
  deployment strategy ...` then `DeploymentStrategy describes ...`), one per line.
- Fields are listed sorted by name, `name\t<type>` with ` -required-`, then the description
  wrapped at 78 minus the indent, and an empty line; with --recursive only the names and types,
  nested two spaces per level.
- Types: `[]Container`, `map[string]string`, `Object` for an untyped object, the referenced
  type's last name segment (`ObjectMeta`, `IntOrString`, `Quantity`), or its primitive type
  when it has one (`Time` is a `string`).
- A path step through a list or a map steps into its items (`pods.spec.containers.image`).
"""

from __future__ import annotations

from kubecourse.schema import load


class FieldNotFound(LookupError):
    """`error: field "<name>" does not exist`; kubectl has printed the header by then."""

    def __init__(self, message: str, header: str) -> None:
        super().__init__(message)
        self.header = header


def explain(group: str, version: str, kind: str, path: list[str], *, recursive: bool = False) -> str:
    """The whole text kubectl prints for `kubectl explain <resource>[.<path>]`."""
    head = (f"GROUP:      {group}\n" if group else "") + f"KIND:       {kind}\nVERSION:    {version}\n\n"
    body = output(load.for_kind(group, version, kind), {}, path, recursive)
    if not body:
        raise FieldNotFound(f'field "{path[-1]}" does not exist', head)
    return head + body + "\n"


def _ref(schema: load.Schema) -> str:
    return schema.get("$ref", "")


def _resolved(schema: load.Schema) -> load.Schema:
    ref = _ref(schema)
    return load.schemas().get(ref.removeprefix(load.REF_PREFIX), schema) if ref else schema


def _map_value(schema: load.Schema) -> load.Schema | None:
    value = schema.get("additionalProperties")
    return value if isinstance(value, dict) else None


def output(schema: load.Schema, history: dict[str, int], path: list[str], recursive: bool) -> str:
    ref = _ref(schema)
    after = {**history, ref: 1}
    resolved = _resolved(schema)
    if not path:
        text = "DESCRIPTION:\n" + indent(4, wrap(76, description(resolved) or "<empty>")) + "\n"
        fields = field_list(resolved, 1, {}, recursive)
        return text + ("FIELDS:\n" + fields if fields else "")
    if ref and history.get(ref):
        return ""  # a cycle
    props = resolved.get("properties") or {}
    if path[0] in props:
        sub = props[path[0]]
        text = ""
        if len(path) == 1:
            text = f"FIELD: {path[0]} <{type_guess(sub)}>\n" + extract_enum(sub, long_view=True, limit=-1) + "\n\n"
        return text + output(sub, {}, path[1:], recursive)
    if "items" in resolved:
        return output(resolved["items"], after, path, recursive)
    if (value := _map_value(resolved)) is not None:
        return output(value, after, path, recursive)
    for sub in resolved.get("allOf", ()):
        text = output(sub, after, path, recursive)
        if text:
            return text
    return ""


def field_list(schema: load.Schema, level: int, history: dict[str, int], recursive: bool) -> str:
    ref = _ref(schema)
    if ref and history.get(ref):
        return ""
    after = {**history, ref: 1}
    resolved = _resolved(schema)
    text = ""
    for name in sorted(resolved.get("properties") or {}):
        text += field_detail(name, resolved, short=recursive, level=level)
        if recursive:
            text += field_list(resolved["properties"][name], level + 1, after, recursive)
    for sub in resolved.get("allOf", ()):
        text += field_list(sub, level, after, recursive)
    if "items" in resolved:
        text += field_list(resolved["items"], level, after, recursive)
    if (value := _map_value(resolved)) is not None:
        text += field_list(value, level, after, recursive)
    return text


def field_detail(name: str, schema: load.Schema, *, short: bool, level: int) -> str:
    pad = level * 2
    field = schema["properties"][name]
    text = indent(pad, name) + f"\t<{type_guess(field)}>"
    if name in (schema.get("required") or ()):
        text += " -required-"
    text += extract_enum(field, long_view=False, limit=4, pad=pad) + "\n"
    if not short:
        text += indent(pad + 2, wrap(78 - pad, field.get("description") or "<no description>")) + "\n\n"
    return text


def description(schema: load.Schema) -> str:
    resolved = _resolved(schema)
    text = resolved["description"] + "\n" if resolved.get("description") else ""
    for sub in resolved.get("allOf", ()):
        text += description(sub)
    if "items" in resolved:
        text += description(resolved["items"])
    if (value := _map_value(resolved)) is not None:
        text += description(value)
    return text


def type_guess(schema: load.Schema) -> str:
    if "items" in schema:
        return "[]" + type_guess(schema["items"])
    if (value := _map_value(schema)) is not None:
        return "map[string]" + type_guess(value)
    all_of = schema.get("allOf")
    if all_of and not schema.get("properties") and len(all_of) == 1:
        return type_guess(all_of[0])
    if ref := _ref(schema):
        target = load.schemas().get(ref.removeprefix(load.REF_PREFIX))
        if not target or target.get("type") in (None, "object"):
            return ref.rsplit("/", 1)[-1].rsplit(".", 1)[-1] or "Object"
        return target["type"]
    kind = schema.get("type")
    return "Object" if kind in (None, "object") else kind


def extract_enum(schema: load.Schema, *, long_view: bool, limit: int, pad: int = 0) -> str:
    values = schema.get("enum")
    if not values:
        return ""
    text = "ENUM:" if long_view else "\n" + " " * pad + "enum: "
    for i, value in enumerate(values):
        if limit > -1 and i >= limit:
            text += ", ...."
            break
        if i > 0 and not long_view:
            text += ", "
        elif long_view:
            text += "\n    "
        text += '""' if value == "" else str(value)
    return text


def indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def wrap(limit: int, text: str) -> str:
    """mitchellh/go-wordwrap WrapString: break at spaces so that lines stay within `limit`
    (a longer word stands alone); existing newlines are kept."""
    out: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for char in text:
        if char == "\n":
            out += space + word + ["\n"]
            space, word, current = [], [], 0
        elif char.isspace() and char != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out += space + word
                space, word = [], []
            space.append(char)
        else:
            word.append(char)
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= limit:
            out += space
    else:
        out += space + word
    return "".join(out)
