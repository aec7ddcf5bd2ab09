"""The widgets a notebook shows: each names its object's kind, what it reads, and its picture."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

import ipywidgets as W

from kubecourse.api import kinds
from kubecourse.api.models import (
    ConfigMap,
    Deployment,
    Endpoints,
    EndpointSlice,
    Pod,
    ReplicaSet,
    Secret,
    Service,
)
from kubecourse.widgets import picture, pods, revisions, services, volumes
from kubecourse.widgets.live import ClusterWidget, Snapshot, Subject, parse_ref, short_ref
from kubecourse.widgets.reader import Reader


class RevisionGraph(ClusterWidget):
    """`RevisionGraph(cluster, "deploy/kubia")`: the Deployment, its ReplicaSets as revisions in
    revision order, and their pods."""

    models = (Deployment,)
    reads = (Deployment, ReplicaSet, Pod)
    css_class = "kc-revision-graph"

    @classmethod
    def draw(cls, reader: Reader, subject: Subject, pod_state: pods.PodStateOf) -> picture.Picture:
        return revisions.revision_picture(revisions.rollout_state(reader, subject.namespace, subject.name, pod_state))


class ServiceMap(ClusterWidget):
    """`ServiceMap(cluster, "svc/kubia")`: the Service, the pods it selects or nearly selects,
    and the endpoints built from them."""

    models = (Service,)
    reads = (Service, Pod, Endpoints, EndpointSlice)
    css_class = "kc-service-map"

    @classmethod
    def draw(cls, reader: Reader, subject: Subject, pod_state: pods.PodStateOf) -> picture.Picture:
        return services.service_picture(services.service_state(reader, subject.namespace, subject.name, pod_state))


class VolumeView(ClusterWidget):
    """`VolumeView(cluster, "cm/NAME")` or `"secret/NAME"`: the data beside each pod that uses
    it and how (volume, subPath file, env var, envFrom), and which copies are out of date.
    A Secret's values show as lengths unless `reveal=True`."""

    models = (ConfigMap, Secret)
    reads = (ConfigMap, Secret, Pod)
    css_class = "kc-volume-view"

    @classmethod
    def draw(cls, reader: Reader, subject: Subject, pod_state: pods.PodStateOf) -> picture.Picture:
        model = Secret if subject.model is Secret else ConfigMap
        return volumes.volume_picture(volumes.volume_state(reader, model, subject.namespace, subject.name, pod_state,
                                                           reveal=subject.reveal))


class StatefulSetView(W.HTML):
    """`StatefulSetView(cluster, "sts/NAME")` will draw ordinals, pods, their claims and DNS
    names, and which pod waits on which. kubecourse does not simulate StatefulSets yet, so
    for now the widget says so instead of drawing an empty picture."""

    def __init__(self, cluster: Any, ref: str, *, namespace: str = "default") -> None:
        super().__init__(f'<p class="kc-unavailable">StatefulSetView({html.escape(ref)}, namespace {html.escape(namespace)}): '
                         "kubecourse does not simulate StatefulSets yet, so there is nothing to draw. "
                         "RevisionGraph and ServiceMap show Deployments and Services.</p>")
        self.add_class("kc-statefulset-view")


VIEWS: tuple[type[ClusterWidget], ...] = (RevisionGraph, ServiceMap, VolumeView)


def snapshot(cluster: Any, ref: str, *, at: datetime | float | None = None, namespace: str = "default",
             reveal: bool = False) -> Snapshot:
    """A frozen picture of `ref` ("deploy/kubia", "svc/kubia", "cm/NAME", "secret/NAME"), now
    or at `at` (a time, or seconds since the cluster started), drawn by the widget for its kind."""
    entry = kinds.resolve(ref.partition("/")[0])
    for view in VIEWS:
        if entry is not None and entry.model in view.models:
            return view.frozen(cluster, parse_ref(ref, view.models, namespace, reveal), at)
    shown = ", ".join(short_ref(m) for v in VIEWS for m in v.models)
    raise ValueError(f'no picture for "{ref}": pictures are drawn for {shown}')
