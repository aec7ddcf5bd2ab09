"""The course as a learner on Binder meets it: JupyterLab in a real browser (Debian's
chromium driven by Playwright), Run All from the menu, and what the output areas show.

What this depends on: the kernel is ready only when the status
bar reads "<kernel> | Idle"; Run All has no keyboard shortcut, so we use the Run menu.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from support.labserver import LabServer, require
from test_notebooks import NOTEBOOKS, execute

require(importlib.util.find_spec("pytest_playwright") is not None,
        "pytest-playwright is not installed (pip install -e '.[test]')")

pytestmark = pytest.mark.browser

START_HERE = "00-start-here.ipynb"


def intended_errors(name: str = START_HERE) -> list[str]:
    """The stderr texts the chapter means to show: its cells tagged `shows-error` (a learner
    sees kubectl refuse something on purpose); any other stderr output is a failure."""
    nb = nbformat.read(NOTEBOOKS[0].parent / name, as_version=4)
    return [out.text.strip() for cell in nb.cells if "shows-error" in cell.metadata.get("tags", [])
            for out in cell.get("outputs", []) if out.get("name") == "stderr"]
# Stream output to stderr and tracebacks both render with this mime type.
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
KERNEL_IDLE = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .some(e => /\\| Idle$/.test(e.textContent.trim()) && !e.textContent.includes('No Kernel'))"""
# Run All is over when every code cell shows its execution count ("[7]:"), or when a cell
# failed: Lab then stops, and the cells after it go back from queued ("[*]:") to unrun ("[ ]:").
RUN_ALL_OVER = """stderr => {
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(e => e.textContent.trim());
    const failed = document.querySelector(stderr) !== null;
    return prompts.every(p => /^\\[\\d+\\]:$/.test(p)) || (failed && !prompts.includes('[*]:'));
}"""
# Output text that the browser draws on more lines than it has: Lab renders stream outputs
# with `white-space: pre-wrap; word-break: break-all`, so a table wider than the notebook
# would break mid-word and its columns no longer line up (kubecourse/jupyter/printed.py).
# clientHeight leaves out the horizontal scrollbar of a table that scrolls sideways.
WRAPPED_OUTPUTS = """() => [...document.querySelectorAll('.jp-OutputArea-output pre')].map(e => {
    const lines = e.textContent.replace(/\\n$/, '').split('\\n');
    const shown = Math.round(e.clientHeight / parseFloat(getComputedStyle(e).lineHeight));
    return [lines[0], shown - lines.length];
}).filter(([, extra]) => extra !== 0)"""
# How a kubectl table is drawn: its white-space, and whether it is wider than its box.
KUBECTL_PRE = """e => ({whiteSpace: getComputedStyle(e).whiteSpace, overflowX: getComputedStyle(e).overflowX,
                   scrolls: e.scrollWidth > e.clientWidth})"""
# Where the text of each kind of output starts and its font: kubectl's tables (HTML) and the
# magics' own messages (streams) should look alike.
TEXT_LOOK = """() => ['.jp-RenderedText pre', 'pre.kc-kubectl'].map(sel => {
    const e = document.querySelector(sel), range = document.createRange(), style = getComputedStyle(e);
    range.selectNodeContents(e);
    return {left: Math.round(range.getBoundingClientRect().left), fontSize: style.fontSize,
            fontFamily: style.fontFamily, lineHeight: style.lineHeight};
})"""
# Untrusted HTML never keeps an event handler: the probe's onclick is gone when Lab sanitized it.
SANITIZER_PROBE = '<div class="kc-sanitizer-probe" onclick="void 0">probe</div>'


