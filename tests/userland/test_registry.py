"""An image the catalogue lacks: the real registry's words where a real pull fails too, an
honest, marked hint where it would succeed or cannot be told; the failure itself (reasons,
events, back-off) is the same either way."""

from __future__ import annotations

import pytest
from support.runtimefixtures import apply, events, pod, status

from kubecourse.userland import images, registry


@pytest.mark.parametrize(("reference", "real"), [
    ("postgres:17", True),  # an official image, a tag of its scheme
    ("nginx:1.19", True),  # an older nginx: exists, not simulated
    ("python:3.11-slim-bookworm", True),  # variant suffixes
    ("registry.k8s.io/etcd:3.5.15-0", True),  # a build number after the version
    ("registry.k8s.io/e2e-test-images/agnhost:2.39", True),
    ("nginx:1.99", False),  # beyond nginx's newest version
    ("luksa/kubia:v10", False),  # the book's repositories are simulated completely
    ("jocatalin/kubernetes-bootcamp:v10", False),  # the tutorial's failed update
    ("nginxx", False),  # a typo of a known repository
    ("luksa/kubiaa", False),
    ("kubernetes-bootcamp:v10", False),  # no official image: the registry was left out
    ("nginx-slim:0.21", False),
    ("acme/redis:1.0", None),  # a namespace of its own may hold anything
    ("acme/shop:1.0", None),  # nothing to tell it by
    ("ghcr.io/acme/shop:1.0", None),
])
def test_what_the_real_registry_holds(reference, real):
    assert registry.exists(images.parse(reference)) is real


def test_an_existing_image_is_not_blamed_on_the_registry():
    error = registry.pull_error(images.parse("nginx:1.19"))
    assert error == (
        "kubecourse hint: docker.io/library/nginx:1.19 exists in its registry, but kubecourse does not simulate "
        "it, so no node of this cluster can pull it. Nearest simulated image: nginx:1.27. The simulated images: "
        "%cluster images, or kubecourse.images() in Python.")


def test_an_unknown_image_is_said_to_be_unknown_with_the_nearest_simulated_one():
    error = registry.pull_error(images.parse("docker.io/acme/kubia:1.0"))
    assert error.startswith("kubecourse hint: kubecourse does not simulate the image docker.io/acme/kubia:1.0, so "
                            "no node of this cluster can pull it (a real cluster would ask docker.io for it).")
    assert "Nearest simulated image: luksa/kubia:latest." in error


def test_an_image_that_exists_nowhere_keeps_the_registry_words():
    assert registry.pull_error(images.parse("jocatalin/kubernetes-bootcamp:v10")) == (
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/jocatalin/kubernetes-bootcamp:'
        'v10": failed to resolve reference "docker.io/jocatalin/kubernetes-bootcamp:v10": '
        "docker.io/jocatalin/kubernetes-bootcamp:v10: not found")
    assert "pull access denied" in registry.pull_error(images.parse("nginxx"))


def test_an_unsimulated_image_fails_as_a_failed_pull_does(cluster):
    apply(cluster, pod("db", "postgres:17"))
    cluster.advance(3)
    hint = registry.pull_error(images.parse("postgres:17"))
    assert events(cluster, "db") == [
        ("Scheduled", "Successfully assigned default/db to kind-worker"),
        ("Pulling", 'Pulling image "postgres:17"'),
        ("Failed", f'Failed to pull image "postgres:17": {hint}'),
        ("Failed", "Error: ErrImagePull"),
        ("BackOff", 'Back-off pulling image "postgres:17"'),
        ("Failed", "Error: ImagePullBackOff"),
    ][1:]
    cluster.advance(14)
    waiting = status(cluster, "db").state.waiting
    assert waiting.reason in ("ImagePullBackOff", "ErrImagePull")
    if waiting.reason == "ImagePullBackOff":
        assert waiting.message == f'Back-off pulling image "postgres:17": ErrImagePull: {hint}'


def test_the_listing_names_each_simulated_repository_once_with_what_it_runs():
    rows = images.listing()
    names = [row.repository for row in rows]
    assert len(names) == len(set(names))
    assert all(row.summary and row.tags for row in rows)
    assert "registry.k8s.io/pause" not in names  # the node image's own
    nginx = next(row for row in rows if row.repository == "nginx")
    assert {"latest", "alpine"} <= set(nginx.tags)


@pytest.mark.parametrize(("reference", "name"), [
    ("redis", "docker.io/library/redis:latest"),
    ("docker.io/redis:6.0.5", "docker.io/library/redis:6.0.5"),  # the guestbook's leader
    ("jocatalin/kubernetes-bootcamp:v2", "docker.io/jocatalin/kubernetes-bootcamp:v2"),
    ("registry.k8s.io/nginx-slim:0.21", "registry.k8s.io/nginx-slim:0.21"),
])
def test_references_normalize_as_containerd_does(reference, name):
    assert images.parse(reference).name == name
