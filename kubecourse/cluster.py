"""`kubecourse.Cluster`: the in-process cluster a notebook drives.

It wires the pieces in the direction data flows (docs/architecture.md): kubectl -> API server ->
controllers -> kubelets -> network. The cluster itself only owns the clock, the seeded
generator and the API server, and starts every controller and kubelet against them.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from kubecourse import bootstrap, boundary, kubectl, rebase, savefile
from kubecourse.api.port import InProcess
from kubecourse.api.server import APIServer
from kubecourse.clock import Clock
from kubecourse.controllers import base
from kubecourse.controllers.registry import CONTROLLERS
from kubecourse.kubectl.context import RawResponse
from kubecourse.rand import Generator

if TYPE_CHECKING:
    from kubecourse.kubectl.main import Invocation
    from kubecourse.serve.server import Served

__all__ = ["Cluster", "KubectlSession", "reset_session", "session"]

UNBOUNDED_WAIT_CAP = 3600.0  # virtual seconds a wait with no --timeout may take before giving up
DEFAULT_FIELD_MANAGER = "kubectl"  # the apiserver's manager for a request that names none: User-Agent's product
RAW_ACCEPT = "application/json, */*"  # what `kubectl get --raw` asks for


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kubecourse")
    except PackageNotFoundError:
        return "0+unknown"


class KubectlSession(InProcess):
    """What one kubectl command is handed (kubecourse/kubectl/context.py Context): the port
    with the controllers reacting after each write, as they do between kubectl's requests."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__(cluster, settle_each_write=True, field_manager=DEFAULT_FIELD_MANAGER)
        self.editor = cluster.editor
        self.rng = cluster.rng
        self._cluster = cluster

    def wait(self, done: Callable[[], bool], timeout: float | None) -> bool:
        return self._cluster.wait(done, timeout)

    def kubelet(self, node: str) -> Any:
        """A node's kubelet: `kubectl exec` and `logs` reach containers through it, as the
        API server proxies them to the kubelet of the pod's node."""
        return self._cluster.manager.controllers.get(f"kubelet/{node}")

    def get_raw(self, url: str) -> RawResponse:
        from kubecourse.serve import rest
        from kubecourse.serve.backend import ContextBackend

        parts = urlsplit(url)
        request = rest.Request("GET", parts.path.rstrip("/") or "/", parse_qs(parts.query), {"accept": RAW_ACCEPT},
                               raw_path=parts.path)
        response = rest.handle(ContextBackend(self._cluster), request)
        return RawResponse(response.code, response.content_type, response.headers.get("Location", ""),
                           response.body + b"".join(response.stream or ()))


