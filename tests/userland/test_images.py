"""The image catalogue: command/args over entrypoint/cmd, the book's servers and their exact
answers, nginx's configuration and reload, fortune loops, busybox's default, SIGTERM timing,
and the private image that needs its pull secret."""

from __future__ import annotations

import base64
import json

import pytest
from support.runtimefixtures import apply, events, out, pod, run, status

from kubecourse.userland import images


@pytest.mark.parametrize(("command", "args", "argv"), [
    (None, None, ["/bin/fortuneloop.sh", "10"]),
    (None, ["2"], ["/bin/fortuneloop.sh", "2"]),
    (["sh", "-c"], None, ["sh", "-c"]),
    (["sleep"], ["5"], ["sleep", "5"]),
])
def test_command_replaces_the_entrypoint_and_drops_cmd_args_replace_cmd(command, args, argv):
    image = images.lookup(images.parse("luksa/fortune:args"))
    assert images.argv(image, "args", command, args) == argv


def test_kubia_tags_answer_as_the_books_sources(cluster):
    for tag in ("latest", "v1", "v4"):
        apply(cluster, pod(f"k{tag}", f"luksa/kubia:{tag}"))
    apply(cluster, pod("client", "busybox", container="    command: [sleep, '3600']\n"))
    cluster.advance(20)
    ips = {n: cluster.api.get("Pod", n, "default").status.pod_ip for n in ("klatest", "kv1", "kv4")}
    assert out(cluster, f"exec client -- wget -qO- {ips['klatest']}:8080") == "You've hit klatest\n"
    assert out(cluster, f"exec client -- wget -qO- {ips['kv1']}:8080") == "This is v1 running in pod kv1\n"
    assert out(cluster, f"exec client -- wget -qO- {ips['kv4']}:8080") == "This is v4 running in pod kv4\n"
    client_ip = cluster.api.get("Pod", "client", "default").status.pod_ip
    assert out(cluster, "logs kv1") == f"Kubia server starting...\nReceived request from ::ffff:{client_ip}\n"


def test_kubia_v3_fails_from_its_fifth_request_on(cluster):
    apply(cluster, pod("kubia", "luksa/kubia:v3"))
    cluster.advance(20)
    lines = out(cluster, "exec kubia -- sh -c 'for i in 1 2 3 4 5 6; do curl -s localhost:8080; done'").splitlines()
    assert lines == ["This is v3 running in pod kubia"] * 4 + ["Some internal error has occurred! This is pod kubia"] * 2


def test_kubia_unhealthy_answers_500_after_five_requests(cluster):
    apply(cluster, pod("kubia", "luksa/kubia-unhealthy"))
    cluster.advance(20)
    script = "for i in 1 2 3 4 5 6; do curl -s -w ' %{http_code}\\n' localhost:8080; done"
    lines = out(cluster, f"exec kubia -- sh -c \"{script}\"").splitlines()
    assert lines == ["You've hit kubia", " 200"] * 5 + ["I'm not well. Please restart me! 500"]


def test_kubia_pet_stores_posted_data_in_its_volume(cluster):
    apply(cluster, pod("kubia", "luksa/kubia-pet", container="    volumeMounts:\n    - {name: data, mountPath: /var/data}\n",
                       spec="  volumes:\n  - {name: data, emptyDir: {}}\n"))
    cluster.advance(20)
    assert out(cluster, "exec kubia -- curl -s localhost:8080") == (
        "You've hit kubia\nData stored on this pod: No data posted yet\n")
    assert out(cluster, "exec kubia -- curl -s -X POST -d Hey localhost:8080") == "Data stored on pod kubia\n"
    assert out(cluster, "exec kubia -- curl -s localhost:8080") == "You've hit kubia\nData stored on this pod: Hey\n"
    assert out(cluster, "exec kubia -- cat /var/data/kubia.txt") == "Hey"
    assert out(cluster, "logs kubia") == "New data has been received and stored.\n"


