"""What a widget reads: the live cluster through its port, or the cluster as it stood at a
past virtual time, rebuilt from the port's recorded history.

Both answer the same three questions (`now`, `try_get`, `list`), so one pure function turns
either into a picture: replay is not a second code path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, TypeVar

from kubecourse.api.models import KubeModel
from kubecourse.api.port import Port, kind_of

M = TypeVar("M", bound=KubeModel)


class Reader(Protocol):
    """The reads a picture needs. kubecourse.api.port.Port satisfies it."""

    @property
    def now(self) -> datetime: ...

    def try_get(self, kind: type[M], name: str, namespace: str = "") -> M | None: ...

    def list(self, kind: type[M], namespace: str | None = None) -> list[M]: ...


class Replay:
    """The objects of `kinds` in `namespace` as they were at virtual time `at`: every recorded
    change up to and including `at`, applied in resourceVersion order."""

    def __init__(self, port: Port, at: datetime, kinds: Iterable[type[KubeModel]], namespace: str) -> None:
        self._at = at
        self._objects: dict[str, dict[str, KubeModel]] = {}
        for kind in kinds:
            objects = self._objects.setdefault(kind_of(kind).kind, {})
            for event in port.history(kind, namespace=namespace):
                if event.time > at:
                    break
                if event.type == "DELETED":
                    objects.pop(event.obj.metadata.name, None)
                else:
                    objects[event.obj.metadata.name] = event.obj

    @property
    def now(self) -> datetime:
        return self._at

    def try_get(self, kind: type[M], name: str, namespace: str = "") -> M | None:
        return self._objects.get(kind_of(kind).kind, {}).get(name)  # type: ignore[return-value]

    def list(self, kind: type[M], namespace: str | None = None) -> list[M]:
        objects = self._objects.get(kind_of(kind).kind, {})
        return [objects[name] for name in sorted(objects)]  # type: ignore[misc]
