"""Execute the course notebooks headless and save them in place, outputs included.

    python scripts/execute_notebooks.py [NOTEBOOK ...]     (default: every notebooks/*.ipynb)

Each notebook runs in a fresh kernel whose working directory is notebooks/, with this
checkout first on the kernel's import path, so its outputs are this code's. Saved without
widget state (static viewers show the widgets' picture fallbacks, and no CDN is needed),
without timings, with each stream's text in one output, and with execution counts from 1,
so an unchanged notebook re-executes to the same file. tests/test_notebooks.py re-executes them and compares.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_STATE_KEY = "widgets"


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at `path`, executed in a fresh kernel (nothing is written)."""
    nb = nbformat.read(path, as_version=4)
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), previous]))
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False, record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous
    nb.metadata.pop(WIDGET_STATE_KEY, None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesced(cell.outputs)
    return nb


def coalesced(outputs: list) -> list:
    """The outputs with each run of stream outputs to the same stream joined into one: the
    kernel splits a stream wherever its flushes happened to fall, which varies from run to
    run, while the learner sees the same text."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.output_type == "stream" and previous is not None and previous.output_type == "stream"
                and previous.name == output.name):
            previous.text += output.text
        else:
            joined.append(output)
    return joined


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    started = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        nbformat.write(execute(path), path)
        print(f"{path.name}: {time.perf_counter() - began:.1f} s", flush=True)
    print(f"{len(paths)} notebooks in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
