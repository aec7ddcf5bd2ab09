"""The IPython magics: `%kubectl` (and `%k`), `%%manifest` and `%cluster`.

They act on the session cluster (`kubecourse.session()`) and show what kubectl prints:
stdout as a display that never wraps, stderr as a stream (kubecourse/jupyter/printed.py).
Magic lines are not subject to IPython's `$var`/`{var}` expansion (no_var_expand), so
`sh -c "echo $HOSTNAME"` or a go template reaches kubectl intact. A user mistake never
shows a traceback.
"""

from __future__ import annotations

import shlex
import sys

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class, no_var_expand

import kubecourse
from kubecourse import realtime, rebase
from kubecourse.jupyter import edit, printed, status, target, terminal
from kubecourse.jupyter.durations import parse_duration
from kubecourse.jupyter.wallclock import WallClockDriver
from kubecourse.kubectl import interactive

CLUSTER_USAGE = """\
usage: %cluster COMMAND
  reset                 start a fresh cluster (seed kept)
  advance DURATION      move virtual time forward, e.g. 30s, 2m, 1h30m
  status                the virtual time, nodes, objects and what is due next
  seed N                start a fresh cluster with seed N
  clock manual          time moves only with %cluster advance and waiting commands
  clock wall [SPEED]    virtual time follows the wall clock between cells, SPEED times faster
  save FILE             save the whole cluster to FILE
  load FILE             continue a cluster saved with %cluster save
  serve [wall [SPEED]|frozen]  serve the Kubernetes API on 127.0.0.1 for the real kubectl
                        (wall: virtual time follows the wall clock, the default; frozen: it does not)
  serve stop            stop serving
  use --context NAME    send %kubectl to a real cluster: the real kubectl with that context
  use --kubeconfig PATH   ... or that kubeconfig (both may be given)
  use local             back to the simulated cluster"""


@magics_class
class KubeMagics(Magics):
    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.wall = WallClockDriver()
        self.target: target.Target = target.Local()

    @property
    def session(self) -> kubecourse.Cluster:
        return kubecourse.session()

    @no_var_expand
    @line_magic
    def kubectl(self, line: str) -> terminal.Terminal | edit.EditWidget | None:
        """Run a kubectl command against the session cluster: `%kubectl get pods -o wide`.
        `exec -it` returns a terminal widget to type into (a notebook has no TTY), and `edit`
        an editor widget unless the session has a scripted editor (Cluster.editor). A real
        cluster (`%cluster use`) gets the real kubectl's own behaviour for both."""
        if not self.target.local:
            printed.show(self.shell, self.target.kubectl(line))
            return None
        if (edit.asks_for_editor(line) and self.session.editor is None
                and (widget := edit.open_widget(self.session, line)) is not None):
            return widget  # else kubectl prints why no editor opened (bad flag, no object)
        if interactive.asks_for_terminal(line):
            opened = terminal.open_terminal(self.session, line)
            if isinstance(opened, terminal.Terminal):
                return opened
            printed.show(self.shell, opened)
            return None
        printed.show(self.shell, self.session.kubectl(line))
        return None

    @no_var_expand
    @line_magic
    def k(self, line: str) -> terminal.Terminal | edit.EditWidget | None:
        """Short for %kubectl."""
        return self.kubectl(line)

    @no_var_expand
    @cell_magic
    def manifest(self, line: str, cell: str) -> None:
        """Apply the cell like `kubectl apply -f -`; flags on the magic line are passed on."""
        try:
            flags = shlex.split(line)
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return
        printed.show(self.shell, self.target.kubectl(["apply", "-f", "-", *flags], stdin=cell))

    @no_var_expand
    @line_magic
    def cluster(self, line: str) -> None:
        """Control the session cluster: reset, advance, status, seed, clock, save, load."""
        try:
            words = shlex.split(line)
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return
        command, args = (words[0], words[1:]) if words else ("", [])
        if command in ("reset", "seed", "load"):
            self._stop_serving()
        try:
            if command == "serve":
                self._serve(args)
            elif command == "use" and args:
                self.target = target.parse_use(args)
                print(self.target.describe())
            elif command == "reset" and not args:
                kubecourse.reset_session(kubecourse.Cluster(seed=self.session.seed))
                print("cluster reset")
            elif command == "advance" and len(args) == 1:
                self.session.advance(parse_duration(args[0]))
                print(f"virtual time is now {status.format_time(self.session.now)}")
            elif command == "status" and not args:
                print(status.summary(self.session), end="")
            elif command == "seed" and len(args) == 1:
                kubecourse.reset_session(kubecourse.Cluster(seed=int(args[0])))
                print(f"cluster reset with seed {int(args[0])}")
            elif command == "clock" and args and args[0] == "manual" and len(args) == 1:
                self.wall.stop()
                print("clock: manual (time moves with %cluster advance and waiting commands)")
            elif command == "clock" and args and args[0] == "wall" and len(args) <= 2:
                speed = float(args[1]) if len(args) == 2 else 1.0
                if self.session.served is None:  # a served cluster was re-based when it started
                    with self.session.lock:
                        rebase.rebase(self.session, realtime.utcnow())
                self.wall.start(kubecourse.session, speed)
                print(f"clock: wall, {speed:g}x (virtual time follows the wall clock between cells)")
            elif command == "save" and len(args) == 1:
                self.session.save(args[0])
                print(f"cluster saved to {args[0]}")
            elif command == "load" and len(args) == 1:
                kubecourse.reset_session(kubecourse.Cluster.load(args[0]))
                print(f"cluster loaded from {args[0]}; virtual time {status.format_time(self.session.now)}")
            else:
                print(CLUSTER_USAGE, file=sys.stderr)
        except (ValueError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)

    def _stop_serving(self) -> None:
        if self.session.served is not None:
            self.session.served.stop()
            self.session.served = None

    def _serve(self, args: list[str]) -> None:
        """`%cluster serve [wall [SPEED]|frozen|stop]`. While served with the wall clock, the
        server's ticker moves time, so the event-loop driver stops (one mover of time)."""
        if args == ["stop"]:
            self._stop_serving()
            print("stopped serving")
            return
        mode = args[0] if args else "wall"
        if mode not in ("wall", "frozen") or len(args) > (2 if mode == "wall" else 1):
            raise ValueError(CLUSTER_USAGE)
        speed = float(args[1]) if len(args) == 2 else 1.0
        self.wall.stop()
        handle = self.session.serve(clock=mode, speed=speed)
        print(f"serving the Kubernetes API at {handle.url} (clock: {mode})\n"
              f"in a terminal: export KUBECONFIG={handle.kubeconfig}; kubectl get pods")


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(KubeMagics(ipython))