def test_busybox_default_shell_exits_at_once_and_crash_loops(cluster):
    apply(cluster, pod("bb", "busybox"))
    cluster.advance(8)
    assert status(cluster, "bb").state.terminated.reason == "Completed"
    cluster.advance(60)
    cs = status(cluster, "bb")
    assert cs.restart_count >= 2
    assert (cs.last_state.terminated.exit_code, cs.last_state.terminated.reason) == (0, "Completed")
    reasons = {e.obj.status.container_statuses[0].state.waiting.reason for e in cluster.api.history
               if e.kind == "Pod" and e.obj.metadata.name == "bb" and e.obj.status.container_statuses
               and e.obj.status.container_statuses[0].state.waiting is not None}
    assert "CrashLoopBackOff" in reasons


def test_fortune_args_writes_a_fortune_every_interval(cluster):
    apply(cluster, pod("fortune", "luksa/fortune:args", container="    args: ['2']\n"))
    cluster.advance(20)
    log = out(cluster, "logs fortune").splitlines()
    assert log[0] == "Configured to generate new fortune every 2 seconds"
    stamps = [line for line in log[1:] if line.endswith("Writing fortune to /var/htdocs/index.html")]
    assert len(stamps) >= 6 and stamps[0].startswith("Wed Jan 1 00:00:")
    assert out(cluster, "exec fortune -- cat /var/htdocs/index.html").strip()


def test_fortune_env_reads_interval_from_its_environment(cluster):
    apply(cluster, pod("fortune", "luksa/fortune:env", container="    env:\n    - {name: INTERVAL, value: '30'}\n"))
    cluster.advance(10)
    assert out(cluster, "logs fortune").splitlines()[0] == "Configured to generate new fortune every 30 seconds"



FORTUNE_FROM_CONFIGMAP = """apiVersion: v1
kind: Pod
metadata: {name: fortune-%s-from-configmap}
spec:
  containers:
  - image: luksa/fortune:%s
%s    name: html-generator
    volumeMounts: [{name: html, mountPath: /var/htdocs}]
  - image: nginx:alpine
    name: web-server
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html, readOnly: true}]
    ports: [{containerPort: 80, protocol: TCP}]
  volumes: [{name: html, emptyDir: {}}]
"""


def test_the_books_fortune_args_from_configmap_expands_interval_in_its_args(cluster):
    out(cluster, "create configmap fortune-config --from-literal=sleep-interval=25")
    apply(cluster, FORTUNE_FROM_CONFIGMAP % ("args", "args", (
        "    env:\n    - name: INTERVAL\n      valueFrom: {configMapKeyRef: {name: fortune-config, key: sleep-interval}}\n"
        "    args: [\"$(INTERVAL)\"]\n")))
    cluster.advance(60)
    assert out(cluster, "get pod fortune-args-from-configmap --no-headers").split()[1:3] == ["2/2", "Running"]
    log = out(cluster, "logs fortune-args-from-configmap -c html-generator").splitlines()
    assert log[0] == "Configured to generate new fortune every 25 seconds"
    assert len(log) == 4  # the header, then a fortune at start, after 25 s and after 50 s
    assert out(cluster, "exec fortune-args-from-configmap -c web-server -- cat /usr/share/nginx/html/index.html")


def test_the_books_fortune_env_from_configmap_with_a_prefix_leaves_interval_unset(cluster):
    out(cluster, "create configmap fortune-config --from-literal=sleep-interval=25")
    apply(cluster, FORTUNE_FROM_CONFIGMAP % ("env", "env", (
        "    envFrom:\n    - prefix: CONFIG_\n      configMapRef: {name: fortune-config}\n")))
    cluster.advance(30)
    assert out(cluster, "get pod fortune-env-from-configmap --no-headers").split()[1:3] == ["2/2", "Running"]
    log = out(cluster, "logs fortune-env-from-configmap -c html-generator --tail 5").splitlines()
    assert "Try 'sleep --help' for more information." in log and "sleep: missing operand" in log
    env = out(cluster, "exec fortune-env-from-configmap -c html-generator -- env").splitlines()
    assert "CONFIG_sleep-interval=25" in env and not any(line.startswith("INTERVAL=") for line in env)


