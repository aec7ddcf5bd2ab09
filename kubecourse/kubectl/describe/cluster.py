"""describe for Nodes and Namespaces.

Models kubernetes/kubectl: pkg/describe/describe.go describeNode, findNodeRoles,
describeNodeLease, describeNodeResource, getPodsTotalRequestsAndLimits, describeNamespace,
DescribeResourceQuotas, DescribeLimitRanges.

What we learned from the source:
- Node: Name, Roles (from `node-role.kubernetes.io/<role>` labels and the
  `kubernetes.io/role` label, sorted, comma-joined), Labels, Annotations, CreationTimestamp,
  Taints, Unschedulable, Lease, a Conditions table (`Type \\tStatus \\t...`, times in RFC
  1123), Addresses, Capacity, Allocatable, System Info, PodCIDR, PodCIDRs, ProviderID, the
  Non-terminated Pods table (pods bound to the node in every namespace, not Succeeded or
  Failed; an empty column after Name, as the source writes a double tab), Allocated
  resources (cpu, memory, ephemeral-storage, then hugepages and extended resources), Events
  (found by the node's uid and by its name, which the kubelet uses as uid).
- Percentages are requests or limits over allocatable, truncated to whole percent.
- The Lease is the node's own in kube-node-lease (kubecourse/controllers/nodelease.py keeps
  it): HolderIdentity, AcquireTime and RenewTime, each `<unset>` when absent; without a lease,
  `Lease:  Failed to get lease: <the server's error>`.
- Namespace: Name, Labels, Annotations, Status, Conditions (if any), then an empty line
  and the ResourceQuotas (`No resource quota.`), an empty line and the LimitRanges (`No
  LimitRange resource.`), as kubecourse/kubectl/describe/limits.py prints them. No Events.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kubecourse.api import errors
from kubecourse.api.models import Lease, LimitRange, Namespace, Node, Pod, ResourceQuota
from kubecourse.api.models.coordination import LeaseSpec
from kubecourse.controllers import nodelease
from kubecourse.kubectl.describe import events, limits, quantity
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import (
    LEVEL_0,
    LEVEL_1,
    PrefixWriter,
    annotations_multiline,
    go_bool,
    labels_multiline,
    rfc1123z,
    since,
    taints_multiline,
)

ROLE_PREFIX = "node-role.kubernetes.io/"
ROLE_LABEL = "kubernetes.io/role"
STANDARD_RESOURCES = ("cpu", "memory", "ephemeral-storage", "pods")


def node_roles(node: Node) -> list[str]:
    roles = set()
    for key, value in (node.metadata.labels or {}).items():
        if key.startswith(ROLE_PREFIX) and key[len(ROLE_PREFIX):]:
            roles.add(key[len(ROLE_PREFIX):])
        elif key == ROLE_LABEL and value:
            roles.add(value)
    return sorted(roles)


def describe_node(node: Node, view: View) -> str:
    w = PrefixWriter()
    meta, spec, status = node.metadata, node.spec, node.status
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"CreationTimestamp:\t{rfc1123z(meta.creation_timestamp)}\n")
    taints_multiline(w, "Taints", spec.taints)
    w.write(LEVEL_0, f"Unschedulable:\t{go_bool(bool(spec.unschedulable))}\n")
    _lease(w, view, meta.name)
    if status.conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status.conditions:
            w.write(LEVEL_1, f"{c.type} \t{c.status} \t{rfc1123z(c.last_heartbeat_time)} \t"
                             f"{rfc1123z(c.last_transition_time)} \t{c.reason or ''} \t{c.message or ''}\n")
    w.write(LEVEL_0, "Addresses:\n")
    for address in status.addresses or ():
        w.write(LEVEL_1, f"{address.type}:\t{address.address}\n")
    for title, resources in (("Capacity", status.capacity), ("Allocatable", status.allocatable)):
        if resources:
            w.write(LEVEL_0, f"{title}:\n")
            for name in sorted(resources):
                w.write(LEVEL_0, f"  {name}:\t{quantity.canonical(resources[name])}\n")
    info = status.node_info
    w.write(LEVEL_0, "System Info:\n")
    for label, value in (("Machine ID", info.machine_id), ("System UUID", info.system_uuid),
                         ("Boot ID", info.boot_id), ("Kernel Version", info.kernel_version),
                         ("OS Image", info.os_image), ("Operating System", info.operating_system),
                         ("Architecture", info.architecture),
                         ("Container Runtime Version", info.container_runtime_version),
                         ("Kubelet Version", info.kubelet_version), ("Kube-Proxy Version", info.kube_proxy_version)):
        w.write(LEVEL_0, f"  {label}:\t{value}\n")
    if spec.pod_cidr:
        w.write(LEVEL_0, f"PodCIDR:\t{spec.pod_cidr}\n")
    if spec.pod_cidrs:
        w.write(LEVEL_0, f"PodCIDRs:\t{','.join(spec.pod_cidrs)}\n")
    if spec.provider_id:
        w.write(LEVEL_0, f"ProviderID:\t{spec.provider_id}\n")
    pods = [p for p in view.api.list(Pod, None, field_selector=f"spec.nodeName={meta.name}")
            if p.status is None or p.status.phase not in ("Succeeded", "Failed")]
    _node_resources(w, node, pods, view)
    events.section(w, view, node, uids=(meta.uid, meta.name))
    return w.text()


def _lease(w: PrefixWriter, view: View, node_name: str) -> None:
    """describeNode's Lease block, from the lease the node's kubelet renews."""
    lease = view.api.try_get(Lease, node_name, nodelease.NAMESPACE)
    if lease is None:
        w.write(LEVEL_0, f"Lease:\tFailed to get lease: {errors.not_found('leases.coordination.k8s.io', node_name)}\n")
        return
    spec = lease.spec or LeaseSpec()
    w.write(LEVEL_0, "Lease:\n")
    w.write(LEVEL_1, f"HolderIdentity:\t{spec.holder_identity or '<unset>'}\n")
    for label, time in (("AcquireTime", spec.acquire_time), ("RenewTime", spec.renew_time)):
        w.write(LEVEL_1, f"{label}:\t{rfc1123z(time) if time else '<unset>'}\n")


def _percent(part: Decimal, whole: Decimal) -> int:
    return int(part * 100 / whole) if whole else 0


def _node_resources(w: PrefixWriter, node: Node, pods: list[Any], view: View) -> None:
    """describeNodeResource: one row per pod, then the totals over allocatable."""
    status = node.status
    allocatable = status.allocatable or status.capacity or {}
    cpu_total = quantity.value(allocatable.get("cpu", 0))
    memory_total = quantity.value(allocatable.get("memory", 0))
    w.write(LEVEL_0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    zero = (Decimal(0), False)
    for pod in pods:
        reqs, limits = quantity.pod_requests_and_limits(pod)
        cells = [f"{quantity.format_quantity(*q)} ({_percent(q[0], total)}%)"
                 for q, total in ((reqs.get("cpu", zero), cpu_total), (limits.get("cpu", zero), cpu_total),
                                  (reqs.get("memory", zero), memory_total),
                                  (limits.get("memory", zero), memory_total))]
        row = "\t".join([pod.metadata.namespace, pod.metadata.name, "", *cells,
                         since(pod.metadata.creation_timestamp, view.now)])
        w.write(LEVEL_1, row + "\n")
    w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(LEVEL_1, "Resource\tRequests\tLimits\n")
    w.write(LEVEL_1, "--------\t--------\t------\n")
    reqs: dict[str, tuple[Decimal, bool]] = {}
    limits: dict[str, tuple[Decimal, bool]] = {}
    for pod in pods:
        pod_reqs, pod_limits = quantity.pod_requests_and_limits(pod)
        _add(reqs, pod_reqs)
        _add(limits, pod_limits)
    hugepages = sorted(r for r in allocatable if r.startswith("hugepages-"))
    for name in ("cpu", "memory", "ephemeral-storage", *hugepages):
        total = quantity.value(allocatable.get(name, 0))
        req, lim = reqs.get(name, zero), limits.get(name, zero)
        w.write(LEVEL_1, f"{name}\t{quantity.format_quantity(*req)} ({_percent(req[0], total)}%)\t"
                         f"{quantity.format_quantity(*lim)} ({_percent(lim[0], total)}%)\n")
    extended = sorted(r for r in allocatable if r not in STANDARD_RESOURCES and not r.startswith("hugepages-"))
    for name in extended:
        w.write(LEVEL_1, f"{name}\t{quantity.format_quantity(*reqs.get(name, zero))}\t"
                         f"{quantity.format_quantity(*limits.get(name, zero))}\n")


def _add(total: dict[str, tuple[Decimal, bool]], more: dict[str, tuple[Decimal, bool]]) -> None:
    for name, (amount, binary) in more.items():
        have = total.get(name)
        total[name] = (have[0] + amount, have[1]) if have else (amount, binary)


def describe_namespace(ns: Namespace, view: View) -> str:
    w = PrefixWriter()
    meta = ns.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    w.write(LEVEL_0, f"Status:\t{ns.status.phase if ns.status else ''}\n")
    conditions = ns.status.conditions if ns.status else None
    if conditions:
        w.write(LEVEL_0, "Conditions:\n")
        w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(LEVEL_1, f"{c.type}\t{c.status}\t{rfc1123z(c.last_transition_time)}\t{c.reason or ''}\t"
                             f"{c.message or ''}\n")
    w.write(LEVEL_0, "\n")
    limits.quotas_section(w, view.api.list(ResourceQuota, meta.name))
    w.write(LEVEL_0, "\n")
    limits.limit_ranges_section(w, view.api.list(LimitRange, meta.name))
    return w.text()
