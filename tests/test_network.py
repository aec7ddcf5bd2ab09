"""The cluster network: DNS names and search domains, headless and SRV records, kube-proxy's
choice among ready endpoints, and refused connections as curl and wget report them."""

from __future__ import annotations

from kubecourse.network import dns
from tests.runtimefixtures import apply, out, run

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata: {name: kubia}
spec:
  replicas: 3
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec:
      containers:
      - {name: kubia, image: luksa/kubia, ports: [{containerPort: 8080}]}
"""
SERVICE = """apiVersion: v1
kind: Service
metadata: {name: kubia}
spec:
  %s
  selector: {app: kubia}
  ports: [{name: http, port: 80, targetPort: 8080}]
"""
CLIENT = """apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
  - {name: client, image: curlimages/curl, command: [sleep, infinity]}
"""


def setup(cluster, service_line: str = "type: ClusterIP") -> None:
    apply(cluster, DEPLOY)
    apply(cluster, SERVICE % service_line)
    apply(cluster, CLIENT)
    cluster.advance(30)


def test_a_service_answers_by_every_name_form(cluster):
    setup(cluster)
    for name in ("kubia", "kubia.default", "kubia.default.svc", "kubia.default.svc.cluster.local"):
        assert out(cluster, f"exec client -- curl -s http://{name}").startswith("You've hit kubia-")


def test_kube_proxy_spreads_requests_over_the_ready_endpoints(cluster):
    setup(cluster)
    answers = out(cluster, "exec client -- sh -c 'for i in $(seq 1 30); do curl -s kubia; done'").splitlines()
    pods = {p.metadata.name for p in cluster.api.list("Pod", "default") if p.metadata.name.startswith("kubia-")}
    assert {a.removeprefix("You've hit ") for a in answers} == pods


def test_resolv_conf_and_nslookup(cluster):
    setup(cluster)
    assert out(cluster, "exec client -- cat /etc/resolv.conf") == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
    ip = cluster.api.get("Service", "kubia", "default").spec.cluster_ip
    assert out(cluster, "exec client -- nslookup kubia") == (
        f"Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubia.default.svc.cluster.local\nAddress: {ip}\n\n")
    stdout, _, code = run(cluster, "exec client -- nslookup nope")
    assert code == 1 and "** server can't find nope: NXDOMAIN" in stdout


def test_a_headless_service_resolves_to_its_ready_pods_and_srv_names_them(cluster):
    setup(cluster, "clusterIP: None")
    ips = sorted(p.status.pod_ip for p in cluster.api.list("Pod", "default") if p.metadata.name.startswith("kubia-"))
    assert sorted(dns.resolve(cluster.api, "kubia", "default")[1]) == ips
    records = dns.lookup_srv(cluster.api, "kubia.default.svc.cluster.local")
    assert sorted(r.target for r in records) == sorted(
        f"{ip.replace('.', '-')}.kubia.default.svc.cluster.local" for ip in ips)
    assert {r.port for r in records} == {80}
    assert dns.lookup_srv(cluster.api, "_http._tcp.kubia.default.svc.cluster.local") == records


def test_no_ready_endpoint_is_a_refused_connection(cluster):
    setup(cluster)
    cluster.kubectl("scale deployment kubia --replicas=0")
    cluster.advance(40)
    host = "kubia"
    _, err, code = run(cluster, f"exec client -- curl -s -S {host}")
    assert (code, err) == (7, f"curl: (7) Failed to connect to {host} port 80 after 0 ms: Couldn't connect to server\n"
                              "command terminated with exit code 7\n")
    _, err, code = run(cluster, "exec client -- curl nope")
    assert (code, err) == (6, "curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n")


def test_busybox_wget_errors(cluster):
    setup(cluster)
    apply(cluster, "apiVersion: v1\nkind: Pod\nmetadata: {name: bb}\nspec:\n  containers:\n"
                   "  - {name: bb, image: busybox, command: [sleep, '3600']}\n")
    cluster.advance(10)
    _, err, code = run(cluster, "exec bb -- wget -qO- http://nope")
    assert (code, err) == (1, "wget: bad address 'nope'\ncommand terminated with exit code 1\n")
    assert out(cluster, "exec bb -- wget -qO- kubia").startswith("You've hit kubia-")
