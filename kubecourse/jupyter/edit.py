"""`%kubectl edit` in a notebook: the object's YAML in an editable widget.

A notebook has no terminal editor, so instead of $KUBE_EDITOR the learner gets a Textarea
holding exactly what kubectl would open (kubecourse/kubectl/edit.py EditLoop.buffer) and two
buttons. Save hands the text to the same EditLoop a scripted editor feeds, so it prints
kubectl's own messages (`deployment.apps/kubia edited`, or the error and the reopened text with
the causes in its header); Cancel is an editor closed without changes. Headless tests click
the buttons (`widget.save.click()`).
"""

from __future__ import annotations

import ipywidgets as widgets

from kubecourse.api.errors import StatusError
from kubecourse.cluster import Cluster, KubectlSession
from kubecourse.jupyter.printed import as_html
from kubecourse.kubectl import edit, grammar, main, record
from kubecourse.kubectl.context import Output, Result
from kubecourse.kubectl.errors import CommandError

CLASS = "kc-edit"


class EditWidget(widgets.VBox):
    """The buffer, Save and Cancel, and what kubectl printed."""

    def __init__(self, cluster: Cluster, loop: edit.EditLoop, out: Output) -> None:
        self._cluster = cluster
        self._loop = loop
        self._out = out
        self.result: Result | None = None  # set when the edit session is over
        self.text = widgets.Textarea(value=loop.buffer, rows=min(40, loop.buffer.count("\n") + 1),
                                     layout=widgets.Layout(width="100%"))
        self.save = widgets.Button(description="Save", button_style="primary")
        self.cancel = widgets.Button(description="Cancel")
        self.printed = widgets.HTML()
        self._shown = loop.buffer
        self.save.on_click(self._on_save)
        self.cancel.on_click(self._on_cancel)
        for widget, name in ((self, CLASS), (self.text, f"{CLASS}-text"), (self.save, f"{CLASS}-save"),
                             (self.cancel, f"{CLASS}-cancel"), (self.printed, f"{CLASS}-output")):
            widget.add_class(name)
        super().__init__([self.text, widgets.HBox([self.save, self.cancel]), self.printed])
        self._show()

    def _on_save(self, _button: widgets.Button) -> None:
        self._submit(self.text.value)

    def _on_cancel(self, _button: widgets.Button) -> None:
        self._submit(self._shown)  # an editor closed without a change

    def _submit(self, text: str) -> None:
        with self._cluster.lock:
            code = self._loop.save(text, self._out)
            self._cluster.manager.settle()
        if code is None:
            self.text.value = self._shown = self._loop.buffer  # reopened with the failures on top
        else:
            self.result = self._out.result(code)
            for widget in (self.text, self.save, self.cancel):
                widget.disabled = True
        self._show()

    def _show(self) -> None:
        shown = "".join(self._out.out) + "".join(self._out.err)
        self.printed.value = as_html(shown) if shown else ""


def open_widget(cluster: Cluster, line: str | main.Invocation) -> EditWidget | None:
    """The widget for `%kubectl edit ...`, or None when the command fails before an editor
    would open (bad flags, a missing object): `cluster.kubectl(line)` then prints that error."""
    invocation = main.read(line)
    out = Output()
    with cluster.lock:
        try:
            parsed = invocation.flags()
            cause = record.change_cause("edit", parsed, out)
            loop = edit.open_loop(KubectlSession(cluster), parsed, None, cause)
        except (grammar.UsageError, CommandError, StatusError):
            return None
    return EditWidget(cluster, loop, out)
