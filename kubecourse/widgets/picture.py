"""A picture as plain data: nodes, edges and rows of nodes drawn side by side, then the one
step that turns it into a graphviz graph and SVG.

The pictures' builders (revisions.py, services.py) return a Picture, so tests read its
nodes, labels and edges directly; only `digraph()` and `svg()` touch graphviz, and only
`svg()` runs the `dot` binary.
"""

from __future__ import annotations

import base64
import html
import itertools
from dataclasses import dataclass, field

import graphviz

FONT = "Helvetica"

# Fill colours of the states a picture shows. Each state is also written in the node's text
# and has its own border style, so nothing relies on colour alone.
READY = "#c8e6c9"
NOT_READY = "#ffe0b2"
PENDING = "#eeeeee"
TERMINATING = "#ffcdd2"
NEUTRAL = "#ffffff"
ATTENTION = "#fff59d"
DIMMED = "#f5f5f5"


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # lines separated by "\n"; plain text (escaped when drawn)
    fill: str = NEUTRAL
    shape: str = "box"
    style: str = "filled,rounded"  # "dashed" for what is going away, "bold" for what is current
    tooltip: str = ""

    @property
    def lines(self) -> list[str]:
        return self.label.split("\n")


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    label: str = ""
    style: str = "solid"


@dataclass
class Picture:
    """What a widget draws. `rows` lists node ids that sit side by side, in order."""

    title: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (text, fill, style)

    @classmethod
    def missing(cls, title: str, what: str, namespace: str) -> Picture:
        """The picture of an object that does not exist (yet, or any more)."""
        return cls(title, [Node("missing", f"{what} not found in namespace {namespace}", fill=ATTENTION)])

    def node(self, id: str) -> Node:
        return next(n for n in self.nodes if n.id == id)

    def has_node(self, id: str) -> bool:
        return any(n.id == id for n in self.nodes)

    def add(self, node: Node) -> str:
        self.nodes.append(node)
        return node.id

    def link(self, tail: str, head: str, label: str = "", style: str = "solid") -> None:
        self.edges.append(Edge(tail, head, label, style))

    def digraph(self) -> graphviz.Digraph:
        g = graphviz.Digraph(name=self.title, graph_attr={"rankdir": "TB", "fontname": FONT, "fontsize": "11",
                                                          "label": self.title, "labelloc": "t", "nodesep": "0.25",
                                                          "ranksep": "0.45"},
                             node_attr={"fontname": FONT, "fontsize": "10"}, edge_attr={"fontname": FONT,
                                                                                        "fontsize": "9"})
        for n in self.nodes:
            g.node(n.id, label=n.label.replace("\\", "\\\\").replace("\n", "\\l") + "\\l", shape=n.shape,
                   style=n.style, fillcolor=n.fill, tooltip=n.tooltip or n.lines[0])
        for e in self.edges:
            g.edge(e.tail, e.head, label=e.label, style=e.style)
        for row in self.rows:
            with g.subgraph() as same:
                same.attr(rank="same")
                for a, b in itertools.pairwise(row):
                    same.edge(a, b, style="invis")
        if self.legend:
            with g.subgraph() as bottom:
                bottom.attr(rank="sink")  # below the picture: narrower than beside it
                bottom.node("legend", label=_legend_label(self.legend), shape="plaintext")
        return g

    def dot(self) -> str:
        return self.digraph().source

    def svg(self) -> str:
        svg = self.digraph().pipe(format="svg", encoding="utf-8")
        # No <?xml?> or DOCTYPE before it is inlined; and it shrinks to the notebook's width
        # (its viewBox keeps the proportions) rather than being cut off at the right.
        return svg[svg.index("<svg"):].replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)


def _legend_label(entries: list[tuple[str, str, str]]) -> str:
    """An HTML-like graphviz table: one swatch per state, its name beside it."""
    cells = "".join(f'<TR><TD BGCOLOR="{fill}" STYLE="{"dashed" if "dashed" in style else "rounded"}" '
                    f'WIDTH="14"> </TD><TD ALIGN="LEFT">{html.escape(text)}</TD></TR>'
                    for text, fill, style in entries)
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2"><TR><TD COLSPAN="2" BORDER="0"><B>legend</B></TD></TR>{cells}</TABLE>>'


def img_html(svg: str, alt: str, css_class: str) -> str:
    """The static fallback: an <img> with the SVG as a data URI. An untrusted notebook's HTML
    sanitizer strips inline <svg> but keeps this."""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img class="{css_class}" alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}"/>'
