"""Errors as metav1.Status bodies, with the codes and reasons kubectl reads
(staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go; kubectl prints them with
pkg/cmd/util/helpers.go StandardErrorMessage). API errors carry their own body (StatusError.to_status());
these are the ones only the HTTP layer raises."""

from __future__ import annotations

from kubecourse.api.errors import StatusError

UNAUTHORIZED = StatusError(401, "Unauthorized", "Unauthorized")


def body(err: StatusError) -> dict:
    """The Status a failed request answers with. Errors without a named object (401, an
    unknown path) carry no details, as the real server's do."""
    status = err.to_status()
    if not (err.name or err.kind or err.causes):
        del status["details"]
    return status


def no_route() -> StatusError:
    """Any path the server does not know: kubectl prints `Error from server (NotFound): the
    server could not find the requested resource`."""
    return StatusError(404, "NotFound", "the server could not find the requested resource")


def unsupported_media_type(content_type: str) -> StatusError:
    return StatusError(415, "UnsupportedMediaType", f'the body of the request was in an unknown format - '
                       f'accepted media types include: application/json, application/yaml, '
                       f'application/vnd.kubernetes.protobuf (got "{content_type}")')


def method_not_allowed(verb: str, resource: str) -> StatusError:
    return StatusError(405, "MethodNotAllowed", f"the server does not allow this method on the requested "
                       f"resource ({verb} {resource})")


def internal_error(e: Exception) -> StatusError:
    """apimachinery errors.NewInternalError: what a request that met a bug in kubecourse gets,
    instead of a dropped connection and a traceback on the notebook's stderr."""
    return StatusError(500, "InternalError", f"Internal error occurred: {e}")
