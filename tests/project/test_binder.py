"""The environments agree: binder/ (what a learner opens on mybinder.org), requirements.lock
(what `make venv` and CI install) and pyproject.toml (the package's ranges).

When binder/ exists, repo2docker reads only that folder: it ignores pyproject.toml
(requires-python included) and does not install the package by itself. So binder/ pins the
course's packages to the lock, and a Binder learner runs the versions the browser tests
checked. `make lock` writes both files; these tests fail when one drifts from the other.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.strip().startswith("#")]


def _pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line (environment markers ignored)."""
    pins = {}
    for line in _lines(path):
        if m := PIN.match(line):
            pins[canonicalize_name(m[1])] = m[2]
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_runtime_pins_python_311():
    # Without runtime.txt repo2docker picks Python 3.10 and `requires-python >= 3.11` fails.
    assert _lines(BINDER / "runtime.txt") == ["python-3.11"]


def test_apt_installs_graphviz():
    # The widgets run the `dot` binary.
    assert "graphviz" in _lines(BINDER / "apt.txt")


def test_binder_installs_the_package_and_pins_every_other_line():
    lines = _lines(BINDER / "requirements.txt")
    assert "-e ." in lines
    unpinned = [ln for ln in lines if ln != "-e ." and not PIN.match(ln)]
    assert unpinned == []


def test_binder_pins_are_the_locked_versions():
    locked, binder = _pins(LOCK), _pins(BINDER / "requirements.txt")
    assert {name: version for name, version in binder.items() if locked.get(name) != version} == {}
    # the course's own front end is pinned too, not left to the Binder base image
    assert {"jupyterlab", "ipywidgets", "ipykernel", "pydantic"} <= binder.keys()


def test_the_lock_pins_every_dependency_within_pyprojects_ranges():
    project, locked = _project(), _pins(LOCK)
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    assert wanted
    versions = {str(r): locked.get(canonicalize_name(r.name)) for r in wanted}
    outside = {r: v for r, v in versions.items() if v is None or v not in Requirement(r).specifier}
    assert outside == {}


def test_the_lock_says_how_to_refresh_it():
    assert "make lock" in LOCK.read_text().splitlines()[1]
    assert "make lock" in (BINDER / "requirements.txt").read_text().splitlines()[1]
