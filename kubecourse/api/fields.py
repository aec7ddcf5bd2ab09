"""Field checks and field-error texts, as the API server words them.

Models kubernetes/kubernetes: staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
(IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue,
IsConfigMapKey, IsValidPortNum, IsValidPortName, RegexError, MaxLenError) and
staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go (Error.ErrorBody).

What we learned from the source:
- Each check returns a list of messages; the caller turns each into one cause, so a name that
  is both too long and badly formed gives two causes for the same field.
- RegexError joins its examples as `'a',  or 'b', ` (the double space is upstream's).
- ErrorBody prints the bad value by its Go type: ints plainly, strings Go-quoted, everything
  else with `%#v` (a map is `map[string]string{"app":"x"}`, keys sorted by fmt).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kubecourse.api.errors import Cause

DNS1123_LABEL_MAX = 63
DNS1123_SUBDOMAIN_MAX = 253
LABEL_VALUE_MAX = 63
QUALIFIED_NAME_MAX = 63
PORT_NAME_MAX = 15

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + r"(\." + _DNS1123_LABEL + ")*"
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = "(" + _QUALIFIED_NAME + ")?"
_CONFIG_MAP_KEY = "[-._a-zA-Z0-9]+"

_QUALIFIED_NAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                       "with an alphanumeric character")


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(f"^(?:{pattern})$")


_RE = {p: _full(p) for p in (_DNS1123_LABEL, _DNS1123_SUBDOMAIN, _DNS1035_LABEL, _QUALIFIED_NAME,
                             _LABEL_VALUE, _CONFIG_MAP_KEY)}
_PORT_NAME_CHARSET = re.compile(r"^[-a-z0-9]+$")
_PORT_NAME_LETTER = re.compile(r"[a-z]")


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def max_len_error(n: int) -> str:
    return f"must be no more than {n} characters"


def _check(value: str, max_len: int, pattern: str, msg: str, *examples: str) -> list[str]:
    errs = [max_len_error(max_len)] if len(value) > max_len else []
    if not _RE[pattern].match(value):
        errs.append(regex_error(msg, pattern, *examples))
    return errs


def dns1123_label(value: str) -> list[str]:
    return _check(value, DNS1123_LABEL_MAX, _DNS1123_LABEL,
                  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                  "and must start and end with an alphanumeric character", "my-name", "123-abc")


def dns1123_subdomain(value: str) -> list[str]:
    return _check(value, DNS1123_SUBDOMAIN_MAX, _DNS1123_SUBDOMAIN,
                  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
                  "'.', and must start and end with an alphanumeric character", "example.com")


def dns1035_label(value: str) -> list[str]:
    return _check(value, DNS1123_LABEL_MAX, _DNS1035_LABEL,
                  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                  "alphabetic character, and end with an alphanumeric character", "my-name", "abc-123")


def name_rule(check: Any) -> Any:
    """apimachinery's NameIs* functions: a generateName prefix may end in '-' (maskTrailingDash)."""

    def rule(name: str, prefix: bool) -> list[str]:
        if prefix and len(name) > 1 and name.endswith("-"):
            name = name[:-2] + "a"
        return check(name)

    return rule


name_is_dns_subdomain = name_rule(dns1123_subdomain)
name_is_dns_label = name_rule(dns1123_label)
name_is_dns1035_label = name_rule(dns1035_label)


def qualified_name(value: str) -> list[str]:
    parts = value.split("/")
    errs: list[str] = []
    if len(parts) > 2:
        return ["a qualified name " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name",
                                                  "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs += ["prefix part " + m for m in dns1123_subdomain(prefix)]
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > QUALIFIED_NAME_MAX:
        errs.append("name part " + max_len_error(QUALIFIED_NAME_MAX))
    if not _RE[_QUALIFIED_NAME].match(name):
        errs.append("name part " + regex_error(_QUALIFIED_NAME_MSG, _QUALIFIED_NAME, "MyName", "my.name",
                                               "123-abc"))
    return errs


def label_value(value: str) -> list[str]:
    return _check(value, LABEL_VALUE_MAX, _LABEL_VALUE,
                  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                  "'.', and must start and end with an alphanumeric character", "MyValue", "my_value", "12345")


def config_map_key(value: str) -> list[str]:
    errs = _check(value, DNS1123_SUBDOMAIN_MAX, _CONFIG_MAP_KEY,
                  "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                  "key.name", "KEY_NAME", "key-name")
    if value == ".":
        errs.append("must not be '.'")
    elif value == "..":
        errs.append("must not be '..'")
    elif value.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else ["must be between 1 and 65535, inclusive"]


def port_name(name: str) -> list[str]:
    errs = [max_len_error(PORT_NAME_MAX)] if len(name) > PORT_NAME_MAX else []
    if not _PORT_NAME_CHARSET.match(name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    elif not _PORT_NAME_LETTER.search(name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name and (name[0] == "-" or name[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


# --- how a field error prints its bad value (field.Error.ErrorBody) ---------------------------


def go_quote(s: str) -> str:
    """Go's %q of a string (close enough: Go escapes control characters as \\x01, we as \\u0001)."""
    return json.dumps(s, ensure_ascii=False)


def go_string_map(m: Mapping[str, str] | None) -> str:
    """%#v of a map[string]string; nil and empty differ, as in Go."""
    if m is None:
        return "map[string]string(nil)"
    return "map[string]string{" + ", ".join(f"{go_quote(k)}:{go_quote(v)}" for k, v in sorted(m.items())) + "}"


def go_strings(values: Iterable[str] | None) -> str:
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def go_value(value: Any) -> str:
    """The bad value as ErrorBody prints it: `null` for nil, ints plainly, strings quoted."""
    if value is None:
        return '"null"'
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, Mapping):
        return go_string_map(value)
    return str(value)


# --- causes ---------------------------------------------------------------------------------


def invalid(path: str, value: Any, detail: str) -> Cause:
    return Cause(path, f"Invalid value: {go_value(value)}: {detail}", "FieldValueInvalid")


def required(path: str, detail: str = "") -> Cause:
    return Cause(path, "Required value" + (f": {detail}" if detail else ""), "FieldValueRequired")


def duplicate(path: str, value: Any) -> Cause:
    return Cause(path, f"Duplicate value: {go_value(value)}", "FieldValueDuplicate")


def not_found(path: str, value: Any) -> Cause:
    return Cause(path, f"Not found: {go_value(value)}", "FieldValueNotFound")


def forbidden(path: str, detail: str) -> Cause:
    return Cause(path, f"Forbidden: {detail}", "FieldValueForbidden")


def not_supported(path: str, value: Any, supported: Iterable[str]) -> Cause:
    """`Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"` (field.NotSupported)."""
    listed = ", ".join(go_quote(s) for s in supported)
    return Cause(path, f"Unsupported value: {go_value(value)}: supported values: {listed}", "FieldValueNotSupported")


def each(path: str, value: Any, messages: list[str]) -> list[Cause]:
    """One Invalid cause per message of a check."""
    return [invalid(path, value, m) for m in messages]
