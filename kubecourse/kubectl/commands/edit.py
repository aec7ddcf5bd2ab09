"""`kubectl edit (TYPE NAME | TYPE/NAME | -f FILE) [-o yaml|json] [--output-patch] [--save-config]`.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/edit/edit.go (flags) and
staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go (the loop, in
kubecourse/kubectl/edit.py).

Real kubectl runs $KUBE_EDITOR, $EDITOR or vi on a temporary file. kubecourse runs the
cluster's editor, a Python callable from text to text (`cluster.editor = fn`), so a notebook
or a test edits the same way every time; the notebook's `%kubectl edit` offers a widget
instead. With no editor, kubectl's own error for an editor it cannot launch, and a hint.
"""

from __future__ import annotations

from kubecourse.kubectl import edit, hints, output, record, resources
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.grammar import Flag, Parsed

NO_EDITOR = 'unable to launch the editor "vi"'
NO_EDITOR_HINT = hints.hint("kubecourse runs no terminal editor. Give the cluster one: a Python function from the "
                            "object's YAML to the edited YAML (`cluster.editor = lambda text: text.replace("
                            "'replicas: 3', 'replicas: 5')`), or run `%kubectl edit` in a notebook to edit in a "
                            "widget.")


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    cause = record.change_cause("edit", parsed, out)
    loop = edit.open_loop(ctx, parsed, stdin, cause)
    editor = ctx.editor
    if editor is None:
        out.error(f"error: {NO_EDITOR}")
        out.error(NO_EDITOR_HINT)
        return 1
    return edit.run_loop(loop, editor, out)


COMMAND = Command(
    "edit",
    run,
    (resources.FILENAME_FLAG, resources.RECURSIVE_FLAG, output.OUTPUT_FLAG, record.RECORD_FLAG,
     Flag("output-patch", kind="bool", default=False), Flag("save-config", kind="bool", default=False),
     Flag("field-manager", default="kubectl-edit"), Flag("validate", default="strict"),
     Flag("windows-line-endings", kind="bool", default=False),
     Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template", default=""),
     Flag("show-managed-fields", kind="bool", default=False)),
    short="Edit a resource on the server",
)