class Cluster:
    """A fresh kind-like cluster: one control-plane node and `workers` worker nodes."""

    def __init__(self, seed: int = 0, workers: int = 3) -> None:
        self.seed = seed
        # One lock around the API: the served HTTP API's threads, its wall-clock ticker and
        # the notebook take it, so they never interleave inside a write (kubecourse/serve).
        self.lock = threading.RLock()
        self.served: Served | None = None
        # What `kubectl edit` runs as the learner's editor: a function from the object's text
        # to the edited text (kubectl runs $KUBE_EDITOR). None: edit says it cannot launch one.
        self.editor: Callable[[str], str] | None = None
        self.clock = Clock()
        self.rng = Generator(seed)
        self.api = APIServer(self.clock, self.rng)
        self.manager = base.Manager(self.api, self.clock)
        for controller in CONTROLLERS:
            self.manager.add(controller(self.api, self.clock, self.rng))
        with self.running():
            bootstrap.bootstrap(self.api, self.manager, workers=workers)
            self.manager.settle()

    # --- time -----------------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        """The virtual time (timezone-aware, UTC)."""
        return self.clock.now

    def advance(self, seconds: float) -> None:
        """Move virtual time `seconds` forward; everything due happens, in order."""
        with self.running():
            self.clock.advance(seconds, settle=self.manager.settle)

    def wait(self, done: Callable[[], bool], timeout: float | None) -> bool:
        """Run the cluster until done() holds, or `timeout` virtual seconds pass."""
        bound = UNBOUNDED_WAIT_CAP if timeout is None else timeout
        with self.running():
            return self.clock.run_until(self.clock.now + timedelta(seconds=bound),
                                        settle=self.manager.settle, done=done)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Hold the API lock, and pause Python's cyclic garbage collector while the cluster
        runs: the objects a run creates form no cycles, but each collector pass walks the
        whole (growing) history, a quarter of a 1,000-replica rollout's time. Reference
        counting still frees what is dropped; collection resumes when the call returns."""
        with self.lock:
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                yield
            finally:
                if was_enabled:
                    gc.enable()

    # --- the port -------------------------------------------------------------------------

    @property
    def port(self) -> InProcess:
        """This cluster through the typed cluster port (kubecourse/api/port.py), as the widgets
        read it: `cluster.port.get(ReplicaSet, "kubia-5d8f", "default")`, `.history(...)`.
        Its writes let the controllers react before they return, as kubectl's do."""
        return InProcess(self, settle_each_write=True)

    # --- kubectl --------------------------------------------------------------------------

    def kubectl(self, args: str | Sequence[str] | Invocation, stdin: str | None = None) -> kubectl.Result:
        """Run a kubectl command line (or one the notebook has already read); returns what
        real kubectl would print and exit with."""
        with self.running():
            try:
                result = kubectl.run(KubectlSession(self), args, stdin)
                self.manager.settle()
            except Exception as e:  # the boundary (kubecourse/boundary.py)
                result = kubectl.Result("", boundary.report("kubectl", e) + "\n", 1)
                self._recover()
        return result

    def _recover(self) -> None:
        """After a bug, the controllers finish their queued work: the key whose reconcile
        failed is off the queue, so each pass gets further."""
        while not self.manager.idle:
            try:
                self.manager.settle()
            except Exception as e:  # recorded; the command's line already says it
                boundary.report("a controller", e)

    # --- the served API -------------------------------------------------------------------

    def serve(self, port: int = 0, clock: str = "frozen", speed: float = 1.0) -> Served:
        """Serve the Kubernetes API on https://127.0.0.1:`port` (0: any free port), so the real
        kubectl (`kubectl --kubeconfig <handle>.kubeconfig`) and the official client can use
        this cluster. clock="wall" lets virtual time follow real time x `speed` while serving.
        Serving again stops the previous server."""
        from kubecourse.serve.server import Served

        if self.served is not None:
            self.served.stop()
        self.served = Served(self, port=port, clock=clock, speed=speed)
        return self.served

    # --- save and load --------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        """A lock, a running server and the editor function are not state: a loaded cluster is
        not served and has no editor."""
        return {k: v for k, v in self.__dict__.items() if k not in ("lock", "served", "editor")}

    def rebase(self, to: datetime) -> int:
        """Shift every instant the cluster holds so that its now is `to`, to the whole second
        (kubecourse/rebase.py says why); returns the shift in seconds. The lock, the server
        and the editor are kept. Call it with the lock held and nothing reading the cluster's
        parts (the served API re-bases before it starts its threads)."""
        seconds = round((to - self.now).total_seconds())
        if seconds:
            self.__dict__.update(rebase.shift(self.__getstate__(), seconds))
        return seconds

    def save(self, path: str | Path) -> None:
        """Everything: objects, history, pending timers, the generator's state, as data
        (kubecourse/savefile.py); the file is readable by its owner only."""
        with self.running():
            savefile.save(path, self, self.__getstate__(), _version())

    @classmethod
    def load(cls, path: str | Path) -> Cluster:
        """The cluster saved in `path`. Loading runs nothing the file names; a file that is not a
        save of this kubecourse version raises savefile.SaveFileError (a ValueError) saying why."""
        data = Path(path).read_bytes()
        header, body = savefile.read_header(path, data)
        if header.get("kubecourse") != _version():
            raise savefile.SaveFileError(
                f"{path} was saved by kubecourse {header.get('kubecourse')}; this is kubecourse {_version()}. "
                "Start a new cluster, or load it with the version that saved it.")
        cluster = cls.__new__(cls)
        state = savefile.load(path, body, cluster)
        parts = {"seed": int, "clock": Clock, "rng": Generator, "api": APIServer, "manager": base.Manager}
        if not all(isinstance(state.get(k), t) for k, t in parts.items()):
            raise savefile.SaveFileError(f"{path} is damaged: it does not hold a cluster's parts")
        cluster.__dict__.update(state, lock=threading.RLock(), served=None, editor=None)
        return cluster


_session: Cluster | None = None


def session() -> Cluster:
    """The cluster the magics act on (created on first use); `kubecourse.session()`."""
    global _session
    if _session is None:
        _session = Cluster()
    return _session


def reset_session(cluster: Cluster | None = None) -> Cluster:
    """Replace the session cluster (`%cluster reset`, `%cluster load`)."""
    global _session
    _session = cluster if cluster is not None else Cluster()
    return _session
