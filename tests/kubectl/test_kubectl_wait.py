"""`kubectl wait` in virtual time. The conditions are driven by clock timers that write the
pod's status through the API, so these tests do not depend on kubelets or controllers."""

from __future__ import annotations

from datetime import timedelta

from kubecourse.api.models import Pod
from kubecourse.api.models.core import Container, PodSpec, PodStatus
from kubecourse.api.models.meta import Condition, ObjectMeta


def make_pod(cluster, name: str, labels: dict[str, str] | None = None) -> None:
    """A pod no scheduler or kubelet touches (an unknown scheduler), so only the test moves it."""
    cluster.api.create(Pod(metadata=ObjectMeta(name=name, labels=labels or {"app": "web"}),
                           spec=PodSpec(containers=[Container(name="c", image="nginx")], scheduler_name="manual")))


def become_ready(api, name: str) -> None:
    """A timer callback (module-level, as the clock requires): mark the pod Running and Ready."""
    pod = api.get("Pod", name, "default")
    api.update_status(pod.with_(status=PodStatus(phase="Running", conditions=[
        Condition(type="Ready", status="True", last_transition_time=api.clock.now)])))


def remove(api, name: str) -> None:
    api.delete("Pod", name, "default")


def test_wait_for_condition_stops_when_it_holds(cluster):
    make_pod(cluster, "web")
    start = cluster.now
    cluster.clock.call_later(12, become_ready, cluster.api, "web", why="test: web becomes ready")
    r = cluster.kubectl("wait --for=condition=Ready pod/web")
    assert (r.stdout, r.stderr, r.returncode) == ("pod/web condition met\n", "", 0)
    assert cluster.now - start == timedelta(seconds=12)


def test_wait_times_out_with_kubectls_error(cluster):
    make_pod(cluster, "web")
    start = cluster.now
    cluster.clock.call_later(45, become_ready, cluster.api, "web", why="test: too late")
    r = cluster.kubectl("wait --for=condition=Ready pod/web")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "error: timed out waiting for the condition on pods/web\n", 1)
    assert cluster.now - start == timedelta(seconds=30)
    r = cluster.kubectl("wait --for=condition=Ready pod/web --timeout=1m")
    assert (r.stdout, r.returncode) == ("pod/web condition met\n", 0)


def test_wait_zero_timeout_checks_once(cluster):
    make_pod(cluster, "web")
    r = cluster.kubectl("wait --for=condition=Ready pod/web --timeout=0")
    assert (r.stderr, r.returncode) == ("error: condition not met for pods/web\n", 1)


def test_wait_for_jsonpath(cluster):
    make_pod(cluster, "web")
    cluster.clock.call_later(5, become_ready, cluster.api, "web", why="test")
    r = cluster.kubectl(["wait", "--for=jsonpath={.status.phase}=Running", "pod/web"])
    assert (r.stdout, r.returncode) == ("pod/web condition met\n", 0)
    r = cluster.kubectl(["wait", '--for=jsonpath={.status.conditions[?(@.type=="Ready")].status}=True', "pod/web"])
    assert (r.stdout, r.returncode) == ("pod/web condition met\n", 0)


def test_wait_for_several_pods_by_selector_and_all(cluster):
    make_pod(cluster, "a")
    make_pod(cluster, "b")
    make_pod(cluster, "other", {"app": "db"})
    cluster.clock.call_later(3, become_ready, cluster.api, "a", why="test")
    cluster.clock.call_later(6, become_ready, cluster.api, "b", why="test")
    r = cluster.kubectl("wait --for=condition=Ready pod -l app=web")
    assert (r.stdout, r.returncode) == ("pod/a condition met\npod/b condition met\n", 0)
    r = cluster.kubectl("wait --for=condition=Ready pod --all --timeout=2s")
    assert r.stdout == "pod/a condition met\npod/b condition met\n"
    assert (r.stderr, r.returncode) == ("error: timed out waiting for the condition on pods/other\n", 1)


def test_wait_for_delete(cluster):
    make_pod(cluster, "web")
    cluster.clock.call_later(7, remove, cluster.api, "web", why="test")
    r = cluster.kubectl("wait --for=delete pod/web")
    assert (r.stdout, r.stderr, r.returncode) == ("pod/web condition met\n", "", 0)
    r = cluster.kubectl("wait --for=delete pod/web")
    assert (r.stdout, r.stderr, r.returncode) == ("", "", 0)


def test_wait_on_an_object_deleted_meanwhile(cluster):
    make_pod(cluster, "web")
    cluster.clock.call_later(7, remove, cluster.api, "web", why="test")
    r = cluster.kubectl("wait --for=condition=Ready pod/web")
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): pods "web" not found\n', 1)


def test_unbounded_wait_nothing_can_satisfy_stops_with_a_hint(cluster):
    make_pod(cluster, "web")
    r = cluster.kubectl("wait --for=condition=Ready pod/web --timeout=-1s")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == "error: timed out waiting for the condition on pods/web"
    assert lines[1].startswith("kubecourse hint: nothing pending in the cluster can make this condition true")


def test_wait_errors(cluster):
    make_pod(cluster, "web")
    cases = {
        "wait pod/web": 'error: unrecognized condition: ""\n',
        "wait --for=condition=Ready pod/nothere": 'Error from server (NotFound): pods "nothere" not found\n',
        "wait --for=condition=Ready pod -l app=none": "error: no matching resources found\n",
        "wait --for=condition=Ready pod/web --timeout=abc":
            'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n'
            "See 'kubectl wait --help' for usage.\n",
        "wait --for=jsonpath={.status.phase}= pod/web":
            "error: jsonpath wait has to have a value after equal sign, like "
            "--for=jsonpath='{.status.readyReplicas}'=3\n",
    }
    for line, error in cases.items():
        r = cluster.kubectl(line)
        assert (r.stderr, r.returncode) == (error, 1), line


def test_wait_for_what_the_kubelet_and_controllers_do(cluster):
    """End to end: the kubelet starts the pod, the Deployment controller reports Available."""
    start = cluster.now
    assert cluster.kubectl("run kubia --image=luksa/kubia --port=8080").returncode == 0
    r = cluster.kubectl("wait --for=condition=Ready pod/kubia")
    assert (r.stdout, r.stderr, r.returncode) == ("pod/kubia condition met\n", "", 0)
    assert cluster.api.get("Pod", "kubia", "default").status.phase == "Running"
    assert timedelta(0) < cluster.now - start < timedelta(seconds=30)
    assert cluster.kubectl("create deployment web --image=nginx --replicas=2").returncode == 0
    r = cluster.kubectl("wait --for=condition=Available deploy/web")
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/web condition met\n", "", 0)
