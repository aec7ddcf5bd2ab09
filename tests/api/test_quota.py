"""ResourceQuota (the quota controller and admission) and LimitRanger admission, as a learner meets them."""

from __future__ import annotations

QUOTA = """apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec:
  hard: {pods: "2", configmaps: "3", count/deployments.apps: "1"}
"""
COMPUTE_QUOTA = """apiVersion: v1
kind: ResourceQuota
metadata: {name: compute}
spec:
  hard: {requests.cpu: "1", limits.memory: 1Gi}
"""
LIMITS = """apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits: [{type: Container, default: {cpu: 500m}, defaultRequest: {cpu: 250m}, max: {cpu: "1"}}]
"""


def pod(name: str, resources: str = "{}") -> str:
    return f"""apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  containers: [{{name: nginx, image: nginx, resources: {resources}}}]
"""


def test_describe_quota_shows_used_and_hard_at_once(cluster):
    assert cluster.kubectl("apply -f -", stdin=QUOTA).returncode == 0
    cluster.kubectl("create deployment web --image=nginx")
    assert cluster.kubectl("describe quota q").stdout == (
        "Name:                   q\n"
        "Namespace:              default\n"
        "Resource                Used  Hard\n"
        "--------                ----  ----\n"
        "configmaps              1     3\n"
        "count/deployments.apps  1     1\n"
        "pods                    1     2\n")


def test_pod_over_the_quota_is_forbidden(cluster):
    cluster.kubectl("apply -f -", stdin=QUOTA)
    for name in ("a", "b"):
        assert cluster.kubectl("apply -f -", stdin=pod(name)).returncode == 0
    result = cluster.kubectl("apply -f -", stdin=pod("x"))
    assert result.returncode == 1
    assert result.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: '
                             "exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2\n")


def test_compute_quota_wants_every_container_to_say(cluster):
    cluster.kubectl("apply -f -", stdin=COMPUTE_QUOTA)
    result = cluster.kubectl("apply -f -", stdin=pod("x"))
    assert result.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: '
                             "failed quota: compute: must specify limits.memory for: nginx; "
                             "requests.cpu for: nginx\n")
    big = pod("y", "{requests: {cpu: 800m}, limits: {memory: 512Mi}}")
    assert cluster.kubectl("apply -f -", stdin=big).returncode == 0
    result = cluster.kubectl("apply -f -", stdin=pod("z", "{requests: {cpu: 500m}, limits: {memory: 512Mi}}"))
    assert result.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "z" is forbidden: '
                             "exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=800m, "
                             "limited: requests.cpu=1\n")


def test_replica_set_reports_the_quota_as_failed_create(cluster):
    cluster.kubectl("apply -f -", stdin=QUOTA)
    cluster.kubectl("create deployment web --image=nginx --replicas=3")
    rs = cluster.api.list("ReplicaSet", "default")[0]
    events = [e for e in cluster.api.list("Event", "default") if e.involved_object.name == rs.metadata.name]
    failed = [e.message for e in events if e.reason == "FailedCreate"]
    assert failed and all(m.startswith(f'Error creating: pods "{rs.metadata.name}-') for m in failed)
    assert failed[0].endswith("is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2")
    assert len(cluster.api.list("Pod", "default")) == 2
    assert "count/deployments.apps  1     1" in cluster.kubectl("describe quota q").stdout


def test_limit_range_defaults_and_annotates(cluster):
    cluster.kubectl("apply -f -", stdin=LIMITS)
    assert cluster.kubectl("apply -f -", stdin=pod("x")).returncode == 0
    x = cluster.api.get("Pod", "x", "default")
    assert x.metadata.annotations["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu request for container nginx; cpu limit for container nginx")
    assert x.spec.containers[0].resources.to_wire() == {"limits": {"cpu": "500m"}, "requests": {"cpu": "250m"}}


def test_limit_range_max_is_refused(cluster):
    cluster.kubectl("apply -f -", stdin=LIMITS)
    result = cluster.kubectl("apply -f -", stdin=pod("x", "{limits: {cpu: '2'}}"))
    assert result.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: '
                             "Maximum cpu usage per Container is 1, but limit is 2.\n")
