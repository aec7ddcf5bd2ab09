"""The container images the simulated registry knows, and what each does when it runs.

A first, small catalogue: what the kubelet needs to pull and run an image. An image has a
repository, the tags that exist, a size and pull time (what the `Pulled` event reports), a
start time, how its main process reacts to SIGTERM, whether its default command exits at
once, and the ports it listens on (so a readiness probe against it can succeed). The
container-runtime issue extends this table with files, HTTP handlers and `exec`.

Image references are normalized as containerd normalizes them (distribution/reference
ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`, `luksa/kubia:v1` is
`docker.io/luksa/kubia:v1`. A repository or tag that is not in the catalogue does not exist,
and pulling it fails with containerd's own words (`pull_error`).

Facts: kubernetes-behavior.md §9.3 (pull events), §9.6 (SIGTERM and the grace period).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

DOCKER_HUB = "docker.io"


@dataclass(frozen=True)
class Image:
    repository: str
    """Normalized repository, e.g. "docker.io/luksa/kubia"."""
    tags: tuple[str, ...]
    size: int
    """Compressed size in bytes, as the `Pulled` event reports it."""
    pull_seconds: tuple[float, float] = (1.0, 3.0)
    """A pull takes a duration drawn uniformly from this range (kept small on purpose)."""
    start_seconds: tuple[float, float] = (0.1, 0.4)
    """Create + start of the container (the gap between `Pulled` and `Started`)."""
    exits_on_sigterm: bool = True
    """False for a process that ignores SIGTERM (node or sleep as PID 1): it is killed with
    SIGKILL when the grace period runs out, exit code 137."""
    sigterm_seconds: tuple[float, float] = (0.1, 0.5)
    """How long a process that honours SIGTERM takes to exit."""
    sigterm_exit_code: int = 143
    """128 + 15 when the signal kills it; 0 when it shuts down cleanly (nginx)."""
    default_exits: bool = False
    """The image's default command exits at once (busybox's `sh` with no terminal)."""
    ports: tuple[int, ...] = ()
    """What the process listens on: probes against these ports succeed."""
    preloaded: bool = False
    """Part of the kind node image: present on every node from the start, and its imageID
    is the bare `sha256:` digest containerd reports for imported images."""


CATALOGUE: tuple[Image, ...] = (
    # The book's images (Kubernetes in Action): a node.js server that ignores SIGTERM.
    Image("docker.io/luksa/kubia", ("latest", "v1", "v2", "v3"), 239_621_034, (3.0, 6.0),
          exits_on_sigterm=False, ports=(8080,)),
    Image("docker.io/luksa/kubia-unhealthy", ("latest",), 239_622_511, (3.0, 6.0),
          exits_on_sigterm=False, ports=(8080,)),
    Image("docker.io/luksa/kubia-pet", ("latest",), 239_623_880, (3.0, 6.0),
          exits_on_sigterm=False, ports=(8080,)),
    Image("docker.io/luksa/kubia-pet-peers", ("latest",), 239_624_197, (3.0, 6.0),
          exits_on_sigterm=False, ports=(8080,)),
    Image("docker.io/luksa/fortune", ("latest", "args", "env"), 72_412_651, (1.5, 3.5),
          exits_on_sigterm=False),
    Image("docker.io/luksa/batch-job", ("latest",), 1_452_211, (0.8, 2.0), exits_on_sigterm=False),
    Image("docker.io/library/nginx", ("latest", "alpine", "1.27", "1.27-alpine", "1.26", "1.25"),
          72_099_410, (2.0, 4.0), sigterm_exit_code=0, ports=(80,)),
    # Shells: the default command exits at once; a `sleep` as PID 1 ignores SIGTERM.
    Image("docker.io/library/busybox", ("latest", "1.36", "1.37"), 2_166_802, (0.8, 2.0),
          exits_on_sigterm=False, default_exits=True),
    Image("docker.io/library/alpine", ("latest", "3.20", "3.21"), 3_653_068, (0.8, 2.0),
          exits_on_sigterm=False, default_exits=True),
    Image("docker.io/curlimages/curl", ("latest",), 10_148_231, (1.0, 2.5), exits_on_sigterm=False,
          default_exits=True),
    # The kind node image's own (kind v0.26, Kubernetes v1.32).
    Image("registry.k8s.io/etcd", ("3.5.16-0",), 57_680_541, preloaded=True, ports=(2379, 2381)),
    Image("registry.k8s.io/kube-apiserver", ("v1.32.0",), 97_092_283, preloaded=True, ports=(6443,)),
    Image("registry.k8s.io/kube-controller-manager", ("v1.32.0",), 89_753_426, preloaded=True,
          ports=(10257,)),
    Image("registry.k8s.io/kube-scheduler", ("v1.32.0",), 69_588_016, preloaded=True, ports=(10259,)),
    Image("registry.k8s.io/kube-proxy", ("v1.32.0",), 95_270_345, preloaded=True),
    Image("registry.k8s.io/coredns/coredns", ("v1.11.3",), 18_562_039, preloaded=True,
          sigterm_seconds=(5.0, 5.0), sigterm_exit_code=0, ports=(53, 8080, 8181, 9153)),
    Image("registry.k8s.io/pause", ("3.10",), 320_368, preloaded=True),
    Image("docker.io/kindest/kindnetd", ("v20241108-5c6d2daf",), 39_008_320, preloaded=True),
    Image("docker.io/kindest/local-path-provisioner", ("v20241108-5c6d2daf",), 22_541_737, preloaded=True),
    Image("docker.io/kindest/local-path-helper", ("v20241108-5c6d2daf",), 3_084_671, preloaded=True),
)

_BY_REPOSITORY = {image.repository: image for image in CATALOGUE}


@dataclass(frozen=True)
class Reference:
    """A parsed image reference: `nginx` -> docker.io/library/nginx, tag latest."""

    repository: str
    tag: str
    digest: str = ""

    @property
    def name(self) -> str:
        """What containerd reports as the container's image: docker.io/library/nginx:latest."""
        return f"{self.repository}@{self.digest}" if self.digest else f"{self.repository}:{self.tag}"


