"""`kubectl version`: client and server versions (staging/src/k8s.io/kubectl/pkg/cmd/version)."""

from __future__ import annotations

from kubecourse.api.server import SERVER_VERSION
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.grammar import Flag, Parsed

CLIENT_VERSION = "v1.32.5"  # the reference binary, kubectl.1.32
KUSTOMIZE_VERSION = "v5.5.0"


def run(ctx, parsed: Parsed, out, stdin) -> int:
    out.print(f"Client Version: {CLIENT_VERSION}")
    if not parsed["client"]:
        out.print(f"Kustomize Version: {KUSTOMIZE_VERSION}")
        out.print(f"Server Version: {SERVER_VERSION}")
    else:
        out.print(f"Kustomize Version: {KUSTOMIZE_VERSION}")
    return 0


COMMAND = Command("version", run, (Flag("client", kind="bool", default=False), Flag("output", "o", default="")),
                  short="Print the client and server version information")
