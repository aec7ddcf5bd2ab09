"""What every workload controller reads of the objects it manages, and the pods it makes.

Models kubernetes/kubernetes: pkg/controller/controller_utils.go (GetPodFromTemplate), and
the pointers upstream dereferences on stored objects (`*(rs.Spec.Replicas)`): the models
type the wire, where any field may be missing, but the API server defaults and validates
these on every object it stores.
"""

from __future__ import annotations

from kubecourse.api.models import Pod, ReplicationController
from kubecourse.api.models.apps import Deployment, ReplicaSet
from kubecourse.api.models.core import PodTemplateSpec
from kubecourse.api.models.meta import ObjectMeta
from kubecourse.controllers.base import owner_ref

Workload = Deployment | ReplicaSet | ReplicationController
"""An object that asks for `replicas` pods from a template."""


def replicas(obj: Workload) -> int:
    """*(obj.Spec.Replicas), which defaulting sets (to 1); 0 for an object built without it."""
    return (obj.spec.replicas if obj.spec is not None else None) or 0


def template(obj: Workload) -> PodTemplateSpec:
    """obj.Spec.Template, which validation requires."""
    t = obj.spec.template if obj.spec is not None else None
    if t is None:
        raise ValueError(f"{obj.kind} {obj.metadata.name} has no pod template")
    return t


def pod_from_template(owner: ReplicaSet | ReplicationController) -> Pod:
    """controller_utils.go GetPodFromTemplate: a new pod for `owner`, with the template's
    labels, annotations, finalizers and spec; generateName `<owner>-`; a controller
    reference to the owner."""
    t = template(owner)
    meta = t.metadata or ObjectMeta()
    return Pod(
        metadata=ObjectMeta(generate_name=f"{owner.metadata.name}-", namespace=owner.metadata.namespace,
                            labels=dict(meta.labels) if meta.labels else None,
                            annotations=dict(meta.annotations) if meta.annotations else None,
                            finalizers=list(meta.finalizers) if meta.finalizers else None,
                            owner_references=[owner_ref(owner)]),
        spec=t.spec,
    )
