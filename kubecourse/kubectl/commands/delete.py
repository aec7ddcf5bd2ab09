"""`kubectl delete`: by `TYPE NAME...`, `TYPE/NAME...`, `-f`, `-l`, `--all` (with `-A`).

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go (Complete,
Validate, DeleteResult, PrintObj), delete_flags.go (parseCascadingFlag) and
staging/src/k8s.io/kubectl/pkg/cmd/wait/delete.go (IsDeleted).

What we learned from the source:
- The message is `<kind>[.<group>] "<name>" deleted` (quoted name, no slash) through 1.34;
  `force deleted` when the grace period is 0, `(dry run)` / `(server dry run)` appended;
  `-o name` prints `<kind>[.<group>]/<name>` and is the only -o accepted.
- `--grace-period=0` without `--force` becomes 1; `--force` alone means 0 and warns;
  `--now` is 1 and cannot be combined with `--grace-period`.
- `--all`, `-l` and `--field-selector` imply `--ignore-not-found` unless it was given.
- Each object is deleted on its own; a failure is reported at the end and the others are
  still deleted. When anything failed, delete returns without waiting.
- Then, with `--wait` (the default), it waits until every deleted object is gone or was
  replaced by a new one of the same name (another UID). `--timeout=0` means a week; here it
  means "as long as anything pending in the cluster can still remove the object": when
  nothing can, we stop with kubectl's timeout text and a marked hint instead of hanging.
"""

from __future__ import annotations

from dataclasses import dataclass

from kubecourse.api import server
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import hints, output, resources
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.duration import parse_duration
from kubecourse.kubectl.errors import CommandError, add_source, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.objects import NO_RESOURCES
from kubecourse.kubectl.resources import Target

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.")
CLUSTER_SCOPE_WARNING = "Warning: deleting cluster-scoped resources, not scoped to the provided namespace"
BOOL_TRUE, BOOL_FALSE = ("1", "t", "T", "TRUE", "true", "True"), ("0", "f", "F", "FALSE", "false", "False")


@dataclass(frozen=True)
class Info:
    """One object to delete (resource.Info without its object: RequireObject(false))."""

    kind: Kind
    name: str
    namespace: str
    source: str = ""  # the manifest it came from, for `error when deleting "x.yaml"`


@dataclass(frozen=True)
class DeleteOptions:
    grace_period: int = -1  # -1: the object's own
    propagation: str = server.BACKGROUND
    dry_run: str = output.NONE
    output: str = ""
    ignore_not_found: bool = False
    wait: bool = True
    timeout: float = 0.0  # virtual seconds; 0: kubectl's own default

    def operation(self) -> str:
        return output.with_dry_run("force deleted" if self.grace_period == 0 else "deleted", self.dry_run)


def parse_cascade(value: str, out: Output) -> str:
    """background|foreground|orphan, or a deprecated boolean (delete_flags.go parseCascadingFlag)."""
    if value in BOOL_TRUE or value in BOOL_FALSE:
        policy = "background" if value in BOOL_TRUE else "orphan"
        out.error(f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
                  f"--cascade={policy}.")
        return server.BACKGROUND if policy == "background" else server.ORPHAN
    policies = {"background": server.BACKGROUND, "foreground": server.FOREGROUND, "orphan": server.ORPHAN}
    if value not in policies:
        raise CommandError(f'invalid cascade value ({value}). Must be "background", "foreground", or "orphan"')
    return policies[value]


