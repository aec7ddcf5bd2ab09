"""What a describer is handed: the API to read related objects from, the time ages are
measured at, and describe's own settings (DescriberSettings in describe.go)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kubecourse.api.server import APIServer


@dataclass(frozen=True)
class View:
    api: APIServer
    now: datetime
    show_events: bool = True