def assert_tables_read_like_streams(page, source: str) -> None:
    """What the learner sees of the kubectl table printed by `source`: it does not wrap, a table
    wider than the notebook scrolls sideways, and its text starts where the stream text starts,
    in the same font, size and line height."""
    assert page.evaluate(WRAPPED_OUTPUTS) == []
    table = code_cell(page, source).locator("pre.kc-kubectl")
    assert table.evaluate(KUBECTL_PRE) == {"whiteSpace": "pre", "overflowX": "auto", "scrolls": True}
    stream, html = page.evaluate(TEXT_LOOK)
    assert html == stream


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A desktop learner's window with Lab's file browser open, as Binder opens it: at 1280 px
    the 150-column `-o wide` tables of the start-here notebook are wider than the notebook."""
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


def open_and_run_all(page, lab: LabServer, name: str) -> None:
    """Open a fresh copy of the start-here notebook, wait for its kernel and Run All."""
    page.goto(lab.url(lab.copy(START_HERE, name)))
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    assert page.locator(".jp-FileBrowser").is_visible()
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(RUN_ALL_OVER, arg=STDERR, timeout=60_000)


def code_cell(page, source: str):
    """The code cell whose whole (one-line) source is `source`."""
    return page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea-editor", has_text=re.compile(f"^{re.escape(source)}$")))


def output_text(page, source: str) -> str:
    """The cell's output text. textContent, not innerText: Lab's default windowing mode
    (contentVisibility) leaves cells scrolled out of view unrendered, and innerText is empty there."""
    return code_cell(page, source).locator(".jp-OutputArea-output").text_content()


def test_start_here_runs_in_jupyterlab(page, lab: LabServer, tmp_path: Path):
    open_and_run_all(page, lab, "start-here-run-all.ipynb")

    assert [t.strip() for t in page.locator(STDERR).all_inner_texts()] == intended_errors()
    pods = output_text(page, "%kubectl get pods -o wide").splitlines()
    assert pods[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                               "NOMINATED", "NODE", "READINESS", "GATES"]
    rows = pods[1:]
    assert len(rows) == 3
    assert [r.split()[1:5] for r in rows] == [["1/1", "Running", "0", "30s"]] * 3
    # the columns line up in the text a learner reads: STATUS starts at the same place in every row
    assert {line.index("Running") for line in rows} == {pods[0].index("STATUS")}

    describe = output_text(page, "%kubectl describe deployment kubia")
    assert describe.startswith("Name:                   kubia\n")
    assert "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable" in describe
    assert "Scaled up replica set kubia-" in describe

    assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    assert_tables_read_like_streams(page, "%kubectl get pods -o wide")
    code_cell(page, "%kubectl get pods -o wide").screenshot(path=tmp_path / "get-pods-wide.png")
    code_cell(page, "%kubectl describe deployment kubia").screenshot(path=tmp_path / "describe.png")


def test_saved_outputs_opened_untrusted_keep_their_tables_unwrapped(page, lab: LabServer, tmp_path: Path):
    """A notebook opened with outputs it did not make here (committed ones, as on Binder) is
    untrusted: Lab sanitizes its HTML, and the tables must still read as they do live."""
    nb = execute(NOTEBOOKS[0])
    nb.cells.append(nbformat.v4.new_code_cell("probe", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": SANITIZER_PROBE, "text/plain": "probe"})]))
    nbformat.write(nb, lab.root / "start-here-saved.ipynb")
    page.goto(lab.url("start-here-saved.ipynb"))
    code_cell(page, "%kubectl get pods -o wide").locator("pre.kc-kubectl").wait_for(timeout=60_000)
    probe = page.locator(".kc-sanitizer-probe")
    probe.wait_for(state="attached", timeout=60_000)
    assert probe.get_attribute("onclick") is None  # these outputs went through the sanitizer
    assert_tables_read_like_streams(page, "%kubectl get pods -o wide")
    page.screenshot(path=tmp_path / "saved.png", full_page=True)


def test_a_magic_error_shows_kubectls_message_not_a_traceback(page, lab: LabServer, tmp_path: Path):
    open_and_run_all(page, lab, "start-here-bad-flag.ipynb")

    # What a learner does: select the last cell, `b` (command mode) adds a cell below, type, run.
    page.locator(".jp-Notebook .jp-Cell").last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.locator(".jp-Notebook .jp-Cell.jp-mod-active .cm-content").click()
    page.keyboard.type("%kubectl get pods --foo")
    page.keyboard.press("Shift+Enter")

    error = code_cell(page, "%kubectl get pods --foo").locator(STDERR)
    error.wait_for(timeout=30_000)
    assert error.inner_text().splitlines() == ["error: unknown flag: --foo",
                                               "See 'kubectl get --help' for usage."]
    assert page.locator(STDERR).count() == len(intended_errors()) + 1
    assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    code_cell(page, "%kubectl get pods --foo").screenshot(path=tmp_path / "bad-flag.png")
