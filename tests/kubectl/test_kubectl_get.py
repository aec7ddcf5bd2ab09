"""`kubectl get`: exact output for tables, names, yaml/json, errors and --watch.

Most tests run against a bare API server (the namespaces of a fresh cluster, no controllers or
kubelets), so what they print depends only on the objects written here; statuses are set by
hand as a kubelet would report them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from kubecourse import kubectl
from kubecourse.api.models import apps, core, meta
from kubecourse.api.port import InProcess
from kubecourse.api.server import APIServer
from kubecourse.clock import Clock
from kubecourse.rand import Generator


def _settled() -> None:
    """No controllers: nothing to settle."""


NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


class Bare(InProcess):
    """Just enough of a cluster for kubectl: the API, the clock and ways to move it."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.api = APIServer(self.clock, Generator(0))
        super().__init__(self)
        for ns in NAMESPACES:
            self.api.create(core.Namespace(metadata=meta.ObjectMeta(name=ns)))

    @property
    def now(self):
        return self.clock.now

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds, settle=_settled)

    def wait(self, done, timeout):
        return self.clock.run_until(self.clock.now + timedelta(seconds=timeout or 3600), settle=_settled, done=done)

    def kubectl(self, line: str, stdin: str | None = None) -> kubectl.Result:
        return kubectl.run(self, line, stdin)


@pytest.fixture
def bare() -> Bare:
    return Bare()


def pod(name: str, labels: dict | None = None, namespace: str = "default") -> core.Pod:
    return core.Pod(metadata=meta.ObjectMeta(name=name, namespace=namespace, labels=labels),
               spec=core.PodSpec(containers=[core.Container(name="app", image="luksa/kubia")]))


def report(api: APIServer, obj: core.Pod, *statuses: core.ContainerStatus, ip: str | None = None, node: str | None = None,
           phase: str = "Running") -> core.Pod:
    """What a kubelet would write: the node, the pod IP and the container statuses."""
    if node:
        obj = api.bind(obj.metadata.namespace, obj.metadata.name, node)  # spec.nodeName is set by binding only
    status = (obj.status or core.PodStatus()).with_(phase=phase, pod_ip=ip, pod_ips=[core.PodIP(ip=ip)] if ip else None,
                                               container_statuses=list(statuses))
    return api.update_status(obj.with_(status=status))


def running(ready: bool = True) -> core.ContainerStatus:
    return core.ContainerStatus(name="app", ready=ready, started=True,
                           state=core.ContainerState(running=core.ContainerStateRunning()))


def crash_looping(restarts: int, finished) -> core.ContainerStatus:
    return core.ContainerStatus(name="app", restart_count=restarts,
                           state=core.ContainerState(waiting=core.ContainerStateWaiting(reason="CrashLoopBackOff")),
                           last_state=core.ContainerState(terminated=core.ContainerStateTerminated(
                               exit_code=1, reason="Error", finished_at=finished)))


@pytest.fixture
def pods(bare: Bare) -> Bare:
    """kubia-1 running on kind-worker, kubia-2 crash-looping, db pending; 90 s later."""
    api = bare.api
    report(api, api.create(pod("kubia-1", {"app": "kubia", "tier": "web"})), running(), ip="10.244.1.5",
           node="kind-worker")
    bare.advance(30)
    report(api, api.create(pod("kubia-2", {"app": "kubia", "tier": "web"})),
           crash_looping(2, bare.now + timedelta(seconds=18)), ip="10.244.2.7", node="kind-worker2")
    api.create(pod("db", {"app": "db"}))
    bare.advance(60)
    return bare


def out(result: kubectl.Result) -> tuple[str, str, int]:
    return result.stdout, result.stderr, result.returncode


# --- tables -----------------------------------------------------------------------------------


def test_get_pods(pods):
    assert out(pods.kubectl("get pods")) == (
        "NAME      READY   STATUS             RESTARTS      AGE\n"
        "db        0/1     Pending            0             60s\n"
        "kubia-1   1/1     Running            0             90s\n"
        "kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s\n", "", 0)


