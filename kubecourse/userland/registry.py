"""What a pull of an image the catalogue lacks says: the registry's own words, or the truth.

A real pull of an image kubecourse does not simulate would either succeed (the image exists:
`redis:6`, `postgres:17`) or fail because the registry has no such image (`nginxx`,
`luksa/kubia:v10`). Pretending the registry refused an image that exists would teach
something false, so the kubelet's pull fails as any failed pull does (ErrImagePull, then
ImagePullBackOff with the same back-off), and only the message differs:

* an image the real registry lacks keeps containerd's text (`pull_error`): `not found` for a
  repository that exists with another tag, `pull access denied` for a Docker Hub repository
  that does not exist;
* any other image gets a hint marked as kubecourse's own (the mark the kubectl hints use,
  kubecourse.kubectl.hints.MARK, which this layer cannot import): it is not simulated, the
  nearest simulated image if one is close, and where the list is (`%cluster images`,
  `kubecourse.images()`).

How "the registry lacks it" is decided, without asking a registry (the cluster is offline):

1. A repository the catalogue simulates completely (`COMPLETE`: the book's luksa/* images,
   the tutorials' kubernetes-bootcamp and hello-app, whose registries hold no tag the
   catalogue lacks) lacks any other tag: `luksa/kubia:v10`, `jocatalin/kubernetes-bootcamp:v10`.
2. A well-known repository (`REAL`: Docker's official images the tutorials and courses use,
   and the Kubernetes project's test images) has the tags its publisher's scheme produces:
   `latest`, its named tags, and versions up to the newest one released by January 2025
   (kind v0.26's time, the cluster's), each optionally followed by its variant suffixes
   (`3.12-slim-bookworm`, `1.27-alpine`). A tag outside that scheme does not exist
   (`nginx:1.99`). Gaps inside a version range are not modelled: `nginx:1.26.9` counts as
   existing, and gets the honest hint rather than a false `not found`.
3. A repository whose name is within a typo of a known one (difflib ratio >= 0.8, and not
   itself known) does not exist: `nginxx`, `luksa/kubiaa`; nor does an official-looking
   name (Docker Hub's library/, a curated list) that is a known repository's last part
   with its registry or namespace left out: `kubernetes-bootcamp:v10`, `nginx-slim`.
4. Anything else cannot be told apart offline, so its message says only what is certain:
   kubecourse does not simulate it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from kubecourse.userland import images

MARK = "kubecourse hint:"  # kubecourse.kubectl.hints.MARK: the project's mark on its own words
TYPO_RATIO = 0.8
NEAREST_RATIO = 0.6
LIST_HINT = "The simulated images: %cluster images, or kubecourse.images() in Python."


@dataclass(frozen=True)
class Real:
    """The tags a real repository holds, by its publisher's scheme."""

    newest: str = ""
    """The newest version released by January 2025 ("" when its tags are names only)."""
    oldest: str = "0"
    variants: tuple[str, ...] = ()
    """Suffixes after `-`, each optionally followed by a version (`alpine3.21`); a number
    alone is a build (etcd's `3.5.16-0`)."""
    named: tuple[str, ...] = ("latest",)

    def has(self, tag: str) -> bool:
        if tag in self.named or tag in self.variants:
            return True
        match = re.fullmatch(r"v?(\d+(?:\.\d+){0,2})((?:-[a-z0-9][a-z0-9.]*)*)", tag)
        if match is None or not self.newest:
            return False
        number = _version(match.group(1))
        newest, oldest = _version(self.newest), _version(self.oldest)
        if number > newest[:len(number)] or number < oldest[:len(number)]:
            return False
        suffixes = [s for s in match.group(2).split("-") if s]
        return all(s.isdigit() or re.sub(r"[\d.]+$", "", s) in self.variants for s in suffixes)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


