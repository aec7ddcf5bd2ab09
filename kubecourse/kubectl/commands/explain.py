"""`kubectl explain RESOURCE[.FIELD...]`: the documentation of a kind or field, from the schema.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go (Complete,
Validate, Run with the OpenAPI v3 "plaintext" template) and
staging/src/k8s.io/kubectl/pkg/explain/explain.go SplitAndParseResourceRequestWithMatchingPrefix;
the rendering is kubecourse/schema/explain.py.

What the source (and kubectl 1.32 against our served schema) says:
- The argument splits at dots: the first part names the resource (`deploy`, `pods`); when the
  argument starts with `<plural>.<group>` (`deployments.apps.spec`) that whole prefix is the
  resource, else the rest are field names (`deployments.v1.apps` looks for a field `v1`).
- An unknown resource prints `the server doesn't have a resource type "foo"`, without
  kubectl's usual `error: ` prefix; an unknown field prints the header first, then
  `error: field "foo" does not exist` (named after the last field asked for).
- `--api-version` picks the version; one we do not serve fails as the mapper or the template
  does (`couldn't find resource for ...`, `GVR (...) not found in OpenAPI schema`).
"""

from __future__ import annotations

from kubecourse.api import kinds
from kubecourse.kubectl import hints
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.schema import explain

NO_RESOURCE = ('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete '
               "list of supported resources.")


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    if not parsed.args:
        raise CommandError(NO_RESOURCE)
    if len(parsed.args) > 1:
        raise CommandError("We accept only this format: explain RESOURCE")
    fmt = parsed["output"]
    if fmt == "plaintext-openapiv2":
        raise CommandError(hints.hint("kubecourse serves the OpenAPI v3 schema only; drop "
                                      "--output=plaintext-openapiv2."))
    if fmt != "plaintext":
        raise CommandError(f"unrecognized format: {fmt}")
    text = parsed.args[0].removesuffix(".")
    parts = text.split(".")
    kind = kinds.resolve(parts[0])
    if kind is None:
        out.error(f'the server doesn\'t have a resource type "{parts[0]}"')
        return 1
    prefix = f"{kind.plural}.{kind.group}" if kind.group else ""
    fields = text[len(prefix):].split(".")[1:] if prefix and (text == prefix or text.startswith(prefix + ".")) \
        else parts[1:]
    _check_api_version(parsed["api-version"], kind)
    try:
        out.out.append(explain.explain(kind.group, kind.gvk.version, kind.kind, fields,
                                       recursive=parsed["recursive"]))
    except explain.FieldNotFound as e:
        out.out.append(e.header)
        raise CommandError(str(e)) from None
    return 0


def _check_api_version(api_version: str, kind: kinds.Kind) -> None:
    if not api_version or api_version == kind.api_version:
        return
    group, _, version = api_version.rpartition("/")
    if group == kind.group:
        raise CommandError(f'couldn\'t find resource for "{api_version}, Resource={kind.plural}"')
    raise CommandError(f"GVR ({group}/{version}, Resource={kind.plural}) not found in OpenAPI schema")


COMMAND = Command(
    "explain",
    run,
    (Flag("api-version", default=""), Flag("output", "o", default="plaintext"),
     Flag("recursive", kind="bool", default=False)),
    short="Get documentation for a resource",
)
