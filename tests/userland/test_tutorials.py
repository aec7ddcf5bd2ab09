"""The kubernetes.io tutorials' key steps, as a learner types them (kubernetes/website
content/en/docs/tutorials: kubernetes-basics, hello-minikube, stateful-application/
basic-stateful-set). Traffic from outside the cluster (`curl $(minikube ip):$NODE_PORT`) is
sent from a pod to the Service instead: NodePorts carry no traffic in the simulation yet."""

from __future__ import annotations

import re

from support.runtimefixtures import apply, out, pod, run

BOOTCAMP = "kubernetes-bootcamp"


def pods_of(cluster, label: str) -> list:
    return [p for p in cluster.api.list("Pod", "default") if (p.metadata.labels or {}).get("app") == label
            and p.metadata.deletion_timestamp is None]


def client(cluster) -> None:
    apply(cluster, pod("client", "busybox:1.28", node=None, container="    command: [sleep, '3600']\n"))


def test_learn_kubernetes_basics(cluster):
    # Module 2: create a Deployment
    assert out(cluster, f"create deployment {BOOTCAMP} --image=gcr.io/google-samples/kubernetes-bootcamp:v1") == (
        f"deployment.apps/{BOOTCAMP} created\n")
    client(cluster)
    cluster.advance(30)
    assert out(cluster, "get deployments").splitlines()[1].split()[:4] == [BOOTCAMP, "1/1", "1", "1"]
    name = pods_of(cluster, BOOTCAMP)[0].metadata.name
    # Module 3: explore the app from inside its pod
    assert out(cluster, f"exec {name} -- curl -s http://localhost:8080") == (
        f"Hello Kubernetes bootcamp! | Running on: {name} | v=1\n")
    assert "response.end(\" | v=1\\n\");" in out(cluster, f"exec {name} -- cat server.js")
    log = out(cluster, f"logs {name}").splitlines()
    assert re.fullmatch(rf"Kubernetes Bootcamp App Started At: 2025-01-01T00:00:\d\d\.\d{{3}}Z \| Running On:  {name} ",
                        log[0])
    assert re.fullmatch(rf"Running On: {name} \| Total Requests: 1 \| App Uptime: [\d.]+ seconds \| Log Time: .*Z",
                        log[2])
    # Module 4: expose it
    assert out(cluster, f'expose deployment/{BOOTCAMP} --type="NodePort" --port 8080') == (
        f"service/{BOOTCAMP} exposed\n")
    assert re.search(r"NodePort:\s+<unset>\s+3\d{4}/TCP", out(cluster, f"describe services/{BOOTCAMP}"))
    assert out(cluster, f"exec client -- wget -qO- {BOOTCAMP}:8080") == (
        f"Hello Kubernetes bootcamp! | Running on: {name} | v=1\n")
    # Module 5: scale up; the Service spreads requests over the four pods
    assert out(cluster, f"scale deployments/{BOOTCAMP} --replicas=4") == f"deployment.apps/{BOOTCAMP} scaled\n"
    cluster.advance(30)
    assert out(cluster, "get deployments").splitlines()[1].split()[:4] == [BOOTCAMP, "4/4", "4", "4"]
    answers = {out(cluster, f"exec client -- wget -qO- {BOOTCAMP}:8080") for _ in range(30)}
    assert len(answers) > 1 and all(a.endswith(" | v=1\n") for a in answers)
    # Module 6: a rolling update to v2
    assert out(cluster, f"set image deployments/{BOOTCAMP} {BOOTCAMP}=docker.io/jocatalin/kubernetes-bootcamp:v2") == (
        f"deployment.apps/{BOOTCAMP} image updated\n")
    assert out(cluster, f"rollout status deployments/{BOOTCAMP}").endswith(
        f'deployment "{BOOTCAMP}" successfully rolled out\n')
    assert out(cluster, f"exec client -- wget -qO- {BOOTCAMP}:8080").endswith(" | v=2\n")
    # ... and one to a version that does not exist: its pods cannot pull, the old ones serve on
    out(cluster, f"set image deployments/{BOOTCAMP} {BOOTCAMP}=gcr.io/google-samples/kubernetes-bootcamp:v10")
    cluster.advance(30)
    statuses = {line.split()[2] for line in out(cluster, "get pods").splitlines()[1:]
                if line.startswith(BOOTCAMP)}
    assert statuses & {"ErrImagePull", "ImagePullBackOff"} and "Running" in statuses
    broken = next(p.metadata.name for p in pods_of(cluster, BOOTCAMP)
                  if p.spec.containers[0].image.endswith(":v10"))
    assert ('Failed to pull image "gcr.io/google-samples/kubernetes-bootcamp:v10": rpc error: code = NotFound desc = '
            'failed to pull and unpack image "gcr.io/google-samples/kubernetes-bootcamp:v10"') in out(
        cluster, f"describe pod {broken}")
    assert out(cluster, f"rollout undo deployments/{BOOTCAMP}") == f"deployment.apps/{BOOTCAMP} rolled back\n"
    cluster.advance(60)
    images = {p.spec.containers[0].image for p in pods_of(cluster, BOOTCAMP)}
    assert images == {"docker.io/jocatalin/kubernetes-bootcamp:v2"}
    assert out(cluster, "get deployments").splitlines()[1].split()[:4] == [BOOTCAMP, "4/4", "4", "4"]


