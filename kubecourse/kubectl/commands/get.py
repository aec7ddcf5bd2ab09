"""`kubectl get`: tables, `-o wide|name|yaml|json`, labels as columns, and `--watch`.

Models kubernetes/kubectl: pkg/cmd/get/get.go (Complete, Validate, Run, printGeneric, watch)
over the resource builder (cli-runtime pkg/resource/builder.go, ContinueOnError). Columns
come from the table of kinds, as a real server's Table does; printers.py lays them out.

What the source says:
- Each kind listed and each name fetched is one result, in the order asked (`pod/a svc/b
  pod/c` prints three tables). A missing name is an error for that name only: the others
  print, then one `Error from server (NotFound): ...` line per missing name, exit 1.
- Names get their kind prefix (`pod/x`, `deployment.apps/x`) only when the results hold
  more than one kind (multipleGVKsRequested), so `get pod/a pod/b` prints bare names. An
  empty line separates the tables of different kinds, unless --no-headers.
- Nothing printed and no error: stderr says `No resources found in <ns> namespace.`, or
  `No resources found` with -A or a cluster-scoped kind; exit 0.
- `-o yaml|json|name` print one object when exactly one was named, else a `kind: List`
  (even an empty one); they never say "No resources found".
- `--watch` runs in virtual time: see kubecourse/kubectl/watch.py.
- `-o jsonpath=|go-template=|custom-columns=` (and their -file forms) and `--sort-by` are
  kubecourse/kubectl/templates.py; they see the same object or List as -o json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubecourse.api import errors as api_errors
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import hints, output, printers, raw, resources, templates, watch
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed

TABLE_FORMATS = ("", "wide")
SIMULATED_FORMATS = (*TABLE_FORMATS, "name", "yaml", "json")
# What get's -o accepts (get/get_flags.go AllowedFormats, sorted as the error prints them).
ALLOWED_FORMATS = tuple(sorted((*output.ALLOWED_FORMATS, "custom-columns", "custom-columns-file", "wide")))

NO_TYPE = ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
           "supported resources.\n\n"
           "error: Required resource not specified.\n"
           'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain '
           "pods).\n"
           "See 'kubectl get -h' for help and examples")


@dataclass(frozen=True)
class Fetched:
    """One result of the builder: a kind's list (possibly empty) or one named object."""

    kind: Kind
    objs: tuple[Any, ...]


def _check_output(parsed: Parsed) -> str:
    fmt = templates.with_template_argument(parsed["output"], parsed["template"])
    if fmt is None or (fmt not in SIMULATED_FORMATS and templates.parse_format(fmt) is None):
        if fmt is not None and fmt.partition("=")[0] in ALLOWED_FORMATS:
            raise CommandError(hints.hint(f'kubecourse does not simulate "-o {fmt}"; use -o jsonpath=..., '
                                          "-o yaml or -o json."))
        raise CommandError(f'unable to match a printer suitable for the output format "{parsed["output"]}", '
                           f"allowed formats are: {','.join(ALLOWED_FORMATS)}")
    parsed.flags["output"] = fmt  # what the printer flags settled on, for the printers
    if parsed["show-labels"] and fmt not in TABLE_FORMATS:
        raise CommandError(f"--show-labels option cannot be used with {fmt} printer")
    if parsed["output-watch-events"] and not (parsed["watch"] or parsed["watch-only"]):
        raise CommandError("--output-watch-events option can only be used with --watch or --watch-only")
    return fmt


def _check_names(parsed: Parsed, selection: resources.Selection | None) -> None:
    """visitBySelector and visitByName refuse names with selectors, and -A with names."""
    named = [kind for kind, names in (selection.items if selection else ()) if names]
    if named and (parsed["selector"] or parsed["field-selector"]):
        raise CommandError("name cannot be provided when a selector is specified")
    if parsed["all-namespaces"] and any(kind.namespaced for kind in named):
        raise CommandError("a resource cannot be retrieved by name across all namespaces")