NGINX_CONF = """apiVersion: v1
kind: ConfigMap
metadata: {name: fortune-config}
data:
  my-nginx-config.conf: |
    server {
        listen              80;
        server_name         www.kubia-example.com;
        gzip %s;
        gzip_types text/plain application/xml;
        location / {
            root   /usr/share/nginx/html;
            index  index.html index.htm;
        }
    }
"""


def test_nginx_reads_its_config_at_start_and_on_reload_only(cluster):
    apply(cluster, NGINX_CONF % "on")
    apply(cluster, pod("web", "nginx:alpine",
                       container="    volumeMounts:\n    - {name: config, mountPath: /etc/nginx/conf.d, readOnly: true}\n",
                       spec="  volumes:\n  - name: config\n    configMap: {name: fortune-config}\n"))
    cluster.advance(20)
    head = "exec web -- curl -s -H 'Accept-Encoding: gzip' -I localhost"
    assert "Content-Encoding: gzip" in out(cluster, head)
    assert out(cluster, "exec web -- ls /etc/nginx/conf.d") == "my-nginx-config.conf\n"  # default.conf hidden
    apply(cluster, NGINX_CONF % "off")
    cluster.advance(61)  # the kubelet's volume resync brings the new file
    assert "gzip off;" in out(cluster, "exec web -- cat /etc/nginx/conf.d/my-nginx-config.conf")
    assert "Content-Encoding: gzip" in out(cluster, head)  # nginx still runs the old configuration
    _, err, code = run(cluster, "exec web -- nginx -s reload")
    assert code == 0 and err.endswith("[notice] 42#42: signal process started\n")
    assert "Content-Encoding: gzip" not in out(cluster, head)


def test_nginx_serves_its_default_page(cluster):
    apply(cluster, pod("web", "nginx"))
    cluster.advance(20)
    page = out(cluster, "exec web -- curl -s localhost")
    assert "<h1>Welcome to nginx!</h1>" in page
    assert out(cluster, "logs web --tail 1").startswith('10.244.1.2 - - [01/Jan/2025:00:00:20 +0000] "GET / HTTP/1.1" 200')


def deleted_after(cluster, name: str) -> float:
    start = cluster.now
    _, _, code = run(cluster, f"delete pod {name}")
    assert code == 0
    return (cluster.now - start).total_seconds()


def test_node_ignores_sigterm_and_takes_the_grace_period_nginx_does_not(cluster):
    apply(cluster, pod("kubia", "luksa/kubia"))
    apply(cluster, pod("web", "nginx", node="kind-worker2"))
    cluster.advance(20)
    assert 30 <= deleted_after(cluster, "kubia") < 32
    assert deleted_after(cluster, "web") < 2
    assert status_exit(cluster, "kubia") == 137


def status_exit(cluster, name: str) -> int:
    final = [e.obj for e in cluster.api.history if e.kind == "Pod" and e.obj.metadata.name == name
             and e.obj.status and e.obj.status.container_statuses
             and e.obj.status.container_statuses[0].state.terminated is not None]
    return final[-1].status.container_statuses[0].state.terminated.exit_code


def test_a_private_image_pulls_only_with_the_right_secret(cluster):
    secret = lambda password: base64.b64encode(json.dumps({"auths": {"https://index.docker.io/v1/": {  # noqa: E731
        "username": "learner", "password": password}}}).encode()).decode()
    for name, password in (("good", "kubecourse"), ("bad", "guess")):
        apply(cluster, f"apiVersion: v1\nkind: Secret\nmetadata: {{name: {name}}}\ntype: kubernetes.io/dockerconfigjson\n"
                       f"data:\n  .dockerconfigjson: {secret(password)}\n")
    image = "kubecourse/private-kubia"
    apply(cluster, pod("ok", image, spec="  imagePullSecrets: [{name: good}]\n"))
    apply(cluster, pod("denied", image, node="kind-worker2", spec="  imagePullSecrets: [{name: bad}]\n"))
    cluster.advance(20)
    assert status(cluster, "ok").state.running is not None
    failed = [m for r, m in events(cluster, "denied") if r == "Failed" and m.startswith("Failed to pull")]
    assert failed[0].endswith("pull access denied, repository does not exist or may require authorization: "
                              "server message: insufficient_scope: authorization failed")


