"""The StatefulSet controller: pods with stable names, storage and network identity.

Models kubernetes/kubernetes: pkg/controller/statefulset/stateful_set.go (sync,
getPodsForStatefulSet with ClaimPods, adoptOrphanRevisions, the pod event handlers that
requeue the owner) and stateful_set_status_updater.go (UpdateStatefulSetStatus). One sync
is control.py's pass; pods are named `<set>-<ordinal>`, carry `statefulset.kubernetes.io/pod-name`,
`apps.kubernetes.io/pod-index` and `controller-revision-hash`, have hostname = their name and
subdomain = spec.serviceName (so the headless Service gives each a DNS name), and mount the
claims `<template>-<set>-<ordinal>` created from volumeClaimTemplates, which outlive them.

A pod waiting for minReadySeconds is looked at again when it would become available, as
upstream's enqueueSSAfter does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from kubecourse import events
from kubecourse.api import selectors
from kubecourse.api.models import Pod
from kubecourse.api.models.apps import ControllerRevision, StatefulSet
from kubecourse.api.server import APIServer, WatchEvent
from kubecourse.clock import Clock
from kubecourse.controllers import base, podutil, refmanager
from kubecourse.controllers.statefulset import utils
from kubecourse.controllers.statefulset.control import Sync, revisions, truncate_history
from kubecourse.controllers.statefulset.podcontrol import PodControl
from kubecourse.rand import Generator


class StatefulSetController(base.Controller):
    watches = ("StatefulSet", "Pod", "ControllerRevision")
    name = "statefulset-controller"
    for_kind = "StatefulSet"
    owns = ("Pod", "ControllerRevision")

    def __init__(self, api: APIServer, clock: Clock, rng: Generator) -> None:
        super().__init__(api, clock, rng)
        self.recorder = events.Recorder(api, self.name)
        self.pod_control = PodControl(api, self.recorder)

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        if event.kind == "StatefulSet" and event.old is not None and event.old.spec == event.obj.spec \
                and event.old.metadata.deletion_timestamp == event.obj.metadata.deletion_timestamp \
                and event.old.metadata.labels == event.obj.metadata.labels:
            return  # our own status write
        yield from super().keys_for(event)
        if event.kind == "Pod" and event.obj.metadata.controller_ref() is None:
            for sts in self.api.iter_namespace("StatefulSet", event.obj.metadata.namespace or ""):
                if selectors.matches(selectors.from_label_selector(utils.spec(sts).selector),
                                     event.obj.metadata.labels):
                    yield (sts.metadata.namespace, sts.metadata.name)

    def reconcile(self, key: base.Key) -> base.Result | None:
        sts = self.api.try_get("StatefulSet", key[1], key[0])
        if sts is None:
            return None
        selector = selectors.from_label_selector(utils.spec(sts).selector)
        ns = sts.metadata.namespace or ""
        owned_revisions: list[ControllerRevision] = refmanager.claim(
            self.api, sts, selector, list(self.api.iter_namespace("ControllerRevision", ns)))
        candidates = [p for p in self.api.iter_namespace("Pod", ns)
                      if utils.is_member_of(sts, p) or p.metadata.controller_ref() is not None]
        pods: list[Pod] = [p for p in refmanager.claim(self.api, sts, selector, candidates)
                           if utils.is_member_of(sts, p)]
        pods.sort(key=utils.ordinal)
        current, update, collision = revisions(self.api, sts, owned_revisions)
        status = Sync(self.api, self.pod_control, sts, self.clock.now).run(pods, current, update, collision)
        sts = self.api.get("StatefulSet", key[1], key[0])
        if sts.status != status:
            self.api.update_status(sts.with_(status=status))
        live = list(self.api.iter_namespace("Pod", ns))
        truncate_history(self.api, sts, [p for p in live if utils.is_member_of(sts, p)],
                         [r for r in self.api.iter_namespace("ControllerRevision", ns)
                          if (ref := r.metadata.controller_ref()) is not None and ref.uid == sts.metadata.uid],
                         current, update)
        return self.requeue_for_availability(sts, live)

    def requeue_for_availability(self, sts: StatefulSet, pods: list[Pod]) -> base.Result | None:
        """enqueueSSAfter: when a Ready pod will have been ready for minReadySeconds."""
        min_ready = utils.spec(sts).min_ready_seconds or 0
        if not min_ready:
            return None
        waits = []
        for pod in pods:
            since = podutil.ready_time(pod)
            if utils.is_member_of(sts, pod) and since is not None:
                left = (since + timedelta(seconds=min_ready) - self.clock.now).total_seconds()
                if left >= 0:
                    waits.append(left + 1)
        return base.Result(requeue_after=min(waits)) if waits else None
