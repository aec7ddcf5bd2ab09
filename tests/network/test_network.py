"""The cluster network: DNS names and search domains, headless and SRV records, kube-proxy's
choice among ready endpoints, and refused connections as curl and wget report them."""

from __future__ import annotations

from support.runtimefixtures import apply, out, run

from kubecourse.network import dns

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


def test_client_ip_affinity_keeps_a_client_on_one_endpoint_until_its_timeout(cluster):
    setup(cluster, "sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10}}")
    answers = out(cluster, "exec client -- sh -c 'for i in $(seq 1 20); do curl -s kubia; done'").splitlines()
    assert len(set(answers)) == 1
    # each request refreshes the entry: 5 s apart, the client stays where it was
    spaced = out(cluster, "exec client -- sh -c 'for i in 1 2 3 4; do curl -s kubia; sleep 5; done'").splitlines()
    assert set(spaced) == set(answers)
    # 11 s apart the entry has expired each time, and kube-proxy chooses afresh
    apart = out(cluster, "exec client -- sh -c 'for i in $(seq 1 12); do curl -s kubia; sleep 11; done'")
    assert len(set(apart.splitlines())) > 1


def test_client_ip_affinity_defaults_to_three_hours(cluster):
    setup(cluster, "sessionAffinity: ClientIP")
    first = out(cluster, "exec client -- curl -s kubia")
    cluster.advance(10799)
    assert out(cluster, "exec client -- curl -s kubia") == first
    svc = cluster.api.get("Service", "kubia", "default")
    assert svc.to_wire()["spec"]["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


PEERS = """apiVersion: v1
kind: Service
metadata: {name: kubia}
spec:
  clusterIP: None
  selector: {app: kubia}
  ports: [{name: http, port: 80}]
"""


def pet(name: str, image: str) -> str:
    """A StatefulSet's pod as its controller makes it: hostname and subdomain set, so the
    headless Service's endpoints (and DNS) name it; its data volume at /var/data."""
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: kubia}}}}\nspec:\n"
            f"  nodeName: kind-worker\n  hostname: {name}\n  subdomain: kubia\n  volumes: [{{name: data, emptyDir: {{}}}}]\n  containers:\n"
            f"  - {{name: kubia, image: {image}, ports: [{{name: http, containerPort: 8080}}],\n"
            f"     volumeMounts: [{{name: data, mountPath: /var/data}}]}}\n")


def test_kubia_pet_peers_discovers_its_peers_through_srv_records(cluster):
    apply(cluster, PEERS)
    apply(cluster, CLIENT)
    for name in ("kubia-0", "kubia-1"):
        apply(cluster, pet(name, "luksa/kubia-pet-peers"))
    cluster.advance(30)
    assert out(cluster, "exec client -- curl -s -X POST -d 'Hey there! This greeting was submitted to kubia-0.' "
                        "kubia-0.kubia.default.svc.cluster.local:8080") == "Data stored on pod kubia-0\n"
    # the book's `curl .../api/v1/.../services/kubia-public/proxy/` answer, asked of kubia-1 directly
    assert out(cluster, "exec client -- curl -s kubia-1.kubia:8080") == (
        "You've hit kubia-1\nData stored in the cluster:\n"
        "- kubia-0.kubia.default.svc.cluster.local: Hey there! This greeting was submitted to kubia-0.\n"
        "- kubia-1.kubia.default.svc.cluster.local: No data posted yet\n")
    assert out(cluster, "exec client -- curl -s kubia-0.kubia:8080/data") == (
        "Hey there! This greeting was submitted to kubia-0.")


def test_kubia_pet_peers_without_its_service_cannot_look_up_peers(cluster):
    apply(cluster, CLIENT)
    apply(cluster, pet("kubia-0", "luksa/kubia-pet-peers"))
    cluster.advance(30)
    ip = cluster.api.get("Pod", "kubia-0", "default").status.pod_ip
    assert out(cluster, f"exec client -- curl -s {ip}:8080") == (
        "You've hit kubia-0\nData stored in the cluster:\n"
        "Could not look up DNS SRV records: Error: querySrv ENOTFOUND kubia.default.svc.cluster.local")


def test_kubia_pet_stores_and_returns_data(cluster):
    apply(cluster, PEERS)
    apply(cluster, CLIENT)
    apply(cluster, pet("kubia-0", "luksa/kubia-pet"))
    cluster.advance(30)
    assert out(cluster, "exec client -- curl -s kubia-0.kubia:8080") == (
        "You've hit kubia-0\nData stored on this pod: No data posted yet\n")
    assert out(cluster, "exec client -- curl -s -X POST -d 'Hey there!' kubia-0.kubia:8080") == (
        "Data stored on pod kubia-0\n")
    assert out(cluster, "exec client -- curl -s kubia-0.kubia:8080") == (
        "You've hit kubia-0\nData stored on this pod: Hey there!\n")
    assert out(cluster, "exec kubia-0 -- cat /var/data/kubia.txt") == "Hey there!"
    assert out(cluster, "logs kubia-0") == "New data has been received and stored.\n"


DNSUTILS = """apiVersion: v1
kind: Pod
metadata: {name: dnsutils}
spec:
  containers:
  - {name: dnsutils, image: tutum/dnsutils, command: [sleep, infinity]}
"""
EXTERNAL = """apiVersion: v1
kind: Service
metadata: {name: external-service}
spec:
  type: ExternalName
  externalName: %s
  ports: [{port: 80}]
"""


