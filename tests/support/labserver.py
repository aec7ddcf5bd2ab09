"""A throwaway JupyterLab server for the browser tests.

The server runs from this venv on a free port with its own token, and every Jupyter
directory (config, runtime, settings, workspaces) lives in a temporary home, so the tests
never read or write ~/.jupyter. It serves an empty temporary root: a test copies in the
notebook it opens, under a name of its own, because Lab autosaves whatever it opens (a
second test opening the same copy would see the first one's outputs before running).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Debian's chromium keeps dialling Google and logs the refusals.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
START_TIMEOUT = 60.0


def require(condition: bool, reason: str) -> None:
    """Skip with the reason on a developer's machine; fail under CI (CI set), where .ci/run
    installs everything, so a skip would hide a broken setup."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so this is a failure)")
        pytest.skip(reason, allow_module_level=True)


@dataclass(frozen=True)
class LabServer:
    base: str
    token: str
    root: Path
    log: Path

    def copy(self, notebook: str, name: str) -> str:
        """Put a fresh copy of notebooks/<notebook> into the served root as <name>."""
        shutil.copy(NOTEBOOKS / notebook, self.root / name)
        return name

    def url(self, name: str) -> str:
        # ?reset: an empty workspace, else Lab re-opens every notebook opened by earlier tests.
        return f"{self.base}/lab/tree/{name}?reset&token={self.token}"

    def api(self, method: str, path: str) -> Any:
        req = urllib.request.Request(self.base + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Each opened notebook leaves a kernel running until its session is deleted; on two
        cores the next test's kernel would start beside it."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def quiet_settings(settings_dir: Path) -> None:
    """Turn off the "get notified about official Jupyter news?" toast: it covers the lower
    right corner of the notebook."""
    path = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def lab_command(port: int, token: str, root: Path) -> list[str]:
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root; without it the server exits at once
    return cmd


def wait_until_up(proc: subprocess.Popen, server: LabServer) -> None:
    """Poll /api/status; a server that died is reported with its log rather than mistaken
    for a slow one (which would surface later as ERR_CONNECTION_REFUSED in the page)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {proc.returncode}:\n{server.log.read_text()}")
        try:
            server.api("GET", "/api/status")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
