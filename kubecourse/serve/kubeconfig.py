"""The kubeconfig that points kubectl and the Python client at the served cluster
(staging/src/k8s.io/client-go/tools/clientcmd/api/v1/types.go Config: the CA as
certificate-authority-data, a token user, context `kubecourse` in namespace default)."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

CONTEXT = "kubecourse"


def render(url: str, ca_pem: bytes, token: str) -> str:
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CONTEXT, "cluster": {
            "server": url, "certificate-authority-data": base64.b64encode(ca_pem).decode()}}],
        "users": [{"name": "student", "user": {"token": token}}],
        "contexts": [{"name": CONTEXT, "context": {"cluster": CONTEXT, "user": "student", "namespace": "default"}}],
        "current-context": CONTEXT,
    }
    return yaml.safe_dump(config, sort_keys=False)


def write(directory: Path, url: str, ca_pem: bytes, token: str) -> Path:
    path = directory / "kubeconfig"
    path.write_text(render(url, ca_pem, token))
    path.chmod(0o600)
    return path
