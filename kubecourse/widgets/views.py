"""The widgets a notebook shows: each names its object's kind, what it reads, and its picture."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

import ipywidgets as W

from kubecourse.api import kinds
from kubecourse.api.models import Deployment, Endpoints, EndpointSlice, Pod, ReplicaSet, Service
from kubecourse.api.port import kind_of
from kubecourse.widgets import picture, revisions, services
from kubecourse.widgets.live import ClusterWidget, PodStateOf, Snapshot
from kubecourse.widgets.reader import Reader


class RevisionGraph(ClusterWidget):
    """`RevisionGraph(cluster, "deploy/kubia")`: the Deployment, its ReplicaSets as revisions in
    revision order, and their pods."""

    model = Deployment
    reads = (Deployment, ReplicaSet, Pod)
    css_class = "kc-revision-graph"

    @classmethod
    def draw(cls, reader: Reader, namespace: str, name: str, pod_state: PodStateOf) -> picture.Picture:
        return revisions.revision_picture(revisions.rollout_state(reader, namespace, name, pod_state))


class ServiceMap(ClusterWidget):
    """`ServiceMap(cluster, "svc/kubia")`: the Service, the pods it selects or nearly selects,
    and the endpoints built from them."""

    model = Service
    reads = (Service, Pod, Endpoints, EndpointSlice)
    css_class = "kc-service-map"

    @classmethod
    def draw(cls, reader: Reader, namespace: str, name: str, pod_state: PodStateOf) -> picture.Picture:
        return services.service_picture(services.service_state(reader, namespace, name, pod_state))


class StatefulSetView(W.HTML):
    """`StatefulSetView(cluster, "sts/NAME")` will draw ordinals, pods, their claims and DNS
    names, and which pod waits on which. kubecourse does not simulate StatefulSets yet, so
    for now the widget says so instead of drawing an empty picture."""

    def __init__(self, cluster: Any, ref: str, *, namespace: str = "default") -> None:
        super().__init__(f'<p class="kc-unavailable">StatefulSetView({html.escape(ref)}, namespace {html.escape(namespace)}): '
                         "kubecourse does not simulate StatefulSets yet, so there is nothing to draw. "
                         "RevisionGraph and ServiceMap show Deployments and Services.</p>")
        self.add_class("kc-statefulset-view")


VIEWS: tuple[type[ClusterWidget], ...] = (RevisionGraph, ServiceMap)


def snapshot(cluster: Any, ref: str, *, at: datetime | float | None = None, namespace: str = "default") -> Snapshot:
    """A frozen picture of `ref` ("deploy/kubia", "svc/kubia"), now or at `at` (a time, or
    seconds since the cluster started), drawn by the widget for its kind."""
    word = ref.partition("/")[0]
    entry = kinds.resolve(word)
    for view in VIEWS:
        if entry is not None and entry.model is view.model:
            return view.frozen(cluster, ref, at=at, namespace=namespace)
    shown = ", ".join(f"{kind_of(v.model).short_names[0]}/NAME" for v in VIEWS)
    raise ValueError(f'no picture for "{ref}": pictures are drawn for {shown}')
