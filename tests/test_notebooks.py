"""Every course notebook runs headless, end to end, without an error or a traceback."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kubecourse.jupyter import printed

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def text_of(output: nbformat.NotebookNode) -> str:
    """What an output says as text: a stream's text, or a display's text/plain (kubectl's
    stdout is a display, kubecourse/jupyter/printed.py)."""
    if output.output_type == "stream":
        return output.text
    return output.get("data", {}).get("text/plain", "")


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["00-start-here.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_without_errors(path):
    nb = execute(path)
    errors = [o for o in outputs(nb) if o.output_type == "error"]
    assert errors == []
    stderr = [o.text for o in outputs(nb) if o.output_type == "stream" and o.name == "stderr"]
    assert stderr == []


def test_start_here_shows_the_deployment_reaching_three_running_pods():
    nb = execute(NOTEBOOKS[0])
    shown = outputs(nb)
    assert {o.output_type for o in shown} == {"stream", "display_data"}
    displays = [o.data for o in shown if o.output_type == "display_data"]
    assert displays == [printed.bundle(d["text/plain"]) for d in displays]
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
