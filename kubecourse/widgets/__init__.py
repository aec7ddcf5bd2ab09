"""Pictures of what kubectl can only list, live and replayable in a notebook.

Imported on demand only (never by `import kubecourse`): it needs ipywidgets and graphviz.
Each widget reads the cluster through the typed port (kubecourse/api/port.py); the pictures
are pure functions of what it reads (revisions.py, services.py -> picture.Picture).
"""

from kubecourse.widgets.live import ClusterWidget, Snapshot
from kubecourse.widgets.views import RevisionGraph, ServiceMap, StatefulSetView, VolumeView, snapshot

__all__ = ["ClusterWidget", "RevisionGraph", "ServiceMap", "Snapshot", "StatefulSetView", "VolumeView", "snapshot"]