def test_get_pods_wide(pods):
    assert pods.kubectl("kubectl get po -o wide").stdout == (
        "NAME      READY   STATUS             RESTARTS      AGE   IP           NODE           NOMINATED NODE   "
        "READINESS GATES\n"
        "db        0/1     Pending            0             60s   <none>       <none>         <none>           "
        "<none>\n"
        "kubia-1   1/1     Running            0             90s   10.244.1.5   kind-worker    <none>           "
        "<none>\n"
        "kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s   10.244.2.7   kind-worker2   <none>           "
        "<none>\n")


def test_no_headers(pods):
    assert pods.kubectl("get pods --no-headers -l app=db").stdout == "db    0/1   Pending   0     60s\n"


def test_label_selectors_equality_and_set_based(pods):
    assert pods.kubectl("get pods -l app=kubia -o name").stdout == "pod/kubia-1\npod/kubia-2\n"
    assert pods.kubectl("get pods -l app!=kubia -o name").stdout == "pod/db\n"
    assert pods.kubectl("get pods --selector 'app in (db,nothing)' -o name").stdout == "pod/db\n"
    assert pods.kubectl("get pods -l 'tier,app notin (db)' -o name").stdout == "pod/kubia-1\npod/kubia-2\n"
    assert pods.kubectl("get pods -l '!tier' -o name").stdout == "pod/db\n"
    assert out(pods.kubectl("get pods -l app=nothing")) == ("", "No resources found in default namespace.\n", 0)


def test_field_selector(pods):
    assert pods.kubectl("get pods --field-selector spec.nodeName=kind-worker -o name").stdout == "pod/kubia-1\n"
    assert pods.kubectl("get pods --field-selector=status.phase!=Running,metadata.name!=kubia-1 -o name").stdout \
        == "pod/db\n"


def test_show_labels_and_label_columns(pods):
    assert pods.kubectl("get pods --show-labels").stdout == (
        "NAME      READY   STATUS             RESTARTS      AGE   LABELS\n"
        "db        0/1     Pending            0             60s   app=db\n"
        "kubia-1   1/1     Running            0             90s   app=kubia,tier=web\n"
        "kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s   app=kubia,tier=web\n")
    # A missing label is an empty cell; the padded cell before it leaves trailing spaces.
    assert pods.kubectl("get pods -L app -L example.com/tier,tier").stdout == (
        "NAME      READY   STATUS             RESTARTS      AGE   APP     TIER   TIER\n"
        "db        0/1     Pending            0             60s   db             \n"
        "kubia-1   1/1     Running            0             90s   kubia          web\n"
        "kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s   kubia          web\n")


def test_all_namespaces_adds_namespace_column(pods):
    pods.api.create(pod("tools", namespace="kube-system"))
    assert pods.kubectl("get pods -A --no-headers -o wide").stdout.splitlines()[0].split() == [
        "default", "db", "0/1", "Pending", "0", "60s", "<none>", "<none>", "<none>", "<none>"]
    assert pods.kubectl("get pods --all-namespaces").stdout == (
        "NAMESPACE     NAME      READY   STATUS             RESTARTS      AGE\n"
        "default       db        0/1     Pending            0             60s\n"
        "default       kubia-1   1/1     Running            0             90s\n"
        "default       kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s\n"
        "kube-system   tools     0/1     Pending            0             0s\n")
    assert pods.kubectl("get pods -n kube-system").stdout == (
        "NAME    READY   STATUS    RESTARTS   AGE\n"
        "tools   0/1     Pending   0          0s\n")


def test_names_print_in_the_order_given_without_kind_when_one_kind(pods):
    assert pods.kubectl("get pod kubia-2 db").stdout == (
        "NAME      READY   STATUS             RESTARTS      AGE\n"
        "kubia-2   0/1     CrashLoopBackOff   2 (42s ago)   60s\n"
        "db        0/1     Pending            0             60s\n")
    assert pods.kubectl("get pod/db pods/kubia-1 --no-headers").stdout == (
        "db        0/1   Pending   0     60s\n"
        "kubia-1   1/1   Running   0     90s\n")


