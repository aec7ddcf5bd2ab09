"""kubecourse hints: the one place we print text kubectl would not, always marked as ours.

The book's manifests and commands predate apps/v1 and kubectl 1.18; real kubectl rejects
their apiVersions, `kubectl run --generator`, `kubectl rolling-update` and `exec POD CMD`
without `--`. After kubectl's own error, a hint says what changed and how to write it today.
"""

from __future__ import annotations

import shlex

from kubecourse.api import kinds
from kubecourse.api.models import Node
from kubecourse.api.port import Port
from kubecourse.schema import load

MARK = "kubecourse hint:"


def hint(text: str) -> str:
    return f"{MARK} {text}"


# apiVersions the book (and older tutorials) use, and what replaced them.
RETIRED: dict[str, str] = {
    "apps/v1beta1": "apps/v1",
    "apps/v1beta2": "apps/v1",
    "extensions/v1beta1": "apps/v1",
}


def _required_in_spec(kind: kinds.Kind) -> list[str]:
    """The fields the kind's OpenAPI schema requires in its spec."""
    spec = load.field(load.for_kind(kind.group, kind.gvk.version, kind.kind), ("spec",))
    return load.resolve(spec).get("required", []) if spec is not None else []


def retired_api_version(api_version: str, kind: str) -> str:
    """A hint for a manifest whose apiVersion Kubernetes removed, or "" when none applies."""
    current = next((k for k in kinds.KINDS if k.kind == kind), None)
    if api_version not in RETIRED or current is None:
        return ""
    advice = f"{kind} is served as {current.api_version} since Kubernetes 1.16; change `apiVersion: " \
             f"{api_version}` to `apiVersion: {current.api_version}`."
    if current.api_version == "apps/v1" and "selector" in _required_in_spec(current):
        advice += " apps/v1 also requires spec.selector (e.g. matchLabels equal to the template's labels)."
    return hint(advice)


# Commands kubectl removed, with what replaced them.
RETIRED_COMMANDS: dict[str, str] = {
    "rolling-update": "`kubectl rolling-update` was removed in kubectl 1.18: a Deployment rolls out a new version "
                      "itself. Change the image with `kubectl set image deployment/kubia nodejs=luksa/kubia:v2` "
                      "and follow it with `kubectl rollout status deployment/kubia`.",
}

# Flags kubectl removed, by command path.
RETIRED_FLAGS: dict[tuple[str, str], str] = {
    ("run", "generator"): "`kubectl run` creates only a Pod since kubectl 1.18, and --generator is gone. Drop it "
                          "to run a pod (`kubectl run kubia --image=luksa/kubia --port=8080`), or create a "
                          "Deployment with `kubectl create deployment kubia --image=luksa/kubia --port=8080`.",
}


def retired_command(word: str) -> str:
    """A hint for a removed top-level command, or ""."""
    advice = RETIRED_COMMANDS.get(word)
    return hint(advice) if advice else ""


def retired_flag(path: str, error: str) -> str:
    """A hint after `unknown flag: --generator` and the like, or ""."""
    if not error.startswith("unknown flag: --"):
        return ""
    advice = RETIRED_FLAGS.get((path, error.removeprefix("unknown flag: --")))
    return hint(advice) if advice else ""


def retired_exec(pod: str, command: list[str]) -> str:
    """After `exec [POD] [COMMAND] is not supported anymore`: the same line, written today."""
    words = " ".join(shlex.quote(w) for w in command)
    return hint(f"kubectl takes the command after `--` now (the book's `kubectl exec {pod} {words}` predates "
                f"that); run `kubectl exec {pod} -- {words}`.")


def over_capacity(port: Port, what: str, replicas: int) -> str:
    """A hint when `replicas` pods are more than all the nodes can run (the scheduler's
    NodeResourcesFit counts a node's allocatable `pods`, 110 on a kind node), or ""."""
    nodes = [n for n in port.list(Node) if not (n.spec and (n.spec.unschedulable or any(
        t.effect in ("NoSchedule", "NoExecute") for t in n.spec.taints or ())))]
    room = sum(int((n.status.allocatable or {}).get("pods", 0)) for n in nodes if n.status)
    if not nodes or replicas <= room:
        return ""
    return hint(f"{what} asks for {replicas} pods, but the cluster's {len(nodes)} schedulable nodes can run at most {room} "
                "(fewer with the system pods); the others will stay Pending. The ReplicaSet controller creates "
                "at most 500 pods per sync, so they appear over virtual time.")
