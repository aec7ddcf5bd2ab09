"""How kubectl prints errors (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr,
StandardErrorMessage, MultilineError)."""

from __future__ import annotations

import dataclasses

from kubecourse.api.errors import StatusError


class CommandError(Exception):
    """A client-side error: printed as `error: <message>`, exit 1."""


def format_status_error(e: StatusError, context: str = "") -> str:
    """`Error from server (NotFound): pods "x" not found`; Invalid as kubectl rebuilds it.

    `context` is the `error when creating "STDIN": ` part that resource builders add."""
    if e.reason == "Invalid":
        head = f'The {e.kind} "{e.name}" is invalid' if e.kind or e.name else "The request is invalid"
        if not e.causes:
            return head
        if len(e.causes) == 1:
            text = f"{head}: {e.causes[0]}"
        else:
            text = f"{head}: \n" + "\n".join(f"* {c}" for c in e.causes)
        # MultilineError ends the text with a newline even when the last cause already ends
        # with one (the pod update diff): a blank line. The printer adds the newline a text lacks.
        return text + "\n" if text.endswith("\n") else text
    return f"{server_prefix(e)}{context}{e.message}"


def server_prefix(e: StatusError) -> str:
    """`Error from server (NotFound): `, or `Error from server: ` for a status without a reason
    (an error the apiserver did not classify, StatusReasonUnknown)."""
    return f"Error from server ({e.reason}): " if e.reason else "Error from server: "


def add_source(verb: str, source: str, e: Exception) -> Exception:
    """`error when creating "kubia.yaml": <message>`, keeping a server error's reason and
    details, so a lone Invalid is still rebuilt from its causes (helpers.go AddSourceToErr)."""
    if not source:
        return e
    prefix = f'error when {verb} "{source}": '
    if isinstance(e, StatusError):
        return dataclasses.replace(e, message=prefix + e.message)
    return CommandError(prefix + str(e))


def format_errors(errs: list[Exception]) -> str:
    """What checkErr prints for a command's errors: one error in full (`error: ...`, Invalid
    rebuilt), several as MultipleErrors does, one line each, with no `error: ` prefix and
    server errors as `Error from server (<Reason>): <message>`."""
    if len(errs) == 1:
        e = errs[0]
        if isinstance(e, StatusError):
            return format_status_error(e)
        text = str(e)
        return text if text.startswith("error: ") else f"error: {text}"
    return "\n".join(f"{server_prefix(e)}{e.message}" if isinstance(e, StatusError) else str(e)
                     for e in errs)