def test_missing_names_print_the_others_and_one_error_each(pods):
    assert out(pods.kubectl("get pods db nope kubia-1 gone")) == (
        "NAME      READY   STATUS    RESTARTS   AGE\n"
        "db        0/1     Pending   0          60s\n"
        "kubia-1   1/1     Running   0          90s\n",
        'Error from server (NotFound): pods "nope" not found\n'
        'Error from server (NotFound): pods "gone" not found\n', 1)
    assert out(pods.kubectl("get deploy nope")) == (
        "", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)
    assert out(pods.kubectl("get pod nope --ignore-not-found")) == ("", "", 0)


def _workloads(bare: Bare) -> None:
    api = bare.api
    template = core.PodTemplateSpec(metadata=meta.ObjectMeta(labels={"app": "kubia"}),
                               spec=core.PodSpec(containers=[core.Container(name="kubia", image="luksa/kubia:v1")]))
    d = api.create(apps.Deployment(metadata=meta.ObjectMeta(name="kubia"), spec=apps.DeploymentSpec(
        replicas=3, selector=meta.LabelSelector(match_labels={"app": "kubia"}), template=template)))
    api.update_status(d.with_(status=apps.DeploymentStatus(replicas=3, ready_replicas=1, updated_replicas=3,
                                                      available_replicas=1)))
    rs = api.create(apps.ReplicaSet(metadata=meta.ObjectMeta(name="kubia-5d8f9b7c4"), spec=apps.ReplicaSetSpec(
        replicas=3, selector=meta.LabelSelector(match_labels={"app": "kubia", "pod-template-hash": "5d8f9b7c4"}),
        template=template.with_(metadata=meta.ObjectMeta(labels={"app": "kubia", "pod-template-hash": "5d8f9b7c4"})))))
    api.update_status(rs.with_(status=apps.ReplicaSetStatus(replicas=3, ready_replicas=1)))
    api.create(core.Service(metadata=meta.ObjectMeta(name="kubia"), spec=core.ServiceSpec(
        cluster_ip="10.96.12.34", cluster_ips=["10.96.12.34"], selector={"app": "kubia"},
        ports=[core.ServicePort(port=80, target_port=8080)])))
    api.create(core.Service(metadata=meta.ObjectMeta(name="kubia-nodeport"), spec=core.ServiceSpec(
        type="NodePort", cluster_ip="10.96.100.1", cluster_ips=["10.96.100.1"], selector={"app": "kubia"},
        ports=[core.ServicePort(port=80, target_port=8080, node_port=30123)])))
    api.create(pod("kubia-5d8f9b7c4-x2k9p", {"app": "kubia", "pod-template-hash": "5d8f9b7c4"}))


def test_several_kinds_get_kind_prefixes_and_blank_lines(bare):
    _workloads(bare)
    bare.advance(125)
    assert out(bare.kubectl("get deploy,rs,svc,pods")) == (
        "NAME                    READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/kubia   1/3     3            1           2m5s\n"
        "\n"
        "NAME                              DESIRED   CURRENT   READY   AGE\n"
        "replicaset.apps/kubia-5d8f9b7c4   3         3         1       2m5s\n"
        "\n"
        "NAME                     TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n"
        "service/kubia            ClusterIP   10.96.12.34   <none>        80/TCP         2m5s\n"
        "service/kubia-nodeport   NodePort    10.96.100.1   <none>        80:30123/TCP   2m5s\n"
        "\n"
        "NAME                        READY   STATUS    RESTARTS   AGE\n"
        "pod/kubia-5d8f9b7c4-x2k9p   0/1     Pending   0          2m5s\n", "", 0)


def test_get_all_prints_pods_then_services_then_workloads(bare):
    _workloads(bare)
    lines = bare.kubectl("get all").stdout.splitlines()
    assert [line.split()[0] for line in lines if line] == [
        "NAME", "pod/kubia-5d8f9b7c4-x2k9p", "NAME", "service/kubia", "service/kubia-nodeport",
        "NAME", "deployment.apps/kubia", "NAME", "replicaset.apps/kubia-5d8f9b7c4"]


