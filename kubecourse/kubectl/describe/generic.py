"""describe for a kind with no describer of its own (kubectl has none for Events): its
name, namespace, labels and annotations, then every other field of the object.

Models kubernetes/kubectl: pkg/describe/describe.go genericDescriber,
printUnstructuredContent, smartLabelFor.

What we learned from the source: fields print in sorted order with a readable label
(`involvedObject` -> `Involved Object`, `apiVersion` -> `API Version`; a field with
characters other than letters and `-` keeps its name); a map opens an indented block, a
list prints each element one level deeper, a scalar is `Label:\\tvalue`. managedFields and
the four fields printed first are skipped.
"""

from __future__ import annotations

import re
from typing import Any

from kubecourse.kubectl.describe import events
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import LEVEL_0, PrefixWriter, annotations_multiline, labels_multiline

SKIP = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
        ".metadata.annotations")
ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|-")


def describe_generic(obj: Any, view: View) -> str:
    w = PrefixWriter()
    meta = obj.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace or ''}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    _content(w, LEVEL_0, obj.to_wire(), "")
    events.section(w, view, obj)
    return w.text()


def smart_label(field: str) -> str:
    if not all(c.isalpha() or c == "-" for c in field):
        return field
    words = [p.upper() if p.upper() in ACRONYMS else p[:1].upper() + p[1:] for p in _WORD.findall(field)]
    return " ".join(words)


def _content(w: PrefixWriter, level: int, content: dict[str, Any], path: str) -> None:
    for field in sorted(content):
        value, here = content[field], f"{path}.{field}"
        if here in SKIP:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label(field)}:\n")
            _content(w, level + 1, value, here)
        elif isinstance(value, list):
            w.write(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _content(w, level + 1, child, here)
                else:
                    w.write(level + 1, f"{_scalar(child)}\n")
        else:
            w.write(level, f"{smart_label(field)}:\t{_scalar(value)}\n")


def _scalar(value: Any) -> str:
    """Go's %v of a JSON scalar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
