"""`kubectl set image (-f FILE | TYPE NAME) CONTAINER=IMAGE ... [--all] [-l SEL] [--record]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go (Complete,
Validate, Run, setImage, getResourcesAndImages) and cmd/util/helpers.go ParsePairs.

What the source says:
- Arguments are resources until the first `NAME=IMAGE` (or `NAME-`, refused as an image).
- The objects are fetched before anything is checked; one that is missing ends the command
  (`Error from server (NotFound): ...`) before any is changed. Then: `at least one image
  update is required`; `*` with other pairs is refused.
- `NAME=IMAGE` sets the image of the containers and init containers named NAME, `*=IMAGE`
  of all of them. A name no container has is `error: unable to find container named "x"`,
  reported after the other objects and pairs were applied. Setting the image a container
  already has changes nothing and prints nothing.
- `--record` writes the command line as `kubernetes.io/change-cause` on the object itself.
Upstream's pairs are a Go map (random order); here they apply in the order given.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api.kinds import Kind
from kubecourse.kubectl import objects, output, record
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag, Parsed
from kubecourse.kubectl.metadata_update import split_args
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG
from kubecourse.kubectl.set import LOCAL_HINT, apply_edits, pod_spec

FLAGS = (Flag("all", kind="bool", default=False), Flag("local", kind="bool", default=False), FILENAME_FLAG,
         RECURSIVE_FLAG, SELECTOR_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG, record.RECORD_FLAG,
         Flag("field-manager", default="kubectl-set"), Flag("show-managed-fields", kind="bool", default=False))


def parse_image_pairs(pairs: list[str]) -> dict[str, str]:
    """ParsePairs(pairs, "image", supportRemove=false)."""
    images: dict[str, str] = {}
    invalid = []
    for pair in pairs:
        if "=" in pair and not pair.startswith("="):
            name, _, image = pair.partition("=")
            images[name] = image
        else:
            invalid.append(pair)
    if invalid:
        raise CommandError(f"invalid image format: {', '.join(invalid)}")
    return images


def set_image(containers: list[dict[str, Any]] | None, name: str, image: str) -> bool:
    """setImage: whether a container had that name (or the name is `*`)."""
    found = False
    for c in containers or ():
        if c.get("name") == name or name == "*":
            c["image"] = image
            found = True
    return found


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    cause = record.change_cause("set image", parsed, out)
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    resources, pairs = split_args(parsed.args, "image")
    images = parse_image_pairs(pairs)
    if parsed["local"]:
        raise CommandError(LOCAL_HINT)
    found, errs, _ = objects.find(ctx, parsed, resources, stdin, all_=parsed["all"])
    if errs:
        out.error(format_errors(errs))
        return 1
    problems: list[Exception] = []
    if parsed["all"] and parsed["selector"]:
        problems.append(CommandError("cannot set --all and --selector at the same time"))
    if not images:
        problems.append(CommandError("at least one image update is required"))
    elif len(images) > 1 and "*" in images:
        problems.append(CommandError("all containers are already specified by *, but saw more than one "
                                     "container_name=container_image pairs"))
    if problems:
        out.error(format_errors(problems))
        return 1

    missing: list[Exception] = []

    def edit(kind: Kind, wire: dict[str, Any]) -> bool:
        spec = pod_spec(kind, wire)
        for name, image in images.items():
            in_init = set_image(spec.get("initContainers"), name, image)
            if not set_image(spec.get("containers"), name, image) and not in_init:
                missing.append(CommandError(f'error: unable to find container named "{name}"'))
        wire["metadata"] = record.annotate(wire, cause)["metadata"]
        return True

    return apply_edits(ctx, out, found, edit, parsed=parsed, dry_run=dry_run,
                       refused="failed to patch image update to pod template: ", operation="image updated", failures=missing)


COMMAND = Command("image", run, FLAGS, short="Update the image of a pod template")