def test_kinds_without_objects_print_nothing_and_no_separator(bare):
    _workloads(bare)
    assert bare.kubectl("get cm,deploy,secrets,rs --no-headers").stdout == (
        "deployment.apps/kubia   1/3   3     1     0s\n"
        "replicaset.apps/kubia-5d8f9b7c4   3     3     1     0s\n")
    assert bare.kubectl("get svc/kubia deploy/kubia svc/kubia-nodeport -o wide").stdout == (
        "NAME            TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n"
        "service/kubia   ClusterIP   10.96.12.34   <none>        80/TCP    0s    app=kubia\n"
        "\n"
        "NAME                    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES           SELECTOR\n"
        "deployment.apps/kubia   1/3     3            1           0s    kubia        luksa/kubia:v1   app=kubia\n"
        "\n"
        "NAME                     TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE   SELECTOR\n"
        "service/kubia-nodeport   NodePort   10.96.100.1   <none>        80:30123/TCP   0s    app=kubia\n")


def test_replicaset_wide(bare):
    _workloads(bare)
    assert bare.kubectl("get rs -o wide").stdout == (
        "NAME              DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES           SELECTOR\n"
        "kubia-5d8f9b7c4   3         3         1       0s    kubia        luksa/kubia:v1   "
        "app=kubia,pod-template-hash=5d8f9b7c4\n")


def test_configuration_kinds(bare):
    api = bare.api
    api.create(core.ConfigMap(metadata=meta.ObjectMeta(name="fortune-config"), data={"sleep-interval": "25"},
                         binary_data={"blob": "AAE="}))
    api.create(core.Secret(metadata=meta.ObjectMeta(name="fortune-https"), type="Opaque",
                      data={"https.cert": "Y2VydA==", "https.key": "a2V5", "foo": "YmFy"}))
    api.create(core.ServiceAccount(metadata=meta.ObjectMeta(name="foo")))
    api.create(core.Endpoints(metadata=meta.ObjectMeta(name="kubia"), subsets=[core.EndpointSubset(
        addresses=[core.EndpointAddress(ip=f"10.244.{i}.5") for i in range(1, 6)], ports=[core.EndpointPort(port=8080)])]))
    assert bare.kubectl("get cm").stdout == "NAME             DATA   AGE\nfortune-config   2      0s\n"
    assert bare.kubectl("get secret").stdout == ("NAME            TYPE     DATA   AGE\n"
                                                 "fortune-https   Opaque   3      0s\n")
    assert bare.kubectl("get sa").stdout == "NAME   SECRETS   AGE\nfoo    0         0s\n"
    assert bare.kubectl("get endpoints kubia").stdout == (
        "NAME    ENDPOINTS                                                     AGE\n"
        "kubia   10.244.1.5:8080,10.244.2.5:8080,10.244.3.5:8080 + 2 more...   0s\n")


def test_cluster_scoped_kinds_say_no_resources_found_without_a_namespace(bare):
    assert out(bare.kubectl("get nodes")) == ("", "No resources found\n", 0)
    assert out(bare.kubectl("get pods -n nowhere")) == ("", "No resources found in nowhere namespace.\n", 0)
    assert out(bare.kubectl("get pods,nodes")) == ("", "No resources found\n", 0)
    assert bare.kubectl("get ns").stdout == (
        "NAME              STATUS   AGE\n"
        "default           Active   0s\n"
        "kube-node-lease   Active   0s\n"
        "kube-public       Active   0s\n"
        "kube-system       Active   0s\n")


def test_events_in_api_order_with_their_columns(bare):
    api = bare.api
    for name, reason, message, kind, ago in (("kubia-1.181a", "Scheduled", "Successfully assigned default/kubia-1 "
                                              "to kind-worker", "Pod", 0),
                                             ("kubia.1819", "ScalingReplicaSet", "Scaled up replica set "
                                              "kubia-5d8f9b7c4 to 3", "Deployment", 5)):
        api.create(core.Event(metadata=meta.ObjectMeta(name=name), involved_object=core.ObjectReference(kind=kind, name=name[:-5]),
                         reason=reason, message=message, type="Normal", count=1,
                         first_timestamp=bare.now - timedelta(seconds=ago),
                         last_timestamp=bare.now - timedelta(seconds=ago)))
    bare.advance(70)
    assert bare.kubectl("get events").stdout == (
        "LAST SEEN   TYPE     REASON              OBJECT             MESSAGE\n"
        "70s         Normal   Scheduled           pod/kubia-1        Successfully assigned default/kubia-1 to "
        "kind-worker\n"
        "75s         Normal   ScalingReplicaSet   deployment/kubia   Scaled up replica set kubia-5d8f9b7c4 to 3\n")