def test_httpbin_delays_its_answer_and_curl_times_out(cluster):
    apply(cluster, pod("httpbin", "kennethreitz/httpbin"))
    apply(cluster, pod("client", "curlimages/curl", container="    command: [sleep, infinity]\n"))
    cluster.advance(20)
    ip = cluster.api.get("Pod", "httpbin", "default").status.pod_ip
    start = cluster.now
    assert out(cluster, f"exec client -- curl -s {ip}/delay/2") == (
        '{\n  "args": {},\n  "data": "",\n  "files": {},\n  "form": {},\n  "headers": {\n    "Accept": "*/*",\n'
        f'    "Host": "{ip}",\n    "User-Agent": "curl/8.11.1"\n  }},\n  "origin": "10.244.1.3",\n'
        f'  "url": "http://{ip}/delay/2"\n}}\n')
    assert (cluster.now - start).total_seconds() == 2
    assert run(cluster, f"exec client -- curl -sS -m 1.5 {ip}/delay/5") == (
        "", "curl: (28) Operation timed out after 1500 milliseconds with 0 bytes received\n"
            "command terminated with exit code 28\n", 28)
    assert (cluster.now - start).total_seconds() == 3.5
    assert run(cluster, f"exec client -- curl -s -o /dev/null -w '%{{http_code}}' {ip}/status/418") == ("418", "", 0)
    assert out(cluster, "logs httpbin").splitlines()[0] == (
        "[2025-01-01 00:00:05 +0000] [1] [INFO] Starting gunicorn 19.9.0")


# --- the kubernetes.io tutorials' images ----------------------------------------------------------

def client_and(cluster, *pods: str) -> dict[str, str]:
    """Apply the pods and a busybox:1.28 client; their IPs once all run."""
    for manifest in pods:
        apply(cluster, manifest)
    apply(cluster, pod("client", "busybox:1.28", node="kind-worker2", container="    command: [sleep, '3600']\n"))
    cluster.advance(40)
    return {p.metadata.name: p.status.pod_ip for p in cluster.api.list("Pod", "default")}


def test_busybox_1_28_nslookup_prints_libc_answers(cluster):
    client_and(cluster)
    assert run(cluster, "exec client -- nslookup kubernetes.default") == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n\n", "", 0)
    assert run(cluster, "exec client -- nslookup nosuch") == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n\n",
        "nslookup: can't resolve 'nosuch'\ncommand terminated with exit code 1\n", 1)


def test_redis_answers_redis_cli(cluster):
    ips = client_and(cluster, pod("redis", "redis:7.4"), pod("app", "redis:6.0.5", node="kind-worker2",
                                                           container="    command: [sleep, infinity]\n"))
    assert out(cluster, "exec redis -- redis-cli ping") == "PONG\n"
    assert out(cluster, f"exec app -- redis-cli -h {ips['redis']} set greeting hi") == "OK\n"
    assert out(cluster, f"exec app -- redis-cli -h {ips['redis']} get greeting") == "hi\n"
    assert run(cluster, "exec app -- redis-cli ping") == (
        "", "Could not connect to Redis at 127.0.0.1:6379: Connection refused\ncommand terminated with exit code 1\n", 1)
    assert out(cluster, "logs redis").splitlines()[-1].endswith("* Ready to accept connections tcp")


