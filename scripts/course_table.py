"""Write the README's course table: each chapter's notebook, its Binder badge, what it
teaches and its exercises, from the notebooks themselves and kubecourse.course.

    python scripts/course_table.py          (rewrites README.md; tests/project/test_links.py checks it is current)

The Binder URL is built here and only here: once the repository is published, set
REPOSITORY and run this script; it also rewrites the badge at the top of the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NOTEBOOKS = ROOT / "notebooks"
REPOSITORY = "<org>/<repo>"  # the GitHub owner/name, once published
BADGE = "https://mybinder.org/badge_logo.svg"
BEGIN = "<!-- course table: written by scripts/course_table.py -->"
END = "<!-- end of course table -->"


def binder_url(notebook: str) -> str:
    """mybinder.org's URL opening `notebook` (a path under notebooks/) in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def title(path: Path) -> str:
    """The chapter's title: its first markdown heading, without the number."""
    nb = nbformat.read(path, as_version=4)
    heading = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    words = heading.splitlines()[0].removeprefix("# ").split(" ", 1)
    return words[1] if words[0][:2].isdigit() else " ".join(words)


def table() -> str:
    from kubecourse import course

    rows = ["| Chapter | Open | Exercises |", "| --- | --- | --- |"]
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        number = path.name[:2]
        exercises = ", ".join(e for e in course.EXERCISES if e.startswith(f"{number}.")) or "-"
        rows.append(f"| {number} [{title(path)}](notebooks/{path.name}) "
                    f"| [![Binder]({BADGE})]({binder_url(path.name)}) | {exercises} |")
    return "\n".join([BEGIN, *rows, END])


def rewritten(text: str) -> str:
    """The README with the current course table and top badge."""
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    lines = head.split("\n")
    top = next(i for i, line in enumerate(lines) if line.startswith("[![Binder]("))
    lines[top] = f"[![Binder]({BADGE})]({binder_url('00-start-here.ipynb')})"
    return "\n".join(lines) + table() + tail


def main() -> int:
    README.write_text(rewritten(README.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
