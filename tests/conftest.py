"""Shared fixtures: a fresh cluster per test; the one test IPython with what a notebook cell
would show; for the browser tests, one JupyterLab server per session and Debian's chromium
for pytest-playwright."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator

import pytest
from support.labserver import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    LabServer,
    free_port,
    lab_command,
    quiet_settings,
    require,
    wait_until_up,
)

import kubecourse


@pytest.fixture
def cluster() -> kubecourse.Cluster:
    return kubecourse.Cluster()


@pytest.fixture(autouse=True)
def no_internal_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """The suite never meets kubecourse's internal-error boundary (kubecourse/boundary.py),
    except the tests of the boundary itself (marked `internal_error`)."""
    from kubecourse import boundary

    met = len(boundary.HITS)
    yield
    new = boundary.HITS[met:]
    if new and request.node.get_closest_marker("internal_error") is None:
        pytest.fail("the test met kubecourse's internal-error boundary:\n" + "\n".join(tb for _, tb in new),
                    pytrace=False)


@pytest.fixture(scope="session")
def ip():
    """The one test IPython (started by whoever asks first), with kubecourse's magics loaded."""
    from IPython.testing import globalipapp

    shell = globalipapp.get_ipython()
    shell.run_line_magic("load_ext", "kubecourse")
    return shell


class CellOutputs:
    """What a notebook cell shows, in order: ("display", mime bundle) for each display the
    shell publishes, ("stdout" | "stderr", text) for what was written to the streams. Like
    the kernel, it flushes the streams (stdout, then stderr) before each display; call it
    for the outputs so far."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.outputs: list[tuple[str, object]] = []

    def _flush(self) -> None:
        out = self.capsys.readouterr()
        for name, text in (("stdout", out.out), ("stderr", out.err)):
            if text and self.outputs and self.outputs[-1][0] == name:
                self.outputs[-1] = (name, self.outputs[-1][1] + text)
            elif text:
                self.outputs.append((name, text))

    def publish(self, data: dict, metadata: dict | None = None, **_: object) -> None:
        self._flush()
        self.outputs.append(("display", data))

    def __call__(self) -> list[tuple[str, object]]:
        self._flush()
        return self.outputs


@pytest.fixture
def cell(ip, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CellOutputs:
    """Catch what the magics show, as a notebook cell would receive it."""
    outputs = CellOutputs(capsys)
    monkeypatch.setattr(ip, "display_pub", outputs)
    return outputs


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's hook: launch Debian's chromium, since `playwright install` cannot
    download a browser on our machines. Playwright adds --headless and a fresh profile itself."""
    require(CHROMIUM.exists(), f"Debian chromium is not installed: {CHROMIUM} is missing (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """One JupyterLab server for the whole session (starting one takes about 2 s of our 2 cores)."""
    root = tmp_path_factory.mktemp("lab-root")
    home = tmp_path_factory.mktemp("lab-home")
    quiet_settings(home / "settings")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    port, token = free_port(), secrets.token_hex(16)
    server = LabServer(base=f"http://127.0.0.1:{port}", token=token, root=root, log=home / "server.log")
    with server.log.open("w") as log:
        proc = subprocess.Popen(lab_command(port, token, root), env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(proc, server)
            yield server
        finally:
            proc.terminate()  # SIGTERM: the server shuts its kernels down and exits
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def lab(lab_server: LabServer) -> Iterator[LabServer]:
    """The session's server, with the kernels this test started shut down afterwards."""
    yield lab_server
    lab_server.shutdown_kernels()
