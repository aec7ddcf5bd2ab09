"""The cluster's seeded generator: the only source of randomness in the simulation.

Everything random in a real cluster (generated name suffixes, UIDs, Service IPs, jitter,
which endpoint answers) is drawn here from one `random.Random(seed)` instance, never from
the `random` module's global state, so the same seed gives the same bytes in any process.
Deterministic things (the pod-template-hash) are computed, not drawn.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go: no vowels, no 0, 1 or 3.
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/16")  # kind's --service-cluster-ip-range
# KEP-3070: the first min(max(16, size/16), 256) addresses are kept for Services that ask for
# a fixed IP (kube-dns' 10.96.0.10); dynamic allocation draws from the band above them.
STATIC_BAND = min(max(16, SERVICE_CIDR.num_addresses // 16), 256)


def random_at(state: tuple[object, ...]) -> random.Random:
    """A random.Random at a saved position (random.Random.setstate validates it): how a save
    file's generator comes back (kubecourse/savefile.py)."""
    rng = random.Random(0)
    rng.setstate(state)
    return rng


@dataclass
class Generator:
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def state(self) -> object:
        """The generator's position, so that a write that drew and then failed can put it back."""
        return self._rng.getstate()

    def restore(self, state: object) -> None:
        self._rng.setstate(state)  # type: ignore[arg-type]

    @contextmanager
    def aside(self, label: str) -> Iterator[None]:
        """Draw from a stream of its own, seeded by (seed, label), and leave the main stream
        where it was: objects added to the fresh cluster after the course's outputs were
        recorded (kind's StorageClass) must not move every name and IP drawn after them."""
        main = self._rng
        self._rng = random.Random(f"{self.seed}/{label}")
        try:
            yield
        finally:
            self._rng = main

    def suffix(self, n: int = 5) -> str:
        """The random part of a generateName (staging/.../storage/names/generate.go)."""
        return "".join(self._rng.choice(NAME_ALPHABET) for _ in range(n))

    def uid(self) -> str:
        """An RFC 4122 version-4 UUID string, drawn from the seeded generator."""
        b = bytearray(self._rng.getrandbits(128).to_bytes(16, "big"))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        h = b.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def service_ip(self, taken: set[str]) -> str:
        """A free ClusterIP, random in the upper band of kind's 10.96.0.0/16, as the apiserver's
        allocator picks it (pkg/registry/core/service/ipallocator/bitmap.go)."""
        size = SERVICE_CIDR.num_addresses
        while True:
            ip = str(SERVICE_CIDR[self._rng.randrange(STATIC_BAND, size - 1)])
            if ip not in taken:
                return ip

    def uniform(self, a: float, b: float) -> float:
        return self._rng.uniform(a, b)

    def randrange(self, n: int) -> int:
        return self._rng.randrange(n)

    def choice(self, seq):
        return seq[self._rng.randrange(len(seq))]
