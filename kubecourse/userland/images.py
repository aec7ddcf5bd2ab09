"""The container images the simulated registry knows, and what each runs.

Each image is described once: its repository and tags, size and pull time (what the `Pulled`
event reports), its entrypoint and cmd (which a pod's `command`/`args` override as the
kubelet does: `command` replaces the entrypoint and drops the cmd, `args` replace the cmd),
its environment, the files it ships (its base filesystem), the programs on its PATH, the
server its main executable runs (kubecourse.userland.apps), and how its main process reacts to
SIGTERM (exit at once, or wait out the grace period and be killed).

Image references are normalized as containerd normalizes them (distribution/reference
ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`, `luksa/kubia:v1` is
`docker.io/luksa/kubia:v1`. Pulling a repository or tag that is not in the catalogue fails,
with containerd's own words where the real registry lacks it too and with a marked hint
where it does not (kubecourse.userland.registry); a private repository pulls only with the
right credentials from an imagePullSecret.

Sources: pkg/kubelet/images/image_manager.go EnsureImageExists (pull events),
pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer (SIGTERM and the grace period); the
book's Dockerfiles (luksa/kubernetes-in-action Chapter02/kubia, Chapter07/fortune-args and
fortune-env: `ENTRYPOINT ["/bin/fortuneloop.sh"]`, `CMD ["10"]` for :args).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

DOCKER_HUB = "docker.io"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Programs on an image's PATH that the container shell (kubecourse.shell) implements.
_COMMON = ("sh", "cat", "ls", "echo", "env", "printenv", "hostname", "touch", "rm", "mkdir", "date", "df",
           "mount", "sleep", "grep", "head", "tail", "wc", "true", "false", "test", "[", "seq", "kill", "pwd",
           "uname", "timeout", "expr")
BUSYBOX_TOOLS = (*_COMMON, "ash", "ps", "wget", "nslookup")
DEBIAN_TOOLS = (*_COMMON, "bash")
NODE_TOOLS = (*DEBIAN_TOOLS, "ps", "curl", "wget", "node")


@dataclass(frozen=True)
class Image:
    repository: str
    """Normalized repository, e.g. "docker.io/luksa/kubia"."""
    tags: tuple[str, ...]
    size: int
    """Compressed size in bytes, as the `Pulled` event reports it."""
    pull_seconds: tuple[float, float] = (1.0, 3.0)
    """A pull takes a duration drawn uniformly from this range (kept small on purpose)."""
    start_seconds: tuple[float, float] = (0.1, 0.4)
    """Create + start of the container (the gap between `Pulled` and `Started`)."""
    exits_on_sigterm: bool = True
    """False for a process that ignores SIGTERM (node or sleep as PID 1): it is killed with
    SIGKILL when the grace period runs out, exit code 137."""
    sigterm_seconds: tuple[float, float] = (0.1, 0.5)
    """How long a process that honours SIGTERM takes to exit."""
    sigterm_exit_code: int = 143
    """128 + 15 when the signal kills it; 0 when it shuts down cleanly (nginx)."""
    ports: tuple[int, ...] = ()
    """What a system daemon listens on (the book's servers say it in kubecourse.userland.apps)."""
    preloaded: bool = False
    """Part of the kind node image: present on every node from the start, and its imageID
    is the bare `sha256:` digest containerd reports for imported images."""
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),)
    files: tuple[tuple[str, str], ...] = ()
    """The image's own files (path, content); executables are the ones on `tools` or
    named by the entrypoint."""
    tools: tuple[str, ...] = ()
    """Programs on the PATH (empty: a distroless image, `kubectl exec` finds no shell)."""
    server: tuple[str, str] | None = None
    """(executable, app): running this executable serves kubecourse.userland.apps.APPS[app]."""
    userland: str = "gnu"
    """Whose texts the tools print: "gnu" (Debian/Ubuntu coreutils, dash as sh) or "busybox"."""
    workdir: str = "/"
    credentials: tuple[str, str] | None = None
    """A private repository: the (username, password) a pull needs from an imagePullSecret."""
    summary: str = ""
    """What it runs, in one line (`%cluster images`)."""
    legacy_nslookup: bool = False
    """BusyBox before 1.29: nslookup asks libc's resolver and prints `Address 1: <ip> <name>`
    (networking/nslookup.c print_host), the output the tutorials show for busybox:1.28."""


