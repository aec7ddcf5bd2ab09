"""`kubectl version [--client] [-o json|yaml]`: client and server versions.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/version/version.go (Validate,
Run, as 1.32 prints: checked against the binary): the text form prints `Client Version`, `Kustomize Version` and, without --client,
`Server Version`; -o json (two-space indented) and -o yaml print the Version struct, whose
serverVersion is the API server's GET /version; any other -o is `--output must be 'yaml' or
'json'`.
"""

from __future__ import annotations

import json
from typing import Any

from kubecourse.api.server import SERVER_VERSION, version_info
from kubecourse.kubectl import printers
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed

CLIENT_VERSION = "v1.32.5"  # the reference binary, kubectl.1.32
KUSTOMIZE_VERSION = "v5.5.0"
CLIENT_INFO = {"major": "1", "minor": "32", "gitVersion": CLIENT_VERSION,
               "gitCommit": "9894294ef13a5b32803e3ca2c0d620a088cc84d1", "gitTreeState": "clean",
               "buildDate": "2025-05-15T09:12:10Z", "goVersion": "go1.23.8", "compiler": "gc",
               "platform": "linux/amd64"}


def run(ctx, parsed: Parsed, out, stdin) -> int:
    fmt = parsed["output"]
    if fmt not in ("", "json", "yaml"):
        raise CommandError("--output must be 'yaml' or 'json'")
    if not fmt:
        out.print(f"Client Version: {CLIENT_VERSION}")
        out.print(f"Kustomize Version: {KUSTOMIZE_VERSION}")
        if not parsed["client"]:
            out.print(f"Server Version: {SERVER_VERSION}")
        return 0
    versions: dict[str, Any] = {"clientVersion": CLIENT_INFO, "kustomizeVersion": KUSTOMIZE_VERSION}
    if not parsed["client"]:
        versions["serverVersion"] = version_info()
    # fmt.Println of the marshalled bytes: YAML's own final newline leaves a blank line
    out.out.append((json.dumps(versions, indent=2) if fmt == "json" else printers.to_yaml(versions)) + "\n")
    return 0


COMMAND = Command("version", run, (Flag("client", kind="bool", default=False), Flag("output", "o", default="")),
                  short="Print the client and server version information")
