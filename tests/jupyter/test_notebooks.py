"""Every course notebook runs headless, end to end, without an error or a traceback, and
reproduces the outputs committed with it: text exactly, pictures by what they show.

scripts/execute_notebooks.py executes and saves them; a notebook whose committed outputs
differ from what the code prints now fails here, so outputs never drift from the code."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import nbformat
import pytest
from support import scripts

from kubecourse.jupyter import printed

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOWS_ERROR = "shows-error"  # the cell tag of a command run to show its error
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PICTURES = ("image/svg+xml", "image/png")
execute_notebooks = scripts.load("execute_notebooks")
execute = execute_notebooks.execute  # a fresh execution, for tests that change what they get (test_browser)


@cache
def executed(path: Path) -> nbformat.NotebookNode:
    """The notebook executed once per test session, as scripts/execute_notebooks.py saves it."""
    return execute_notebooks.execute(path)


def outputs(nb: nbformat.NotebookNode) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def text_of(output: nbformat.NotebookNode) -> str:
    """What an output says as text: a stream's text, or a display's text/plain (kubectl's
    stdout is a display, kubecourse/jupyter/printed.py)."""
    if output.output_type == "stream":
        return output.text
    return output.get("data", {}).get("text/plain", "")


def picture_facts(markup: str) -> list[str]:
    """What a picture shows, whichever graphviz drew it: the titles and texts of its SVG
    (node and edge names, labels), also inside `<img>` data URIs."""
    for encoded in re.findall(r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)', markup):
        markup += base64.b64decode(encoded).decode()
    return re.findall(r"<(?:title|text)[^>]*>([^<]*)</", markup)


def comparable(output: nbformat.NotebookNode) -> dict:
    """An output as the comparison sees it: streams and text exactly, a widget's model id
    dropped (it is random), pictures as picture_facts."""
    if output.output_type == "stream":
        return {"stream": output.name, "text": output.text}
    if output.output_type == "error":
        return {"error": output.ename, "value": output.evalue}
    seen: dict = {"type": output.output_type}
    for mime, value in output.get("data", {}).items():
        if mime == WIDGET_VIEW:
            seen[mime] = True
        elif mime in PICTURES or (mime == "text/html" and ("<svg" in value or "<img" in value)):
            seen[mime] = picture_facts(value if isinstance(value, str) else "")
        else:
            seen[mime] = value
    return seen


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["00-start-here.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_without_errors(path):
    nb = executed(path)
    errors = [o for o in outputs(nb) if o.output_type == "error"]
    assert errors == []
    stderr = [(c.source, o.text) for c in nb.cells if c.cell_type == "code" and SHOWS_ERROR not in c.metadata.get("tags", ())
              for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_reproduces_its_committed_outputs(path):
    committed = nbformat.read(path, as_version=4)
    assert WIDGET_VIEW not in str(committed.metadata.get("widgets", "")), "widget state is committed"
    for cell, again in zip(committed.cells, executed(path).cells, strict=True):
        if cell.cell_type == "code":
            assert [comparable(o) for o in again.outputs] == [comparable(o) for o in cell.outputs], (
                f"{path.name}: the outputs of\n{cell.source}\nchanged; run scripts/execute_notebooks.py")


def test_start_here_shows_the_deployment_reaching_three_running_pods():
    nb = executed(NOTEBOOKS[0])
    shown = outputs(nb)
    assert {o.output_type for o in shown} == {"stream", "display_data"}
    displays = [o.data for o in shown if o.output_type == "display_data"]
    kubectl = [d for d in displays if d["text/html"].startswith(f'<pre class="{printed.CLASS}"')]
    assert kubectl == [printed.bundle(d["text/plain"]) for d in kubectl]
    assert [d["text/plain"] for d in displays if d not in kubectl] == [
        "<ServiceMap svc/kubia (namespace default) at 2025-01-01 00:01:10>"]
    text = "".join(map(text_of, shown))
    assert "deployment.apps/kubia created\n" in text
    assert "kind-control-plane   Ready    control-plane" in text
    after_advance = text.split("virtual time is now 2025-01-01 00:00:30 UTC\n", 1)[1]
    assert after_advance.count("Running") >= 3
    # after the deletions, three replacements run and the deleted pods are gone
    replaced = text.split("virtual time is now 2025-01-01 00:01:10 UTC\n", 1)[1].split("Name:", 1)[0]
    rows = replaced.splitlines()[1:]
    assert len(rows) == 3 and all(" 1/1     Running " in r for r in rows)
    # the Service spreads requests over the running pods, which answer as the book's kubia:v1
    answers = [line for line in text.splitlines() if line.startswith("This is v1 running in pod ")]
    pods = {r.split()[0] for r in rows}
    assert len(answers) == 4 and {a.rsplit(" ", 1)[1] for a in answers} <= pods
    assert len({a.rsplit(" ", 1)[1] for a in answers}) > 1
