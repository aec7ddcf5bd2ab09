"""`kubectl annotate [--overwrite] (TYPE NAME | TYPE/NAME | -f FILE | TYPE --all | TYPE -l SEL) k=v k2-`.

Models staging/src/k8s.io/kubectl/pkg/cmd/annotate/annotate.go; the work is in
kubecourse/kubectl/metadata_update.py, shared with label."""

from __future__ import annotations

from kubecourse.kubectl import metadata_update
from kubecourse.kubectl.commands import Command

SPEC = metadata_update.Spec("annotations", "annotation", "annotations")


def run(ctx, parsed, out, stdin) -> int:
    return metadata_update.run(SPEC, metadata_update.parse_annotation_pairs, ctx, parsed, out, stdin)


COMMAND = Command("annotate", run, metadata_update.flags("kubectl-annotate"),
                  short="Update the annotations on a resource")