def _targets(parsed: Parsed, args: list[str]) -> resources.Selection | None:
    """The TYPE/NAME arguments, or None when -f names the objects."""
    if parsed["filename"]:
        if args:
            raise CommandError("when paths, URLs, or stdin is provided as input, you may not specify resource "
                               "arguments as well")
        return None
    if any("/" in a for a in args) and (parsed["selector"] or parsed["field-selector"]):
        raise CommandError("selectors and the all flag cannot be used when passing resource/name arguments")
    return resources.parse_targets(args)


def fetch(ctx: Context, parsed: Parsed, selection: resources.Selection | None,
          stdin: str | None) -> tuple[list[Fetched], list[Exception], bool]:
    """Every result in order, the errors met, and whether exactly one object was named."""
    namespace = resources.namespace_of(parsed)
    everywhere = parsed["all-namespaces"]
    found: list[Fetched] = []
    errs: list[Exception] = []

    def get_one(kind: Kind, name: str, ns: str) -> None:
        obj = ctx.try_get(kind.model, name, ns if kind.namespaced else "")
        if obj is None:
            errs.append(api_errors.not_found(kind.resource, name))
        else:
            found.append(Fetched(kind, (obj,)))

    if selection is None:
        visited = resources.visit(parsed, stdin)
        for target in visited:
            if isinstance(target, Exception):
                errs.append(target)
            else:
                get_one(target.kind, target.name, target.namespace)
        return found, errs, len(visited) == 1
    for kind, names in selection.items:
        for name in names:
            get_one(kind, name, namespace)
        if not names:
            try:
                objs = resources.list_objects(ctx, kind, None if everywhere else namespace,
                                              label_selector=parsed["selector"],
                                              field_selector=parsed["field-selector"])
            except StatusError as e:
                errs.append(e)
                continue
            found.append(Fetched(kind, tuple(objs)))
    single = len(selection.items) == 1 and len(selection.items[0][1]) == 1
    return found, errs, single


def table_options(parsed: Parsed, kind: Kind, *, with_kind: bool) -> printers.TableOptions:
    return printers.TableOptions(
        wide=parsed["output"] == "wide",
        no_headers=parsed["no-headers"],
        with_namespace=parsed["all-namespaces"] and kind.namespaced,
        with_kind=with_kind or parsed["show-kind"],
        show_labels=parsed["show-labels"],
        label_columns=tuple(parsed["label-columns"]),
        with_event=parsed["output-watch-events"],
    )


def print_tables(ctx: Context, parsed: Parsed, out: Output, found: list[Fetched]) -> bool:
    """Run's human-readable loop: one tabwriter flush per kind, headers once per kind, an
    empty line between kinds that printed something. Returns whether anything was printed."""
    with_kind = len({f.kind for f in found}) > 1
    written = separate = False
    block: list[list[str]] = []
    kind: Kind | None = None
    header_done = False

    def flush() -> None:
        nonlocal written, separate
        text, _ = printers.layout(block)
        if text:
            out.out.append(("\n" if separate else "") + text)
            written, separate = True, False

    for result in found:
        if result.kind is not kind:
            flush()
            block, header_done = [], False
            if kind is not None and not parsed["no-headers"] and written:
                separate = True
            kind = result.kind
        options = table_options(parsed, kind, with_kind=with_kind)
        rows = printers.table(kind, result.objs, ctx.now, options)
        if header_done and rows and not options.no_headers:
            rows = rows[1:]
        header_done = header_done or bool(rows)
        block += rows
    flush()
    return written


def print_generic(parsed: Parsed, out: Output, found: list[Fetched], single: bool) -> None:
    """printGeneric: the object itself when one was named, else a List of everything."""
    fmt = parsed["output"]
    pairs = [(f.kind, obj) for f in found for obj in f.objs]
    if fmt == "name":
        out.out.extend(printers.name_line(kind, obj) for kind, obj in pairs)
        return
    show = parsed["show-managed-fields"]
    items = [printers.wire(obj, show_managed_fields=show) for _, obj in pairs]
    template = templates.parse_format(fmt)
    if template is not None and template.kind == "custom-columns":
        cols = templates.columns(template.text, from_file=fmt.startswith("custom-columns-file="))
        out.out.append(templates.custom_columns(cols, items, no_headers=parsed["no-headers"]))
        return
    data = items[0] if single and len(items) == 1 else printers.as_list(items)
    if template is not None:
        templates.render(template, data, out, allow_missing=parsed["allow-missing-template-keys"])
        return
    out.out.append(printers.to_yaml(data) if fmt == "yaml" else printers.to_json(data))


