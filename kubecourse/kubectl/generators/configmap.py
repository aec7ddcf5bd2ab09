"""`kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key=value] [--from-env-file=f]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go: files first, then literals,
then env files (which combine with neither); a file that is not valid UTF-8 goes to binaryData
(base64), everything else to data; keys are checked and may not repeat across both maps.
`--append-hash` is not simulated.
"""

from __future__ import annotations

import base64
from typing import Any

from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.generators import sources
from kubecourse.kubectl.grammar import Flag

SOURCE_FLAGS = (Flag("from-literal", kind="array"), Flag("from-file", kind="slice"),
                Flag("from-env-file", kind="array"))


def run(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create configmap")
    data: dict[str, str] = {}
    binary: dict[str, str] = {}

    def add(key: str, value: bytes | str) -> None:
        reason = sources.config_key_error(key)
        if reason:
            raise CommandError(f'"{key}" is not a valid key name for a ConfigMap: {reason}')
        for where, existing in (("Data", data), ("BinaryData", binary)):
            if key in existing:
                raise CommandError(f'cannot add key "{key}", another key by that name already exists in '
                                   f'{where} for ConfigMap "{name}"')
        if isinstance(value, str):
            data[key] = value
            return
        try:
            data[key] = value.decode("utf-8")
        except UnicodeDecodeError:
            binary[key] = base64.b64encode(value).decode()

    for key, value in sources.collect(parsed, ("from-file", "from-literal", "from-env-file")):
        add(key, value)
    wire: dict[str, Any] = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": generators.metadata(parsed, name)}
    if data:
        wire["data"] = data
    if binary:
        wire["binaryData"] = binary
    return generators.create(ctx, out, parsed, wire, "failed to create configmap: ")


COMMAND = Command("configmap", run, (*generators.FLAGS, *SOURCE_FLAGS, Flag("append-hash", kind="bool", default=False)),
                  short="Create a config map from a local file, directory or literal value")
