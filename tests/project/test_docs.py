"""The repository explains itself: code cites upstream sources and docs/architecture.md, never a
document a clone does not have, and the architecture page names only paths that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("kubecourse", "tests", "benchmarks", "scripts", "binder", "README.md", "Makefile", "pyproject.toml")
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Notes that lived outside the repository while it was built: the behaviour reference, the
# kubectl API survey, the design and style notes, the toolchain recipes, and their folder.
OUTSIDE = re.compile(
    r"kubernetes-behaviou?r(\.md)?|kubectl-api-surface|\bdesign\.md|\brecipes(\.md)?\b|\bstyle\.md"
    r"|study-notes|/work/shared|shared docs",
    re.IGNORECASE)
# A bare section sign cites one of those notes by number; an RFC's sections are the exception.
SECTION = re.compile(r"§\s?\d")


def scanned_files() -> list[Path]:
    files = []
    for name in SCANNED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        files += [p for p in candidates
                  if p.is_file() and "__pycache__" not in p.parts and p != Path(__file__).resolve()]
    return files


def citations_outside(text: str) -> list[str]:
    """The lines of `text` that cite one of those notes, as `line N: text`."""
    return [f"line {n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
            if OUTSIDE.search(line) or any("RFC" not in line[:m.start()] for m in SECTION.finditer(line))]


def test_nothing_cites_documents_outside_the_repository():
    offenders = {}
    for path in scanned_files():
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue  # the vendored schema and other binary data
        if found := citations_outside(text):
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_check_finds_what_it_looks_for():
    for cited in ("Facts: Kubernetes-behavior.md §9.3.", "the pods a ReplicaSet counts (§2.1)",
                  "(DESIGN.md, Time)", "see docs/kubectl-api-surface.md in the shared docs",
                  "(recipes §5)", "/work/shared/docs/style.md"):
        assert citations_outside(cited) == [f"line 1: {cited}"]
    for fine in ("RFC 6455 §1.3", "pkg/controller/deployment/rolling.go rolloutRolling",
                 "(docs/architecture.md, Time and randomness)", "by design"):
        assert citations_outside(fine) == []


def named_paths(prefixes: tuple[str, ...]) -> list[str]:
    text = ARCHITECTURE.read_text()
    pattern = rf"(?<![\w/.-])((?:{'|'.join(map(re.escape, prefixes))})[\w./-]*[\w/])"
    return sorted(set(re.findall(pattern, text)))


def test_architecture_names_only_paths_that_exist():
    paths = named_paths(("kubecourse/", "tests/", "benchmarks/", "notebooks/", "docs/"))
    assert any(p.startswith("kubecourse/") for p in paths)
    missing = [p for p in paths if "NN-" not in p and not (ROOT / p).exists()]
    assert missing == []


def test_the_readme_links_the_architecture_page():
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text()
