"""`kubectl run NAME --image=IMG [--port] [--labels] [--env] [--restart] [--command] [-- ARGS...]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/run/run.go as v1.32 behaves (checked against the
real binary): run creates one bare Pod, labelled `run=NAME` unless --labels, with one
container named NAME; the words after NAME (or after `--`) are the container's args, or its
command with --command; --port sets one containerPort; dnsPolicy ClusterFirst and the restart
policy are always written. --expose also creates a ClusterIP Service for the pod.

Attaching (-i, -t, --attach, --rm) is kubecourse.kubectl.attach: run waits for the pod,
prints what its container writes and deletes it with --rm, as kubectl does without a terminal.
"""

from __future__ import annotations

import re
from typing import Any

from kubecourse.api import kinds
from kubecourse.kubectl import attach, output
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.generators import usage_error
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.resources import namespace_of

ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
RESTART_POLICIES = ("Always", "OnFailure", "Never")
PULL_POLICIES = ("Always", "IfNotPresent", "Never")


def parse_labels(text: str) -> dict[str, str]:
    """`a=b,c=d` (run.go and expose.go parseLabels, with their errors)."""
    labels = {}
    for spec in text.split(","):
        parts = spec.split("=")
        if len(parts) != 2:
            raise CommandError(f"unexpected label spec: {spec}")
        if not parts[0]:
            raise CommandError("unexpected empty label key")
        labels[parts[0]] = parts[1]
    return labels


def parse_envs(specs: list[str]) -> list[dict[str, str]]:
    envs = []
    for spec in specs:
        name, eq, value = spec.partition("=")
        if not eq or not ENV_NAME.match(name):
            raise CommandError(f"invalid env: {spec}")
        envs.append({"name": name, "value": value})
    return envs


def validate(parsed: Parsed, dry_run: str) -> None:
    """The checks in run.go's order, with `See 'kubectl run -h'` where it uses UsageErrorf."""
    if "image" not in parsed.given:
        raise CommandError('required flag(s) "image" not set')
    if not parsed.args:
        raise usage_error("run", "NAME is required for run")
    interactive = parsed["stdin"]
    if parsed["tty"] and not interactive:
        raise usage_error("run", "-i/--stdin is required for containers with -t/--tty=true")
    if parsed["expose"] and not parsed["port"]:
        raise usage_error("run", "--port must be set when exposing a service")
    if parsed["restart"] not in RESTART_POLICIES:
        raise usage_error("run", f"invalid restart policy: {parsed['restart']}")
    attach = parsed["attach"] or interactive
    if parsed["rm"] and not attach:
        raise usage_error("run", "--rm should only be used for attached containers")
    if attach and dry_run != output.NONE:
        raise usage_error("run", "--dry-run=[server|client] can't be used with attached containers options "
                                 "(--attach, --stdin, or --tty)")
    if parsed["image-pull-policy"] and parsed["image-pull-policy"] not in PULL_POLICIES:
        raise CommandError(f"invalid image pull policy: {parsed['image-pull-policy']}")


def build_pod(parsed: Parsed, name: str, labels: dict[str, str]) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": parsed["image"]}
    arguments = [*parsed.args[1:], *parsed.dash_args]
    if arguments:
        container["command" if parsed["command"] else "args"] = arguments
    if parsed["port"]:
        if not parsed["port"].isdigit():
            raise CommandError(f'strconv.Atoi: parsing "{parsed["port"]}": invalid syntax')
        container["ports"] = [{"containerPort": int(parsed["port"])}]
    envs = parse_envs(parsed["env"])
    if envs:
        container["env"] = envs
    container["resources"] = {}
    if parsed["image-pull-policy"]:
        container["imagePullPolicy"] = parsed["image-pull-policy"]
    if parsed["privileged"]:
        container["securityContext"] = {"privileged": True}
    if parsed["stdin"]:
        container["stdin"] = True
        if not parsed["leave-stdin-open"]:
            container["stdinOnce"] = True
    if parsed["tty"]:
        container["tty"] = True
    meta: dict[str, Any] = {"name": name}
    if "namespace" in parsed.given:
        meta["namespace"] = namespace_of(parsed)
    meta["creationTimestamp"] = None
    meta["labels"] = labels
    annotations = dict(a.partition("=")[::2] for a in parsed["annotations"])
    if annotations:
        meta["annotations"] = annotations
    restart = parsed["restart"]
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta,
            "spec": {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"},
            "status": {}}


def build_service(parsed: Parsed, name: str, selector: dict[str, str]) -> dict[str, Any]:
    """run.go createService: the user's labels only, the pod's labels as selector."""
    port = int(parsed["port"])
    meta: dict[str, Any] = {"name": name, "creationTimestamp": None}
    if parsed["labels"]:
        meta["labels"] = parse_labels(parsed["labels"])
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta,
            "spec": {"ports": [{"protocol": "TCP", "port": port, "targetPort": port}], "selector": selector},
            "status": {"loadBalancer": {}}}


def run(ctx, parsed, out, stdin) -> int:
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    validate(parsed, dry_run)
    output.check_format(parsed["output"])
    name = parsed.args[0]
    labels = parse_labels(parsed["labels"]) if parsed["labels"] else {"run": name}
    wires = [build_pod(parsed, name, labels)]
    if parsed["expose"]:
        wires.append(build_service(parsed, name, labels))
    printer = output.MutationPrinter(parsed["output"], dry_run)
    attaching = parsed["attach"] or parsed["stdin"]
    timeout = parse_duration(parsed["pod-running-timeout"], "pod-running-timeout")
    created = []
    for wire in wires:
        if dry_run != output.CLIENT:
            wire = ctx.create(wire, namespace=namespace_of(parsed), dry_run=dry_run == output.SERVER).to_wire()
            created.append(wire)
        if not attaching or wire["kind"] != "Pod":  # an attached run prints only the Service it exposes
            printer.print(out, kinds.by_kind(wire["kind"]), wire, "created")
    if attaching:
        return attach.attached_run(ctx, parsed, out, created, timeout)
    return 0


COMMAND = Command(
    "run",
    run,
    (Flag("image", default=""), Flag("port", default=""), Flag("labels", "l", default=""),
     Flag("env", kind="array"), Flag("annotations", kind="array"), Flag("command", kind="bool", default=False),
     Flag("restart", default="Always"), Flag("image-pull-policy", default=""),
     Flag("privileged", kind="bool", default=False), Flag("expose", kind="bool", default=False),
     Flag("stdin", "i", kind="bool", default=False), Flag("tty", "t", kind="bool", default=False),
     Flag("attach", kind="bool", default=False), Flag("rm", kind="bool", default=False),
     Flag("leave-stdin-open", kind="bool", default=False), Flag("quiet", "q", kind="bool", default=False),
     Flag("pod-running-timeout", default="1m0s"), Flag("overrides", default=""),
     Flag("override-type", default="merge"), Flag("save-config", kind="bool", default=False),
     Flag("field-manager", default="kubectl-run"), Flag("filename", "f", kind="slice"),
     output.DRY_RUN_FLAG, output.OUTPUT_FLAG),
    short="Run a particular image on the cluster",
)
