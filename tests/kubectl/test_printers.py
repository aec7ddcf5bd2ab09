"""Printers and printer columns as pure functions: no cluster, objects built by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kubecourse.api import columns, kinds, podstatus
from kubecourse.api.models import (
    Deployment,
    Endpoints,
    EndpointSlice,
    Event,
    LabelSelector,
    Node,
    ObjectMeta,
    Pod,
    ReplicaSet,
    ReplicationController,
    Service,
)
from kubecourse.api.models.apps import DeploymentSpec, DeploymentStatus, ReplicaSetSpec
from kubecourse.api.models.core import (
    Container,
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
    EndpointAddress,
    EndpointPort,
    EndpointSubset,
    EventSource,
    LoadBalancerIngress,
    LoadBalancerStatus,
    NodeSpec,
    NodeStatus,
    ObjectReference,
    PodIP,
    PodSpec,
    PodStatus,
    PodTemplateSpec,
    ReplicationControllerSpec,
    ServicePort,
    ServiceSpec,
    ServiceStatus,
)
from kubecourse.api.models.discovery import Endpoint, EndpointSlicePort
from kubecourse.api.models.meta import Condition, LabelSelectorRequirement, ManagedFieldsEntry
from kubecourse.clock import EPOCH
from kubecourse.kubectl import printers

NOW = EPOCH + timedelta(hours=1)
POD = kinds.by_kind("Pod")


def cell(kind: str, header: str, obj, now=NOW) -> str:
    column = next(c for c in kinds.by_kind(kind).columns if c.header == header)
    return column.cell(obj, now)


# --- the tabwriter --------------------------------------------------------------------------


def test_layout_pads_every_column_but_the_last_to_its_widest_cell_plus_three_at_least_six():
    text, widths = printers.layout([["NAME", "READY", "STATUS"], ["web-1", "1/1", "Running"]])
    assert text == ("NAME    READY   STATUS\n"
                    "web-1   1/1     Running\n")
    assert widths == (8, 8)
    assert printers.layout([["A", "B"], ["x", "y"]])[0] == "A     B\nx     y\n"


def test_layout_leaves_trailing_spaces_before_an_empty_last_cell():
    text, _ = printers.layout([["NAME", "APP"], ["web", ""]])
    assert text == "NAME   APP\nweb    \n"


def test_layout_remembers_widths_across_flushes_and_only_grows_them():
    _, widths = printers.layout([["NAME", "STATUS"], ["a-very-long-name", "Running"]])
    text, widths = printers.layout([["b", "Pending"]], widths)
    assert text == "b" + " " * 18 + "Pending\n"
    text, _ = printers.layout([["an-even-longer-name-here", "Running"]], widths)
    assert text == "an-even-longer-name-here   Running\n"


# --- table decoration -----------------------------------------------------------------------


def _pod(name="web", labels=None, namespace="default", status=None) -> Pod:
    return Pod(metadata=ObjectMeta(name=name, namespace=namespace, labels=labels, creation_timestamp=EPOCH),
               spec=PodSpec(containers=[Container(name="app", image="nginx:1.27")]),
               status=status or PodStatus(phase="Pending"))


def test_table_decorates_namespace_kind_label_columns_and_labels_in_kubectls_order():
    options = printers.TableOptions(with_namespace=True, with_kind=True, label_columns=("app.kubernetes.io/name",
                                                                                       "tier"), show_labels=True)
    rows = printers.table(POD, [_pod(labels={"app.kubernetes.io/name": "web", "b": "2"})], NOW, options)
    assert rows == [
        ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NAME", "TIER", "LABELS"],
        ["default", "pod/web", "0/1", "Pending", "0", "60m", "web", "", "app.kubernetes.io/name=web,b=2"],
    ]


def test_table_without_rows_has_no_header_and_no_headers_drops_it():
    assert printers.table(POD, [], NOW, printers.TableOptions()) == []
    assert printers.table(POD, [_pod()], NOW, printers.TableOptions(no_headers=True)) == [
        ["web", "0/1", "Pending", "0", "60m"]]


def test_wide_adds_the_priority_one_columns_in_place():
    rows = printers.table(POD, [_pod()], NOW, printers.TableOptions(wide=True))
    assert rows[0] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE",
                       "READINESS GATES"]
    assert rows[1][5:] == ["<none>", "<none>", "<none>", "<none>"]


def test_watch_event_column_comes_first_padded_to_eight():
    options = printers.TableOptions(with_event=True, with_namespace=True)
    assert printers.header(POD, options)[:2] == ["EVENT", "NAMESPACE"]
    assert printers.row(POD, _pod(), NOW, options, "ADDED")[:2] == ["ADDED   ", "default"]
    assert printers.row(POD, _pod(), NOW, options, "DELETED")[0] == "DELETED "


def test_a_cell_is_cut_at_its_first_newline():
    ev = Event(metadata=ObjectMeta(name="e", namespace="default"), involved_object=ObjectReference(kind="Pod"),
               message="first line\nsecond line", first_timestamp=EPOCH)
    assert printers.row(kinds.by_kind("Event"), ev, NOW, printers.TableOptions())[-1] == "first line..."


# --- AGE --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0s"), (119, "119s"), (130, "2m10s"), (180, "3m"), (45 * 60, "45m"), (3 * 3600 + 300, "3h5m"),
    (7 * 3600, "7h"), (47 * 3600, "47h"), (2 * 86400 + 3 * 3600, "2d3h"), (30 * 86400, "30d"),
    (800 * 86400, "2y70d"), (-0.5, "0s"), (-5, "<invalid>"),
])
def test_age_is_human_duration_since_creation(seconds, text):
    assert columns.age(_pod(), EPOCH + timedelta(seconds=seconds)) == text


# --- pod READY / STATUS / RESTARTS ------------------------------------------------------------


def _status(*containers: ContainerStatus, phase="Running", init=(), conditions=(), reason=None) -> PodStatus:
    return PodStatus(phase=phase, reason=reason, container_statuses=list(containers) or None,
                     init_container_statuses=list(init) or None,
                     conditions=[Condition(type=t, status=s, reason=r) for t, s, r in conditions] or None)


def running(name="app", ready=True, restarts=0, finished=None) -> ContainerStatus:
    last = ContainerState(terminated=ContainerStateTerminated(exit_code=1, reason="Error", finished_at=finished)) \
        if finished else None
    return ContainerStatus(name=name, ready=ready, restart_count=restarts, last_state=last,
                           state=ContainerState(running=ContainerStateRunning(started_at=EPOCH)), started=True)


def waiting(reason, name="app", restarts=0, finished=None) -> ContainerStatus:
    last = ContainerState(terminated=ContainerStateTerminated(exit_code=1, reason="Error", finished_at=finished)) \
        if finished else None
    return ContainerStatus(name=name, restart_count=restarts, last_state=last,
                           state=ContainerState(waiting=ContainerStateWaiting(reason=reason)))


def terminated(exit_code, reason=None, name="app", signal=None) -> ContainerStatus:
    return ContainerStatus(name=name, state=ContainerState(
        terminated=ContainerStateTerminated(exit_code=exit_code, reason=reason, signal=signal)))


def pod_with(status: PodStatus, containers=("app",), init=(), deleted=False) -> Pod:
    return Pod(metadata=ObjectMeta(name="p", namespace="default", creation_timestamp=EPOCH,
                                   deletion_timestamp=NOW if deleted else None),
               spec=PodSpec(containers=[Container(name=c) for c in containers],
                            init_containers=[Container(name=n, restart_policy=rp) for n, rp in init] or None),
               status=status)


def summary(pod: Pod) -> tuple[str, str, str]:
    return cell("Pod", "READY", pod), cell("Pod", "STATUS", pod), cell("Pod", "RESTARTS", pod)


@pytest.mark.parametrize(("status", "expected"), [
    (_status(running()), ("1/1", "Running", "0")),
    (_status(running(ready=False)), ("0/1", "Running", "0")),
    (_status(waiting("ContainerCreating"), phase="Pending"), ("0/1", "ContainerCreating", "0")),
    (_status(waiting("ErrImagePull"), phase="Pending"), ("0/1", "ErrImagePull", "0")),
    (_status(terminated(0, "Completed"), phase="Succeeded"), ("0/1", "Completed", "0")),
    (_status(terminated(137, signal=9)), ("0/1", "Signal:9", "0")),
    (_status(terminated(3)), ("0/1", "ExitCode:3", "0")),
    (_status(phase="Failed", reason="Evicted"), ("0/1", "Evicted", "0")),
    (_status(phase="Pending", conditions=[("PodScheduled", "False", "SchedulingGated")]),
     ("0/1", "SchedulingGated", "0")),
])
def test_pod_status_of_one_container(status, expected):
    assert summary(pod_with(status)) == expected


def test_crash_looping_pod_shows_restarts_with_the_age_of_the_last_termination():
    status = _status(waiting("CrashLoopBackOff", restarts=3, finished=NOW - timedelta(seconds=42)))
    assert summary(pod_with(status)) == ("0/1", "CrashLoopBackOff", "3 (42s ago)")


def test_the_first_container_with_something_to_say_wins():
    status = _status(waiting("ImagePullBackOff", name="a"), running(name="b"))
    assert summary(pod_with(status, containers=("a", "b"))) == ("1/2", "ImagePullBackOff", "0")


def test_completed_with_a_running_container_is_running_when_ready_else_not_ready():
    ready = _status(terminated(0, "Completed", name="a"), running(name="b"), conditions=[("Ready", "True", None)])
    assert summary(pod_with(ready, containers=("b", "a")))[1] == "Running"
    not_ready = _status(terminated(0, "Completed", name="a"), running(name="b"))
    assert summary(pod_with(not_ready, containers=("b", "a")))[1] == "NotReady"


@pytest.mark.parametrize(("init", "expected"), [
    ([waiting("PodInitializing", name="i1")], "Init:0/2"),
    ([terminated(0, "Completed", name="i1"), running(name="i2", ready=False)], "Init:1/2"),
    ([terminated(1, "Error", name="i1")], "Init:Error"),
    ([terminated(2, name="i1")], "Init:ExitCode:2"),
    ([waiting("CrashLoopBackOff", name="i1", restarts=2)], "Init:CrashLoopBackOff"),
])
def test_init_containers_report_before_the_regular_ones(init, expected):
    status = _status(waiting("PodInitializing"), phase="Pending", init=init)
    pod = pod_with(status, init=(("i1", None), ("i2", None)))
    assert summary(pod)[1] == expected


def test_initializing_pod_counts_init_container_restarts():
    status = _status(waiting("PodInitializing"), phase="Pending",
                     init=[waiting("CrashLoopBackOff", name="i1", restarts=2, finished=NOW - timedelta(seconds=5))])
    assert summary(pod_with(status, init=(("i1", None),))) == ("0/1", "Init:CrashLoopBackOff", "2 (5s ago)")


def test_a_started_sidecar_counts_toward_ready_and_its_restarts_stay_counted():
    sidecar = running(name="proxy", restarts=1, finished=NOW - timedelta(minutes=3))
    status = _status(running(), init=[sidecar], conditions=[("Initialized", "True", None)])
    assert summary(pod_with(status, init=(("proxy", "Always"),))) == ("2/2", "Running", "1 (3m ago)")


def test_a_deleted_pod_is_terminating_unless_finished_and_unknown_when_its_node_is_lost():
    assert summary(pod_with(_status(running()), deleted=True))[1] == "Terminating"
    assert summary(pod_with(_status(terminated(0, "Completed"), phase="Succeeded"), deleted=True))[1] == "Completed"
    assert summary(pod_with(_status(running(), reason="NodeLost"), deleted=True))[1] == "Unknown"


def test_pod_wide_cells():
    pod = pod_with(_status(running())).with_(
        spec=PodSpec(containers=[Container(name="app")], node_name="kind-worker",
                     readiness_gates=[{"conditionType": "x/one"}, {"conditionType": "x/two"}]),
        status=_status(running(), conditions=[("x/one", "True", None)]).with_(pod_ips=[PodIP(ip="10.244.1.5")]))
    assert [cell("Pod", h, pod) for h in ("IP", "NODE", "NOMINATED NODE", "READINESS GATES")] == \
        ["10.244.1.5", "kind-worker", "<none>", "1/2"]
    assert podstatus.summarize(pod).ready == 1


# --- other kinds ------------------------------------------------------------------------------


def _svc(type_="ClusterIP", **spec) -> Service:
    return Service(metadata=ObjectMeta(name="s", creation_timestamp=EPOCH), spec=ServiceSpec(type=type_, **spec))


def test_service_cells():
    svc = _svc(cluster_ip="10.96.0.10", cluster_ips=["10.96.0.10"], selector={"tier": "web", "app": "x"},
               ports=[ServicePort(port=80, protocol="TCP", node_port=31234), ServicePort(port=53, protocol="UDP")])
    assert [cell("Service", h, svc) for h in ("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "SELECTOR")] == \
        ["ClusterIP", "10.96.0.10", "<none>", "80:31234/TCP,53/UDP", "app=x,tier=web"]
    headless = _svc(cluster_ip="None", cluster_ips=["None"])
    assert (cell("Service", "CLUSTER-IP", headless), cell("Service", "PORT(S)", headless),
            cell("Service", "SELECTOR", headless)) == ("None", "<none>", "<none>")


def test_service_external_ip_rules():
    assert cell("Service", "EXTERNAL-IP", _svc("NodePort", external_ips=["1.2.3.4", "5.6.7.8"])) == "1.2.3.4,5.6.7.8"
    assert cell("Service", "EXTERNAL-IP", _svc("LoadBalancer")) == "<pending>"
    lb = _svc("LoadBalancer", external_ips=["9.9.9.9"]).with_(status=ServiceStatus(load_balancer=LoadBalancerStatus(
        ingress=[LoadBalancerIngress(ip="34.1.2.3"), LoadBalancerIngress(hostname="a-long-name.elb.example.com")])))
    assert cell("Service", "EXTERNAL-IP", lb) == "34.1.2.3,a-long-name.elb.example.com,9.9.9.9"
    external = _svc("ExternalName", external_name="db.example.com")
    assert (cell("Service", "CLUSTER-IP", external), cell("Service", "EXTERNAL-IP", external)) == \
        ("<none>", "db.example.com")


def _endpoints(*subsets: EndpointSubset) -> Endpoints:
    return Endpoints(metadata=ObjectMeta(name="e"), subsets=list(subsets) or None)


def test_endpoints_cell_lists_three_then_counts_the_rest():
    ips = [EndpointAddress(ip=f"10.244.1.{i}") for i in range(1, 6)]
    full = _endpoints(EndpointSubset(addresses=ips, ports=[EndpointPort(port=8080)]))
    assert cell("Endpoints", "ENDPOINTS", full) == "10.244.1.1:8080,10.244.1.2:8080,10.244.1.3:8080 + 2 more..."
    assert cell("Endpoints", "ENDPOINTS", _endpoints()) == "<none>"
    not_ready = _endpoints(EndpointSubset(not_ready_addresses=ips, ports=[EndpointPort(port=8080)]))
    assert cell("Endpoints", "ENDPOINTS", not_ready) == ""
    headless = _endpoints(EndpointSubset(addresses=ips[:2]))
    assert cell("Endpoints", "ENDPOINTS", headless) == "10.244.1.1,10.244.1.2"
    two_ports = _endpoints(EndpointSubset(addresses=ips[:2], ports=[EndpointPort(port=80), EndpointPort(port=443)]))
    assert cell("Endpoints", "ENDPOINTS", two_ports) == "10.244.1.1:80,10.244.1.2:80,10.244.1.1:443 + 1 more..."


def test_endpoint_slice_cells():
    es = EndpointSlice(metadata=ObjectMeta(name="s-abc"), address_type="IPv4",
                       ports=[EndpointSlicePort(port=8080), EndpointSlicePort(name="metrics")],
                       endpoints=[Endpoint(addresses=[f"10.0.0.{i}"]) for i in range(4)])
    assert [cell("EndpointSlice", h, es) for h in ("ADDRESSTYPE", "PORTS", "ENDPOINTS")] == \
        ["IPv4", "8080,metrics", "10.0.0.0,10.0.0.1,10.0.0.2 + 1 more..."]
    empty = EndpointSlice(metadata=ObjectMeta(name="e"), address_type="IPv4")
    assert (cell("EndpointSlice", "PORTS", empty), cell("EndpointSlice", "ENDPOINTS", empty)) == ("<unset>", "<unset>")


def test_node_status_and_roles():
    node = Node(metadata=ObjectMeta(name="n", labels={"node-role.kubernetes.io/control-plane": "",
                                                      "node-role.kubernetes.io/etcd": "",
                                                      "kubernetes.io/role": "infra"}),
                spec=NodeSpec(unschedulable=True),
                status=NodeStatus(conditions=[Condition(type="Ready", status="False")]))
    assert cell("Node", "STATUS", node) == "NotReady,SchedulingDisabled"
    assert cell("Node", "ROLES", node) == "control-plane,etcd,infra"
    bare = Node(metadata=ObjectMeta(name="n"))
    assert [cell("Node", h, bare) for h in ("STATUS", "ROLES", "INTERNAL-IP", "OS-IMAGE")] == \
        ["Unknown", "<none>", "<none>", "<unknown>"]


def _template() -> PodTemplateSpec:
    return PodTemplateSpec(spec=PodSpec(containers=[Container(name="app", image="nginx:1.27"),
                                                    Container(name="log", image="busybox")]))


def test_workload_selectors_print_as_each_printer_does():
    selector = LabelSelector(match_labels={"app": "web"}, match_expressions=[
        LabelSelectorRequirement(key="tier", operator="In", values=["b", "a"]),
        LabelSelectorRequirement(key="canary", operator="DoesNotExist")])
    rs = ReplicaSet(metadata=ObjectMeta(name="r"), spec=ReplicaSetSpec(replicas=3, selector=selector,
                                                                       template=_template()))
    assert [cell("ReplicaSet", h, rs) for h in ("DESIRED", "CURRENT", "CONTAINERS", "IMAGES", "SELECTOR")] == \
        ["3", "0", "app,log", "nginx:1.27,busybox", "app=web,!canary,tier in (a,b)"]  # sorted by key
    deploy = Deployment(metadata=ObjectMeta(name="d"), spec=DeploymentSpec(replicas=3, selector=LabelSelector(),
                                                                           template=_template()),
                        status=DeploymentStatus(ready_replicas=2, updated_replicas=3, available_replicas=2))
    assert [cell("Deployment", h, deploy) for h in ("READY", "UP-TO-DATE", "AVAILABLE", "SELECTOR")] == \
        ["2/3", "3", "2", ""]
    rc = ReplicationController(metadata=ObjectMeta(name="rc"), spec=ReplicationControllerSpec(replicas=1))
    assert (cell("ReplicationController", "SELECTOR", rc), cell("ReplicationController", "IMAGES", rc)) == \
        ("<none>", "")


def test_event_cells():
    ev = Event(metadata=ObjectMeta(name="web.181", namespace="default"),
               involved_object=ObjectReference(kind="Pod", name="web", field_path="spec.containers{app}"),
               reason="Pulled", message="  Pulled image  ", type="Normal", count=None,
               source=EventSource(component="kubelet", host="kind-worker"),
               first_timestamp=NOW - timedelta(minutes=5))
    options = printers.TableOptions(wide=True)
    assert printers.header(kinds.by_kind("Event"), options) == [
        "LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]
    assert printers.row(kinds.by_kind("Event"), ev, NOW, options) == [
        "5m", "Normal", "Pulled", "pod/web", "spec.containers{app}", "kubelet, kind-worker", "Pulled image", "5m",
        "1", "web.181"]
    # Several kinds: the wide NAME column is the one that gets the kind.
    with_kind = printers.row(kinds.by_kind("Event"), ev, NOW, printers.TableOptions(wide=True, with_kind=True))
    assert (with_kind[3], with_kind[-1]) == ("pod/web", "event/web.181")


# --- -o yaml / -o json ------------------------------------------------------------------------


def test_yaml_quotes_what_would_read_back_as_something_else_and_orders_keys_naturally():
    data = {"metadata": {"creationTimestamp": "2025-01-01T00:00:00Z", "resourceVersion": "",
                         "labels": {"item10": "a", "item9": "b", "app": "web", "on": "yes"}},
            "spec": {"replicas": 3, "paused": False, "port": "8080", "name": "n", "ratio": "1.5", "x": None,
                     "script": "echo hi\necho bye\n", "glob": "*.txt", "args": [], "env": {}}}
    assert printers.to_yaml(data) == (
        "metadata:\n"
        "  creationTimestamp: \"2025-01-01T00:00:00Z\"\n"
        "  labels:\n"
        "    app: web\n"
        "    item9: b\n"
        "    item10: a\n"
        "    \"on\": \"yes\"\n"
        "  resourceVersion: \"\"\n"
        "spec:\n"
        "  args: []\n"
        "  env: {}\n"
        "  glob: '*.txt'\n"
        "  name: \"n\"\n"
        "  paused: false\n"
        "  port: \"8080\"\n"
        "  ratio: \"1.5\"\n"
        "  replicas: 3\n"
        "  script: |\n"
        "    echo hi\n"
        "    echo bye\n"
        "  x: null\n")


def test_yaml_lists_sit_at_their_keys_indentation():
    assert printers.to_yaml({"items": [{"b": 1, "a": [2, 3]}]}) == "items:\n- a:\n  - 2\n  - 3\n  b: 1\n"


def test_json_is_indented_four_sorted_and_escapes_html_characters():
    assert printers.to_json({"b": "<none> & more", "a": [1, {}], "c": []}) == (
        '{\n    "a": [\n        1,\n        {}\n    ],\n    "b": "\\u003cnone\\u003e \\u0026 more",\n'
        '    "c": []\n}\n')


def test_several_objects_print_as_a_list_with_an_empty_resource_version():
    assert printers.to_yaml(printers.as_list([])) == ('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n'
                                                      '  resourceVersion: ""\n')


def test_wire_drops_managed_fields_unless_asked():
    pod = _pod().with_(metadata=_pod().metadata.with_(managed_fields=[ManagedFieldsEntry(manager="kubectl")]))
    assert "managedFields" not in printers.wire(pod)["metadata"]
    assert printers.wire(pod, show_managed_fields=True)["metadata"]["managedFields"] == [{"manager": "kubectl"}]


def test_name_line_has_the_group():
    assert printers.name_line(kinds.by_kind("Deployment"), Deployment(metadata=ObjectMeta(name="web"))) == \
        "deployment.apps/web\n"
    assert printers.name_line(POD, _pod()) == "pod/web\n"