def test_hello_minikube(cluster):
    image = "registry.k8s.io/e2e-test-images/agnhost:2.53"
    assert out(cluster, f"create deployment hello-node --image={image} -- /agnhost netexec --http-port=8080") == (
        "deployment.apps/hello-node created\n")
    client(cluster)
    cluster.advance(30)
    assert out(cluster, "get deployments").splitlines()[1].split()[:4] == ["hello-node", "1/1", "1", "1"]
    name = pods_of(cluster, "hello-node")[0].metadata.name
    log = out(cluster, f"logs {name}").splitlines()
    assert [line.split("] ", 1)[1] for line in log] == ["Started HTTP server on port 8080",
                                                        "Started UDP server on port  8081"]
    assert re.fullmatch(r"I0101 00:00:\d\d\.\d{6}       1 log\.go:195\] Started HTTP server on port 8080", log[0])
    assert out(cluster, "expose deployment hello-node --type=LoadBalancer --port=8080") == (
        "service/hello-node exposed\n")
    assert re.fullmatch(r"NOW: 2025-01-01 00:00:30(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}",
                        out(cluster, "exec client -- wget -qO- hello-node:8080"))
    assert out(cluster, f"logs {name} --tail 1").endswith("log.go:195] GET /\n")


def test_statefulset_basics_web_servers_and_their_dns(cluster):
    """StatefulSets are not simulated yet: the pods a StatefulSet `web` makes (hostname web-N,
    subdomain nginx, a volume on /usr/share/nginx/html) behind the headless Service."""
    apply(cluster, "apiVersion: v1\nkind: Service\nmetadata: {name: nginx, labels: {app: nginx}}\nspec:\n"
                   "  ports: [{port: 80, name: web}]\n  clusterIP: None\n  selector: {app: nginx}\n")
    for i in (0, 1):
        web(cluster, i, "0.21")
    client(cluster)
    cluster.advance(30)
    for i in (0, 1):
        assert out(cluster, f"exec web-{i} -- sh -c 'hostname'") == f"web-{i}\n"
        write(cluster, i)
        assert out(cluster, f"exec -i -t web-{i} -- curl http://localhost/") == f"web-{i}\n"
    ip = cluster.api.get("Pod", "web-0", "default").status.pod_ip
    assert out(cluster, "exec client -- nslookup web-0.nginx") == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        f"Name:      web-0.nginx\nAddress 1: {ip} web-0.nginx.default.svc.cluster.local\n\n")
    # the RollingUpdate replaces web-1 by a pod of the new image, which serves the same way
    out(cluster, "delete pod web-1")
    web(cluster, 1, "0.24")
    cluster.advance(30)
    write(cluster, 1)
    assert out(cluster, "exec web-1 -- curl -s http://localhost/") == "web-1\n"
    assert cluster.api.get("Pod", "web-1", "default").status.container_statuses[0].image == (
        "registry.k8s.io/nginx-slim:0.24")


def web(cluster, i: int, tag: str) -> None:
    apply(cluster, pod(f"web-{i}", f"registry.k8s.io/nginx-slim:{tag}", node=None, extra="  labels: {app: nginx}\n",
                       container="    ports: [{containerPort: 80, name: web}]\n"
                                 "    volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]\n",
                       spec=f"  hostname: web-{i}\n  subdomain: nginx\n  volumes: [{{name: www, emptyDir: {{}}}}]\n"))


def write(cluster, i: int) -> None:
    _, _, code = run(cluster, f"exec web-{i} -- sh -c 'echo \"$(hostname)\" > /usr/share/nginx/html/index.html'")
    assert code == 0
