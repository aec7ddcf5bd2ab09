"""Manifest text to documents, within the limits kubectl's YAML and JSON decoders keep.

kubectl reads a manifest with sigs.k8s.io/yaml (go-yaml v2 underneath) and then
encoding/json, and both refuse what would exhaust a machine:
- go-yaml counts decode steps and the steps spent inside aliases (decode.go unmarshal,
  allowedAliasRatio): a "billion laughs" document fails with `document contains excessive
  aliasing` long before it expands; an alias inside its own anchor is `anchor 'a' value
  contains itself`.
- go-yaml's scanner stops past 10,000 nested flow collections (`line N: exceeded max depth of
  10000`), and the JSON decoder past 10,000 nested values (`invalid character '[' exceeded max
  depth`).
- `!!binary` scalars become strings of their bytes (invalid UTF-8 as U+FFFD, as JSON encoding
  of a Go string does), not byte strings.

PyYAML composes aliases as shared nodes, so the alias count is taken on the composed graph
before anything is built. Its scanner is quadratic in the nesting depth, so nesting is
bounded before parsing, by a linear scan of the flow brackets: past MAX_PARSED_DEPTH (deeper
than any manifest, and than what parses in a second) we stop with go-yaml's depth message,
where real kubectl would go on to the server's decoding error.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import yaml

MAX_DEPTH = 10000  # go-yaml max_flow_level; encoding/json maxNestingDepth
MAX_PARSED_DEPTH = 600  # about half a second of parsing; past it our JSON encoding would recurse too deep
ALIAS_RATIO_RANGE_LOW = 400_000
ALIAS_RATIO_RANGE_HIGH = 4_000_000


class DecodeError(ValueError):
    """What sigs.k8s.io/yaml says, without kubectl's `error parsing <source>: ` prefix."""


class _Loader(yaml.SafeLoader):
    def compose_document(self) -> yaml.Node:
        """Keeps the anchors' names (the composer forgets them after each document)."""
        anchors = self.anchors
        node = super().compose_document()
        self.anchor_names = {id(n): name for name, n in anchors.items()}
        return node


def _binary(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_yaml_binary(node).decode("utf-8", errors="replace")  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:binary", _binary)


def load_all(text: str) -> list[Any]:
    """Every document of `text`; DecodeError for what the decoders refuse. PyYAML's own
    errors (yaml.YAMLError) pass through for the caller to word."""
    _check_flow_depth(text)
    loader = _Loader(text)
    docs = []
    try:
        with _deep_enough():
            while loader.check_node():
                node = loader.get_node()
                _check_aliases(node, loader.anchor_names)
                docs.append(loader.construct_document(node))
    finally:
        loader.dispose()
    return docs


@contextlib.contextmanager
def _deep_enough() -> Iterator[None]:
    """PyYAML composes recursively, a few frames a level."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 6 * MAX_PARSED_DEPTH + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _check_flow_depth(text: str) -> None:
    """The deepest nesting of `[`/`{` outside quotes and comments, in one pass."""
    depth, line, quote = 0, 1, ""
    comment = False
    for i, ch in enumerate(text):
        if ch == "\n":
            line += 1
            comment = False
            continue
        if comment:
            continue
        if quote:
            if ch == quote and not (quote == '"' and text[i - 1] == "\\"):
                quote = ""
            continue
        if ch in "\"'" and (i == 0 or text[i - 1] in " \t[{,:\n-"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > min(MAX_DEPTH, MAX_PARSED_DEPTH):
                raise DecodeError(f"yaml: line {line}: exceeded max depth of {MAX_DEPTH}")
        elif ch in "]}" and depth:
            depth -= 1


def _allowed_alias_ratio(decodes: int) -> float:
    """go-yaml decode.go allowedAliasRatio: 99% for small documents, down to 10% for large."""
    if decodes <= ALIAS_RATIO_RANGE_LOW:
        return 0.99
    if decodes >= ALIAS_RATIO_RANGE_HIGH:
        return 0.10
    return 0.99 - 0.89 * (decodes - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW)


def _check_aliases(root: yaml.Node, names: dict[int, str]) -> None:
    """go-yaml's decoder walk, counted: every node decoded, and those decoded inside an alias.
    PyYAML composes an alias as the anchored node itself, so a node met again is an alias:
    the alias node and its expansion are one decode each, as upstream."""
    seen: set[int] = set()
    decodes = aliased = 0
    # (node, depth of aliases it is decoded under, anchored nodes being expanded)
    stack: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 0, frozenset())]
    while stack:
        node, alias_depth, expanding = stack.pop()
        if id(node) in seen:
            if id(node) in expanding:
                raise DecodeError(f"yaml: anchor '{names.get(id(node), '')}' value contains itself")
            decodes, aliased = _count(decodes + 1, aliased + (alias_depth > 0))
            alias_depth += 1
            expanding = expanding | {id(node)}
        seen.add(id(node))
        decodes, aliased = _count(decodes + 1, aliased + (alias_depth > 0))
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, alias_depth, expanding) for child in reversed(node.value)]
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack += [(value, alias_depth, expanding), (key, alias_depth, expanding)]


def _count(decodes: int, aliased: int) -> tuple[int, int]:
    if aliased > 100 and decodes > 1000 and aliased / decodes > _allowed_alias_ratio(decodes):
        raise DecodeError("yaml: document contains excessive aliasing")
    return decodes, aliased