DEBIAN = ("bookworm", "bullseye", "slim")
ALPINE = ("alpine",)
# Docker Hub's official images (docker-library/official-images, library/<name>) and the
# Kubernetes project's images, with their newest versions as of January 2025.
REAL: dict[str, Real] = {
    "docker.io/library/nginx": Real("1.27.3", "1.0", (*DEBIAN, *ALPINE, "perl", "otel"), ("latest", "stable", "mainline")),
    "docker.io/library/httpd": Real("2.4.62", "2.2", (*DEBIAN, *ALPINE)),
    "docker.io/library/redis": Real("7.4.2", "2.6", (*DEBIAN, *ALPINE)),
    "docker.io/library/python": Real("3.13.1", "2.7", (*DEBIAN, *ALPINE, "buster")),
    "docker.io/library/alpine": Real("3.21.2", "2.6", (), ("latest", "edge")),
    "docker.io/library/busybox": Real("1.37.0", "1.21", ("glibc", "musl", "uclibc"), ("latest", "stable", "musl",
                                                                                       "glibc", "uclibc")),
    "docker.io/library/node": Real("23.6.0", "0.10", (*DEBIAN, *ALPINE, "buster"), ("latest", "lts", "current")),
    "docker.io/library/postgres": Real("17.2", "9", (*DEBIAN, *ALPINE)),
    "docker.io/library/mysql": Real("9.1.0", "5.5", ("oracle", "debian", "oraclelinux"), ("latest", "lts", "innovation")),
    "docker.io/library/mariadb": Real("11.6.2", "5.5", ("jammy", "noble", "focal"), ("latest", "lts")),
    "docker.io/library/mongo": Real("8.0.4", "3.0", ("jammy", "noble", "focal")),
    "docker.io/library/ubuntu": Real("24.10", "10.04", ("jammy", "noble"), (
        "latest", "rolling", "devel", "noble", "jammy", "focal", "bionic", "oracular", "plucky")),
    "docker.io/library/debian": Real("12.8", "6", ("slim", "backports"), (
        "latest", "stable", "testing", "unstable", "sid", "bookworm", "bullseye", "buster", "trixie", "stable-slim",
        "bookworm-slim", "bullseye-slim", "trixie-slim")),
    "docker.io/library/golang": Real("1.23.4", "1.2", (*DEBIAN, *ALPINE)),
    "docker.io/library/php": Real("8.4.2", "5.3", (*DEBIAN, *ALPINE, "apache", "fpm", "cli", "zts")),
    "docker.io/library/ruby": Real("3.4.1", "1.9", (*DEBIAN, *ALPINE)),
    "docker.io/library/rust": Real("1.84.0", "1.0", (*DEBIAN, *ALPINE)),
    "docker.io/library/openjdk": Real("24", "6", (*DEBIAN, *ALPINE, "jdk", "jre", "oracle")),
    "docker.io/library/eclipse-temurin": Real("23.0.1", "8", ("jdk", "jre", "jammy", "noble", "focal", *ALPINE)),
    "docker.io/library/rabbitmq": Real("4.0.5", "3.0", ("management", *ALPINE), ("latest", "management", "alpine")),
    "docker.io/library/memcached": Real("1.6.34", "1.4", (*DEBIAN, *ALPINE)),
    "docker.io/library/haproxy": Real("3.1.2", "1.4", (*DEBIAN, *ALPINE, "lts")),
    "docker.io/library/traefik": Real("3.3.1", "1.0", (*ALPINE,)),
    "docker.io/library/caddy": Real("2.9.1", "2.0", (*ALPINE, "builder")),
    "docker.io/library/tomcat": Real("11.0.2", "6", ("jdk", "jre", "temurin", "jammy", "noble")),
    "docker.io/library/wordpress": Real("6.7.1", "4", ("apache", "fpm", "php", "cli", *ALPINE)),
    "docker.io/library/registry": Real("2.8.3", "2"),
    "docker.io/library/hello-world": Real("", named=("latest", "linux", "nanoserver")),
    "docker.io/library/centos": Real("8.4.2105", "5", (), ("latest", "centos7", "centos8")),
    "docker.io/library/fedora": Real("42", "20", (), ("latest", "rawhide")),
    "docker.io/library/rockylinux": Real("9.3", "8", ("minimal",)),
    "docker.io/library/amazonlinux": Real("2023", "1", (), ("latest", "2", "2023")),
    "docker.io/library/bash": Real("5.2.37", "3.0", (*ALPINE,)),
    "docker.io/library/perl": Real("5.40.0", "5.8", (*DEBIAN,)),
    "docker.io/library/gcc": Real("14.2.0", "4.9", ("bookworm",)),
    "docker.io/library/cassandra": Real("5.0.2", "2.1", ("jammy",)),
    "docker.io/library/zookeeper": Real("3.9.3", "3.3", ("jre", "temurin")),
    "docker.io/library/influxdb": Real("2.7.11", "1.0", (*ALPINE, "data", "meta")),
    "docker.io/library/nats": Real("2.10.24", "0.8", (*ALPINE, "scratch")),
    "docker.io/library/couchdb": Real("3.4.2", "1.6"),
    "docker.io/library/neo4j": Real("5.26.0", "2.3", ("community", "enterprise", "bullseye", "ubi9")),
    "docker.io/library/consul": Real("1.15.4", "0.5"),
    "docker.io/library/vault": Real("1.13.3", "0.1"),
    "docker.io/library/elasticsearch": Real("8.17.0", "1.4", (), ()),
    "docker.io/library/kibana": Real("8.17.0", "4.0", (), ()),
    "docker.io/library/sonarqube": Real("10.7.0", "5", ("community", "developer", "enterprise", "datacenter")),
    "docker.io/library/jenkins": Real("2.60.3", "1.5", (*ALPINE,)),
    "docker.io/curlimages/curl": Real("8.11.1", "7.72"),
    "docker.io/hashicorp/http-echo": Real("1.0.0", "0.2.1"),
    "registry.k8s.io/nginx-slim": Real("0.27", "0.8", (), ()),
    "registry.k8s.io/e2e-test-images/agnhost": Real("2.53", "2.10", (), ()),
    "registry.k8s.io/echoserver": Real("1.10", "1.0", (), ()),
    "registry.k8s.io/busybox": Real("1.27.2", "1.24", (), ("latest",)),
    "registry.k8s.io/pause": Real("3.10", "0.8", (), ()),
    "registry.k8s.io/etcd": Real("3.5.17", "2.0", (), ()),
    "registry.k8s.io/coredns/coredns": Real("1.12.0", "1.6.6", (), ()),
    **{f"registry.k8s.io/{component}": Real("1.32.1", "1.0", (), ()) for component in (
        "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy")},
}


