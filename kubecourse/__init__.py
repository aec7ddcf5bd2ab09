"""kubecourse: learn Kubernetes' core objects against an in-process, simulated cluster.

This is the one module that imports public names directly; everything else imports modules.
IPython is imported only by `%load_ext kubecourse`, so `import kubecourse` stays light.
"""

from __future__ import annotations

from kubecourse.cluster import Cluster, reset_session, session
from kubecourse.kubectl.context import Result
from kubecourse.userland import images as _catalogue


def images() -> list[_catalogue.Listed]:
    """The images the simulated registry holds, one entry per repository: how to write it,
    its tags, and what it runs. Any other image fails to pull (`%cluster images` prints this)."""
    return _catalogue.listing()


def load_ipython_extension(ipython) -> None:
    """`%load_ext kubecourse`."""
    from kubecourse.jupyter.magics import load_ipython_extension as load

    load(ipython)


__all__ = ["Cluster", "Result", "images", "load_ipython_extension", "reset_session", "session"]
