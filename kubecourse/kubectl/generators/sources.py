"""`--from-literal`, `--from-file` and `--from-env-file`: the key/value sources of the configmap and
secret generators.

Models staging/src/k8s.io/kubectl/pkg/util/util.go (ParseLiteralSource, ParseFileSource) and
pkg/cmd/util/env_file.go (processEnvFileLine), with their error texts.
Files are read from the notebook's working directory, as kubectl reads the shell's.
An env-file line without `=` takes the variable from kubectl's own environment; kubecourse
gives kubectl an empty environment (the simulation must not depend on the kernel's), so such
a line adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Parsed

CONFIG_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
CONFIG_KEY_MESSAGE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
                      "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
ENV_NAME_MESSAGE = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', "
                    "or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or "
                    "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")


def config_key_error(key: str) -> str:
    """IsConfigMapKey's message for an invalid key, or "" (validation.go)."""
    if CONFIG_KEY.match(key) and len(key) <= 253 and key not in (".", "..") and not key.startswith(".."):
        return ""
    if key in (".", ".."):
        return f"must not be '{key}'"
    if key.startswith(".."):
        return "must not start with '..'"
    if len(key) > 253:
        return "must be no more than 253 characters"
    return CONFIG_KEY_MESSAGE


def literal(source: str) -> tuple[str, str]:
    key, eq, value = source.partition("=")
    if not eq or not key:
        raise CommandError(f"invalid literal source {source}, expected key=value")
    return key, value


def _file_source(source: str) -> tuple[str, str]:
    if "=" not in source:
        return Path(source).name, source
    parts = source.split("=")
    if len(parts) != 2:
        raise CommandError("key names or file paths cannot contain '='")
    key, path = parts
    if not key:
        raise CommandError(f"key name for file path {path} missing")
    if not path:
        raise CommandError(f"file path for key name {key} missing")
    return key, path


def files(source: str) -> Iterator[tuple[str, bytes]]:
    """(key, content) for `[key=]path`; a directory gives each regular file in it, by name."""
    key, path = _file_source(source)
    p = Path(path)
    if not p.exists():
        raise CommandError(f"error reading {path}: no such file or directory")
    if p.is_dir():
        if "=" in source:
            raise CommandError("cannot give a key name for a directory path")
        for f in sorted(p.iterdir()):
            if f.is_file() and not f.is_symlink():
                yield f.name, f.read_bytes()
        return
    yield key, p.read_bytes()


def env_file(path: str) -> Iterator[tuple[str, str]]:
    p = Path(path)
    if not p.is_file():
        raise CommandError(f"error reading {path}: no such file or directory")
    text = p.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    for raw in text.split("\n"):
        line = raw.rstrip("\r").lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        if not ENV_NAME.match(key):
            raise CommandError(f'"{key}" is not a valid key name: {ENV_NAME_MESSAGE}')
        if eq:
            yield key, value


def collect(parsed: Parsed, order: tuple[str, ...]) -> Iterator[tuple[str, bytes | str]]:
    """Every (key, value) of the source flags, flag by flag in `order` (configmap reads files
    first, secret literals first); env files combine with neither."""
    if parsed["from-env-file"] and (parsed["from-file"] or parsed["from-literal"]):
        raise CommandError("from-env-file cannot be combined with from-file or from-literal")
    for flag in order:
        for source in parsed[flag]:
            if flag == "from-literal":
                yield literal(source)
            elif flag == "from-file":
                yield from files(source)
            else:
                yield from env_file(source)