# Repositories whose every real tag is in the catalogue (their registries hold no other).
COMPLETE = frozenset({
    "docker.io/luksa/kubia", "docker.io/luksa/kubia-unhealthy", "docker.io/luksa/kubia-pet",
    "docker.io/luksa/kubia-pet-peers", "docker.io/luksa/fortune", "docker.io/luksa/batch-job",
    "docker.io/kubecourse/private-kubia", "docker.io/kennethreitz/httpbin", "docker.io/tutum/dnsutils",
    "gcr.io/google-samples/kubernetes-bootcamp", "docker.io/jocatalin/kubernetes-bootcamp",
    "gcr.io/google-samples/hello-app",
})


def _known_repositories() -> list[str]:
    return sorted({*REAL, *(image.repository for image in images.CATALOGUE)})


def exists(ref: images.Reference) -> bool | None:
    """Whether the real registry holds an image the catalogue lacks: True, False, or None
    when it cannot be told offline (see the module's docstring for the rules)."""
    if ref.digest:
        return None
    real = REAL.get(ref.repository)
    if real is not None:
        return real.has(ref.tag)
    if ref.repository in COMPLETE:
        return False
    if images.simulated_repository(ref.repository):
        return None
    return False if _typo_of(ref.repository) else None


def _typo_of(repository: str) -> str | None:
    """The known repository this name is a typo of (same registry), or None. A name under
    Docker Hub's curated library/ namespace is also compared with the last part of every
    known repository: `kubernetes-bootcamp` without its registry is no official image."""
    name = images.familiar(repository)
    known = [r for r in _known_repositories() if r != repository]
    others = [images.familiar(r) for r in known if r.split("/", 1)[0] == repository.split("/", 1)[0]]
    if repository.startswith(f"{images.DOCKER_HUB}/library/"):
        others += [r.rsplit("/", 1)[1] for r in known]
    close = difflib.get_close_matches(name, others, n=1, cutoff=TYPO_RATIO)
    return close[0] if close else None


def nearest(ref: images.Reference) -> str | None:
    """The simulated image closest to this one: a tag of the same repository, or the most
    similar simulated repository's first tag; None when nothing is close."""
    tags = images.simulated_tags(ref.repository)
    if tags:
        close = difflib.get_close_matches(ref.tag, tags, n=1, cutoff=0.0)
        return images.familiar(ref.repository, close[0] if close else tags[0])
    listed = {entry.repository: entry for entry in images.listing()}
    close = difflib.get_close_matches(images.familiar(ref.repository), list(listed), n=1, cutoff=NEAREST_RATIO)
    if not close:
        return None
    entry = listed[close[0]]
    return images.familiar(entry.repository, "latest" if "latest" in entry.tags else entry.tags[0])


def not_simulated(ref: images.Reference, real: bool | None) -> str:
    """The hint a pull of an image kubecourse does not simulate fails with."""
    if real:
        text = (f"{ref.name} exists in its registry, but kubecourse does not simulate it, so no node of this "
                "cluster can pull it.")
    else:
        registry = ref.repository.split("/", 1)[0]
        text = (f"kubecourse does not simulate the image {ref.name}, so no node of this cluster can pull it (a "
                f"real cluster would ask {registry} for it).")
    close = nearest(ref)
    if close is not None:
        text += f" Nearest simulated image: {close}."
    return f"{MARK} {text} {LIST_HINT}"


def pull_error(ref: images.Reference, *, denied: bool = False) -> str:
    """Why a pull failed: containerd 1.7's error where the real registry would fail too,
    kubecourse's hint where it would succeed or cannot be told.

    containerd's texts, as the kubelet passes them on: an unknown Docker Hub repository, or a
    private one pulled without its credentials, is `pull access denied` (the gRPC code is
    Unknown, and the CRI client strips it: staging/src/k8s.io/cri-client/pkg/remote_image.go
    PullImage); an unknown tag of an existing repository, or any miss on another registry,
    is NotFound, whose code stays in the text."""
    real = exists(ref)
    if not denied and real is not False:
        return not_simulated(ref, real)
    name = ref.name
    head = f'failed to pull and unpack image "{name}": failed to resolve reference "{name}": '
    known = ref.repository in REAL or ref.repository in COMPLETE or images.simulated_repository(ref.repository)
    if denied or (ref.repository.startswith(images.DOCKER_HUB + "/") and not known):
        return (head + "pull access denied, repository does not exist or may require authorization: "
                "server message: insufficient_scope: authorization failed")
    return f"rpc error: code = NotFound desc = {head}{name}: not found"