def test_the_tutorials_web_servers_answer_as_the_real_ones(cluster):
    ips = client_and(
        cluster, pod("httpd", "httpd"), pod("hello", "gcr.io/google-samples/hello-app:2.0"),
        pod("echo", "hashicorp/http-echo", container="    args: ['-text=hello world']\n"),
        pod("agnhost", "registry.k8s.io/e2e-test-images/agnhost:2.53", container="    args: [serve-hostname]\n"),
        pod("echoserver", "registry.k8s.io/echoserver:1.10"))
    assert out(cluster, f"exec client -- wget -qO- {ips['httpd']}") == "<html><body><h1>It works!</h1></body></html>\n"
    assert out(cluster, "logs httpd --tail 1") == f'{ips["client"]} - - [01/Jan/2025:00:00:40 +0000] "GET / HTTP/1.1" 200 45\n'
    assert out(cluster, f"exec client -- wget -qO- {ips['hello']}:8080") == (
        "Hello, world!\nVersion: 2.0.0\nHostname: hello\n")
    assert out(cluster, f"exec client -- wget -qO- {ips['echo']}:5678") == "hello world\n"
    assert out(cluster, f"exec client -- wget -qO- {ips['agnhost']}:9376") == "agnhost"
    echoed = out(cluster, f"exec client -- wget -qO- {ips['echoserver']}:8080/path?x=1")
    assert echoed.startswith("\n\nHostname: echoserver\n\nPod Information:\n\t-no pod information available-\n")
    assert f"\tclient_address={ips['client']}\n\tmethod=GET\n\treal path=/path\n\tquery=x=1\n" in echoed
    assert run(cluster, "exec hello -- sh")[2] != 0  # distroless: no shell


def test_python_is_a_shell_image_without_an_interpreter(cluster):
    apply(cluster, pod("py", "python:3.12-slim"))
    cluster.advance(15)
    assert status(cluster, "py").state.terminated is not None or status(cluster, "py").last_state.terminated
    apply(cluster, pod("shell", "python:3.12-slim", container="    command: [sleep, infinity]\n"))
    cluster.advance(15)
    assert out(cluster, "exec shell -- python3 --version") == "Python 3.13.1\n"
    _, err, code = run(cluster, "exec shell -- python3 -c 'print(1)'")
    assert code == 1 and err.startswith("kubecourse hint: kubecourse runs no Python interpreter")


def test_sigterm_as_the_real_images_take_it(cluster):
    apply(cluster, pod("boot", "gcr.io/google-samples/kubernetes-bootcamp:v1"))
    apply(cluster, pod("redis", "redis", node="kind-worker2"))
    apply(cluster, pod("agnhost", "registry.k8s.io/e2e-test-images/agnhost:2.53", node="kind-worker2"))
    cluster.advance(30)
    assert 30 <= deleted_after(cluster, "boot") < 32  # sh as PID 1 ignores SIGTERM
    assert deleted_after(cluster, "redis") < 2 and status_exit(cluster, "redis") == 0
    assert deleted_after(cluster, "agnhost") < 2 and status_exit(cluster, "agnhost") == 2


def test_the_guestbooks_redis_follower_replicates_its_leader(cluster):
    apply(cluster, pod("redis-leader", "docker.io/redis:6.0.5"))
    apply(cluster, pod("redis-follower", "us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower:v2"))
    cluster.advance(20)
    assert out(cluster, "logs redis-leader").splitlines()[-1].endswith("* Ready to accept connections")
    assert out(cluster, "logs redis-follower").splitlines()[-1].endswith("* Connecting to MASTER redis-leader:6379")
    assert "role:slave" in out(cluster, "exec redis-follower -- redis-cli info replication")


HTTPS_CONF = """server {
    listen              80;
    listen              443 ssl;
    server_name         www.kubia-example.com;
    ssl_certificate     certs/https.cert;
    ssl_certificate_key certs/https.key;
    ssl_protocols       TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers         HIGH:!aNULL:!MD5;
    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
}
"""


