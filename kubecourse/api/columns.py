"""Printer columns, as the API server's table convertor defines them
(kubernetes/kubernetes: pkg/printers/internalversion/printers.go).

A column's cell is a pure function of (object, now). The table of kinds names each kind's
columns; `kubectl get` (and the served Table output) print them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[Any, datetime], str]
    wide: bool = False  # priority 1: only with -o wide
    type: str = "string"  # the Table column type served to real kubectl
    description: str = ""


def human_duration(seconds: float) -> str:
    """duration.HumanDuration (staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go)."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    s = int(seconds)
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rem = s % 60
        return f"{minutes}m{rem}s" if rem else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rem = minutes % 60
        return f"{hours}h{rem}m" if rem else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 8:
        rem = hours % 24
        return f"{days}d{rem}h" if rem else f"{days}d"
    if days < 365 * 2:
        return f"{days}d"
    years = days // 365
    if years < 8:
        rem = days % 365
        return f"{years}y{rem}d" if rem else f"{years}y"
    return f"{years}y"


def age(obj: Any, now: datetime) -> str:
    """translateTimestampSince: `<unknown>` for a zero timestamp."""
    ts = obj.metadata.creation_timestamp
    if ts is None:
        return "<unknown>"
    return human_duration((now - ts).total_seconds())


def name(obj: Any, _now: datetime) -> str:
    return obj.metadata.name


NAME = Column("NAME", name, description="Name must be unique within a namespace.")
AGE = Column("AGE", age, description="CreationTimestamp is a timestamp representing the server time "
                                     "when this object was created.")

DEFAULT = (NAME, AGE)

# Each kind's columns; kinds.py names them.
NAMESPACE = DEFAULT
NODE = DEFAULT
POD = DEFAULT
REPLICATION_CONTROLLER = DEFAULT
REPLICA_SET = DEFAULT
DEPLOYMENT = DEFAULT
SERVICE = DEFAULT
ENDPOINTS = DEFAULT
ENDPOINT_SLICE = DEFAULT
CONFIG_MAP = DEFAULT
SECRET = DEFAULT
SERVICE_ACCOUNT = DEFAULT
EVENT = DEFAULT
