"""The widgets a notebook shows: each names its object's kind, what it reads, and its picture."""

from __future__ import annotations

from kubecourse.api.models import Deployment, Endpoints, EndpointSlice, Pod, ReplicaSet, Service
from kubecourse.widgets import picture, revisions, services
from kubecourse.widgets.live import ClusterWidget
from kubecourse.widgets.reader import Reader


class RevisionGraph(ClusterWidget):
    """`RevisionGraph(cluster, "deploy/kubia")`: the Deployment, its ReplicaSets as revisions in
    revision order, and their pods."""

    model = Deployment
    reads = (Deployment, ReplicaSet, Pod)
    css_class = "kc-revision-graph"

    def draw(self, reader: Reader) -> picture.Picture:
        return revisions.revision_picture(revisions.rollout_state(reader, self.namespace, self.name, self.pod_states))


class ServiceMap(ClusterWidget):
    """`ServiceMap(cluster, "svc/kubia")`: the Service, the pods it selects or nearly selects,
    and the endpoints built from them."""

    model = Service
    reads = (Service, Pod, Endpoints, EndpointSlice)
    css_class = "kc-service-map"

    def draw(self, reader: Reader) -> picture.Picture:
        return services.service_picture(services.service_state(reader, self.namespace, self.name, self.pod_states))