def sort_by(parsed: Parsed, found: list[Fetched]) -> list[Fetched]:
    """--sort-by: each result's objects in the order of the expression's first value. A table of
    one kind is sorted as the server's Table (TableSorter), which, finding the field in no row,
    leaves no row: kubectl then says `No resources found`."""
    if not parsed["sort-by"]:
        return found
    one_table = parsed["output"] in TABLE_FORMATS and len({f.kind for f in found}) == 1
    sorted_ = []
    for result in found:
        try:
            order = templates.sort_objects(parsed["sort-by"], [printers.wire(o) for o in result.objs])
        except CommandError:
            if not one_table:
                raise
            order = []
        sorted_.append(Fetched(result.kind, tuple(result.objs[i] for i in order)))
    return sorted_


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    if parsed["raw"]:
        return raw.run(ctx, parsed, out, parsed["raw"])
    fmt = _check_output(parsed)
    timeout = watch.request_timeout(parsed["request-timeout"])
    args = parsed.args
    if not args and not parsed["filename"]:
        out.error(NO_TYPE)
        return 1
    selection = _targets(parsed, args)
    _check_names(parsed, selection)
    watching = parsed["watch"] or parsed["watch-only"]
    if watching and selection is not None and len({kind for kind, _ in selection.items}) > 1:
        raise CommandError("you may only specify a single resource type")
    found, errs, single = fetch(ctx, parsed, selection, stdin)
    found = sort_by(parsed, found)
    if watching and not errs:
        if selection is None:
            raise CommandError(hints.hint("kubecourse watches the objects named by arguments, not by -f: "
                                          "use kubectl get TYPE NAME --watch"))
        kind, names = selection.items[0]
        current = [obj for f in found for obj in f.objs]
        options = table_options(parsed, kind, with_kind=False)
        return watch.run(ctx, parsed, out, kind, names, current, options, timeout)
    if parsed["ignore-not-found"]:
        errs = [e for e in errs if not (isinstance(e, StatusError) and e.reason == "NotFound")]
    if fmt in TABLE_FORMATS:
        printed = print_tables(ctx, parsed, out, found)
        if not printed and not errs and not parsed["ignore-not-found"]:
            namespaced = not parsed["all-namespaces"] and all(f.kind.namespaced for f in found)
            ns = resources.namespace_of(parsed)
            out.error(f"No resources found in {ns} namespace." if namespaced else "No resources found")
    elif not (single and errs) and not (parsed["ignore-not-found"] and not found):
        print_generic(parsed, out, found, single)
    if errs:
        out.error(format_errors(errs))
    return 1 if errs else 0


FLAGS = (
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("chunk-size", kind="int", default=500),
    Flag("field-selector", default=""),
    resources.FILENAME_FLAG,
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("label-columns", "L", kind="slice"),
    Flag("no-headers", kind="bool", default=False),
    Flag("output", "o", default=""),
    Flag("output-watch-events", kind="bool", default=False),
    Flag("raw", default=""),
    resources.RECURSIVE_FLAG,
    resources.SELECTOR_FLAG,
    Flag("show-kind", kind="bool", default=False),
    Flag("show-labels", kind="bool", default=False),
    Flag("show-managed-fields", kind="bool", default=False),
    Flag("sort-by", default=""),
    Flag("template", default=""),
    Flag("watch", "w", kind="bool", default=False),
    Flag("watch-only", kind="bool", default=False),
)

COMMAND = Command("get", run, FLAGS, short="Display one or many resources")
