"""`--record`: the command line written into the `kubernetes.io/change-cause` annotation.

Models kubernetes/kubernetes: staging/src/k8s.io/cli-runtime/pkg/genericclioptions/record_flags.go
(parseCommandArguments). The flag is deprecated, so pflag warns
whenever it is given, even as `--record=false`; it still works in 1.32. The cause is
`kubectl` + every positional word (command words included) + every flag given, in the order
given, spelled `--<long name>=<value>`: `kubectl apply -f kubia.yaml --record` records
`kubectl apply --filename=kubia.yaml --record=true`.
"""

from __future__ import annotations

from typing import Any

from kubecourse.kubectl.context import Output
from kubecourse.kubectl.grammar import Flag, Parsed

CHANGE_CAUSE = "kubernetes.io/change-cause"
RECORD_FLAG = Flag("record", kind="bool", default=False)


def change_cause(path: str, parsed: Parsed, out: Output) -> str | None:
    """The cause to record for the command `path` (`apply`, `set image`), or None without
    --record; warns about the deprecation as pflag does."""
    if "record" not in parsed.given:
        return None
    out.error("Flag --record has been deprecated, --record will be removed in the future")
    if not parsed["record"]:
        return None
    words = " ".join([path, *parsed.args, *parsed.dash_args])
    flags = "".join(f" --{name}={value}" for name, value in parsed.sequence)
    return f"kubectl {words}{flags}"


def annotate(doc: dict[str, Any], cause: str | None) -> dict[str, Any]:
    """The manifest with the change-cause annotation set (unchanged when there is no cause)."""
    if cause is None:
        return doc
    meta = doc.get("metadata") or {}
    return {**doc, "metadata": {**meta, "annotations": {**(meta.get("annotations") or {}), CHANGE_CAUSE: cause}}}
