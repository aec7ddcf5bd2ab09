"""How kubectl prints errors (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr,
StandardErrorMessage, MultilineError; kubernetes-behavior.md §8.6)."""

from __future__ import annotations

from kubecourse.api.errors import StatusError


class CommandError(Exception):
    """A client-side error: printed as `error: <message>`, exit 1."""


def format_status_error(e: StatusError, context: str = "") -> str:
    """`Error from server (NotFound): pods "x" not found`; Invalid as kubectl rebuilds it.

    `context` is the `error when creating "STDIN": ` part that resource builders add."""
    if e.reason == "Invalid":
        head = f'The {e.kind} "{e.name}" is invalid'
        if not e.causes:
            return head
        if len(e.causes) == 1:
            return f"{head}: {e.causes[0]}"
        return f"{head}: \n" + "\n".join(f"* {c}" for c in e.causes)
    return f"Error from server ({e.reason}): {context}{e.message}"