def grace_period(parsed: Parsed) -> int:
    """--grace-period, --now and --force combined as Complete does."""
    grace = parsed["grace-period"]
    if parsed["now"]:
        if grace != -1:
            raise CommandError("--now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not parsed["force"]:
        grace = 1  # backwards compatibility without accidental force deletion
    if parsed["force"] and grace < 0:
        grace = 0
    return grace


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    propagation = parse_cascade(parsed["cascade"], out)
    selecting = parsed["all"] or parsed["selector"] or parsed["field-selector"]
    options = DeleteOptions(
        grace_period=grace_period(parsed),
        propagation=propagation,
        dry_run=output.dry_run_strategy(parsed, out, ctx.now),
        output=parsed["output"],
        ignore_not_found=parsed["ignore-not-found"] if "ignore-not-found" in parsed.given else bool(selecting),
        wait=parsed["wait"],
        timeout=parse_duration(parsed["timeout"]),
    )
    infos, errs = find(ctx, parsed, stdin)
    if options.output not in ("", "name"):
        raise CommandError(f"unexpected -o output mode: {options.output}. We only support '-o name'")
    if options.grace_period == 0 and parsed["force"]:
        out.error(FORCE_WARNING)
    elif options.grace_period > 0 and parsed["force"]:
        raise CommandError("--force and --grace-period greater than 0 cannot be specified together")
    warn_cluster_scope = "namespace" in parsed.given and not parsed["all-namespaces"]
    return delete_result(ctx, infos, errs, options, out, warn_cluster_scope=warn_cluster_scope)


def delete_result(ctx: Context, infos: list[Info], errs: list[Exception], options: DeleteOptions, out: Output,
                  *, warn_cluster_scope: bool = False) -> int:
    """Delete each object, print each, then wait for them to be gone (DeleteResult)."""
    deleted: list[tuple[Info, str]] = []  # with the UID the delete answered for
    for info in infos:
        if warn_cluster_scope and not info.kind.namespaced:
            out.error(CLUSTER_SCOPE_WARNING)
            warn_cluster_scope = False
        if options.dry_run == output.CLIENT:
            print_deleted(out, info, options)
            continue
        try:
            obj = ctx.delete(info.kind.model, info.name, info.namespace,
                             grace_period=None if options.grace_period < 0 else options.grace_period,
                                 propagation=options.propagation, dry_run=options.dry_run == output.SERVER)
        except StatusError as e:
            if not (options.ignore_not_found and e.reason == "NotFound"):
                errs.append(add_source("deleting", info.source, e))
            continue
        print_deleted(out, info, options)
        deleted.append((info, obj.metadata.uid))
    if errs:
        out.error(format_errors(errs))
        return 1
    if not infos:
        out.print("No resources found")
        return 0
    if not options.wait or options.dry_run != output.NONE:
        return 0
    return wait_deleted(ctx, deleted, options.timeout or None, out)


def print_deleted(out: Output, info: Info, options: DeleteOptions) -> None:
    if options.output == "name":
        out.print(f"{info.kind.type_name}/{info.name}")
    else:
        out.print(f'{info.kind.type_name} "{info.name}" {options.operation()}')


def wait_deleted(ctx: Context, deleted: list[tuple[Info, str]], timeout: float | None, out: Output) -> int:
    """Wait in virtual time until each object is gone or replaced (wait/delete.go IsDeleted).
    `timeout` None is kubectl's unbounded default."""
    for info, uid in deleted:
        def gone(info: Info = info, uid: str = uid) -> bool:
            obj = ctx.try_get(info.kind.model, info.name, info.namespace)
            return obj is None or obj.metadata.uid != uid

        if not ctx.wait(gone, timeout):
            out.error(f"error: timed out waiting for the condition on {info.kind.plural}/{info.name}")
            if timeout is None:
                out.error(stuck_hint(ctx, info))
            return 1
    return 0


def stuck_hint(ctx: Context, info: Info) -> str:
    """Why an unbounded wait stopped: nothing pending in the cluster will remove the object."""
    obj = ctx.try_get(info.kind.model, info.name, info.namespace)
    finalizers = list(obj.metadata.finalizers or ()) if obj is not None else []
    why = f"its finalizers {finalizers} are still set" if finalizers else "it is still terminating"
    return hints.hint(f"nothing pending in the cluster will remove {info.kind.plural}/{info.name}: {why}. Real "
                      "kubectl would keep waiting; the deletion itself was accepted (use --wait=false not to wait).")


# --- what to delete -------------------------------------------------------------------------


def find(ctx: Context, parsed: Parsed, stdin: str | None) -> tuple[list[Info], list[Exception]]:
    """The objects named by the arguments, as the resource builder finds them (builder.go
    visitorResult: paths, then selectors, then TYPE/NAME, then TYPE NAME)."""
    args = parsed.args
    label_selector = parsed["selector"].strip()
    if parsed["all"] and label_selector:
        raise CommandError("setting 'all' parameter but found a non empty selector. ")
    if parsed["filename"]:
        return from_files(parsed, stdin, args)
    selecting = parsed["all"] or label_selector or parsed["field-selector"]
    if not args:
        raise CommandError("at least one resource must be specified to use a selector" if selecting
                           else NO_RESOURCES)
    selection = resources.parse_targets(args)
    named = any(names for _, names in selection.items)
    if selecting:
        if named:
            raise CommandError("selectors and the all flag cannot be used when passing resource/name arguments"
                               if any("/" in a for a in args) else "name cannot be provided when a selector is "
                               "specified")
        return from_selector(ctx, parsed, [kind for kind, _ in selection.items]), []
    if not named:
        raise CommandError("resource(s) were provided, but no name was specified")
    namespace = resources.namespace_of(parsed)
    infos = []
    for kind, names in selection.items:
        if kind.namespaced and parsed["all-namespaces"]:
            raise CommandError("a resource cannot be retrieved by name across all namespaces")
        infos += [Info(kind, name, namespace if kind.namespaced else "") for name in names]
    return infos, []


def from_selector(ctx: Context, parsed: Parsed, kinds: list[Kind]) -> list[Info]:
    namespace = None if parsed["all-namespaces"] else resources.namespace_of(parsed)
    infos = []
    for kind in kinds:
        for obj in ctx.list(kind.model, namespace if kind.namespaced else None,
                            label_selector=parsed["selector"].strip(), field_selector=parsed["field-selector"]):
            infos.append(Info(kind, obj.metadata.name, obj.metadata.namespace or ""))
    return infos


def from_files(parsed: Parsed, stdin: str | None, args: list[str]) -> tuple[list[Info], list[Exception]]:
    if args:
        raise CommandError("resource/name arguments cannot be provided when a path is specified"
                           if len(args) > 1 or "/" in args[0] else
                           "when paths, URLs, or stdin is provided as input, you may not specify resource "
                           "arguments as well")
    infos: list[Info] = []
    errs: list[Exception] = []
    for target in resources.visit(parsed, stdin):
        if isinstance(target, Target):
            infos.append(Info(target.kind, target.name, target.namespace, target.source))
        else:
            errs.append(target)
    return infos, errs


COMMAND = Command(
    "delete",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, resources.SELECTOR_FLAG, output.DRY_RUN_FLAG,
     Flag("output", "o", default=""), Flag("field-selector", default=""), Flag("all", kind="bool", default=False),
     Flag("all-namespaces", "A", kind="bool", default=False), Flag("cascade", default="background",
                                                                  no_opt="background"),
     Flag("force", kind="bool", default=False), Flag("grace-period", kind="int", default=-1),
     Flag("ignore-not-found", kind="bool", default=False), Flag("now", kind="bool", default=False),
     Flag("timeout", default="0s"), Flag("wait", kind="bool", default=True)),
    short="Delete resources by file names, stdin, resources and names, or by resources and label selector",
)
