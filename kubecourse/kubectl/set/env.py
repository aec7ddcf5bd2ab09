"""`kubectl set env RESOURCE/NAME KEY=VALUE ... KEY- ... [-c CONTAINERS] [--from=configmap/x] [--list]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/set/set_env.go (Complete,
Validate, RunEnv), set/env/env_parse.go (SplitEnvironmentFromResources, ParseEnv),
set/env/env_resolve.go (GetEnvVarRefString, the config map and secret lookups) and
set/helper.go (updateEnv).

What the source says:
- Arguments are resources until the first `A=B` or `A-`; a resource after that is an error.
  `-e KEY=VALUE` adds more; `-` reads `KEY=VALUE` lines from stdin (`#` starts a comment).
- A variable replaces the one of the same name where it stands, new ones are appended, and
  `KEY-` removes one. `--overwrite=false` refuses to change a value that differs.
- `--from=configmap/NAME|secret/NAME` adds one variable per key (upper-cased, other characters
  than letters, digits and `_` turned into `_`, with a warning when the name changed), as a
  reference to the key; `--keys` picks some, `--prefix` prefixes every name.
- `-c` picks containers by name, `*` wildcards allowed; an object with none matching gets a
  warning and is left alone.
- `--list` prints, per container, `# Deployment kubia, container nodejs` and its variables
  (a reference as `# NAME from configmap x, key y`; `--resolve` looks config map and secret
  keys up) and changes nothing.
- The message is `env updated`. Unlike set image, no `--record`.
Go ranges over a config map's keys in random order; here they go in sorted order. --resolve
looks up config map and secret keys only; other references print as references.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from kubecourse.api.kinds import Kind
from kubecourse.api.models import ConfigMap, Secret
from kubecourse.kubectl import objects, output
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.generators.sources import ENV_NAME, ENV_NAME_MESSAGE
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, namespace_of
from kubecourse.kubectl.set import LOCAL_HINT, apply_edits, pod_spec, select_containers

FLAGS = (Flag("containers", "c", default="*"), Flag("from", default=""), Flag("prefix", default=""),
         Flag("env", "e", kind="array"), Flag("keys", kind="slice"), Flag("list", kind="bool", default=False),
         Flag("resolve", kind="bool", default=False), Flag("local", kind="bool", default=False),
         Flag("all", kind="bool", default=False), Flag("overwrite", kind="bool", default=True), FILENAME_FLAG,
         RECURSIVE_FLAG, SELECTOR_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG,
         Flag("field-manager", default="kubectl-set"), Flag("show-managed-fields", kind="bool", default=False))

_ENV_ARGUMENT = re.compile(r"^(.+)=(.*)$", re.S)
_NOT_ENV_CHAR = re.compile(r"[^a-zA-Z0-9_]")
EnvVar = dict[str, Any]


def split_environment_from_resources(args: list[str]) -> tuple[list[str], list[str]]:
    resources: list[str] = []
    env: list[str] = []
    for a in args:
        if _ENV_ARGUMENT.match(a) or a.endswith("-"):
            env.append(a)
        elif env:
            raise CommandError(f"all resources must be specified before environment changes: {' '.join(args)}")
        else:
            resources.append(a)
    return resources, env


def parse_env(specs: list[str], stdin: str | None) -> tuple[list[EnvVar], list[str]]:
    """ParseEnv: the variables to set and the names to remove."""
    env: list[EnvVar] = []
    remove: list[str] = []
    for spec in specs:
        if spec == "-":
            if stdin is None:
                raise CommandError("when '-' is used, STDIN must be open")
            env += read_env(stdin)
        elif "=" in spec:
            name, _, value = spec.partition("=")
            if not ENV_NAME.match(name):
                raise CommandError(f'"{name}" is not a valid key name: {ENV_NAME_MESSAGE}')
            env.append({"name": name, "value": value})
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise CommandError(f"unknown environment variable: {spec}")
    named = {e["name"] for e in env}
    if any(r in named for r in remove):
        raise CommandError("can not both modify and remove the same environment variable in the same command")
    return env, remove


def read_env(text: str) -> list[EnvVar]:
    env = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        if "=" in line:
            name, _, value = line.partition("=")
            env.append({"name": name, "value": value})
    return env


def from_source(ctx: Context, parsed: Parsed, out: Output) -> list[EnvVar]:
    """--from: one reference per key of the config maps or secrets named."""
    found, errs, _ = objects.find(ctx, parsed, [parsed["from"]], None, all_=parsed["all"])
    if errs:
        raise errs[0]
    env = []
    keys = parsed["keys"]
    for f in found:
        ref = {"ConfigMap": "configMapKeyRef", "Secret": "secretKeyRef"}.get(f.kind.kind)
        if ref is None:
            raise CommandError("unsupported resource specified in --from")
        for key in sorted(f.obj.data or {}):
            if keys and key not in keys:
                continue
            name = _NOT_ENV_CHAR.sub("_", key).upper()
            if name != key:
                out.error(f"Warning: key {key} transferred to {name}")
            env.append({"name": name, "valueFrom": {ref: {"key": key, "name": f.obj.metadata.name}}})
    return env


def update_env(existing: list[EnvVar], env: list[EnvVar], remove: list[str]) -> list[EnvVar]:
    """updateEnv: replace in place, append the new ones, drop the removed."""
    by_name = {e["name"]: e for e in env}
    covered = set(remove)
    result = []
    for e in existing:
        if e["name"] in covered:
            continue
        if e["name"] in by_name:
            covered.add(e["name"])
            result.append(by_name[e["name"]])
        else:
            result.append(e)
    for e in env:
        if e["name"] not in covered:
            covered.add(e["name"])
            result.append(e)
    return result


def ref_string(source: dict[str, Any]) -> str:
    """GetEnvVarRefString."""
    if "configMapKeyRef" in source:
        ref = source["configMapKeyRef"]
        return f"configmap {ref.get('name', '')}, key {ref.get('key', '')}"
    if "secretKeyRef" in source:
        ref = source["secretKeyRef"]
        return f"secret {ref.get('name', '')}, key {ref.get('key', '')}"
    if "fieldRef" in source:
        return f"field path {source['fieldRef'].get('fieldPath', '')}"
    if "resourceFieldRef" in source:
        ref = source["resourceFieldRef"]
        prefix = f"{ref['containerName']}/" if ref.get("containerName") else ""
        return f"resource field {prefix}{ref.get('resource', '')}"
    return "invalid valueFrom"


def resolve(ctx: Context, namespace: str, source: dict[str, Any]) -> str | None:
    """A config map's or secret's value (None for other references); raises CommandError."""
    for field, kind, noun in (("configMapKeyRef", ConfigMap, "config map"), ("secretKeyRef", Secret, "secret")):
        if field not in source:
            continue
        ref = source[field]
        obj = ctx.try_get(kind, ref.get("name", ""), namespace)
        if obj is None:
            raise CommandError(f'{kind.__name__.lower()}s "{ref.get("name", "")}" not found')
        data = obj.data or {}
        if ref.get("key") not in data:
            raise CommandError(f"key {ref.get('key')} not found in {noun} {ref.get('name')}")
        value = data[ref["key"]]
        return base64.b64decode(value).decode(errors="replace") if kind == "Secret" else value
    return None


def list_env(ctx: Context, out: Output, parsed: Parsed, kind: Kind, name: str, container: dict[str, Any]) -> None:
    out.print(f"# {kind.kind} {name}, container {container.get('name', '')}")
    failures: dict[str, list[str]] = {}
    for e in container.get("env") or ():
        if "valueFrom" not in e:
            out.out.append(f"{e['name']}={e.get('value', '')}\n")  # Fprintf: a value's own newline stays
            continue
        value = None
        if parsed["resolve"]:
            try:
                value = resolve(ctx, namespace_of(parsed), e["valueFrom"])
            except CommandError as err:
                failures.setdefault(str(err), []).append(e["name"])
        if value is None:
            out.print(f"# {e['name']} from {ref_string(e['valueFrom'])}")
        else:
            out.out.append(f"{e['name']}={value}\n")
    for err in sorted(f"error retrieving reference for {', '.join(sorted(names))}: {text}"
                      for text, names in failures.items()):
        out.error(err)


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    if parsed["all"] and parsed["selector"]:
        raise CommandError("cannot set --all and --selector at the same time")
    resources, env_args = split_environment_from_resources(parsed.args)
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    if not parsed["filename"] and not resources:
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if parsed["list"] and parsed["output"]:
        raise CommandError("--list and --output may not be specified together")
    if parsed["keys"] and not parsed["from"]:
        raise CommandError("when specifying --keys, a configmap or secret must be provided with --from")
    if parsed["local"]:
        raise CommandError(LOCAL_HINT)
    output.check_format(parsed["output"])
    env, remove = parse_env([*parsed["env"], *env_args], stdin)
    if parsed["from"]:
        env += from_source(ctx, parsed, out)
    env = [{**e, "name": parsed["prefix"] + e["name"]} for e in env]
    found, errs, _ = objects.find(ctx, parsed, resources, stdin, all_=parsed["all"])
    if errs:
        out.error(format_errors(errs))
        return 1
    selector = parsed["containers"]

    def edit(kind: Kind, wire: dict[str, Any]) -> bool:
        spec = pod_spec(kind, wire)
        name = wire["metadata"]["name"]
        containers = select_containers(spec.get("containers") or [], selector)
        if not containers:
            out.error(f'Warning: {kind.kind}/{name} does not have any containers matching "{selector}"')
            return False
        for c in containers:
            if not parsed["overwrite"]:
                current = {e["name"]: e for e in c.get("env") or ()}
                for e in env:
                    if e["name"] in current and current[e["name"]].get("value", "") != e.get("value", ""):
                        raise CommandError(f"'{e['name']}' already has a value ({current[e['name']].get('value', '')})"
                                           ", and --overwrite is false")
            c["env"] = update_env(c.get("env") or [], env, remove)
            if not c["env"]:
                del c["env"]
            if parsed["list"]:
                list_env(ctx, out, parsed, kind, name, c)
        return not parsed["list"]

    return apply_edits(ctx, out, found, edit, parsed=parsed, dry_run=dry_run,
                       refused="failed to patch env update to pod template: ", operation="env updated")


COMMAND = Command("env", run, FLAGS, short="Update environment variables on a pod template")