KUBIA_FILES = (("/app.js", "const http = require('http');\nconst os = require('os');\n\n"
                "console.log(\"Kubia server starting...\");\n\n"
                "var handler = function(request, response) {\n"
                "  console.log(\"Received request from \" + request.connection.remoteAddress);\n"
                "  response.writeHead(200);\n  response.end(\"You've hit \" + os.hostname() + \"\\n\");\n};\n\n"
                "var www = http.createServer(handler);\nwww.listen(8080);\n"),)
NODE_ENV = (("PATH", DEFAULT_PATH), ("NODE_VERSION", "7.10.1"), ("YARN_VERSION", "0.24.4"))


def _kubia(repository: str, tags: tuple[str, ...], size: int, app: str, summary: str) -> Image:
    """The book's node.js images: `FROM node:7`, `ENTRYPOINT ["node", "app.js"]`; node as
    PID 1 ignores SIGTERM, so a deleted kubia pod takes its whole grace period."""
    return Image(repository, tags, size, (3.0, 6.0), exits_on_sigterm=False, entrypoint=("node", "app.js"),
                 env=NODE_ENV, files=KUBIA_FILES, tools=NODE_TOOLS, server=("node", app), summary=summary)


BOOTCAMP_JS = """var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=%s\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
"""


def _bootcamp(repository: str, tag: str) -> Image:
    return Image(repository, (tag,), 79_600_000, (3.0, 6.0), exits_on_sigterm=False,
                 cmd=("/bin/sh", "-c", "node server.js"), env=(("PATH", DEFAULT_PATH), ("NODE_VERSION", "6.3.1")),
                 files=(("/server.js", BOOTCAMP_JS % tag.removeprefix("v")),), tools=NODE_TOOLS,
                 server=("node", "bootcamp"),
                 summary="Learn Kubernetes Basics' node.js app on 8080: `Hello Kubernetes bootcamp! | Running on: "
                         "<pod> | v=N` (N: the tag's)")


AGNHOST_TAGS = ("2.53", "2.52", "2.47", "2.45", "2.43", "2.40", "2.39")


def _redis(tags: tuple[str, ...], version: str, size: int) -> Image:
    return Image("docker.io/library/redis", tags, size, (2.0, 4.0), sigterm_exit_code=0,
                 entrypoint=("docker-entrypoint.sh",), cmd=("redis-server",),
                 env=(("PATH", DEFAULT_PATH), ("REDIS_VERSION", version)),
                 tools=(*DEBIAN_TOOLS, "redis-cli"), server=("redis-server", "redis"),
                 summary="Redis on 6379; `redis-cli ping` answers PONG (GET, SET, INCR, KEYS...)")


FORTUNELOOP = ("#!/bin/bash\ntrap \"exit\" SIGINT\n\n{interval}echo Configured to generate new fortune every "
               "$INTERVAL seconds\n\nmkdir -p /var/htdocs\n\nwhile :\ndo\n  echo $(date) Writing fortune to "
               "/var/htdocs/index.html\n  /usr/games/fortune > /var/htdocs/index.html\n  sleep $INTERVAL\ndone\n")
FORTUNELOOP_CH6 = ("#!/bin/bash\ntrap \"exit\" SIGINT\nmkdir /var/htdocs\n\nwhile :\ndo\n  echo $(date) Writing "
                   "fortune to /var/htdocs/index.html\n  /usr/games/fortune > /var/htdocs/index.html\n  sleep 10\n"
                   "done\n")

NGINX_CONF = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
""".lstrip("\n")
NGINX_DEFAULT_CONF = """server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}