def test_an_external_name_service_is_a_cname_to_the_outside_world(cluster):
    setup(cluster)
    apply(cluster, DNSUTILS)
    apply(cluster, EXTERNAL % "someapi.somecompany.com")
    cluster.advance(20)
    assert out(cluster, "exec dnsutils -- nslookup external-service") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "external-service.default.svc.cluster.local\tcanonical name = someapi.somecompany.com.\n"
        "Name:\tsomeapi.somecompany.com\nAddress: 203.0.113.10\n\n")
    assert out(cluster, "exec client -- nslookup external-service").splitlines()[3] == (
        "external-service.default.svc.cluster.local\tcanonical name = someapi.somecompany.com")
    assert out(cluster, "exec dnsutils -- dig +short CNAME external-service.default.svc.cluster.local") == (
        "someapi.somecompany.com.\n")
    answer = out(cluster, "exec dnsutils -- dig external-service.default.svc.cluster.local")
    assert ("external-service.default.svc.cluster.local.\t30\tIN\tCNAME\tsomeapi.somecompany.com.\n"
            "someapi.somecompany.com.\t30\tIN\tA\t203.0.113.10\n") in answer
    assert out(cluster, "exec client -- curl -s external-service") == (
        "Hello from someapi.somecompany.com (203.0.113.10), outside the cluster; you asked for external-service/\n")
    # switched to another domain, the unchanged pod reaches the other host
    apply(cluster, EXTERNAL % "api.othercompany.com")
    assert out(cluster, "exec client -- curl -s external-service").startswith("Hello from api.othercompany.com ")
    apply(cluster, EXTERNAL % "api.nowhere.example")
    _, err, code = run(cluster, "exec client -- curl external-service")
    assert (code, err) == (6, "curl: (6) Could not resolve host: external-service\ncommand terminated with exit code 6\n")
    _, err, code = run(cluster, "exec client -- curl http://x")
    assert (code, err) == (6, "curl: (6) Could not resolve host: x\ncommand terminated with exit code 6\n")


def test_manual_endpoints_outside_the_cluster_answer(cluster):
    setup(cluster)
    apply(cluster, "apiVersion: v1\nkind: Service\nmetadata: {name: external-service}\nspec:\n  ports: [{port: 80}]\n")
    apply(cluster, "apiVersion: v1\nkind: Endpoints\nmetadata: {name: external-service}\nsubsets:\n"
                   "- addresses: [{ip: 11.11.11.11}, {ip: 22.22.22.22}]\n  ports: [{port: 80}]\n")
    answers = {out(cluster, "exec client -- curl -s external-service").split(",")[0] for _ in range(12)}
    assert answers == {"Hello from 11.11.11.11 (11.11.11.11)", "Hello from 22.22.22.22 (22.22.22.22)"}


def test_srv_lookups_name_dashed_pod_addresses_that_resolve(cluster):
    setup(cluster, "clusterIP: None")
    apply(cluster, DNSUTILS)
    cluster.advance(20)
    ips = sorted(p.status.pod_ip for p in cluster.api.list("Pod", "default") if p.metadata.name.startswith("kubia-"))
    fqdn = "kubia.default.svc.cluster.local"
    lines = out(cluster, f"exec dnsutils -- nslookup -type=SRV {fqdn}").splitlines()
    assert lines[:3] == ["Server:\t\t10.96.0.10", "Address:\t10.96.0.10#53", ""]
    assert sorted(lines[3:-1]) == sorted(f"{fqdn}\tservice = 0 33 80 {ip.replace('.', '-')}.{fqdn}." for ip in ips)
    stdout, _, code = run(cluster, "exec dnsutils -- nslookup -type=SRV kubia")  # no search list for SRV
    assert (code, stdout.splitlines()[3]) == (1, "** server can't find kubia: NXDOMAIN")
    dashed = f"{ips[0].replace('.', '-')}.{fqdn}"
    assert out(cluster, f"exec dnsutils -- dig +short {dashed}") == f"{ips[0]}\n"
    additional = out(cluster, f"exec dnsutils -- dig SRV {fqdn}").split(";; ADDITIONAL SECTION:\n")[1]
    assert f"{dashed}.\t30\tIN\tA\t{ips[0]}\n" in additional
    assert out(cluster, f"exec dnsutils -- nslookup {ips[0].replace('.', '-')}.other.pod.cluster.local").endswith(
        f"Address: {ips[0]}\n\n")  # pods insecure: any namespace


def test_a_node_port_answers_on_every_nodes_address(cluster):
    setup(cluster)
    apply(cluster, "apiVersion: v1\nkind: Service\nmetadata: {name: kubia-nodeport}\nspec:\n  type: NodePort\n"
          "  selector: {app: kubia}\n  ports: [{port: 80, targetPort: 8080, nodePort: 30123}]\n")
    for node in cluster.api.list("Node"):
        ip = next(a.address for a in node.status.addresses if a.type == "InternalIP")
        assert out(cluster, f"exec client -- curl -s http://{ip}:30123").startswith("You've hit kubia-")
        _, err, code = run(cluster, f"exec client -- curl -s -S http://{ip}:30124")
        assert code == 7 and err.startswith(f"curl: (7) Failed to connect to {ip} port 30124 after 0 ms")
