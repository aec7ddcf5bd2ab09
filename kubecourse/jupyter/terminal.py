"""A small terminal for `%kubectl exec -it POD -- sh`: the notebook's stand-in for a TTY.

kubectl itself stays unaware of Jupyter (docs/architecture.md, Layers): `kubectl exec -it`
resolves and checks
its command line as always and, because a terminal is attached, hands over a shell session
(kubecourse.kubectl.commands.exec.Shell) instead of printing that there is no TTY. This
module only draws it: an Output area showing prompts, the lines typed and what they print,
and a Text input below it. Each line submitted runs in that one shell process, under the
cluster's lock like any kubectl command; `exit` (or the container's end) closes the
terminal and disables the input.

Submitting is Enter: the input does not sync while typing (continuous_update=False), so its
value changes once per line, and the observer runs it. Tests set `.value` the same way.
"""

from __future__ import annotations

import ipywidgets as widgets

from kubecourse.cluster import Cluster, KubectlSession
from kubecourse.kubectl import interactive
from kubecourse.kubectl.context import Result
from kubecourse.kubectl.main import Invocation

CSS_CLASS = "kc-terminal"
STYLE = f"""<style>
.{CSS_CLASS} {{ background: #1e1e1e; border-radius: 4px; padding: 4px 8px; }}
.{CSS_CLASS} .jp-OutputArea-output pre, .{CSS_CLASS} input {{
  color: #e6e6e6; background: #1e1e1e; font-family: var(--jp-code-font-family, monospace); }}
</style>"""


class Terminal(widgets.VBox):
    """A shell session in a container, typed into from the notebook."""

    def __init__(self, cluster: Cluster, shell: interactive.Shell, opening: Result) -> None:
        self.cluster, self.shell = cluster, shell
        self.output = widgets.Output(layout=widgets.Layout(max_height="24em", overflow="auto"))
        self.input = widgets.Text(continuous_update=False, placeholder="type a command, Enter to run; exit to close",
                                  layout=widgets.Layout(width="100%"))
        super().__init__([widgets.HTML(STYLE), self.output, self.input])
        self.add_class(CSS_CLASS)
        self.transcript: list[str] = []
        self._show(opening)
        with cluster.lock:
            self._show(shell.start())
        self._after()
        self.input.observe(self._submitted, "value")

    def _submitted(self, change: dict) -> None:
        line = change["new"]
        if not line or self.shell.closed:
            return
        self._write(line + "\n")
        with self.cluster.lock:
            result = self.shell.send(line)
        self._show(result)
        self.input.value = ""
        self._after()

    def _after(self) -> None:
        """A new prompt, or the end of the session."""
        if self.shell.closed:
            self.input.disabled = True
            self.input.placeholder = "session closed"
        else:
            self._write(self.shell.prompt)

    def _show(self, result: Result) -> None:
        self._write(result.stdout)
        self._write(result.stderr, stderr=True)

    def _write(self, text: str, *, stderr: bool = False) -> None:
        if text:
            self.transcript.append(text)
            (self.output.append_stderr if stderr else self.output.append_stdout)(text)

    @property
    def text(self) -> str:
        """Everything the terminal shows, prompts included, as one string."""
        return "".join(self.transcript)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        return {**bundle, "text/plain": self.text}


def open_terminal(cluster: Cluster, line: str | Invocation) -> Terminal | Result:
    """`%kubectl exec -it ...`: the terminal, or what kubectl printed when it could not open
    one (the pod does not exist, the executable is not in the image...)."""
    with cluster.lock:
        shell, result = interactive.open_shell(KubectlSession(cluster), line)
        cluster.manager.settle()
    return result if shell is None else Terminal(cluster, shell, result)
