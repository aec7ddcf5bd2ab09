"""The live objects a command such as scale, label, annotate, expose or wait acts on.

Models the resource builder as these commands configure it (cli-runtime pkg/resource/builder.go:
FilenameParam, ResourceTypeOrNameArgs(allowEmptySelector=--all), LabelSelectorParam, Latest,
ContinueOnError): `TYPE NAME...`, `TYPE/NAME...`, `TYPE --all`, `TYPE -l SEL` or `-f FILE`, each
fetched from the server. A name that does not exist is an error for that name only; the others
are still visited, and the command reports every error at the end (errors.format_errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubecourse.api import errors as api_errors
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import resources
from kubecourse.kubectl.context import Context
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Parsed

NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n"
                "   '-f rsrc.yaml'\n"
                "   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n"
                "   '<resource>'")


@dataclass(frozen=True)
class Found:
    kind: Kind
    obj: Any


def find(ctx: Context, parsed: Parsed, args: list[str], stdin: str | None, *,
         all_: bool = False) -> tuple[list[Found], list[Exception], bool]:
    """The objects named, the errors met on the way, and whether exactly one object was named
    (IntoSingleItemImplied: `TYPE NAME` or `TYPE/NAME` with a single name)."""
    namespace = resources.namespace_of(parsed)
    selector = parsed.flags.get("selector") or ""
    if parsed.flags.get("filename"):
        if args:
            raise CommandError("Unexpected args: " + "[" + " ".join(args) + "]")
        return _from_files(ctx, parsed, stdin)
    if not args:
        raise CommandError(NO_RESOURCES)
    selection = resources.parse_targets(args)
    found: list[Found] = []
    errs: list[Exception] = []
    for kind, names in selection.items:
        ns = namespace if kind.namespaced else ""
        if names:
            for name in names:
                obj = ctx.try_get(kind.model, name, ns)
                if obj is None:
                    errs.append(api_errors.not_found(kind.resource, name))
                else:
                    found.append(Found(kind, obj))
        elif all_ or selector:
            found += [Found(kind, o) for o in ctx.list(kind.model, ns if kind.namespaced else None,
                                                       label_selector=selector)]
        else:
            raise CommandError("resource(s) were provided, but no name was specified")
    single = len(selection.items) == 1 and len(selection.items[0][1]) == 1
    return found, errs, single


def _from_files(ctx: Context, parsed: Parsed, stdin: str | None) -> tuple[list[Found], list[Exception], bool]:
    found: list[Found] = []
    errs: list[Exception] = []
    for target in resources.visit(parsed, stdin):
        if isinstance(target, Exception):
            errs.append(target)
            continue
        try:
            found.append(Found(target.kind, ctx.get(target.kind.model, target.name, target.namespace)))
        except StatusError as e:
            errs.append(e)
    return found, errs, len(found) + len(errs) == 1
