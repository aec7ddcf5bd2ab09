"""`kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)`.

Models kubernetes/kubectl: pkg/cmd/describe/describe.go (Complete, Run,
DescribeMatchingResources); the describers live in kubecourse/kubectl/describe/.

What we learned from the source:
- Without a type (and without -f) it fails with `You must specify the type of resource to
  describe. Use "kubectl api-resources" for a complete list of supported resources.`
- Objects are fetched with ContinueOnError: each found object is described, each missing
  one adds `Error from server (NotFound): ...` on stderr, and the exit code is 1 if any
  failed. Descriptions after the first are preceded by "\\n\\n" (each description already
  ends with a newline, so two empty lines separate them).
- With exactly two arguments, a single NotFound (the builder reduces one error to itself,
  and only then is it "NotFound") switches to a prefix search: every object of the first
  argument's type in the namespace whose name starts with the second, each followed by an
  extra newline; -l and -A play no part, whatever was found before is dropped, and several
  types fail with `you may only specify a single resource type`. If none matches, the
  original NotFound error stands.
- Nothing found and nothing failed: `No resources found in <ns> namespace.` on stderr (with
  -A: `No resources found`), exit 0.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import resources
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.describe import View, describe
from kubecourse.kubectl.errors import CommandError, format_status_error
from kubecourse.kubectl.grammar import Flag, Parsed

NO_TYPE = ('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete '
           "list of supported resources.")


def run(ctx, parsed: Parsed, out, stdin) -> int:
    args = parsed.args
    if not args and not parsed["filename"]:
        raise CommandError(NO_TYPE)
    namespace = resources.namespace_of(parsed)
    all_namespaces = bool(parsed["all-namespaces"])
    selector = parsed["selector"] or ""
    view = View(ctx, ctx.now, show_events=bool(parsed["show-events"]))
    found: list[Any] = []
    failures: list[StatusError | CommandError] = []
    for kind, names in _targets(parsed, stdin, namespace, failures):
        if not names:
            found += resources.list_objects(ctx, kind, None if all_namespaces else namespace,
                                            label_selector=selector)
            continue
        if selector and not parsed["filename"]:
            raise CommandError("name cannot be provided when a selector is specified")
        for name, ns in names:
            try:
                found.append(ctx.get(kind.model, name, ns))
            except StatusError as e:
                failures.append(e)
    if len(args) == 2 and len(failures) == 1 and isinstance(failures[0], StatusError) \
            and failures[0].reason == "NotFound":
        return _describe_matching(ctx, view, out, args[0], args[1], namespace, failures[0])
    for i, obj in enumerate(found):
        out.print(("\n\n" if i else "") + describe(obj, view))
    for e in failures:
        out.error(format_status_error(e) if isinstance(e, StatusError) else f"error: {e}")
    if not found and not failures:
        out.error("No resources found" if all_namespaces else f"No resources found in {namespace} namespace.")
    return 1 if failures else 0


def _targets(parsed: Parsed, stdin: str | None, namespace: str,
             failures: list[StatusError | CommandError]) -> list[tuple[Kind, list[tuple[str, str]]]]:
    """Per kind, the (name, namespace) pairs asked for; an empty list means every object.
    A manifest that cannot be mapped is a failure of its own; the others go on."""
    if not parsed["filename"]:
        selection = resources.parse_targets(parsed.args)
        return [(kind, [(name, namespace) for name in names]) for kind, names in selection.items]
    if parsed.args:
        raise CommandError("when paths, URLs, or stdin is provided as input, you may not specify resource "
                           "arguments as well")
    targets: list[tuple[Kind, list[tuple[str, str]]]] = []
    for t in resources.visit(parsed, stdin):
        if isinstance(t, CommandError):
            failures.append(t)
        else:
            targets.append((t.kind, [(t.name, t.namespace)]))
    return targets


def _describe_matching(ctx, view: View, out, resource: str, prefix: str, namespace: str,
                       original: StatusError) -> int:
    """DescribeMatchingResources: every object named by `resource` (a type, or TYPE/NAME)
    in the namespace whose name starts with `prefix`. Objects found before are not printed:
    this search replaces the first one."""
    selection = resources.parse_targets([resource])
    if len(selection.items) != 1:
        raise CommandError("you may only specify a single resource type")
    kind, names = selection.items[0]
    candidates = [ctx.get(kind.model, n, namespace) for n in names] or ctx.list(kind.model, namespace)
    matches = [obj for obj in candidates if obj.metadata.name.startswith(prefix)]
    if not matches:
        out.error(format_status_error(original))
        return 1
    for obj in matches:
        out.print(describe(obj, view) + "\n")
    return 0


COMMAND = Command(
    "describe",
    run,
    (
        resources.FILENAME_FLAG,
        resources.RECURSIVE_FLAG,
        Flag("kustomize", "k"),
        resources.SELECTOR_FLAG,
        Flag("all-namespaces", "A", kind="bool", default=False),
        Flag("show-events", kind="bool", default=True),
        Flag("chunk-size", kind="int", default=500),
    ),
    short="Show details of a specific resource or group of resources",
)