# --- -o name / yaml / json --------------------------------------------------------------------


def test_output_name(pods):
    assert out(pods.kubectl("get pods,ns -o name")) == (
        "pod/db\npod/kubia-1\npod/kubia-2\nnamespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\n"
        "namespace/kube-system\n", "", 0)
    assert out(pods.kubectl("get deploy -o name")) == ("", "", 0)


def test_yaml_of_one_named_object_is_the_object(bare):
    bare.api.create(core.ConfigMap(metadata=meta.ObjectMeta(name="fortune-config"), data={"sleep-interval": "25"}))
    assert bare.kubectl("get cm fortune-config -o yaml").stdout == (
        "apiVersion: v1\n"
        "data:\n"
        "  sleep-interval: \"25\"\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  creationTimestamp: \"2025-01-01T00:00:00Z\"\n"
        "  name: fortune-config\n"
        "  namespace: default\n"
        "  resourceVersion: \"5\"\n"
        f"  uid: {bare.api.get('ConfigMap', 'fortune-config', 'default').metadata.uid}\n")


def test_several_objects_or_a_type_print_as_a_list(bare):
    bare.api.create(core.ConfigMap(metadata=meta.ObjectMeta(name="a")))
    uid = bare.api.get("ConfigMap", "a", "default").metadata.uid
    assert bare.kubectl("get cm -o json").stdout == (
        '{\n'
        '    "apiVersion": "v1",\n'
        '    "items": [\n'
        '        {\n'
        '            "apiVersion": "v1",\n'
        '            "kind": "ConfigMap",\n'
        '            "metadata": {\n'
        '                "creationTimestamp": "2025-01-01T00:00:00Z",\n'
        '                "name": "a",\n'
        '                "namespace": "default",\n'
        '                "resourceVersion": "5",\n'
        f'                "uid": "{uid}"\n'
        '            }\n'
        '        }\n'
        '    ],\n'
        '    "kind": "List",\n'
        '    "metadata": {\n'
        '        "resourceVersion": ""\n'
        '    }\n'
        '}\n')
    assert out(bare.kubectl("get secrets -o yaml")) == (
        'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n', "", 0)
    listed = bare.kubectl("get cm a nope -o yaml")
    assert (listed.stdout.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"),
            listed.stderr, listed.returncode) == (True, 'Error from server (NotFound): configmaps "nope" not found\n', 1)
    assert out(bare.kubectl("get cm nope -o yaml")) == (
        "", 'Error from server (NotFound): configmaps "nope" not found\n', 1)


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "stderr"), [
    ("get foo", 'error: the server doesn\'t have a resource type "foo"\n'),
    ("get pods,foo", 'error: the server doesn\'t have a resource type "foo"\n'),
    ("get pods --output-watch-events", "error: --output-watch-events option can only be used with --watch or "
                                       "--watch-only\n"),
    ("get pods --show-labels -o yaml", "error: --show-labels option cannot be used with yaml printer\n"),
    ("get pods -o foo", 'error: unable to match a printer suitable for the output format "foo", allowed formats '
                        "are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                        "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"),
    ("get pods --request-timeout=abc", "error: Invalid timeout value. Timeout must be a single integer in seconds, "
                                       "or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n"),
    ("get pods,svc -w", "error: you may only specify a single resource type\n"),
    ("get all kubia", "error: you must specify only one resource\n"),
    ("get pod kubia -l app=kubia", "error: name cannot be provided when a selector is specified\n"),
    ("get pod kubia -A", "error: a resource cannot be retrieved by name across all namespaces\n"),
    ("get pod/kubia -l app=kubia", "error: selectors and the all flag cannot be used when passing resource/name "
                                   "arguments\n"),
    ("get pods -L", "error: flag needs an argument: 'L' in -L\nSee 'kubectl get --help' for usage.\n"),
    ("get pods --foo", "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"),
    ("get", 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
            'supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for '
            "a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help "
            "and examples\n"),
])
def test_errors(bare, line, stderr):
    assert out(bare.kubectl(line)) == ("", stderr, 1)


