"""`kubectl get --raw PATH`: one GET of a server path, its body printed as it comes.

Models staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (Complete, Validate: `arguments may
not be passed when --raw is specified`, `--raw may not be specified with other flags that
filter the server request or alter the output`, `--raw and --output are mutually
exclusive`, `--raw must be a valid URL path: parse "api": invalid URI for request`) and
pkg/rawhttp/raw.go RawGet (the body copied to stdout as is, no newline added; redirects
followed as Go's HTTP client does). A non-2xx answer is an error: a Status body becomes the
server's error (`Error from server (NotFound): ...`), any other body the generic one
client-go makes from the code (rest/request.go newUnstructuredResponseError).

In-process, the path is answered by the very routes the served API answers with
(Context.get_raw): discovery, objects, logs and the pod and service proxies. A stream
(a watch, a followed log) prints what there is now and ends, since the notebook cell is
the only thing that could move time.
"""

from __future__ import annotations

import json

from kubecourse.api.errors import StatusError
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Parsed

REDIRECTS = 10  # Go's http.Client gives up after 10

# errors.NewGenericServerResponse: the reason and message client-go gives a code whose body
# is not a Status (apimachinery/pkg/api/errors/errors.go).
GENERIC = {
    400: ("BadRequest", "the server rejected our request for an unknown reason"),
    401: ("Unauthorized", "the server has asked for the client to provide credentials"),
    403: ("Forbidden", "the server does not allow access to the requested resource"),
    404: ("NotFound", "the server could not find the requested resource"),
    405: ("MethodNotAllowed", "the server does not allow this method on the requested resource"),
    409: ("Conflict", "the server reported a conflict"),
    422: ("Invalid", "the server rejected our request due to an error in our request"),
    429: ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
    500: ("InternalError", 'an error on the server ("{body}") has prevented the request from succeeding'),
    503: ("ServiceUnavailable", "the server is currently unable to handle the request"),
    504: ("Timeout", "the server was unable to return a response in the time allotted, but may still be "
                     "processing the request"),
}


def validate(parsed: Parsed, raw: str) -> None:
    if parsed.args:
        raise CommandError("arguments may not be passed when --raw is specified")
    if parsed["watch"] or parsed["watch-only"] or parsed["selector"]:
        raise CommandError("--raw may not be specified with other flags that filter the server request or alter "
                           "the output")
    if parsed["output"]:
        raise CommandError("--raw and --output are mutually exclusive")
    if not raw.startswith("/") and "://" not in raw:
        raise CommandError(f'--raw must be a valid URL path: parse "{raw}": invalid URI for request')


def run(ctx: Context, parsed: Parsed, out: Output, raw: str) -> int:
    validate(parsed, raw)
    for _ in range(REDIRECTS):
        response = ctx.get_raw(raw)
        if response.code not in (301, 302, 307, 308):
            break
        raw = response.location
    if not 200 <= response.code < 300:
        raise server_error(response.code, response.content_type, response.body)
    out.out.append(response.body.decode(errors="replace"))
    return 0


def server_error(code: int, content_type: str, body: bytes) -> StatusError:
    """What client-go makes of a failed response."""
    if content_type.startswith("application/json"):
        try:
            status = json.loads(body)
        except ValueError:
            status = None
        if isinstance(status, dict) and status.get("kind") == "Status" and status.get("status") == "Failure":
            details = status.get("details") or {}
            return StatusError(status.get("code") or code, status.get("reason") or "", status.get("message") or "",
                               details.get("kind", ""), details.get("name", ""))
    text = body.decode(errors="replace").strip() if content_type.startswith("text/") else "unknown"
    reason, message = GENERIC.get(code, ("", f"an error on the server ({text!r}) has prevented the request from "
                                             "succeeding"))
    return StatusError(code, reason, message.format(body=text))
