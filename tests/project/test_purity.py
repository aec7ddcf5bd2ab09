"""Only the clock reads time and only the seeded generator draws random values."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kubecourse"
FORBIDDEN = re.compile(
    r"\btime\.(time|sleep|monotonic|perf_counter)\(|\bdatetime\.(now|utcnow|today)\(|\bdate\.today\("
    r"|\bthreading\.Timer\(|\buuid\.uuid[14]\(|(?<![.\w])random\.\w+\(|\bsecrets\.token|\bos\.urandom\("
    r"|(?<![.\w])hash\(")
# The one module allowed to read real time says why (docs/architecture.md, Time and randomness); the generator owns randomness.
ALLOWED = {PACKAGE / "realtime.py", PACKAGE / "rand.py"}


def test_only_the_clock_reads_time_and_only_the_generator_draws():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in ALLOWED:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            offenders += [f"{path.relative_to(PACKAGE)}:{n}: {m[0]}" for m in FORBIDDEN.finditer(code)]
    assert offenders == []


def test_import_kubecourse_does_not_import_ipython():
    import subprocess
    import sys

    code = "import sys, kubecourse; kubecourse.Cluster(); print('IPython' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False False\n"
