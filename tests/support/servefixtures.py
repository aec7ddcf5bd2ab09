"""Shared by the served-API tests: a frozen server, the real kubectl against it, HTTPS requests."""

from __future__ import annotations

import base64
import os
import shlex
import ssl
import subprocess
from pathlib import Path

import pytest
import yaml

REAL_KUBECTL = Path("/usr/lib/google-cloud-sdk/bin/kubectl.1.32")
needs_kubectl = pytest.mark.skipif(not REAL_KUBECTL.exists(), reason="real kubectl 1.32 is not installed")
TIMEOUT = 30  # real seconds


def real_kubectl(served, line: str, home: Path, stdin: str = "") -> tuple[str, str, int]:
    env = {**os.environ, "KUBECONFIG": served.kubeconfig, "HOME": str(home)}
    proc = subprocess.run([str(REAL_KUBECTL), *shlex.split(line)], input=stdin, capture_output=True, text=True,
                          env=env, timeout=TIMEOUT)
    return proc.stdout, proc.stderr, proc.returncode


def ours(cluster, line: str, stdin: str | None = None) -> tuple[str, str, int]:
    r = cluster.kubectl(line, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def tls_context(served) -> ssl.SSLContext:
    config = yaml.safe_load(Path(served.kubeconfig).read_text())
    context = ssl.create_default_context()
    context.load_verify_locations(cadata=base64.b64decode(
        config["clusters"][0]["cluster"]["certificate-authority-data"]).decode())
    return context