"""
NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
NGINX_FILES = (("/etc/nginx/nginx.conf", NGINX_CONF), ("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF),
               ("/usr/share/nginx/html/index.html", NGINX_INDEX), ("/var/log/nginx/access.log", ""),
               ("/var/log/nginx/error.log", ""))
NGINX_ENV = (("PATH", DEFAULT_PATH), ("NGINX_VERSION", "1.27.3"), ("NJS_VERSION", "0.8.7"),
             ("NJS_RELEASE", "1~bookworm"), ("PKG_RELEASE", "1~bookworm"), ("DYNPKG_RELEASE", "1~bookworm"))


CATALOGUE: tuple[Image, ...] = (
    # The book's images (Kubernetes in Action): a node.js server that ignores SIGTERM.
    _kubia("docker.io/luksa/kubia", ("latest", "v1", "v2", "v3", "v4"), 239_621_034, "kubia",
           "the book's node.js server on 8080: `You've hit <pod>`; v1-v4 name their version, v3 fails from "
           "its 5th request"),
    _kubia("docker.io/luksa/kubia-unhealthy", ("latest",), 239_622_511, "kubia-unhealthy",
           "kubia that answers 500 after 5 requests (liveness probes)"),
    _kubia("docker.io/luksa/kubia-pet", ("latest",), 239_623_880, "kubia-pet",
           "kubia that stores a POSTed body in /var/data/kubia.txt (StatefulSets)"),
    _kubia("docker.io/luksa/kubia-pet-peers", ("latest",), 239_624_197, "kubia-pet-peers",
           "kubia-pet that also lists its peers' data through DNS SRV records"),
    # The Secrets chapter's private image: kubia, pulled only with the right imagePullSecret.
    Image("docker.io/kubecourse/private-kubia", ("latest",), 239_621_034, (3.0, 6.0), exits_on_sigterm=False,
          entrypoint=("node", "app.js"), env=NODE_ENV, files=KUBIA_FILES, tools=NODE_TOOLS,
          server=("node", "kubia"), credentials=("learner", "kubecourse"),
          summary="kubia in a private repository: pulls only with an imagePullSecret for learner/kubecourse"),
    # Chapter 6/7: a fortune every INTERVAL seconds into /var/htdocs (bash as PID 1 ignores SIGTERM).
    Image("docker.io/luksa/fortune", ("latest", "args", "env"), 72_412_651, (1.5, 3.5), exits_on_sigterm=False,
          entrypoint=("/bin/fortuneloop.sh",), tools=(*DEBIAN_TOOLS, "fortune"),
          summary="writes a fortune to /var/htdocs/index.html every 10 s (args: interval as arg, env: $INTERVAL)"),
    Image("docker.io/luksa/batch-job", ("latest",), 1_452_211, (0.8, 2.0), exits_on_sigterm=False,
          entrypoint=("/bin/sh", "-c", "date; echo Job started; sleep 120; date; echo Job done"),
          tools=BUSYBOX_TOOLS, userland="busybox", summary="a Job's pod: prints, sleeps 120 s, exits 0"),
    Image("docker.io/library/nginx", ("latest", "1.27", "1.27.3", "1.26", "1.25"), 72_099_410, (2.0, 4.0),
          sigterm_exit_code=0, entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;"),
          env=NGINX_ENV, files=NGINX_FILES, tools=(*DEBIAN_TOOLS, "curl", "nginx"), server=("nginx", "nginx"),
          summary="nginx 1.27 on 80 serving /usr/share/nginx/html (conf.d, `nginx -s reload`); curl inside"),
    Image("docker.io/library/nginx", ("alpine", "1.27-alpine"), 20_488_143, (1.5, 3.0), sigterm_exit_code=0,
          entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;"), env=NGINX_ENV,
          files=NGINX_FILES, tools=(*BUSYBOX_TOOLS, "curl", "nginx"), server=("nginx", "nginx"),
          userland="busybox"),
    # Shells: the default command exits at once without a terminal; `sleep` as PID 1 ignores SIGTERM.
    Image("docker.io/library/busybox", ("latest", "1.36", "1.37"), 2_166_802, (0.8, 2.0), exits_on_sigterm=False,
          cmd=("sh",), env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),),
          tools=BUSYBOX_TOOLS, userland="busybox", summary="BusyBox shell and tools (wget, nslookup); `sh` exits "
          "at once without a terminal"),
    Image("docker.io/library/alpine", ("latest", "3.20", "3.21"), 3_653_068, (0.8, 2.0), exits_on_sigterm=False,
          cmd=("/bin/sh",), tools=BUSYBOX_TOOLS, userland="busybox",
          summary="Alpine Linux: a BusyBox shell for general use (give it a command, e.g. sleep infinity)"),
    Image("docker.io/curlimages/curl", ("latest", "8.11.1"), 10_148_231, (1.0, 2.5), exits_on_sigterm=False,
          entrypoint=("/entrypoint.sh",), cmd=("curl",), tools=(*BUSYBOX_TOOLS, "curl"), userland="busybox",
          summary="curl as its entrypoint (args are curl's), BusyBox shell"),
    Image("docker.io/tutum/dnsutils", ("latest",), 66_621_440, (1.5, 3.0), exits_on_sigterm=False,
          cmd=("/bin/bash",), tools=(*DEBIAN_TOOLS, "ps", "nslookup", "dig", "host"),
          summary="DNS tools: dig, nslookup (BIND), host"),
    # A slow server on purpose (`/delay/N`): probe and client timeouts. gunicorn exits on SIGTERM.
    Image("docker.io/kennethreitz/httpbin", ("latest",), 163_563_118, (3.0, 6.0), sigterm_exit_code=0,
          cmd=("gunicorn", "-b", "0.0.0.0:80", "httpbin:app", "-k", "gevent"), tools=(*DEBIAN_TOOLS, "gunicorn"),
          server=("gunicorn", "httpbin"),
          summary="httpbin on 80: /delay/N, /status/CODE, /get, /headers, /ip"),
    # The kubernetes.io tutorials' images. Sizes are the registries' compressed sizes for
    # linux/amd64, rounded where the manifest was not at hand; entrypoints and ports from
    # each image's Dockerfile (cited per entry).
    # kubernetes/website content/en/examples and the bootcamp's Dockerfile: `FROM node:6`,
    # `CMD node server.js` in shell form, so sh is PID 1 and ignores SIGTERM.
    _bootcamp("gcr.io/google-samples/kubernetes-bootcamp", "v1"),
    _bootcamp("docker.io/jocatalin/kubernetes-bootcamp", "v1"),
    _bootcamp("docker.io/jocatalin/kubernetes-bootcamp", "v2"),
    # StatefulSet Basics' web server (kubernetes/kubernetes test/images/nginx-slim lineage):
    # nginx serving /usr/share/nginx/html on 80, curl inside; nginx exits 0 on SIGTERM.
    Image("registry.k8s.io/nginx-slim", ("0.21", "0.24", "0.26", "0.27"), 49_500_000, (2.0, 4.0),
          sigterm_exit_code=0, cmd=("nginx", "-g", "daemon off;"), env=NGINX_ENV, files=NGINX_FILES,
          tools=(*DEBIAN_TOOLS, "curl", "nginx"), server=("nginx", "nginx"),
          summary="StatefulSet Basics' nginx on 80 serving /usr/share/nginx/html; curl inside"),
    # test/images/agnhost/Dockerfile: `ENTRYPOINT ["/agnhost"]`, `CMD ["pause"]`, an Alpine
    # base with curl and bind-tools; a Go program exits at once on SIGTERM (status 2 as PID
    # 1: runtime/signal_unix.go dieFromSignal falls back to exit(2) when the signal is ignored).
    Image("registry.k8s.io/e2e-test-images/agnhost", AGNHOST_TAGS, 51_400_000, (2.0, 4.0), sigterm_exit_code=2,
          entrypoint=("/agnhost",), cmd=("pause",), files=(("/agnhost", ""),),
          tools=(*BUSYBOX_TOOLS, "curl", "dig", "bash"), server=("agnhost", "agnhost"), userland="busybox",
          summary="Hello Minikube's test server: `netexec --http-port=8080` (/, /hostname, /echo?msg=), "
                  "`serve-hostname` (9376), `pause`"),
    # The tutorials' DNS client: BusyBox 1.28's nslookup prints libc's answer (`Address 1:`).
    Image("docker.io/library/busybox", ("1.28",), 727_869, (0.8, 2.0), exits_on_sigterm=False, cmd=("sh",),
          tools=BUSYBOX_TOOLS, userland="busybox", legacy_nslookup=True,
          summary="BusyBox 1.28, the tutorials' DNS client: nslookup prints `Address 1: <ip> <name>`"),
    # ingress-nginx images/echo (nginx + lua): the request echoed back on 8080.
    Image("registry.k8s.io/echoserver", ("1.10",), 46_300_000, (2.0, 4.0), sigterm_exit_code=0,
          cmd=("nginx", "-g", "daemon off;"), tools=(*DEBIAN_TOOLS, "nginx"), server=("nginx", "echoserver"),
          summary="echoes the request (client address, path, headers, body) on 8080"),
    # GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app: distroless, `CMD
    # ["/hello-app"]`, $PORT or 8080.
    Image("gcr.io/google-samples/hello-app", ("1.0", "2.0"), 10_900_000, (1.0, 2.5), sigterm_exit_code=2,
          cmd=("/hello-app",), files=(("/hello-app", ""),), server=("hello-app", "hello-app"),
          summary="`Hello, world!`, its version and hostname on 8080 ($PORT); no shell"),
    # hashicorp/http-echo's Dockerfile: FROM scratch, `ENTRYPOINT ["/http-echo"]`, :5678.
    Image("docker.io/hashicorp/http-echo", ("latest", "1.0", "1.0.0"), 3_600_000, (0.8, 2.0),
          sigterm_exit_code=2, entrypoint=("/http-echo",), files=(("/http-echo", ""),),
          server=("http-echo", "http-echo"),
          summary="answers its -text argument on 5678 (-listen=:PORT); no shell"),
    # docker-library/redis: `ENTRYPOINT ["docker-entrypoint.sh"]`, `CMD ["redis-server"]`;
    # redis saves and exits 0 on SIGTERM.
    _redis(("latest", "7", "7.4", "7.4.2"), "7.4.2", 45_700_000),
    _redis(("6.0.5",), "6.0.5", 38_300_000),
    Image("us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower", ("v2",), 38_900_000, (2.0, 4.0),
          sigterm_exit_code=0, cmd=("sh", "-c", "redis-server --replicaof redis-leader 6379"),
          env=(("PATH", DEFAULT_PATH), ("REDIS_VERSION", "6.0.5")), tools=(*DEBIAN_TOOLS, "redis-cli"),
          server=("redis-server", "redis"), summary="the guestbook's Redis follower: replicates redis-leader:6379"),
    # docker-library/httpd: `CMD ["httpd-foreground"]`, `STOPSIGNAL SIGWINCH` (a graceful stop, 0).
    Image("docker.io/library/httpd", ("latest", "2.4", "2.4.62"), 58_100_000, (2.0, 4.0), sigterm_exit_code=0,
          cmd=("httpd-foreground",), env=(("PATH", "/usr/local/apache2/bin:" + DEFAULT_PATH),
                                          ("HTTPD_VERSION", "2.4.62")),
          files=(("/usr/local/apache2/htdocs/index.html", "<html><body><h1>It works!</h1></body></html>\n"),),
          tools=DEBIAN_TOOLS, server=("httpd-foreground", "httpd"), workdir="/usr/local/apache2",
          summary="Apache httpd 2.4 on 80 serving /usr/local/apache2/htdocs (`It works!`)"),
    # docker-library/python: `CMD ["python3"]`, which exits at once without a terminal.
    Image("docker.io/library/python", ("3.12-slim", "3.13-slim", "3.12", "3.13", "latest"), 41_300_000, (2.0, 4.0),
          exits_on_sigterm=False, cmd=("python3",), env=(("PATH", DEFAULT_PATH), ("PYTHON_VERSION", "3.13.1")),
          tools=(*DEBIAN_TOOLS, "python3", "python"),
          summary="Debian with Python's image layout: a general-purpose shell (no interpreter is simulated)"),
    # The kind node image's own (kind v0.26, Kubernetes v1.32): distroless, no shell.
    Image("registry.k8s.io/etcd", ("3.5.16-0",), 57_680_541, preloaded=True, ports=(2379, 2381)),
    Image("registry.k8s.io/kube-apiserver", ("v1.32.0",), 97_092_283, preloaded=True, ports=(6443,)),
    Image("registry.k8s.io/kube-controller-manager", ("v1.32.0",), 89_753_426, preloaded=True,
          ports=(10257,)),
    Image("registry.k8s.io/kube-scheduler", ("v1.32.0",), 69_588_016, preloaded=True, ports=(10259,)),
    Image("registry.k8s.io/kube-proxy", ("v1.32.0",), 95_270_345, preloaded=True),
    Image("registry.k8s.io/coredns/coredns", ("v1.11.3",), 18_562_039, preloaded=True,
          sigterm_seconds=(5.0, 5.0), sigterm_exit_code=0, ports=(53, 8080, 8181, 9153)),
    Image("registry.k8s.io/pause", ("3.10",), 320_368, preloaded=True),
    Image("docker.io/kindest/kindnetd", ("v20241108-5c6d2daf",), 39_008_320, preloaded=True),
    Image("docker.io/kindest/local-path-provisioner", ("v20241108-5c6d2daf",), 22_541_737, preloaded=True),
    Image("docker.io/kindest/local-path-helper", ("v20241108-5c6d2daf",), 3_084_671, preloaded=True),
)

FORTUNE_FILES = {"latest": FORTUNELOOP_CH6, "args": FORTUNELOOP.format(interval="INTERVAL=$1\n"),
                 "env": FORTUNELOOP.format(interval="")}
FORTUNE_CMD = {"args": ("10",)}


def files_of(image: Image, tag: str) -> tuple[tuple[str, str], ...]:
    """The image's files; luksa/fortune's tags ship different fortuneloop.sh scripts."""
    if image.repository == "docker.io/luksa/fortune":
        return (("/bin/fortuneloop.sh", FORTUNE_FILES.get(tag, FORTUNELOOP_CH6)),)
    return image.files


def cmd_of(image: Image, tag: str) -> tuple[str, ...]:
    if image.repository == "docker.io/luksa/fortune":
        return FORTUNE_CMD.get(tag, ())
    return image.cmd


def argv(image: Image, tag: str, command: list[str] | None, args: list[str] | None) -> list[str]:
    """The process the container runs (pkg/kubelet/kuberuntime/kuberuntime_container.go and
    the runtime's merge with the image config): `command` replaces the entrypoint and drops
    the image's cmd; `args` replace the cmd."""
    if command:
        return [*command, *(args or ())]
    return [*image.entrypoint, *(args if args else cmd_of(image, tag))]


_BY_REPOSITORY: dict[str, list[Image]] = {}
for _image in CATALOGUE:
    _BY_REPOSITORY.setdefault(_image.repository, []).append(_image)


@dataclass(frozen=True)
class Reference:
    """A parsed image reference: `nginx` -> docker.io/library/nginx, tag latest."""

    repository: str
    tag: str
    digest: str = ""

    @property
    def name(self) -> str:
        """What containerd reports as the container's image: docker.io/library/nginx:latest."""
        return f"{self.repository}@{self.digest}" if self.digest else f"{self.repository}:{self.tag}"


def parse(ref: str) -> Reference:
    """Normalize as ParseNormalizedNamed does: a first path part with a '.' or ':' (or
    `localhost`) is a registry; otherwise the registry is docker.io, and a one-part name is
    an official image under library/. No tag means `latest`."""
    name, _, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = ""
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    first = name.split("/", 1)[0]
    if first == DOCKER_HUB and name.count("/") == 1:
        repository = f"{DOCKER_HUB}/library/{name.split('/', 1)[1]}"  # docker.io/redis
    elif "/" in name and ("." in first or ":" in first or first == "localhost"):
        repository = name
    elif "/" in name:
        repository = f"{DOCKER_HUB}/{name}"
    else:
        repository = f"{DOCKER_HUB}/library/{name}"
    return Reference(repository, tag or ("" if digest else "latest"), digest)


def familiar(repository: str, tag: str = "") -> str:
    """How people write a reference: `nginx:1.27`, `luksa/kubia`, `registry.k8s.io/pause:3.10`."""
    name = repository.removeprefix(f"{DOCKER_HUB}/").removeprefix("library/")
    return f"{name}:{tag}" if tag else name


def simulated_repository(repository: str) -> bool:
    return repository in _BY_REPOSITORY


def simulated_tags(repository: str) -> list[str]:
    """Every tag of a repository the catalogue holds, in catalogue order."""
    return [tag for image in _BY_REPOSITORY.get(repository, ()) for tag in image.tags]


@dataclass(frozen=True)
class Listed:
    """One simulated repository as `kubecourse.images()` and `%cluster images` list it."""

    repository: str
    """As people write it: nginx, luksa/kubia, registry.k8s.io/nginx-slim."""
    tags: tuple[str, ...]
    summary: str
    """What it runs, in one line."""


def listing() -> list[Listed]:
    """The catalogue a learner can pull from, one row per repository in catalogue order
    (the kind node image's own components left out: they are there, not for lessons)."""
    rows: list[Listed] = []
    for repository, entries in _BY_REPOSITORY.items():
        if entries[0].preloaded:
            continue
        summaries = dict.fromkeys(e.summary for e in entries if e.summary)
        rows.append(Listed(familiar(repository), tuple(t for e in entries for t in e.tags), "; ".join(summaries)))
    return rows


def lookup(ref: Reference) -> Image | None:
    """The catalogue entry for a reference, or None when the registry has no such image."""
    candidates = _BY_REPOSITORY.get(ref.repository, [])
    if ref.digest:
        return candidates[0] if candidates else None
    return next((image for image in candidates if ref.tag in image.tags), None)


def digest(ref: Reference) -> str:
    """The image's content digest: computed from its name, so it is the same everywhere."""
    return ref.digest or "sha256:" + hashlib.sha256(ref.name.encode()).hexdigest()


def image_id(ref: Reference, image: Image) -> str:
    """containerStatuses[].imageID: `docker.io/library/nginx@sha256:...` for a pulled image,
    the bare `sha256:...` for one imported into the node image."""
    return digest(ref) if image.preloaded else f"{ref.repository}@{digest(ref)}"


DOCKER_HUB_KEYS = ("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io")


def authorized(image: Image, auths: list[dict]) -> bool:
    """Whether one of the pod's registry credentials (the `auths` of its imagePullSecrets'
    .dockerconfigjson) opens a private repository (pkg/credentialprovider keyring lookup)."""
    if image.credentials is None:
        return True
    registry = image.repository.split("/", 1)[0]
    keys = DOCKER_HUB_KEYS if registry == DOCKER_HUB else (registry, f"https://{registry}")
    for entries in auths:
        for key, entry in entries.items():
            if key.rstrip("/") in (k.rstrip("/") for k in keys) and isinstance(entry, dict):
                user, password = entry.get("username"), entry.get("password")
                if user is None and isinstance(entry.get("auth"), str):
                    user, _, password = base64.b64decode(entry["auth"]).decode(errors="replace").partition(":")
                if (user, password) == image.credentials:
                    return True
    return False
