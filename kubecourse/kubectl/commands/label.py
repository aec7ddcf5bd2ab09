"""`kubectl label [--overwrite] (TYPE NAME | TYPE/NAME | -f FILE | TYPE --all | TYPE -l SEL) k=v k2-`.

Models staging/src/k8s.io/kubectl/pkg/cmd/label/label.go; the work is in
kubecourse/kubectl/metadata_update.py, shared with annotate."""

from __future__ import annotations

from kubecourse.kubectl import metadata_update
from kubecourse.kubectl.commands import Command

SPEC = metadata_update.Spec("labels", "label", "labels")


def run(ctx, parsed, out, stdin) -> int:
    return metadata_update.run(SPEC, metadata_update.parse_label_pairs, ctx, parsed, out, stdin)


COMMAND = Command("label", run, metadata_update.flags("kubectl-label"), short="Update the labels on a resource")
