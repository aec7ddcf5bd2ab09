"""RevisionGraph and ServiceMap in a real browser: JupyterLab on loopback, Debian's chromium
through Playwright. The widgets draw, follow a cell that changes the cluster (a new
ReplicaSet appears; a relabelled pod leaves the endpoints), and the replay slider takes the
picture back to the first instant."""

from __future__ import annotations

import base64
import importlib.util
import shutil
from pathlib import Path

import nbformat
import pytest
from support.labserver import LabServer, require
from test_browser import KERNEL_IDLE, RUN_ALL_OVER, STDERR
from test_notebooks import execute

require(importlib.util.find_spec("pytest_playwright") is not None,
        "pytest-playwright is not installed (pip install -e '.[test]')")

pytestmark = pytest.mark.browser

SHOTS = Path("/work/wt/widgets-shots")  # copies for the lead's note, when that folder exists
SETUP = """\
import kubecourse
from kubecourse.widgets import RevisionGraph, ServiceMap
cluster = kubecourse.Cluster()
cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=3")
cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
cluster.advance(60)

def change():
    \"\"\"Take one pod out of the Service by relabelling it, and roll out v2.\"\"\"
    pod = cluster.kubectl("get pods -l app=kubia -o name").stdout.split()[0]
    cluster.kubectl(["label", pod, "app=elsewhere", "--overwrite"])
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    cluster.advance(2)
    print("relabelled", pod.removeprefix("pod/"))"""
GRAPH = ".kc-revision-graph .kc-picture svg"
MAP = ".kc-service-map .kc-picture svg"
# Node titles in graphviz's SVG are the node ids of kubecourse/widgets/picture.py.
NODE_IDS = """svg => [...svg.querySelectorAll('g.node > title')].map(t => t.textContent)"""
NODE_TEXT = """([svg, id]) => [...svg.querySelectorAll('g.node')]
    .filter(g => g.querySelector('title').textContent === id)
    .map(g => [...g.querySelectorAll('text')].map(t => t.textContent).join('\\n'))[0]"""


def notebook(path: Path, *more: str) -> None:
    cells = [SETUP, 'graph = RevisionGraph(cluster, "deploy/kubia")\ngraph',
             'services = ServiceMap(cluster, "svc/kubia")\nservices', *more]
    kernel = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells], metadata={"kernelspec": kernel})
    nbformat.write(nb, path)


def revisions(page) -> list[str]:
    return [i for i in page.locator(GRAPH).evaluate(NODE_IDS) if i.startswith("rs/")]


def endpoints_text(page) -> str:
    svg = page.locator(MAP).element_handle()
    return page.evaluate(NODE_TEXT, [svg, "endpoints"])


def test_widgets_draw_follow_the_cluster_and_replay(page, lab: LabServer, tmp_path: Path):
    artifacts = tmp_path / "test-artifacts"
    artifacts.mkdir()
    notebook(lab.root / "widgets.ipynb")
    page.goto(lab.url("widgets.ipynb"))
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(RUN_ALL_OVER, arg=STDERR, timeout=60_000)
    page.locator(GRAPH).wait_for(timeout=60_000)
    page.locator(MAP).wait_for(timeout=60_000)
    assert page.locator(STDERR).count() == 0
    assert len(revisions(page)) == 1
    before = endpoints_text(page)
    assert before.count(" · ready") == 3
    page.locator(".kc-revision-graph").screenshot(path=artifacts / "revision-graph-before.png")

    # What a learner does: a new cell below the last one, typed and run with Shift+Enter.
    page.locator(".jp-Notebook .jp-Cell").last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.locator(".jp-Notebook .jp-Cell.jp-mod-active .cm-content").click()
    page.keyboard.type("change()")
    page.keyboard.press("Shift+Enter")
    relabelled = page.locator(".jp-OutputArea-output", has_text="relabelled")
    relabelled.wait_for(timeout=30_000)
    pod = relabelled.inner_text().split()[-1]

    page.wait_for_function(f"() => [...document.querySelectorAll('{GRAPH} g.node > title')]"
                           ".filter(t => t.textContent.startsWith('rs/')).length === 2", timeout=30_000)
    assert pod in before
    page.wait_for_function("([sel, pod]) => { const e = [...document.querySelector(sel).querySelectorAll('g.node')]"
                           ".find(g => g.querySelector('title').textContent === 'endpoints');"
                           " return e && !e.textContent.includes(pod); }", arg=[MAP, pod], timeout=30_000)
    near_miss = page.evaluate(NODE_TEXT, [page.locator(MAP).element_handle(), f"pod/{pod}"])
    assert "not selected: app=kubia (has app=elsewhere)" in near_miss
    assert page.locator(STDERR).count() == 0
    page.locator(".kc-revision-graph").screenshot(path=artifacts / "revision-graph-after.png")
    page.locator(".kc-service-map").screenshot(path=artifacts / "service-map-after.png")

    # Replay: the slider's handle to its first instant (Home), and the picture goes back.
    handle = page.locator(".kc-revision-graph .kc-replay .noUi-handle")
    handle.focus()
    handle.press("Home")
    page.wait_for_function(f"() => [...document.querySelectorAll('{GRAPH} g.node > title')]"
                           ".filter(t => t.textContent.startsWith('rs/')).length < 2", timeout=30_000)
    assert "live" not in page.locator(".kc-revision-graph .kc-when").inner_text()
    page.locator(".kc-revision-graph").screenshot(path=artifacts / "revision-graph-replayed.png")
    if SHOTS.is_dir():
        for name in ("revision-graph-after.png", "service-map-after.png"):
            shutil.copy(artifacts / name, SHOTS / name)


def test_saved_outputs_opened_untrusted_show_the_latest_pictures(page, lab: LabServer, tmp_path: Path):
    """A notebook committed with outputs is untrusted when opened: Lab runs no widget and
    sanitizes the HTML. The fallback <img> survives, and holds the picture after the last cell."""
    notebook(lab.root / "widgets-saved.ipynb", "change()")
    nb = execute(lab.root / "widgets-saved.ipynb")
    nbformat.write(nb, lab.root / "widgets-saved.ipynb")
    page.goto(lab.url("widgets-saved.ipynb"))
    graph = page.locator("img.kc-static[alt^='RevisionGraph']")
    graph.wait_for(timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('img.kc-static')]"
                           ".every(img => img.complete && img.naturalWidth > 0)", timeout=30_000)
    assert page.locator("img.kc-static").count() == 2
    assert page.locator(".kc-revision-graph").count() == 0  # no live widget here
    saved = nb.cells[1].outputs[0].data["text/html"]
    assert graph.get_attribute("src") == saved.split('src="')[1].split('"')[0]
    assert "revision 2" in base64.b64decode(saved.split("base64,")[1].split('"')[0]).decode()
    graph.screenshot(path=tmp_path / "saved-revision-graph.png")
