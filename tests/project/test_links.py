"""Links resolve: between the notebooks, and from the README to the notebooks and to
Binder, and the README's course table is the one scripts/course_table.py writes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from support import scripts

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")
course_table = scripts.load("course_table")


def links(markdown: str) -> list[str]:
    return LINK.findall(markdown)


def markdown_of(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def resolves(base: Path, link: str) -> bool:
    """A relative link names a file; a Binder link opens a notebook that exists."""
    parts = urlsplit(link)
    if parts.netloc == "mybinder.org" and parts.path.startswith("/v2/gh/"):
        opened = parse_qs(parts.query)["urlpath"][0].removeprefix("lab/tree/")
        return (ROOT / opened).is_file()
    if parts.scheme:
        return parts.scheme == "https"
    return (base / parts.path).exists() if parts.path else True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebooks_links_resolve(path: Path) -> None:
    found = links(markdown_of(path))
    assert [link for link in found if not resolves(path.parent, link)] == []


def test_the_readmes_links_resolve_and_it_links_every_chapter() -> None:
    found = links((ROOT / "README.md").read_text())
    assert [link for link in found if not resolves(ROOT, link)] == []
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in found
        assert course_table.binder_url(path.name) in found


def test_the_course_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text()
    assert course_table.rewritten(readme) == readme, "run scripts/course_table.py"
