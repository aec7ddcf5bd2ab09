"""What a describer is handed: the cluster port to read related objects from, the time ages are
measured at, and describe's own settings (DescriberSettings in describe.go)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kubecourse.api.port import Port


@dataclass(frozen=True)
class View:
    api: Port
    now: datetime
    show_events: bool = True