def test_the_books_fortune_https_serves_tls_with_the_mounted_certificate(cluster, tmp_path):
    (tmp_path / "my-nginx-config.conf").write_text(HTTPS_CONF)
    out(cluster, f"create configmap fortune-config --from-file={tmp_path}/my-nginx-config.conf")
    out(cluster, "create secret generic fortune-https --from-file=https.key=tests/data/secrets/tls.key "
                 "--from-file=https.cert=tests/data/secrets/tls.cert --from-literal=foo=bar")
    apply(cluster, pod("fortune-https", "nginx:alpine", container=(
        "    volumeMounts:\n    - {name: config, mountPath: /etc/nginx/conf.d, readOnly: true}\n"
        "    - {name: certs, mountPath: /etc/nginx/certs/, readOnly: true}\n"), spec=(
        "  volumes:\n  - name: config\n    configMap:\n      name: fortune-config\n"
        "      items: [{key: my-nginx-config.conf, path: https.conf}]\n"
        "  - name: certs\n    secret: {secretName: fortune-https}\n")))
    cluster.advance(20)
    assert "<h1>Welcome to nginx!</h1>" in out(cluster, "exec fortune-https -- curl -sk https://localhost")
    assert "<h1>Welcome to nginx!</h1>" in out(cluster, "exec fortune-https -- curl -s http://localhost")
    _, err, code = run(cluster, "exec fortune-https -- curl https://localhost")
    assert code == 60 and err.startswith("curl: (60) SSL certificate problem: self-signed certificate\n"
                                         "More details here: https://curl.se/docs/sslcerts.html\n")
    _, err, _ = run(cluster, "exec fortune-https -- curl -k -v https://localhost")
    assert ("* SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384 / x25519 / RSASSA-PSS\n" in err
            and "*  subject: CN=www.kubia-example.com\n" in err
            and "*  SSL certificate verify result: self-signed certificate (18), continuing anyway.\n" in err
            and "< HTTP/1.1 200 OK\n" in err)
    assert "400 The plain HTTP request was sent to HTTPS port" in out(
        cluster, "exec fortune-https -- curl -s http://localhost:443")
    _, err, code = run(cluster, "exec fortune-https -- curl -sS https://localhost:80")
    assert (code, err.splitlines()[0]) == (
        35, "curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number")


@pytest.mark.parametrize(("key", "error"), [
    ("other.key", 'SSL_CTX_use_PrivateKey("/etc/nginx/certs/https.key") failed (SSL: error:05800074:x509 '
                  "certificate routines::key values mismatch)"),
    (None, 'cannot load certificate key "/etc/nginx/certs/https.key": BIO_new_file() failed (SSL: error:80000002:'
           "system library::No such file or directory:calling fopen(/etc/nginx/certs/https.key, r) "
           "error:10000080:BIO routines::no such file)"),
])
def test_nginx_refuses_to_start_without_a_matching_key(cluster, tmp_path, key, error):
    (tmp_path / "my-nginx-config.conf").write_text(HTTPS_CONF)
    out(cluster, f"create configmap fortune-config --from-file={tmp_path}/my-nginx-config.conf")
    key_source = f" --from-file=https.key=tests/data/secrets/{key}" if key else ""
    out(cluster, f"create secret generic fortune-https --from-file=https.cert=tests/data/secrets/tls.cert{key_source}")
    apply(cluster, pod("web", "nginx:alpine", container=(
        "    volumeMounts:\n    - {name: config, mountPath: /etc/nginx/conf.d, readOnly: true}\n"
        "    - {name: certs, mountPath: /etc/nginx/certs/, readOnly: true}\n"), spec=(
        "  volumes:\n  - name: config\n    configMap: {name: fortune-config}\n"
        "  - name: certs\n    secret: {secretName: fortune-https}\n")))
    cluster.advance(20)
    assert status(cluster, "web").last_state.terminated.exit_code == 1
    log = out(cluster, "logs web").splitlines()
    assert log[-2].endswith(f"[emerg] 1#1: {error}") and log[-1] == f"nginx: [emerg] {error}"
    assert log[-3] == "/docker-entrypoint.sh: Configuration complete; ready for start up"
