"""The IPython magics: `%kubectl` (and `%k`), `%%manifest`, `%cluster` and `%check`.

They act on the session cluster (`clusters.session()`) and show what kubectl prints:
stdout as a display that never wraps, stderr as a stream (kubecourse/jupyter/printed.py).
Magic lines are not subject to IPython's `$var`/`{var}` expansion (no_var_expand), so
`sh -c "echo $HOSTNAME"` or a go template reaches kubectl intact. A user mistake never
shows a traceback.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class, no_var_expand

from kubecourse import boundary, realtime
from kubecourse import cluster as clusters
from kubecourse.jupyter import catalogue, edit, printed, status, target, terminal
from kubecourse.jupyter.durations import parse_duration
from kubecourse.jupyter.wallclock import WallClockDriver
from kubecourse.kubectl import Result, interactive, main
from kubecourse.userland import images

Opened = terminal.Terminal | edit.EditWidget
SubcommandRun = Callable[["KubeMagics", list[str]], None]


@dataclass(frozen=True)
class Subcommand:
    """One `%cluster` subcommand: its lines of the usage text, which word lists it takes
    (any other prints the usage), and whether it replaces the session cluster (which stops
    serving the one it replaces, first)."""

    run: SubcommandRun
    usage: str
    takes: Callable[[list[str]], bool]
    replaces_cluster: bool = False


SUBCOMMANDS: dict[str, Subcommand] = {}  # in the usage text's order


def subcommand(name: str, usage: str, takes: Callable[[list[str]], bool],
               replaces_cluster: bool = False) -> Callable[[SubcommandRun], SubcommandRun]:
    """Registers a KubeMagics method as `%cluster NAME`."""
    def register(run: SubcommandRun) -> SubcommandRun:
        SUBCOMMANDS[name] = Subcommand(run, usage, takes, replaces_cluster)
        return run
    return register


def cluster_usage() -> str:
    """The usage text: each subcommand's lines, in the table's order."""
    return "\n".join(["usage: %cluster COMMAND", *(s.usage for s in SUBCOMMANDS.values())])


def _none(args: list[str]) -> bool:
    return not args


def _one(args: list[str]) -> bool:
    return len(args) == 1


def _show_args(args: list[str]) -> bool:
    """KIND/NAME, then flag-value pairs among --at, -n and --namespace."""
    return (bool(args) and "/" in args[0] and len(args) % 2 == 1
            and all(flag in ("--at", "-n", "--namespace") for flag in args[1::2]))


@magics_class
class KubeMagics(Magics):
    def __init__(self, shell) -> None:
        super().__init__(shell)
        self.wall = WallClockDriver()
        self.target: target.Target = target.Local()

    @property
    def session(self) -> clusters.Cluster:
        return clusters.session()

    @no_var_expand
    @line_magic
    @boundary.guard("%kubectl")
    def kubectl(self, line: str) -> Opened | None:
        """Run a kubectl command against the session cluster: `%kubectl get pods -o wide`.
        `exec -it` returns a terminal widget to type into (a notebook has no TTY), and `edit`
        an editor widget unless the session has a scripted editor (Cluster.editor). A real
        cluster (`%cluster use`) gets the real kubectl's own behaviour for both.

        The line is read once (kubectl.main.Invocation); the command's path picks a widget
        opener (OPENERS), and whatever is not a widget is printed as kubectl's output."""
        if not self.target.local:
            printed.show(self.shell, self.target.kubectl(line))
            return None
        try:
            invocation = main.read(line)
        except ValueError as e:
            printed.show(self.shell, main.unreadable(e))
            return None
        opener = OPENERS.get(invocation.path)
        opened = opener(self, invocation) if opener is not None else None
        if opened is None:
            opened = self.session.kubectl(invocation)
        if isinstance(opened, Result):
            printed.show(self.shell, opened)
            return None
        return opened

    def _open_editor(self, invocation: main.Invocation) -> Opened | None:
        """`edit`: the editor widget, unless a scripted editor answers (Cluster.editor) or
        kubectl fails before an editor would open (then it prints why)."""
        return None if self.session.editor is not None else edit.open_widget(self.session, invocation)

    def _open_terminal(self, invocation: main.Invocation) -> Opened | Result | None:
        """`exec -i -t`: the terminal, or what kubectl printed when none could open."""
        return terminal.open_terminal(self.session, invocation) if interactive.asks_for_terminal(invocation) else None

    @no_var_expand
    @line_magic
    def k(self, line: str) -> Opened | None:
        """Short for %kubectl."""
        return self.kubectl(line)

    @no_var_expand
    @cell_magic
    @boundary.guard("%%manifest")
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
    @boundary.guard("%cluster")
    def cluster(self, line: str) -> None:
        """Control the session cluster: reset, advance, status, seed, clock, save, load, serve,
        use (SUBCOMMANDS); anything else prints the usage."""
        try:
            words = shlex.split(line)
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return
        command, args = (words[0], words[1:]) if words else ("", [])
        found = SUBCOMMANDS.get(command)
        if found is not None and found.replaces_cluster:
            self._stop_serving()
        if found is None or not found.takes(args):
            print(cluster_usage(), file=sys.stderr)
            return
        try:
            found.run(self, args)
        except (ValueError, OSError) as e:
            print(f"error: {e}", file=sys.stderr)

    @subcommand("reset", "  reset                 start a fresh cluster (seed kept)", _none, replaces_cluster=True)
    def _reset(self, _args: list[str]) -> None:
        clusters.reset_session(clusters.Cluster(seed=self.session.seed))
        print("cluster reset")

    @subcommand("advance", "  advance DURATION      move virtual time forward, e.g. 30s, 2m, 1h30m", _one)
    def _advance(self, args: list[str]) -> None:
        self.session.advance(parse_duration(args[0]))
        print(f"virtual time is now {status.format_time(self.session.now)}")

    @subcommand("status", "  status                the virtual time, nodes, objects and what is due next", _none)
    def _status(self, _args: list[str]) -> None:
        print(status.summary(self.session), end="")

    @subcommand("images", "  images                the images the simulated registry holds: tags, what each runs", _none)
    def _images(self, _args: list[str]) -> None:
        print(catalogue.table(images.listing()), end="")

    @subcommand("seed", "  seed N                start a fresh cluster with seed N", _one, replaces_cluster=True)
    def _seed(self, args: list[str]) -> None:
        clusters.reset_session(clusters.Cluster(seed=int(args[0])))
        print(f"cluster reset with seed {int(args[0])}")

    @subcommand("clock", "  clock manual          time moves only with %cluster advance and waiting commands\n"
                         "  clock wall [SPEED]    virtual time follows the wall clock between cells, "
                         "SPEED times faster",
                lambda args: args == ["manual"] or (bool(args) and args[0] == "wall" and len(args) <= 2))
    def _clock(self, args: list[str]) -> None:
        if args == ["manual"]:
            self.wall.stop()
            print("clock: manual (time moves with %cluster advance and waiting commands)")
            return
        speed = float(args[1]) if len(args) == 2 else 1.0
        if self.session.served is None:  # a served cluster was re-based when it started
            with self.session.lock:
                self.session.rebase(realtime.utcnow())
        self.wall.start(clusters.session, speed)
        print(f"clock: wall, {speed:g}x (virtual time follows the wall clock between cells)")

    @subcommand("save", "  save FILE             save the whole cluster to FILE", _one)
    def _save(self, args: list[str]) -> None:
        self.session.save(args[0])
        print(f"cluster saved to {args[0]}")

    @subcommand("load", "  load FILE             continue a cluster saved with %cluster save", _one,
                replaces_cluster=True)
    def _load(self, args: list[str]) -> None:
        clusters.reset_session(clusters.Cluster.load(args[0]))
        print(f"cluster loaded from {args[0]}; virtual time {status.format_time(self.session.now)}")

    @subcommand("serve", "  serve [wall [SPEED]|frozen]  serve the Kubernetes API on 127.0.0.1 for the real kubectl\n"
                         "                        (wall: virtual time follows the wall clock, the default; frozen: "
                         "it does not)\n"
                         "  serve stop            stop serving", lambda _args: True)
    def _serve(self, args: list[str]) -> None:
        """`%cluster serve [wall [SPEED]|frozen|stop]`. While served with the wall clock, the
        server's ticker moves time, so the event-loop driver stops (one mover of time)."""
        if args == ["stop"]:
            self._stop_serving()
            print("stopped serving")
            return
        mode = args[0] if args else "wall"
        if mode not in ("wall", "frozen") or len(args) > (2 if mode == "wall" else 1):
            raise ValueError(cluster_usage())
        speed = float(args[1]) if len(args) == 2 else 1.0
        self.wall.stop()
        handle = self.session.serve(clock=mode, speed=speed)
        print(f"serving the Kubernetes API at {handle.url} (clock: {mode})\n"
              f"in a terminal: export KUBECONFIG={handle.kubeconfig}; kubectl get pods")

    @subcommand("use", "  use --context NAME    send %kubectl to a real cluster: the real kubectl with that context\n"
                       "  use --kubeconfig PATH   ... or that kubeconfig (both may be given)\n"
                       "  use local             back to the simulated cluster", bool)
    def _use(self, args: list[str]) -> None:
        self.target = target.parse_use(args)
        print(self.target.describe())

    @subcommand("show", "  show KIND/NAME [--at DURATION] [-n NAMESPACE]  a picture that stays as it is "
                        "(deploy/NAME, svc/NAME);\n"
                        "                        --at: as it stood DURATION after the cluster started", _show_args)
    def _show(self, args: list[str]) -> None:
        from IPython.display import display

        from kubecourse import widgets  # ipywidgets and graphviz only once a picture is asked for

        flags = dict(zip(args[1::2], args[2::2], strict=True))
        at = parse_duration(flags["--at"]) if "--at" in flags else None
        namespace = flags.get("-n", flags.get("--namespace", "default"))
        where = self.session if self.target.local else self.target.port()  # `%cluster use`: a real cluster
        display(widgets.snapshot(where, args[0], at=at, namespace=namespace))

    @no_var_expand
    @line_magic
    def check(self, line: str) -> None:
        """Check a course exercise against the cluster %kubectl talks to: `%check 05.2`;
        `%check 05.2 --solution` shows a solution instead (kubecourse/course)."""
        from kubecourse import course

        words = line.split()
        if len(words) not in (1, 2) or words[1:] not in ([], ["--solution"]):
            print("usage: %check EXERCISE [--solution]   e.g. %check 05.2", file=sys.stderr)
            return
        try:
            print(course.solution(words[0]) if words[1:] else course.check(words[0], self.target.port()))
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)

    def _stop_serving(self) -> None:
        if self.session.served is not None:
            self.session.served.stop()
            self.session.served = None


# `%kubectl` lines that open a widget instead of printing, by the command's path.
OPENERS: dict[str, Callable[[KubeMagics, main.Invocation], Opened | Result | None]] = {
    "edit": KubeMagics._open_editor,
    "exec": KubeMagics._open_terminal,
}


def load_ipython_extension(ipython) -> None:
    ipython.register_magics(KubeMagics(ipython))
