"""The binder/ files say what mybinder.org needs (recipes §5).

When binder/ exists, repo2docker reads only that folder: it ignores pyproject.toml
(requires-python included) and does not install the package by itself.
"""

from pathlib import Path

BINDER = Path(__file__).resolve().parent.parent / "binder"


def _lines(name: str) -> list[str]:
    text = (BINDER / name).read_text()
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def test_runtime_pins_python_311():
    # Without runtime.txt repo2docker picks Python 3.10 and `requires-python >= 3.11` fails.
    assert _lines("runtime.txt") == ["python-3.11"]


def test_apt_installs_graphviz():
    # The widgets run the `dot` binary.
    assert "graphviz" in _lines("apt.txt")


def test_requirements_install_the_package():
    reqs = _lines("requirements.txt")
    assert "-e ." in reqs
    # The Binder base image already has JupyterLab; listing it would only slow the build.
    assert not any(r.split("=")[0].split(">")[0].strip().lower() in {"jupyterlab", "notebook"} for r in reqs)
