"""`kubectl create secret generic NAME [--type=T] [--from-literal=k=v] [--from-file=[key=]src] [--from-env-file=f]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go: literals first, then files,
then env files; every value is base64 in data (binary is fine); `type` only when --type is
given (the server defaults Opaque). Note its texts differ from configmap's: `"k" is not valid key
name for a Secret <reason>`, `cannot add key k, another key by that name already exists`, and
`failed to create secret <error>` (no colon). docker-registry and
tls are not simulated.
"""

from __future__ import annotations

import base64
from typing import Any

from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.generators import sources
from kubecourse.kubectl.generators.configmap import SOURCE_FLAGS
from kubecourse.kubectl.grammar import Flag


def run(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create secret generic")
    data: dict[str, str] = {}

    def add(key: str, value: bytes | str) -> None:
        reason = sources.config_key_error(key)
        if reason:
            raise CommandError(f'"{key}" is not valid key name for a Secret {reason}')
        if key in data:
            raise CommandError(f"cannot add key {key}, another key by that name already exists")
        data[key] = base64.b64encode(value.encode() if isinstance(value, str) else value).decode()

    for key, value in sources.collect(parsed, ("from-literal", "from-file", "from-env-file")):
        add(key, value)
    wire: dict[str, Any] = {"kind": "Secret", "apiVersion": "v1", "metadata": generators.metadata(parsed, name)}
    if data:
        wire["data"] = data
    if parsed.flags.get("type"):
        wire["type"] = parsed["type"]
    return generators.create(ctx, out, parsed, wire, "failed to create secret ")


GENERIC = Command("generic", run, (*generators.FLAGS, *SOURCE_FLAGS, Flag("type"),
                                   Flag("append-hash", kind="bool", default=False)),
                  short="Create a secret from a local file, directory, or literal value")

COMMAND = Command("secret", None, (), {"generic": GENERIC}, short="Create a secret using a specified subcommand")
