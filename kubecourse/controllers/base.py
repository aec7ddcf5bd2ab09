"""Controllers and the manager that runs them.

A controller is level-based, like controller-runtime's Reconciler
(kubernetes-sigs/controller-runtime: pkg/reconcile/reconcile.go): it is handed only a key
(namespace, name), never the event that caused it, reads the current state through the
API, and closes the gap between desired and actual state by writing through the API.

Which keys a write enqueues is declared next to the controller: `for_kind` (its own
objects) and `owns` (a dependent's write enqueues its controller owner, when that owner is
of `for_kind`). `keys_for()` can be overridden for anything else (the Endpoints controller
maps a pod to the Services that select it).

The manager queues keys, not events: a key queued twice before it runs is reconciled
once. `settle()` runs the queue dry; the clock calls it after every timer, so controllers
react at the same virtual instant as the write that woke them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kubecourse.api.models.meta import OwnerReference
from kubecourse.api.server import DELETED, APIServer, WatchEvent
from kubecourse.clock import Clock, callback
from kubecourse.rand import Generator

Key = tuple[str, str]  # (namespace, name); namespace "" for cluster-scoped objects

MAX_RECONCILES_PER_SETTLE = 1_000_000  # a bound that only a controller bug (a write loop) reaches


@dataclass(frozen=True)
class Result:
    """When to look at this key again, in virtual seconds (RequeueAfter)."""

    requeue_after: float | None = None


class Controller:
    name: ClassVar[str]
    for_kind: ClassVar[str]
    owns: ClassVar[tuple[str, ...]] = ()
    watches: ClassVar[tuple[str, ...] | None] = None
    """The kinds whose writes keys_for() reads. Unset: for_kind and owns when keys_for() is
    the base one, every kind when a controller overrides it without saying."""

    partition: str | None = None
    """Set on a controller that runs once per partition (a kubelet per node): its partition."""

    @classmethod
    def partitions_of(cls, event: WatchEvent) -> tuple[str, ...] | None:
        """Which partitions a write concerns (a pod's node, before and after); None: all."""
        return None

    @classmethod
    def watched_kinds(cls) -> tuple[str, ...] | None:
        """What the manager routes to this controller; None for every kind."""
        if cls.watches is not None:
            return cls.watches
        if cls.keys_for is Controller.keys_for:
            return (cls.for_kind, *cls.owns)
        return None

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        self.api = api
        self.clock = clock
        self.rng = rng

    def keys_for(self, event: WatchEvent) -> Iterable[Key]:
        """The keys a write should wake; by default the object itself and its controller owner."""
        obj = event.obj
        if event.kind == self.for_kind:
            yield (obj.metadata.namespace or "", obj.metadata.name)
        elif event.kind in self.owns:
            for o in (event.old, obj) if event.type != DELETED else (obj,):
                ref = o.metadata.controller_ref() if o is not None else None
                if ref is not None and ref.kind == self.for_kind:
                    yield (o.metadata.namespace or "", ref.name)

    def reconcile(self, key: Key) -> Result | None:
        raise NotImplementedError


@dataclass
class Routes:
    """Who is offered a kind's writes: controllers that see them all, and partitioned ones
    by class and partition."""

    everyone: list[tuple[str, Controller]] = field(default_factory=list)
    partitioned: dict[type[Controller], dict[str, list[tuple[str, Controller]]]] = field(default_factory=dict)


class Manager:
    """Runs controllers: watches the API, queues keys, and drains the queue on settle()."""

    def __init__(self, api: APIServer, clock: Clock) -> None:
        self.api = api
        self.clock = clock
        self.controllers: dict[str, Controller] = {}
        self._queue: dict[tuple[str, Key], None] = {}  # insertion-ordered set
        self._routes: dict[str, Routes] = {}  # kind -> who watches it
        # Work done since the start, counted for tests/controllers/test_scaling.py: keys the writes woke
        # (before the queue merged them), and reconciles per controller.
        self.woken = 0
        self.reconciles: dict[str, int] = {}
        api.watch(self.on_event)

    def add(self, controller: Controller) -> None:
        self.controllers[controller.name] = controller
        self._routes.clear()

    @callback
    def on_event(self, event: WatchEvent) -> None:
        """Offer a write to the controllers that watch its kind; a partitioned controller (a
        kubelet) only when the write concerns its partition (its node), so the cost of a pod
        write does not grow with the number of nodes."""
        routes = self._routes.get(event.kind)
        if routes is None:
            routes = self._routes[event.kind] = self._route(event.kind)
        offered = list(routes.everyone)
        for cls, by_partition in routes.partitioned.items():
            parts = cls.partitions_of(event)
            if parts is None:
                offered += [entry for entries in by_partition.values() for entry in entries]
            else:
                offered += [entry for part in dict.fromkeys(parts) for entry in by_partition.get(part, ())]
        woken = 0
        for name, controller in offered:
            for key in controller.keys_for(event):
                self._queue[(name, key)] = None
                woken += 1
        self.woken += woken

    def _route(self, kind: str) -> Routes:
        routes = Routes()
        for name, c in self.controllers.items():
            if (kinds := c.watched_kinds()) is not None and kind not in kinds:
                continue
            if c.partition is None:
                routes.everyone.append((name, c))
            else:
                routes.partitioned.setdefault(type(c), {}).setdefault(c.partition, []).append((name, c))
        return routes

    @callback
    def enqueue(self, name: str, key: Key) -> None:
        self._queue[(name, tuple(key))] = None  # type: ignore[index]

    def settle(self) -> None:
        """Reconcile until no key is queued; requeues become timers on the clock."""
        runs = 0
        while self._queue:
            (name, key) = next(iter(self._queue))
            del self._queue[(name, key)]
            result = self.controllers[name].reconcile(key)
            self.reconciles[name] = self.reconciles.get(name, 0) + 1
            if result is not None and result.requeue_after is not None:
                self.clock.call_later(result.requeue_after, self.enqueue, name, key,
                                      why=f"{name} requeue {'/'.join(filter(None, key))}")
            runs += 1
            if runs > MAX_RECONCILES_PER_SETTLE:
                raise RuntimeError(f"controllers did not settle: {name} {key} keeps being requeued")

    @property
    def idle(self) -> bool:
        return not self._queue


def owner_ref(owner: Any) -> OwnerReference:
    """A controller reference to `owner`, as controllers set it (metav1.NewControllerRef)."""

    return OwnerReference(api_version=owner.api_version, kind=owner.kind, name=owner.metadata.name,
                          uid=owner.metadata.uid, controller=True, block_owner_deletion=True)