def parse(ref: str) -> Reference:
    """Normalize as ParseNormalizedNamed does: a first path part with a '.' or ':' (or
    `localhost`) is a registry; otherwise the registry is docker.io, and a one-part name is
    an official image under library/. No tag means `latest`."""
    name, _, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = ""
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    first = name.split("/", 1)[0]
    if "/" in name and ("." in first or ":" in first or first == "localhost"):
        repository = name
    elif "/" in name:
        repository = f"{DOCKER_HUB}/{name}"
    else:
        repository = f"{DOCKER_HUB}/library/{name}"
    return Reference(repository, tag or ("" if digest else "latest"), digest)


def lookup(ref: Reference) -> Image | None:
    """The catalogue entry for a reference, or None when the registry has no such image."""
    image = _BY_REPOSITORY.get(ref.repository)
    if image is None or (not ref.digest and ref.tag not in image.tags):
        return None
    return image


def digest(ref: Reference) -> str:
    """The image's content digest: computed from its name, so it is the same everywhere."""
    return ref.digest or "sha256:" + hashlib.sha256(ref.name.encode()).hexdigest()


def image_id(ref: Reference, image: Image) -> str:
    """containerStatuses[].imageID: `docker.io/library/nginx@sha256:...` for a pulled image,
    the bare `sha256:...` for one imported into the node image."""
    return digest(ref) if image.preloaded else f"{ref.repository}@{digest(ref)}"


def pull_error(ref: Reference) -> str:
    """containerd 1.7's error for an image that does not exist, as the kubelet passes it on.

    An unknown Docker Hub repository is `pull access denied` (the gRPC code is Unknown, and
    the CRI client strips it: staging/src/k8s.io/cri-client/pkg/remote_image.go PullImage);
    an unknown tag is NotFound, whose code stays in the text."""
    name = ref.name
    head = f'failed to pull and unpack image "{name}": failed to resolve reference "{name}": '
    if ref.repository.startswith(DOCKER_HUB + "/") and ref.repository not in _BY_REPOSITORY:
        return (head + "pull access denied, repository does not exist or may require authorization: "
                "server message: insufficient_scope: authorization failed")
    return f"rpc error: code = NotFound desc = {head}{name}: not found"


def exit_of(image: Image, command: list[str] | None, args: list[str] | None) -> tuple[int, float] | None:
    """(exit code, after how many seconds) when the container's process ends by itself, or
    None when it runs until it is killed.

    Only what the kubelet's behaviour needs today: an image's default command that exits at
    once (busybox), `true`/`false`, `exit N` and `sleep N` through `sh -c`. Anything else runs
    forever here; the container-runtime issue interprets commands for real."""
    argv = [*(command or ()), *(args or ())]
    if not argv:
        return (0, 0.0) if image.default_exits else None
    if argv[:2] == ["sh", "-c"] or argv[:2] == ["/bin/sh", "-c"]:
        argv = " ".join(argv[2:]).split()
    if argv in (["true"], ["/bin/true"]):
        return 0, 0.0
    if argv in (["false"], ["/bin/false"]):
        return 1, 0.0
    if len(argv) == 2 and argv[0] == "exit" and argv[1].isdigit():
        return int(argv[1]) % 256, 0.0
    if len(argv) == 2 and argv[0] == "sleep" and argv[1].replace(".", "", 1).isdigit():
        return 0, float(argv[1])
    return None
