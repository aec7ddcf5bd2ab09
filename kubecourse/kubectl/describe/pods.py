"""describe for Pods, and the pod template block that workloads print.

Models kubernetes/kubectl: pkg/describe/describe.go describePod, DescribePodTemplate,
describeContainers (describeContainerBasicInfo, describeContainerCommand,
describeContainerState, describeStatus, describeResources, DescribeProbe,
describeContainerEnvFrom, describeContainerEnvVars, describeContainerVolumes),
describeVolumes and its print*VolumeSource helpers, describePodIPs; and
pkg/util/qos/qos.go GetPodQOS.

What we learned from the source (1.32):
- Order: Name, Namespace, Priority, Priority Class Name, Runtime Class Name, Service
  Account, Node (`<none>` or `node/hostIP`), Start Time, Labels, Annotations, Status
  (`Terminating (lasts <age of deletionTimestamp>)` + `Termination Grace Period` while
  deleting a pod that has not finished), Reason, Message, IP, IPs, Controlled By,
  NominatedNodeName, Init Containers, Containers, Readiness Gates, Conditions, Volumes,
  QoS Class, Node-Selectors, Tolerations, Events. The deletionTimestamp of a terminating pod
  lies in the future, so its age reads `<invalid>` until the grace period is over: that is
  what real kubectl prints.
- Container ID, Image ID, State, Ready and Restart Count appear only when the pod has a
  status for that container (never in a template). A container that has no state yet
  reads `Waiting`. `Last State` appears only after a termination.
- Probes print with the server's defaults (delay 0, timeout 1, period 10, success 1,
  failure 3) since the API server fills them in.
- In a template, names of containers and volumes get one extra space (`   nodejs:`).
- Projected volumes print one line per source in the 1.32 wording: `TokenExpirationSeconds`,
  `ConfigMapName` + `ConfigMapOptional` (a Go *bool: `<nil>` when unset), `DownwardAPI:
  true`, `SecretName` + `SecretOptionalName`. (1.33 rewrote these as `Optional: false`,
  kubernetes/kubernetes#129457.) Where Go would print the address of a set *bool we print
  its value.
- QoS Class is status.qosClass when the kubelet set it, else computed from the containers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING
from typing import Any

from kubecourse.api.models.core import Container, ContainerState, ContainerStatus, EnvVar, Pod, Probe
from kubecourse.kubectl.describe import events, quantity
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import (
    LEVEL_0,
    LEVEL_1,
    LEVEL_2,
    LEVEL_3,
    PrefixWriter,
    annotations_multiline,
    controlled_by,
    go_bool,
    labels_multiline,
    or_none,
    rfc1123z,
    since,
    title_bool,
    tolerations_multiline,
)

EnvResolver = Callable[[EnvVar], str]
TAB_NONE = "\t<none>"  # `Environment:\t<none>`, `Mounts:\t<none>`


def describe_pod(pod: Pod, view: View) -> str:
    w = PrefixWriter()
    spec, status, meta = pod.spec, pod.status, pod.metadata
    w.write(LEVEL_0, f"Name:\t{meta.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{meta.namespace}\n")
    if spec.priority is not None:
        w.write(LEVEL_0, f"Priority:\t{spec.priority}\n")
    if spec.priority_class_name:
        w.write(LEVEL_0, f"Priority Class Name:\t{spec.priority_class_name}\n")
    runtime_class = (spec.model_extra or {}).get("runtimeClassName")
    if runtime_class:
        w.write(LEVEL_0, f"Runtime Class Name:\t{runtime_class}\n")
    if spec.service_account_name:
        w.write(LEVEL_0, f"Service Account:\t{spec.service_account_name}\n")
    if not spec.node_name:
        w.write(LEVEL_0, "Node:\t<none>\n")
    else:
        w.write(LEVEL_0, f"Node:\t{spec.node_name}/{status.host_ip or ''}\n")
    if status.start_time is not None:
        w.write(LEVEL_0, f"Start Time:\t{rfc1123z(status.start_time)}\n")
    labels_multiline(w, "Labels", meta.labels)
    annotations_multiline(w, "Annotations", meta.annotations)
    if meta.deletion_timestamp is not None and status.phase not in ("Failed", "Succeeded"):
        w.write(LEVEL_0, f"Status:\tTerminating (lasts {since(meta.deletion_timestamp, view.now)})\n")
        w.write(LEVEL_0, f"Termination Grace Period:\t{meta.deletion_grace_period_seconds or 0}s\n")
    else:
        w.write(LEVEL_0, f"Status:\t{status.phase or ''}\n")
    if status.reason:
        w.write(LEVEL_0, f"Reason:\t{status.reason}\n")
    if status.message:
        w.write(LEVEL_0, f"Message:\t{status.message}\n")
    w.write(LEVEL_0, f"IP:\t{status.pod_ip or ''}\n")
    _pod_ips(w, pod)
    if owner := controlled_by(pod):
        w.write(LEVEL_0, f"Controlled By:\t{owner}\n")
    if status.nominated_node_name:
        w.write(LEVEL_0, f"NominatedNodeName:\t{status.nominated_node_name}\n")
    resolve = env_resolver(pod)
    if spec.init_containers:
        describe_containers(w, "Init Containers", spec.init_containers, status.init_container_statuses,
                            resolve, "")
    describe_containers(w, "Containers", spec.containers, status.container_statuses, resolve, "")
    if spec.readiness_gates:
        w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in spec.readiness_gates:
            kind = gate.get("conditionType", "")
            found = next((c.status for c in status.conditions or () if c.type == kind), "<none>")
            w.write(LEVEL_1, f"{kind} \t{found} \n")
    if status.conditions:
        w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n")
        for c in status.conditions:
            w.write(LEVEL_1, f"{c.type} \t{c.status} \n")
    describe_volumes(w, spec.volumes, "")
    w.write(LEVEL_0, f"QoS Class:\t{status.qos_class or compute_qos(pod)}\n")
    labels_multiline(w, "Node-Selectors", spec.node_selector)
    tolerations_multiline(w, "Tolerations", spec.tolerations)
    events.section(w, view, pod, kind="")
    return w.text()


def _pod_ips(w: PrefixWriter, pod: Pod) -> None:
    ips = pod.status.pod_ips or []
    if not ips:
        w.write(LEVEL_0, "IPs:\t<none>\n")
        return
    w.write(LEVEL_0, "IPs:\n")
    for ip in ips:
        w.write(LEVEL_1, f"IP:\t{ip.ip}\n")


def describe_pod_template(w: PrefixWriter, template: Any) -> None:
    """DescribePodTemplate: the `Pod Template:` block of Deployments, ReplicaSets, RCs."""
    w.write(LEVEL_0, "Pod Template:\n")
    if template is None:
        w.write(LEVEL_1, "<unset>")
        return
    meta, spec = template.metadata, template.spec
    labels_multiline(w, "  Labels", meta.labels if meta else None)
    if meta and meta.annotations:
        annotations_multiline(w, "  Annotations", meta.annotations)
    if spec.service_account_name:
        w.write(LEVEL_1, f"Service Account:\t{spec.service_account_name}\n")
    if spec.init_containers:
        describe_containers(w, "Init Containers", spec.init_containers, None, None, "  ")
    describe_containers(w, "Containers", spec.containers, None, None, "  ")
    describe_volumes(w, spec.volumes, "  ")
    if spec.priority_class_name:
        w.write(LEVEL_1, f"Priority Class Name:\t{spec.priority_class_name}\n")
    labels_multiline(w, "  Node-Selectors", spec.node_selector)
    tolerations_multiline(w, "  Tolerations", spec.tolerations)


# --- containers ------------------------------------------------------------------------------


def describe_containers(w: PrefixWriter, label: str, containers: list[Container],
                        statuses: list[ContainerStatus] | None, resolve: EnvResolver | None, space: str) -> None:
    by_name = {s.name: s for s in statuses or ()}
    w.write(LEVEL_0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for c in containers:
        status = by_name.get(c.name)
        _basic_info(w, c, status, space)
        _command(w, c)
        if status is not None:
            _state(w, "State", status.state)
            if status.last_state and status.last_state.terminated:
                _state(w, "Last State", status.last_state)
            w.write(LEVEL_2, f"Ready:\t{title_bool(status.ready)}\n")
            w.write(LEVEL_2, f"Restart Count:\t{status.restart_count}\n")
        describe_resources(w, c.resources, LEVEL_2)
        for title, probe in (("Liveness", c.liveness_probe), ("Readiness", c.readiness_probe),
                             ("Startup", c.startup_probe)):
            if probe is not None:
                w.write(LEVEL_2, f"{title}:\t{describe_probe(probe)}\n")
        if c.env_from:
            _env_from(w, c)
        _env(w, c, resolve)
        _mounts(w, c)


def _basic_info(w: PrefixWriter, c: Container, status: ContainerStatus | None, space: str) -> None:
    w.write(LEVEL_1, f"{' ' if space else ''}{c.name}:\n")
    if status is not None:
        w.write(LEVEL_2, f"Container ID:\t{status.container_id or ''}\n")
    w.write(LEVEL_2, f"Image:\t{c.image or ''}\n")
    if status is not None:
        w.write(LEVEL_2, f"Image ID:\t{status.image_id}\n")
    ports = ", ".join(f"{p.container_port}/{p.protocol or ''}" for p in c.ports or ())
    w.write(LEVEL_2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{or_none(ports)}\n")
    host_ports = ", ".join(f"{p.host_port or 0}/{p.protocol or ''}" for p in c.ports or ())
    w.write(LEVEL_2, f"Host Ports:\t{host_ports}\n" if "," in host_ports else f"Host Port:\t{or_none(host_ports)}\n")


def _command(w: PrefixWriter, c: Container) -> None:
    for title, items in (("Command", c.command), ("Args", c.args)):
        if items:
            w.write(LEVEL_2, f"{title}:\n")
            for item in items:
                for line in item.split("\n"):
                    w.write(LEVEL_3, f"{line}\n")


def _state(w: PrefixWriter, name: str, state: ContainerState | None) -> None:
    """describeStatus: Running + Started; Waiting + Reason; Terminated + its details."""
    if state is not None and state.running is not None:
        w.write(LEVEL_2, f"{name}:\tRunning\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(state.running.started_at)}\n")
    elif state is not None and state.waiting is not None:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")
        if state.waiting.reason:
            w.write(LEVEL_3, f"Reason:\t{state.waiting.reason}\n")
    elif state is not None and state.terminated is not None:
        t = state.terminated
        w.write(LEVEL_2, f"{name}:\tTerminated\n")
        if t.reason:
            w.write(LEVEL_3, f"Reason:\t{t.reason}\n")
        if t.message:
            w.write(LEVEL_3, f"Message:\t{t.message}\n")
        w.write(LEVEL_3, f"Exit Code:\t{t.exit_code}\n")
        if t.signal:
            w.write(LEVEL_3, f"Signal:\t{t.signal}\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(t.started_at)}\n")
        w.write(LEVEL_3, f"Finished:\t{rfc1123z(t.finished_at)}\n")
    else:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")


def describe_resources(w: PrefixWriter, resources: Any, level: int) -> None:
    if resources is None:
        return
    for title, values in (("Limits", resources.limits), ("Requests", resources.requests)):
        if values:
            w.write(level, f"{title}:\n")
            for name in sorted(values):
                w.write(level + 1, f"{name}:\t{quantity.canonical(values[name])}\n")


def describe_probe(probe: Probe) -> str:
    """DescribeProbe: `http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3`."""
    attrs = (f"delay={_or(probe.initial_delay_seconds, 0)}s timeout={_or(probe.timeout_seconds, 1)}s "
             f"period={_or(probe.period_seconds, 10)}s #success={_or(probe.success_threshold, 1)} "
             f"#failure={_or(probe.failure_threshold, 3)}")
    if probe.exec is not None:
        return f"exec [{' '.join(probe.exec.command or ())}] {attrs}"
    if probe.http_get is not None:
        h = probe.http_get
        host = h.host or ""
        port = str(h.port)
        hostport = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return f"http-get {(h.scheme or 'HTTP').lower()}://{hostport}{h.path or ''} {attrs}"
    if probe.tcp_socket is not None:
        return f"tcp-socket {probe.tcp_socket.host or ''}:{probe.tcp_socket.port} {attrs}"
    if probe.grpc is not None:
        return f"grpc <pod>:{probe.grpc.port} {probe.grpc.service or ''} {attrs}"
    return f"unknown {attrs}"


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _env_from(w: PrefixWriter, c: Container) -> None:
    w.write(LEVEL_2, "Environment Variables from:\n")
    for e in c.env_from or ():
        ref, source = (e.config_map_ref, "ConfigMap") if e.config_map_ref else (e.secret_ref, "Secret")
        name, optional = (ref.name or "", bool(ref.optional)) if ref else ("", False)
        prefix = f" with prefix '{e.prefix}'" if e.prefix else ""
        w.write(LEVEL_3, f"{name}\t{source}{prefix}\tOptional: {go_bool(optional)}\n")


def _env(w: PrefixWriter, c: Container, resolve: EnvResolver | None) -> None:
    w.write(LEVEL_2, f"Environment:{'' if c.env else TAB_NONE}\n")
    for e in c.env or ():
        source = e.value_from
        if source is None:
            for i, line in enumerate((e.value or "").split("\n")):
                w.write(LEVEL_3, f"{e.name}:\t{line}\n" if i == 0 else f"\t{line}\n")
        elif source.field_ref is not None:
            value = resolve(e) if resolve else ""
            w.write(LEVEL_3, f"{e.name}:\t{value} ({source.field_ref.api_version or ''}:"
                             f"{source.field_ref.field_path})\n")
        elif source.resource_field_ref is not None:
            ref = source.resource_field_ref
            value = _resource_value(ref, c)
            if value == "0" and ref.resource in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(LEVEL_3, f"{e.name}:\t{value} ({ref.resource})\n")
        elif source.secret_key_ref is not None:
            ref = source.secret_key_ref
            w.write(LEVEL_3, f"{e.name}:\t<set to the key '{ref.key}' in secret '{ref.name or ''}'>\t"
                             f"Optional: {go_bool(bool(ref.optional))}\n")
        elif source.config_map_key_ref is not None:
            ref = source.config_map_key_ref
            w.write(LEVEL_3, f"{e.name}:\t<set to the key '{ref.key}' of config map '{ref.name or ''}'>\t"
                             f"Optional: {go_bool(bool(ref.optional))}\n")


def _resource_value(ref: Any, c: Container) -> str:
    """ExtractContainerResourceValue: the container's request or limit over the divisor,
    rounded up (pkg/util/resource/resource.go)."""
    kind, _, name = ref.resource.partition(".")
    values = getattr(c.resources, kind, None) if c.resources else None
    amount = quantity.value((values or {}).get(name, 0))
    divisor = quantity.value(ref.divisor) if ref.divisor is not None else 1
    if not divisor:
        return ""
    return str(int((amount / divisor).to_integral_value(rounding=ROUND_CEILING)))


def _mounts(w: PrefixWriter, c: Container) -> None:
    w.write(LEVEL_2, f"Mounts:{'' if c.volume_mounts else TAB_NONE}\n")
    for m in sorted(c.volume_mounts or (), key=lambda m: m.mount_path):
        flags = ["ro" if m.read_only else "rw"]
        if m.sub_path:
            flags.append(f'path="{m.sub_path}"')
        w.write(LEVEL_3, f"{m.mount_path} from {m.name} ({','.join(flags)})\n")


def env_resolver(pod: Pod) -> EnvResolver:
    """EnvValueRetriever: the value a downward-API env var gets. kubectl first converts the
    field path with its scheme's field-label conversion, which for Pods knows only
    metadata.name and metadata.namespace; any other path (status.podIP, labels['app'])
    fails to convert and prints empty, as it does in real kubectl."""
    known = {"metadata.name": pod.metadata.name, "metadata.namespace": pod.metadata.namespace}

    def resolve(e: EnvVar) -> str:
        return known.get(e.value_from.field_ref.field_path) or ""  # type: ignore[union-attr]

    return resolve


# --- volumes ----------------------------------------------------------------------------------


def describe_volumes(w: PrefixWriter, volumes: list | None, space: str) -> None:
    if not volumes:
        w.write(LEVEL_0, f"{space}Volumes:\t<none>\n")
        return
    w.write(LEVEL_0, f"{space}Volumes:\n")
    for v in volumes:
        w.write(LEVEL_1, f"{' ' if space else ''}{v.name}:\n")
        _volume_source(w, v)


def describe_host_path(w: PrefixWriter, host_path: Any) -> None:
    """printHostPathVolumeSource: a pod's volume or a PersistentVolume's source."""
    w.write(LEVEL_2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{host_path.path}\n"
                     f"    HostPathType:\t{host_path.type if host_path.type is not None else '<none>'}\n")


def _volume_source(w: PrefixWriter, v: Any) -> None:
    if v.host_path is not None:
        describe_host_path(w, v.host_path)
    elif v.empty_dir is not None:
        limit = v.empty_dir.size_limit
        size = quantity.canonical(limit) if limit is not None and quantity.value(limit) > 0 else "<unset>"
        w.write(LEVEL_2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                         f"    Medium:\t{v.empty_dir.medium or ''}\n    SizeLimit:\t{size}\n")
    elif v.secret is not None:
        w.write(LEVEL_2, f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{v.secret.secret_name or ''}\n"
                         f"    Optional:\t{go_bool(bool(v.secret.optional))}\n")
    elif v.config_map is not None:
        w.write(LEVEL_2, f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{v.config_map.name or ''}\n"
                         f"    Optional:\t{go_bool(bool(v.config_map.optional))}\n")
    elif v.persistent_volume_claim is not None:
        pvc = v.persistent_volume_claim
        w.write(LEVEL_2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                         f"namespace)\n    ClaimName:\t{pvc.claim_name}\n    ReadOnly:\t{go_bool(bool(pvc.read_only))}\n")
    elif v.downward_api is not None:
        w.write(LEVEL_2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
        for item in v.downward_api.items or ():
            if item.field_ref is not None:
                w.write(LEVEL_3, f"{item.field_ref.field_path} -> {item.path}\n")
            if item.resource_field_ref is not None:
                w.write(LEVEL_3, f"{item.resource_field_ref.resource} -> {item.path}\n")
    elif v.projected is not None:
        _projected(w, v.projected)
    else:
        w.write(LEVEL_1, "<unknown>\n")


def _projected(w: PrefixWriter, projected: Any) -> None:
    w.write(LEVEL_2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in projected.sources or ():
        if source.secret is not None:
            w.write(LEVEL_2, f"SecretName:\t{source.secret.name or ''}\n"
                             f"    SecretOptionalName:\t{go_bool(source.secret.optional)}\n")
        elif source.downward_api is not None:
            w.write(LEVEL_2, "DownwardAPI:\ttrue\n")
        elif source.config_map is not None:
            w.write(LEVEL_2, f"ConfigMapName:\t{source.config_map.name or ''}\n"
                             f"    ConfigMapOptional:\t{go_bool(source.config_map.optional)}\n")
        elif source.service_account_token is not None:
            w.write(LEVEL_2, f"TokenExpirationSeconds:\t{source.service_account_token.expiration_seconds or 0}\n")


# --- QoS ---------------------------------------------------------------------------------------

_QOS_RESOURCES = ("cpu", "memory")


def compute_qos(pod: Pod) -> str:
    """ComputePodQOS: BestEffort without any cpu/memory request or limit; Guaranteed when
    every container limits both and requests (defaulting to the limits) equal the limits."""
    containers = [*pod.spec.containers, *(pod.spec.init_containers or ())]
    requests: dict[str, Any] = {}
    limits: dict[str, Any] = {}
    guaranteed = True
    for c in containers:
        res = c.resources
        req = {k: quantity.value(v) for k, v in ((res.requests if res else None) or {}).items()
               if k in _QOS_RESOURCES and quantity.value(v) != 0}
        lim = {k: quantity.value(v) for k, v in ((res.limits if res else None) or {}).items()
               if k in _QOS_RESOURCES and quantity.value(v) != 0}
        requests.update(req)
        limits.update(lim)
        if set(lim) != set(_QOS_RESOURCES):
            guaranteed = False
        if any(req.get(k, lim[k]) != lim[k] for k in lim):
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"
