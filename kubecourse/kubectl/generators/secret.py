"""`kubectl create secret generic|docker-registry|tls NAME ...`, and `create secret` alone.

Models staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go (NewCmdCreateSecret,
CreateSecretOptions.createSecret, handleSecretFromFileSources), create_secret_docker.go
(CreateSecretDockerRegistryOptions Complete, Validate, createSecretDockerRegistry,
generateSecretDockerRegistry) and create_secret_tls.go (CreateSecretTLSOptions Validate,
createSecretTLS, readFile).

* generic: literals first, then files, then env files; every value is base64 in data
  (binary is fine); `type` only when --type is given (the server defaults Opaque).
* docker-registry: `.dockerconfigjson` holds `{"auths":{SERVER:{"username","password",
  "email","auth"}}}` (Go's struct order, empty fields left out, auth = base64 of user:password);
  or the --from-file sources, a path without a key being keyed `.dockerconfigjson`. Without
  --from-file, username, password and server are all required.
* tls: `tls.crt` and `tls.key` from --cert and --key, refused unless Go's X509KeyPair accepts
  them (kubecourse/golang/tls.py).

Its texts differ from configmap's: `"k" is not valid key name for a Secret <reason>`, `cannot
add key k, another key by that name already exists`, and `failed to create secret <error>`
(no colon). `create secret` alone prints its help to stderr and fails (cmdutil.
DefaultSubCommandRun). `--append-hash` is not simulated.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from kubecourse.golang import fmt, tls
from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.generators import secret_help, sources
from kubecourse.kubectl.generators.configmap import SOURCE_FLAGS
from kubecourse.kubectl.grammar import Flag, Parsed

DOCKER_CONFIG_KEY = ".dockerconfigjson"  # corev1.DockerConfigJsonKey


class Data(dict[str, str]):
    """A Secret's data as the generator fills it: keys checked, values base64."""

    def add(self, key: str, value: bytes | str) -> None:
        reason = sources.config_key_error(key)
        if reason:
            raise CommandError(f'"{key}" is not valid key name for a Secret {reason}')
        if key in self:
            raise CommandError(f"cannot add key {key}, another key by that name already exists")
        self[key] = base64.b64encode(value.encode() if isinstance(value, str) else value).decode()


def _create(ctx, out, parsed: Parsed, name: str, data: Data, secret_type: str | None) -> int:
    """newSecretObj, then the shared create: `type` after `data`, as in corev1.Secret."""
    wire: dict[str, Any] = {"kind": "Secret", "apiVersion": "v1", "metadata": generators.metadata(parsed, name)}
    if data:
        wire["data"] = dict(data)
    if secret_type:
        wire["type"] = secret_type
    return generators.create(ctx, out, parsed, wire, "failed to create secret ")


def run_generic(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create secret generic")
    data = Data()
    for key, value in sources.collect(parsed, ("from-literal", "from-file", "from-env-file")):
        data.add(key, value)
    return _create(ctx, out, parsed, name, data, parsed.flags.get("type") and parsed["type"])


def docker_config_json(username: str, password: str, email: str, server: str) -> str:
    """generateSecretDockerRegistry: DockerConfigJSON marshalled by encoding/json."""
    entry = {"username": username, "password": password, "email": email,
             "auth": base64.b64encode(f"{username}:{password}".encode()).decode()}
    return fmt.marshal({"auths": {server: {k: v for k, v in entry.items() if v}}}, struct=True)


def run_docker_registry(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create secret docker-registry")
    files = [s if "=" in s else f"{DOCKER_CONFIG_KEY}={s}" for s in parsed["from-file"]]
    if not files and not (parsed["docker-username"] and parsed["docker-password"] and parsed["docker-server"]):
        raise CommandError("either --from-file or the combination of --docker-username, --docker-password and "
                           "--docker-server is required")
    data = Data()
    if files:
        for source in files:
            for key, value in sources.files(source):
                data.add(key, value)
    else:
        data.add(DOCKER_CONFIG_KEY, docker_config_json(parsed["docker-username"], parsed["docker-password"],
                                                       parsed["docker-email"], parsed["docker-server"]))
    return _create(ctx, out, parsed, name, data, "kubernetes.io/dockerconfigjson")


def _read(path: str) -> bytes:
    """readFile: `Cannot read file F, <os error>` in Go's words."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        reason = f"open {path}: no such file or directory"
    except IsADirectoryError:
        reason = f"read {path}: is a directory"
    except PermissionError:
        reason = f"open {path}: permission denied"
    raise CommandError(f"Cannot read file {path}, {reason}")


def run_tls(ctx, parsed, out, stdin) -> int:
    name = generators.one_name(parsed, "create secret tls")
    if not parsed["key"] or not parsed["cert"]:
        raise CommandError("key and cert must be specified")
    cert, key = _read(parsed["cert"]), _read(parsed["key"])
    try:
        tls.x509_key_pair(cert, key)
    except tls.KeyPairError as e:
        raise CommandError(str(e)) from None
    data = Data()
    data.add("tls.crt", cert)
    data.add("tls.key", key)
    return _create(ctx, out, parsed, name, data, "kubernetes.io/tls")


def run_secret(ctx, parsed, out, stdin) -> int:
    """cmdutil.DefaultSubCommandRun: no subcommand prints the help to stderr and fails; a word
    that names none is `unknown command`."""
    if parsed.args:
        raise generators.usage_error("create secret", f'unknown command "{" ".join(parsed.args)}"')
    out.error(secret_help.SECRET)
    return 1


APPEND_HASH = Flag("append-hash", kind="bool", default=False)
GENERIC = Command("generic", run_generic, (*generators.FLAGS, *SOURCE_FLAGS, Flag("type"), APPEND_HASH),
                  short="Create a secret from a local file, directory, or literal value", help=secret_help.GENERIC)
DOCKER_REGISTRY = Command(
    "docker-registry", run_docker_registry,
    (*generators.FLAGS, Flag("docker-username", default=""), Flag("docker-password", default=""),
     Flag("docker-email", default=""), Flag("docker-server", default="https://index.docker.io/v1/"),
     Flag("from-file", kind="slice"), APPEND_HASH),
    short="Create a secret for use with a Docker registry", help=secret_help.DOCKER_REGISTRY)
TLS = Command("tls", run_tls, (*generators.FLAGS, Flag("cert", default=""), Flag("key", default=""), APPEND_HASH),
              short="Create a TLS secret", help=secret_help.TLS)

COMMAND = Command("secret", run_secret, (), {"generic": GENERIC, "docker-registry": DOCKER_REGISTRY, "tls": TLS},
                  short="Create a secret using a specified subcommand", help=secret_help.SECRET)
