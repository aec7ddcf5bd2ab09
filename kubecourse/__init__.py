"""kubecourse: learn Kubernetes' core objects against an in-process, simulated cluster.

This is the one module that imports public names directly; everything else imports modules.
IPython is imported only by `%load_ext kubecourse`, so `import kubecourse` stays light.
"""

from __future__ import annotations

from kubecourse.cluster import Cluster
from kubecourse.kubectl.context import Result
from kubecourse.userland import images as _catalogue

_session: Cluster | None = None


def session() -> Cluster:
    """The cluster the magics act on (created on first use)."""
    global _session
    if _session is None:
        _session = Cluster()
    return _session


def reset_session(cluster: Cluster | None = None) -> Cluster:
    """Replace the session cluster (`%cluster reset`, `%cluster load`)."""
    global _session
    _session = cluster if cluster is not None else Cluster()
    return _session


def images() -> list[_catalogue.Listed]:
    """The images the simulated registry holds, one entry per repository: how to write it,
    its tags, and what it runs. Any other image fails to pull (`%cluster images` prints this)."""
    return _catalogue.listing()


def load_ipython_extension(ipython) -> None:
    """`%load_ext kubecourse`."""
    from kubecourse.jupyter.magics import load_ipython_extension as load

    load(ipython)


__all__ = ["Cluster", "Result", "images", "load_ipython_extension", "reset_session", "session"]