# --- --watch ----------------------------------------------------------------------------------


def _later(bare: Bare, seconds: float, fn, *args) -> None:
    bare.clock.call_later(seconds, fn, *args, why="test")


def _start(api: APIServer, name: str) -> None:
    """Two writes, as in a real cluster: the binding (nodeName), then the kubelet's status."""
    report(api, api.get("Pod", name, "default"), running(), ip="10.244.3.9", node="kind-worker3")


def test_watch_prints_a_row_per_change_until_the_request_timeout(bare):
    api = bare.api
    api.create(pod("kubia-1"))
    _later(bare, 5, api.create, pod("kubia-long-name"))
    _later(bare, 12, _start, api, "kubia-long-name")
    _later(bare, 20, api.delete, "Pod", "kubia-1", "default")
    before = bare.now
    result = bare.kubectl("get pods -w --request-timeout=30s")
    assert out(result) == (
        "NAME      READY   STATUS    RESTARTS   AGE\n"
        "kubia-1   0/1     Pending   0          0s\n"
        "kubia-long-name   0/1     Pending   0          0s\n"
        "kubia-long-name   0/1     Pending   0          7s\n"
        "kubia-long-name   1/1     Running   0          7s\n"
        "kubia-1           0/1     Pending   0          20s\n", "", 0)
    assert bare.now - before == timedelta(seconds=30)
    assert bare.kubectl("get pods --no-headers").stdout == "kubia-long-name   1/1   Running   0     25s\n"


def test_watch_only_with_events_and_a_selector(bare):
    api = bare.api
    api.create(pod("a", {"app": "kubia"}))
    _later(bare, 1, api.create, pod("b", {"app": "other"}))
    _later(bare, 2, api.create, pod("c", {"app": "kubia"}))
    _later(bare, 3, _start, api, "a")
    before = bare.now
    assert bare.kubectl("get pods --watch-only -l app=kubia --output-watch-events --request-timeout=10").stdout == (
        "EVENT      NAME   READY   STATUS    RESTARTS   AGE\n"
        "ADDED      c      0/1     Pending   0          0s\n"
        "MODIFIED   a      0/1     Pending   0          3s\n"
        "MODIFIED   a      1/1     Running   0          3s\n")
    assert bare.now - before == timedelta(seconds=10)


def test_watch_lists_first_with_events_marked_added(bare):
    bare.api.create(pod("a"))
    assert bare.kubectl("get pod a -w --output-watch-events --request-timeout=1s").stdout == (
        "EVENT      NAME   READY   STATUS    RESTARTS   AGE\n"
        "ADDED      a      0/1     Pending   0          0s\n")


def test_watch_without_a_bound_stops_at_once_with_a_hint(bare):
    bare.api.create(pod("a"))
    before = bare.now
    assert out(bare.kubectl("get pods -w")) == (
        "NAME   READY   STATUS    RESTARTS   AGE\na      0/1     Pending   0          0s\n",
        "kubecourse hint: --watch waits for changes in virtual time only until --request-timeout runs out; pass "
        "e.g. --request-timeout=30s to watch 30 seconds of the cluster's life.\n", 0)
    assert bare.now == before


# --- on a whole cluster -----------------------------------------------------------------------


def test_nodes_of_a_fresh_cluster(cluster):
    cluster.advance(3600 * 5 + 120)
    assert cluster.kubectl("get nodes").stdout == (
        "NAME                 STATUS   ROLES           AGE    VERSION\n"
        "kind-control-plane   Ready    control-plane   5h2m   v1.32.2\n"
        "kind-worker          Ready    <none>          5h2m   v1.32.2\n"
        "kind-worker2         Ready    <none>          5h2m   v1.32.2\n"
        "kind-worker3         Ready    <none>          5h2m   v1.32.2\n")
    assert cluster.kubectl("get node kind-worker -o wide --no-headers").stdout == (
        "kind-worker   Ready   <none>   5h2m   v1.32.2   172.18.0.3   <none>   Debian GNU/Linux 12 (bookworm)   "
        "6.1.0-27-amd64   containerd://1.7.24\n")
