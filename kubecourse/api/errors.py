"""API errors as metav1.Status carries them (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).

The message texts are the server's; kubectl prefixes them (`Error from server (NotFound): `).
`resource` is the lower-case plural with its group, as the server names it in messages:
`pods`, `deployments.apps`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cause:
    field: str
    message: str  # e.g. 'Invalid value: -1: must be greater than or equal to 0'
    reason: str = "FieldValueInvalid"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class StatusError(Exception):
    code: int
    reason: str
    message: str
    kind: str = ""
    name: str = ""
    group: str = ""
    causes: list[Cause] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message

    def to_status(self) -> dict:
        """The metav1.Status body the HTTP server returns."""
        details: dict = {"name": self.name, "kind": self.kind}
        if self.group:
            details["group"] = self.group
        if self.causes:
            details["causes"] = [{"reason": c.reason, "message": c.message, "field": c.field}
                                 for c in self.causes]
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": self.message, "reason": self.reason, "details": details, "code": self.code}


def not_found(resource: str, name: str) -> StatusError:
    return StatusError(404, "NotFound", f'{resource} "{name}" not found', resource.split(".")[0], name)


def already_exists(resource: str, name: str) -> StatusError:
    return StatusError(409, "AlreadyExists", f'{resource} "{name}" already exists',
                       resource.split(".")[0], name)


def conflict(resource: str, name: str) -> StatusError:
    return StatusError(
        409, "Conflict",
        f'Operation cannot be fulfilled on {resource} "{name}": the object has been modified; '
        "please apply your changes to the latest version and try again",
        resource.split(".")[0], name)


def invalid(kind: str, name: str, causes: list[Cause], group: str = "") -> StatusError:
    """`Deployment.apps "kubia" is invalid: <cause>` (errors.NewInvalid; several causes as "[a, b]").

    kubectl does not print this message: it rebuilds `The Deployment "kubia" is invalid: ...`
    from details.kind, details.name and the causes
    (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go checkErr)."""
    qualified = f"{kind}.{group}" if group else kind
    if len(causes) == 1:
        message = f'{qualified} "{name}" is invalid: {causes[0]}'
    else:
        message = f'{qualified} "{name}" is invalid: [{", ".join(str(c) for c in causes)}]'
    return StatusError(422, "Invalid", message, kind, name, group, list(causes))


def bad_request(message: str) -> StatusError:
    return StatusError(400, "BadRequest", message)


def expired(message: str) -> StatusError:
    """410 Gone (apimachinery errors.NewResourceExpired): a watch from a compacted resourceVersion."""
    return StatusError(410, "Expired", message)


def forbidden(message: str) -> StatusError:
    return StatusError(403, "Forbidden", message)


def method_not_allowed(message: str) -> StatusError:
    return StatusError(405, "MethodNotAllowed", message)
