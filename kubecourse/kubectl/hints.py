"""kubecourse hints: the one place we print text kubectl would not, always marked as ours.

The book's manifests predate apps/v1; real kubectl rejects their apiVersions. A hint says
what changed and how to fix the manifest.
"""

from __future__ import annotations

from kubecourse.api import kinds

MARK = "kubecourse hint:"


def hint(text: str) -> str:
    return f"{MARK} {text}"


# apiVersions the book (and older tutorials) use, and what replaced them.
RETIRED: dict[str, str] = {
    "apps/v1beta1": "apps/v1",
    "apps/v1beta2": "apps/v1",
    "extensions/v1beta1": "apps/v1",
}


def retired_api_version(api_version: str, kind: str) -> str:
    """A hint for a manifest whose apiVersion Kubernetes removed, or "" when none applies."""
    current = next((k for k in kinds.KINDS if k.kind == kind), None)
    if api_version not in RETIRED or current is None:
        return ""
    advice = f"{kind} is served as {current.api_version} since Kubernetes 1.16; change `apiVersion: " \
             f"{api_version}` to `apiVersion: {current.api_version}`."
    if current.api_version == "apps/v1" and kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"):
        advice += " apps/v1 also requires spec.selector (e.g. matchLabels equal to the template's labels)."
    return hint(advice)
