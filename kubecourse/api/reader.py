"""What the API server's plugins may read while a write is admitted.

Upstream, admission plugins and registry strategies never hold the apiserver: they get
listers and clients for exactly what they look up (plugin/pkg/admission/limitranger
`lister`, resourcequota's `quotaAccessor`, serviceaccount's `serviceAccountLister`, the
service registry's IP and port allocators). The plugins here (kubecourse/api/admission.py,
defaults.py's prepare functions, quota.py, limitranger.py) are typed against this `Reader`
in the same spirit: stored objects by kind and namespace, and the seeded generator for what
they draw (name suffixes, node ports, cluster IPs). No write, no watch: the APIServer passes
itself, and the type checker holds the plugins to these members.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from typing import Any, Protocol

from kubecourse.rand import Generator


class Reader(Protocol):
    @property
    def rng(self) -> Generator:
        """The cluster's seeded generator; a refused write puts its draws back."""
        ...

    def try_get(self, kind: str, name: str, namespace: str = "") -> Any | None:
        """The stored object, or None."""
        ...

    def list(self, kind: str, namespace: str | None = None) -> builtins.list[Any]:
        """Objects of `kind` in the API's list order; `namespace=None`: all namespaces."""
        ...

    def iter_namespace(self, kind: str, namespace: str) -> Iterator[Any]:
        """One namespace's objects of `kind`, unsorted (insertion order)."""
        ...
