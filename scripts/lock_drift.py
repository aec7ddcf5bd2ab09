"""Print how the running environment differs from requirements.lock: run by `make
test-latest` with the throwaway venv's Python, so the learner's next `make lock` is no
surprise. Names are compared canonicalised (PEP 503) and each lock line's environment
marker is evaluated here, so only real version changes are listed."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")


def locked(path: Path) -> dict[str, str]:
    """The lock's pins that apply to this interpreter and platform."""
    pins = {}
    for line in path.read_text().splitlines():
        if (m := PIN.match(line.strip())) and (m[3] is None or Marker(m[3]).evaluate()):
            pins[canonicalize_name(m[1])] = m[2]
    return pins


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()
            if d.metadata["Name"] and canonicalize_name(d.metadata["Name"]) not in {"kubecourse", "pip", "setuptools"}}


def main(lock: str) -> None:
    want, have = locked(Path(lock)), installed()
    changes = [f"  {name}: locked {want.get(name, '-')}, latest {have.get(name, '-')}"
               for name in sorted(want.keys() | have.keys()) if want.get(name) != have.get(name)]
    print("\n".join(changes) if changes else "  the newest releases are the locked ones")


if __name__ == "__main__":
    main(sys.argv[1])
