"""The kubectl 1.32 commands kubecourse does not simulate, each answered in one marked line.

kubectl 1.32's command tree is listed here as its `--help` lists it, command by command
(kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/cmd.go NewKubectlCommand's
command groups, and each command's AddCommand); tests/test_unsimulated.py walks the real
binary's help to keep the list true. A command line that names one of them which the
simulation lacks (`auth can-i`, `create job`, `top pod`, `config view`) gets one line saying
so, marked as kubecourse's (kubecourse/kubectl/hints.py), and kubectl's failure exit code,
instead of cobra's `unknown command` for a word kubectl knows, a flag error for the
subcommand's flags, or a parent command's help. Which ones the simulation has is read from
the command table, so a command added there stops being answered this way.
"""

from __future__ import annotations

from collections.abc import Mapping

from kubecourse.kubectl import hints

EXIT_CODE = 1  # cmdutil.CheckErr's DefaultErrorExitCode

KUBECTL_TREE = frozenset((
    "create",
    "create clusterrole",
    "create clusterrolebinding",
    "create configmap",
    "create cronjob",
    "create deployment",
    "create ingress",
    "create job",
    "create namespace",
    "create poddisruptionbudget",
    "create priorityclass",
    "create quota",
    "create role",
    "create rolebinding",
    "create secret",
    "create secret docker-registry",
    "create secret generic",
    "create secret tls",
    "create service",
    "create service clusterip",
    "create service externalname",
    "create service loadbalancer",
    "create service nodeport",
    "create serviceaccount",
    "create token",
    "expose",
    "run",
    "set",
    "set env",
    "set image",
    "set resources",
    "set selector",
    "set serviceaccount",
    "set subject",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "rollout history",
    "rollout pause",
    "rollout restart",
    "rollout resume",
    "rollout status",
    "rollout undo",
    "scale",
    "autoscale",
    "certificate",
    "certificate approve",
    "certificate deny",
    "cluster-info",
    "cluster-info dump",
    "top",
    "top node",
    "top pod",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "auth can-i",
    "auth reconcile",
    "auth whoami",
    "debug",
    "events",
    "diff",
    "apply",
    "apply edit-last-applied",
    "apply set-last-applied",
    "apply view-last-applied",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "api-resources",
    "api-versions",
    "config",
    "config current-context",
    "config delete-cluster",
    "config delete-context",
    "config delete-user",
    "config get-clusters",
    "config get-contexts",
    "config get-users",
    "config rename-context",
    "config set",
    "config set-cluster",
    "config set-context",
    "config set-credentials",
    "config unset",
    "config use-context",
    "config view",
    "plugin",
    "plugin list",
    "version",
))


def simulated(path: list[str], table: Mapping) -> bool:
    """Whether the command table has this command path."""
    for word in path:
        command = table.get(word)
        if command is None:
            return False
        table = command.subcommands
    return True


def missing(path: list[str], words: list[str], table: Mapping) -> str | None:
    """The longest kubectl command the words after `path` name that the table lacks, or None
    when they name none (or one the table has)."""
    found = None
    for n in range(1, len(words) + 1):
        full = [*path, *words[:n]]
        if " ".join(full) not in KUBECTL_TREE:
            break
        if not simulated(full, table):
            found = " ".join(full)
    return found


def answer(command: str) -> str:
    return hints.hint(f"`kubectl {command}` is a kubectl 1.32 command that kubecourse does not simulate.")
