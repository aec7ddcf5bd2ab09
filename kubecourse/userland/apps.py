"""What the servers inside the images do: the book's node.js apps, nginx, the system daemons.

The lowest layer (kubecourse.userland): an app answers a request with the state of its own process
(`proc`: its hostname, files, counters, log) and never calls the API. A client app (the
kubia-pet-peers server asking its peers) is handed the network by its caller.

Each app is a class with no state of its own: what a process remembers (request counts,
nginx's loaded configuration) lives in `proc.state`, which pickles with the cluster.

The texts are the book's sources (luksa/kubernetes-in-action): Chapter04/kubia-unhealthy/
app.js, Chapter09/v1..v4/app.js (kubia:v1..v4; `latest` is Chapter02/kubia/app.js, "You've
hit <hostname>"), Chapter10/kubia-pet-image/app.js and kubia-pet-peers-image/app.js. node
prints the client as an IPv4-mapped IPv6 address (`::ffff:10.244.1.1`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from kubecourse.golang import tls
from kubecourse.userland.fs import Filesystem, FSError


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    client: str  # the peer's IP address as the server sees it
    host: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    port: int = 80  # the port the client connected to
    tls: bool = False  # sent over TLS (https)

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass(frozen=True)
class TLS:
    """What a TLS handshake with a server gets: its certificate and the protocol agreed on
    (the highest of the server's ssl_protocols a current curl speaks)."""

    keypair: tls.KeyPair
    protocol: str = "TLSv1.3"


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0  # how long the handler takes to answer (a client's timeout may run out first)
    certificate: TLS | None = None  # the server's, when the answer came over TLS


class Proc(Protocol):
    """What an app may use of its process (kubecourse.node.container.Instance)."""

    hostname: str
    tag: str
    argv: list[str]
    env: dict[str, str]
    fs: Filesystem
    state: dict[str, Any]
    now: datetime
    started: datetime

    def log(self, line: str) -> None: ...


class Peers(Protocol):
    """The network, as a client app sees it (kubecourse.network.Network)."""

    def srv(self, name: str, source: str) -> list[str] | None: ...

    def get(self, source: str, host: str, port: int, path: str) -> Response | str: ...


class App:
    ports: tuple[int, ...] = ()

    def listening(self, proc: Proc) -> tuple[int, ...]:
        return self.ports

    def start(self, proc: Proc) -> None:
        """What the server prints as it starts."""

    def certificate(self, proc: Proc, port: int) -> TLS | None:
        """What a TLS handshake on this port gets; None: the port speaks plain HTTP."""
        return None

    def refusal(self, proc: Proc) -> str | None:
        """What the server prints on stderr when it cannot start (then it exits 1), or None."""
        return None

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        return Response(404, "")


def _count(proc: Proc) -> int:
    proc.state["requests"] = proc.state.get("requests", 0) + 1
    return proc.state["requests"]


class Kubia(App):
    """luksa/kubia: `You've hit <hostname>` (latest), `This is vN running in pod <hostname>`
    (v1, v2, v4); v3 answers 500 from its 5th request on (`++requestCount >= 5`), probes
    included, which is how the book's rollout of v3 gets stuck."""

    ports = (8080,)

    def start(self, proc: Proc) -> None:
        proc.log("Kubia server starting...")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        proc.log(f"Received request from ::ffff:{req.client}")
        count = _count(proc)
        if proc.tag == "v3" and count >= 5:
            return Response(500, f"Some internal error has occurred! This is pod {proc.hostname}\n")
        if proc.tag in ("v1", "v2", "v3", "v4"):
            return Response(200, f"This is {proc.tag} running in pod {proc.hostname}\n")
        return Response(200, f"You've hit {proc.hostname}\n")


class KubiaUnhealthy(Kubia):
    """luksa/kubia-unhealthy: healthy for 5 requests, then `I'm not well. Please restart me!`
    with status 500 (no newline), so a liveness probe restarts it."""

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        proc.log(f"Received request from ::ffff:{req.client}")
        if _count(proc) > 5:
            return Response(500, "I'm not well. Please restart me!")
        return Response(200, f"You've hit {proc.hostname}\n")


DATA_FILE = "/var/data/kubia.txt"


def _stored(proc: Proc) -> str:
    try:
        return proc.fs.read(DATA_FILE)
    except FSError:
        return "No data posted yet"


def _store(proc: Proc, req: Request) -> bool:
    try:
        proc.fs.write(DATA_FILE, req.body, now=proc.now)
    except FSError:
        return False  # node's createWriteStream emits an error and no response is sent
    return True


class KubiaPet(App):
    """luksa/kubia-pet: POST stores the body in /var/data/kubia.txt; GET shows it."""

    ports = (8080,)

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        if req.method == "POST":
            if not _store(proc, req):
                return Response(0, "")
            proc.log("New data has been received and stored.")
            return Response(200, f"Data stored on pod {proc.hostname}\n")
        return Response(200, f"You've hit {proc.hostname}\nData stored on this pod: {_stored(proc)}\n")


class KubiaPetPeers(App):
    """luksa/kubia-pet-peers: GET / asks cluster DNS for the SRV records of
    kubia.default.svc.cluster.local and GETs /data from each peer."""

    ports = (8080,)
    service = "kubia.default.svc.cluster.local"

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        if req.method == "POST":
            if not _store(proc, req):
                return Response(0, "")
            return Response(200, f"Data stored on pod {proc.hostname}\n")
        if req.path == "/data":
            return Response(200, _stored(proc))
        head = f"You've hit {proc.hostname}\nData stored in the cluster:\n"
        records = net.srv(self.service, proc.state.get("ip", "")) if net is not None else None
        if records is None:
            return Response(200, head + f"Could not look up DNS SRV records: Error: querySrv ENOTFOUND {self.service}")
        if not records:
            return Response(200, head + "No peers discovered.")
        lines = []
        for name in records:
            answer = net.get(proc.state.get("ip", ""), name, 8080, "/data")
            text = answer.body if isinstance(answer, Response) else f"Error: {answer}"
            lines.append(f"- {name}: {text}\n")
        return Response(200, head + "".join(lines))


# --- nginx ---------------------------------------------------------------------------------------

NGINX_VERSION = "1.27.3"


@dataclass(frozen=True)
class Server:
    """One `server {}` block as nginx loaded it."""

    listens: tuple[tuple[int, bool], ...] = ((80, False),)  # (port, ssl) of every `listen`
    names: tuple[str, ...] = ()
    root: str = "/usr/share/nginx/html"
    index: tuple[str, ...] = ("index.html",)
    gzip: bool = False
    gzip_types: tuple[str, ...] = ("text/html",)
    keypair: tls.KeyPair | None = None  # ssl_certificate and ssl_certificate_key, loaded
    protocols: tuple[str, ...] = ("TLSv1.2", "TLSv1.3")  # ssl_protocols
    ssl_error: str = ""  # why the certificate or key did not load: nginx's [emerg] text


def _blocks(text: str) -> list[str]:
    """The bodies of the top-level `server { ... }` blocks of a configuration text."""
    text = re.sub(r"#[^\n]*", "", text)
    bodies, i = [], 0
    for match in re.finditer(r"\bserver\s*\{", text):
        if match.start() < i:
            continue
        depth, j = 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        bodies.append(text[match.end():j - 1])
        i = j
    return bodies


def parse_server(body: str, fs: Filesystem | None = None) -> Server:
    """One server block: the first value of each directive, every `listen` (`443 ssl`), and
    the certificate and key files read at load time (ngx_ssl_certificate)."""
    values: dict[str, list[str]] = {}
    listens: list[tuple[int, bool]] = []
    for statement in body.split(";"):
        words = statement.replace("{", " ").replace("}", " ").split()
        if words and words[0] == "listen" and len(words) > 1 and words[1].split(":")[-1].isdigit():
            listens.append((int(words[1].split(":")[-1]), "ssl" in words[2:]))
        if words and words[0] not in values:
            values[words[0]] = words[1:]
    gzip = values.get("gzip", ["off"])[:1] == ["on"]
    keypair, ssl_error = None, ""
    cert, key = (values.get("ssl_certificate") or [""])[0], (values.get("ssl_certificate_key") or [""])[0]
    if fs is not None and any(ssl for _, ssl in listens):
        keypair, ssl_error = _load_keypair(fs, cert, key)
    return Server(listens=tuple(listens) or ((80, False),), names=tuple(values.get("server_name", ())),
                  root=(values.get("root") or ["/usr/share/nginx/html"])[0],
                  index=tuple(values.get("index") or ("index.html",)), gzip=gzip,
                  gzip_types=("text/html", *values.get("gzip_types", ())), keypair=keypair,
                  protocols=tuple(values.get("ssl_protocols") or ("TLSv1.2", "TLSv1.3")), ssl_error=ssl_error)


def _load_keypair(fs: Filesystem, cert: str, key: str) -> tuple[tls.KeyPair | None, str]:
    """ngx_ssl_certificate with OpenSSL 3: the pair, or nginx's [emerg] text (a relative path
    is relative to the prefix's conf directory, /etc/nginx)."""
    if not cert:
        return None, 'no "ssl_certificate" is defined for the "listen ... ssl" directive'
    paths = {name: posixpath.join("/etc/nginx", name) for name in (cert, key) if name}
    texts = {}
    for name, path in paths.items():
        try:
            texts[name] = fs.read(path).encode()
        except FSError:
            what = "certificate" if name == cert else "certificate key"
            return None, (f'cannot load {what} "{path}": BIO_new_file() failed (SSL: error:80000002:system library::'
                          f"No such file or directory:calling fopen({path}, r) error:10000080:BIO routines::no such "
                          "file)")
    if not key:
        return None, f'no "ssl_certificate_key" is defined for certificate "{paths[cert]}"'
    try:
        return tls.x509_key_pair(texts[cert], texts[key]), ""
    except tls.KeyPairError as e:
        if "does not match" in str(e):
            return None, (f'SSL_CTX_use_PrivateKey("{paths[key]}") failed (SSL: error:05800074:x509 certificate '
                          "routines::key values mismatch)")
        return None, (f'cannot load certificate "{paths[cert]}": PEM_read_bio_X509_AUX() failed (SSL: '
                      "error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)")


def load_config(fs: Filesystem) -> list[Server]:
    """nginx.conf and what it includes (conf.d/*.conf), read now: later edits need a reload."""
    servers: list[Server] = []
    texts = []
    with contextlib.suppress(FSError):
        texts.append(fs.read("/etc/nginx/nginx.conf"))
    try:
        names = fs.listdir("/etc/nginx/conf.d")
    except FSError:
        names = []
    for name in names:
        if name.endswith(".conf"):
            try:
                texts.append(fs.read(f"/etc/nginx/conf.d/{name}"))
            except FSError:
                continue
    for text in texts:
        servers.extend(parse_server(body, fs) for body in _blocks(text))
    return servers or [Server()]


NOT_FOUND_PAGE = ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
                  f"</center>\r\n<hr><center>nginx/{NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n")
PLAIN_HTTP_TO_HTTPS_PAGE = (
    "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
    "<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n"
    f"<hr><center>nginx/{NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n")
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".json": "application/json",
                 ".xml": "text/xml", ".css": "text/css", ".js": "application/javascript"}


class Nginx(App):
    """nginx: serves files from the matching server's root; its configuration is read at
    start and on `nginx -s reload` only."""

    ports = (80,)

    def start(self, proc: Proc) -> None:
        self.reload(proc)
        lines = NGINX_ENTRYPOINT_LOG if self.refusal(proc) else (*NGINX_ENTRYPOINT_LOG, *NGINX_START_LOG)
        for line in lines:
            proc.log(line.replace("{time}", proc.now.strftime("%Y/%m/%d %H:%M:%S")))

    def refusal(self, proc: Proc) -> str | None:
        error = next((s.ssl_error for s in proc.state.get("servers", ()) if s.ssl_error), "")
        if not error:
            return None
        return f"{proc.now:%Y/%m/%d %H:%M:%S} [emerg] 1#1: {error}\nnginx: [emerg] {error}\n"

    def reload(self, proc: Proc) -> None:
        proc.state["servers"] = load_config(proc.fs)

    def listening(self, proc: Proc) -> tuple[int, ...]:
        return tuple(sorted({port for s in proc.state.get("servers", [Server()]) for port, _ in s.listens}))

    def certificate(self, proc: Proc, port: int) -> TLS | None:
        ssl = [s for s in proc.state.get("servers", ()) if (port, True) in s.listens and s.keypair is not None]
        if not ssl:
            return None
        spoken = [p for p in ("TLSv1.3", "TLSv1.2") if p in ssl[0].protocols]
        return TLS(ssl[0].keypair, spoken[0]) if spoken else None

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        server = self.server_for(proc, req)
        if (req.port, True) in server.listens and not req.tls:
            return Response(400, PLAIN_HTTP_TO_HTTPS_PAGE, (
                ("Server", f"nginx/{NGINX_VERSION}"), ("Date", http_date(proc.now)), ("Content-Type", "text/html"),
                ("Content-Length", str(len(PLAIN_HTTP_TO_HTTPS_PAGE))), ("Connection", "close")))
        path = req.path.split("?", 1)[0]
        if path.endswith("/"):
            path += server.index[0]
        try:
            body = proc.fs.read(posixpath.join(server.root, path.lstrip("/")))
            status = 200
        except FSError:
            body, status = NOT_FOUND_PAGE, 404
        kind = CONTENT_TYPES.get(posixpath.splitext(path)[1], "application/octet-stream") if status == 200 else "text/html"
        headers = [("Server", f"nginx/{NGINX_VERSION}"), ("Date", http_date(proc.now)), ("Content-Type", kind)]
        if server.gzip and "gzip" in req.header("Accept-Encoding") and kind in server.gzip_types:
            headers += [("Connection", "keep-alive"), ("Content-Encoding", "gzip")]
        else:
            headers += [("Content-Length", str(len(body.encode()))), ("Connection", "keep-alive")]
        agent = req.header("User-Agent") or "-"
        proc.log(f'{req.client} - - [{proc.now.strftime("%d/%b/%Y:%H:%M:%S +0000")}] "{req.method} {req.path} '
                 f'HTTP/1.1" {status} {len(body.encode())} "-" "{agent}" "-"')
        return Response(status, body, tuple(headers))

    def server_for(self, proc: Proc, req: Request) -> Server:
        """The server listening on the request's port whose server_name matches its Host,
        else the first listening on that port (the default server)."""
        servers = proc.state.get("servers") or [Server()]
        on_port = [s for s in servers if any(port == req.port for port, _ in s.listens)] or servers
        host = req.host.split(":")[0]
        return next((s for s in on_port if host in s.names), on_port[0])


def http_date(now: datetime) -> str:
    return now.strftime("%a, %d %b %Y %H:%M:%S GMT")


NGINX_ENTRYPOINT_LOG = (
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
)
NGINX_START_LOG = (
    '{time} [notice] 1#1: using the "epoll" event method',
    f"{{time}} [notice] 1#1: nginx/{NGINX_VERSION}",
    "{time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
    "{time} [notice] 1#1: OS: Linux 6.1.0-27-amd64",
    "{time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
    "{time} [notice] 1#1: start worker processes",
    "{time} [notice] 1#1: start worker process 29",
    "{time} [notice] 1#1: start worker process 30",
)


class HttpBin(App):
    """kennethreitz/httpbin (httpbin/core.py): `/delay/N` answers after N seconds (at most
    10), `/status/CODE` with that status, `/get`, `/headers` and `/ip` echo the request as
    JSON. The one image whose handler is slow on purpose: probe and curl timeouts need it."""

    ports = (80,)

    def start(self, proc: Proc) -> None:
        stamp = proc.now.strftime("[%Y-%m-%d %H:%M:%S +0000]")
        for line in ("[1] [INFO] Starting gunicorn 19.9.0", "[1] [INFO] Listening at: http://0.0.0.0:80 (1)",
                     "[1] [INFO] Using worker: gevent", "[8] [INFO] Booting worker with pid: 8"):
            proc.log(f"{stamp} {line}")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        path = req.path.split("?", 1)[0]
        echoed = {"args": {}, "headers": {k.title(): v for k, v in req.headers}, "origin": req.client,
                  "url": f"http://{req.host}{req.path}"}
        json_headers = (("Server", "gunicorn/19.9.0"), ("Date", http_date(proc.now)),
                        ("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*"),
                        ("Access-Control-Allow-Credentials", "true"))
        if match := re.fullmatch(r"/delay/(\d+(?:\.\d+)?)", path):
            body = {**echoed, "data": "", "files": {}, "form": {}}
            return Response(200, _json(body), json_headers, seconds=min(float(match.group(1)), 10.0))
        if match := re.fullmatch(r"/status/(\d{3})", path):
            return Response(int(match.group(1)), "", (("Server", "gunicorn/19.9.0"), ("Date", http_date(proc.now))))
        if path in ("/get", "/headers", "/ip"):
            shown = {"/get": echoed, "/headers": {"headers": echoed["headers"]}, "/ip": {"origin": req.client}}[path]
            return Response(200, _json(shown), json_headers)
        return Response(404, FLASK_NOT_FOUND, (("Server", "gunicorn/19.9.0"), ("Date", http_date(proc.now)),
                                               ("Content-Type", "text/html")))


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True) + "\n"


FLASK_NOT_FOUND = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n'
                   "<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL "
                   "manually please check your spelling and try again.</p>\n")


class Daemon(App):
    """A system component (CoreDNS, etcd...): listens on its image's ports, and its health
    endpoints answer `OK`."""

    def listening(self, proc: Proc) -> tuple[int, ...]:
        return proc.state.get("ports", ())

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        return Response(200, "OK" if req.path in ("/health", "/ready") else "ok")


# --- the kubernetes.io tutorials' servers ----------------------------------------------------------


def _js_date(when: datetime) -> str:
    """node's console.log of a Date: ISO 8601 with milliseconds."""
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _js_seconds(proc: Proc) -> str:
    """`(new Date() - startTime)/1000` as console.log prints a number: milliseconds, no
    trailing zeros."""
    millis = int((proc.now - proc.started).total_seconds() * 1000)
    return str(millis // 1000) if millis % 1000 == 0 else repr(millis / 1000)


def _go_log(proc: Proc, line: str) -> None:
    """Go's log.Printf: `2025/01/01 00:00:05 <line>`."""
    proc.log(f"{proc.now:%Y/%m/%d %H:%M:%S} {line}")


def _klog(proc: Proc, line: str) -> None:
    """Go's log as agnhost routes it through klog (k8s.io/component-base/logs InitLogs): the
    klog header `I0101 00:00:05.000000       1 log.go:195] `, as `kubectl logs` shows it in
    the Hello Minikube tutorial."""
    proc.log(f"I{proc.now:%m%d %H:%M:%S}.{proc.now.microsecond:06d}       1 log.go:195] {line}")


def _flag(proc: Proc, name: str, default: str) -> str:
    """A Go flag's value from the process's argv: `--name=value`, `-name=value`, `--name value`."""
    words = proc.argv
    for i, word in enumerate(words):
        for prefix in (f"--{name}=", f"-{name}="):
            if word.startswith(prefix):
                return word[len(prefix):]
        if word in (f"--{name}", f"-{name}") and i + 1 < len(words):
            return words[i + 1]
    return default


def _text(proc: Proc, body: str, status: int = 200) -> Response:
    """A Go net/http answer: Date, Content-Length and the sniffed Content-Type."""
    return Response(status, body, (("Date", http_date(proc.now)), ("Content-Length", str(len(body.encode()))),
                                   ("Content-Type", "text/plain; charset=utf-8")))


class Bootcamp(App):
    """kubernetes-bootcamp (the "Learn Kubernetes Basics" app, its server.js): on 8080,
    `Hello Kubernetes bootcamp! | Running on: <hostname> | v=N`; it logs its start and every
    request with the request count and its uptime."""

    ports = (8080,)

    def start(self, proc: Proc) -> None:
        proc.log(f"Kubernetes Bootcamp App Started At: {_js_date(proc.now)} | Running On:  {proc.hostname} \n")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        proc.log(f"Running On: {proc.hostname} | Total Requests: {_count(proc)} | App Uptime: {_js_seconds(proc)} seconds | "
                 f"Log Time: {_js_date(proc.now)}")
        version = proc.tag.removeprefix("v")
        return Response(200, f"Hello Kubernetes bootcamp! | Running on: {proc.hostname} | v={version}\n",
                        (("Content-Type", "text/plain"), ("Date", http_date(proc.now)), ("Connection", "keep-alive"),
                         ("Transfer-Encoding", "chunked")))


class Agnhost(App):
    """registry.k8s.io/e2e-test-images/agnhost (kubernetes/kubernetes test/images/agnhost):
    `netexec` serves HTTP on --http-port (8080) with `/` (`NOW: <time>`), `/hostname`,
    `/echo?msg=`, `/clientip` and `/healthz` (netexec/netexec.go); `serve-hostname` answers
    its hostname on --port (9376, serve-hostname/serve_hostname.go); other subcommands
    (`pause`) serve nothing."""

    def _subcommand(self, proc: Proc) -> str:
        return next((w for w in proc.argv[1:] if not w.startswith("-")), "pause")

    def listening(self, proc: Proc) -> tuple[int, ...]:
        sub = self._subcommand(proc)
        if sub == "netexec":
            return (int(_flag(proc, "http-port", "8080")),)
        if sub == "serve-hostname":
            return (int(_flag(proc, "port", "9376")),)
        return ()

    def start(self, proc: Proc) -> None:
        sub = self._subcommand(proc)
        if sub == "netexec":
            _klog(proc, f"Started HTTP server on port {_flag(proc, 'http-port', '8080')}")
            _klog(proc, f"Started UDP server on port  {_flag(proc, 'udp-port', '8081')}")
        elif sub == "serve-hostname":
            _klog(proc, f"Serving on port {_flag(proc, 'port', '9376')}.")
        elif sub == "pause":
            proc.log("Paused")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        if self._subcommand(proc) == "serve-hostname":
            return _text(proc, proc.hostname)
        path, _, query = req.path.partition("?")
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        if path == "/hostname":
            _klog(proc, "GET /hostname")
            return _text(proc, proc.hostname)
        if path == "/clientip":
            _klog(proc, "GET /clientip")
            return _text(proc, f"{req.client}:{40000 + _count(proc)}")
        if path == "/echo":
            msg, code = params.get("msg", ""), params.get("code", "")
            _klog(proc, f"GET /echo?msg={msg}&code={code}")
            return _text(proc, msg, int(code) if code.isdigit() else 200)
        if path == "/healthz":
            _klog(proc, "GET /healthz")
            return _text(proc, "")
        _klog(proc, "GET /")
        return _text(proc, f"NOW: {_go_time(proc)}")


def _go_time(proc: Proc) -> str:
    """Go's time.Now().String(): nanoseconds without trailing zeros, and the monotonic
    reading since the process started (`m=+12.000000001`)."""
    fraction = f"{proc.now.microsecond * 1000:09d}".rstrip("0")
    stamp = proc.now.strftime("%Y-%m-%d %H:%M:%S") + (f".{fraction}" if fraction else "")
    return f"{stamp} +0000 UTC m=+{(proc.now - proc.started).total_seconds():.9f}"


class HelloApp(App):
    """gcr.io/google-samples/hello-app (GoogleCloudPlatform/kubernetes-engine-samples
    quickstarts/hello-app/main.go): `Hello, world!`, its version and hostname, on $PORT
    (8080)."""

    def listening(self, proc: Proc) -> tuple[int, ...]:
        return (int(proc.env.get("PORT", "8080")),)

    def start(self, proc: Proc) -> None:
        _go_log(proc, f"Server listening on port {proc.env.get('PORT', '8080')}")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        _go_log(proc, f"Serving request: {req.path.split('?', 1)[0]}")
        return _text(proc, f"Hello, world!\nVersion: {proc.tag}.0\nHostname: {proc.hostname}\n")


class HttpEcho(App):
    """hashicorp/http-echo: answers its `-text` (and a newline) on `-listen` (:5678)."""

    def listening(self, proc: Proc) -> tuple[int, ...]:
        return (int(_flag(proc, "listen", ":5678").rsplit(":", 1)[-1]),)

    def start(self, proc: Proc) -> None:
        _go_log(proc, f"[INFO] server is listening on {_flag(proc, 'listen', ':5678')}")

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        body = _flag(proc, "text", "") + "\n"
        _go_log(proc, f'{req.host} {req.client}:{40000 + _count(proc)} "{req.method} {req.path} HTTP/1.1" 200 '
                      f'{len(body.encode())} "{req.header("User-Agent")}" 21.3µs')
        return Response(200, body, (("X-App-Name", "http-echo"), ("X-App-Version", "1.0.0"),
                                    ("Date", http_date(proc.now)), ("Content-Length", str(len(body.encode()))),
                                    ("Content-Type", "text/plain; charset=utf-8")))


class EchoServer(App):
    """registry.k8s.io/echoserver:1.10 (kubernetes/ingress-nginx images/echo, nginx with a
    lua template): on 8080, the request as the server saw it."""

    ports = (8080,)

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        pod = ("\tnode name={NODE_NAME}\n\tpod name={POD_NAME}\n\tpod namespace={POD_NAMESPACE}\n\tpod IP={POD_IP}\n"
               .format_map({k: proc.env.get(k, "") for k in ("NODE_NAME", "POD_NAME", "POD_NAMESPACE", "POD_IP")})
               if "POD_NAME" in proc.env else "\t-no pod information available-\n")
        path, _, query = req.path.partition("?")
        headers = "".join(f"\t{k.lower()}={v}\n" for k, v in sorted(req.headers, key=lambda h: h[0].lower()))
        body = (f"\n\nHostname: {proc.hostname}\n\nPod Information:\n{pod}\nServer values:\n"
                "\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n"
                f"\tclient_address={req.client}\n\tmethod={req.method}\n\treal path={path}\n\tquery={query}\n"
                f"\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://{req.host.split(':')[0]}:8080"
                f"{req.path}\n\nRequest Headers:\n{headers}\nRequest Body:\n"
                f"{req.body if req.body else chr(9) + '-no body in request-'}\n\n")
        proc.log(f'{req.client} - - [{proc.now:%d/%b/%Y:%H:%M:%S} +0000] "{req.method} {req.path} HTTP/1.1" 200 '
                 f'{len(body.encode())} "-" "{req.header("User-Agent")}"')
        return Response(200, body, (("Server", "echoserver"), ("Date", http_date(proc.now)),
                                    ("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"),
                                    ("Connection", "keep-alive")))


HTTPD_VERSION = "2.4.62"


class Httpd(App):
    """httpd (Apache, the official image's httpd-foreground): serves /usr/local/apache2/htdocs
    on 80 and writes the common log format to stdout."""

    ports = (80,)
    root = "/usr/local/apache2/htdocs"

    def start(self, proc: Proc) -> None:
        warning = (f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using "
                   f"{proc.state.get('ip', '')}. Set the 'ServerName' directive globally to suppress this message")
        stamp = proc.now.strftime("%a %b %d %H:%M:%S.") + f"{proc.now.microsecond:06d} {proc.now:%Y}"
        for line in (warning, warning,
                     f"[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{HTTPD_VERSION} (Unix) configured "
                     "-- resuming normal operations",
                     f"[{stamp}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"):
            proc.log(line)

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        path = req.path.split("?", 1)[0]
        if path.endswith("/"):
            path += "index.html"
        try:
            body, status = proc.fs.read(posixpath.join(self.root, path.lstrip("/"))), 200
        except FSError:
            body = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
                    "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                    "</body></html>\n")
            status = 404
        proc.log(f'{req.client} - - [{proc.now:%d/%b/%Y:%H:%M:%S} +0000] "{req.method} {req.path} HTTP/1.1" {status} '
                 f"{len(body.encode())}")
        kind = CONTENT_TYPES.get(posixpath.splitext(path)[1], "text/plain") if status == 200 else "text/html"
        return Response(status, body, (("Date", http_date(proc.now)), ("Server", f"Apache/{HTTPD_VERSION} (Unix)"),
                                       ("Content-Length", str(len(body.encode()))), ("Content-Type", kind)))


class Redis(App):
    """redis-server: a key-value store on 6379 that answers the commands redis-cli sends
    (PING, ECHO, SET, GET, DEL, EXISTS, INCR, KEYS, DBSIZE, INFO replication), as RESP replies
    rendered the way redis-cli prints them without a terminal. A `--replicaof HOST PORT`
    server (the guestbook's followers) logs its sync with the leader."""

    ports = (6379,)

    def start(self, proc: Proc) -> None:
        version = proc.env.get("REDIS_VERSION", "7.4.2")
        stamp = f"{proc.now:%d %b %Y %H:%M:%S}.{proc.now.microsecond // 1000:03d}"
        lines = [f"1:C {stamp} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                 f"1:C {stamp} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
                 f"1:C {stamp} # Warning: no config file specified, using the default config. In order to specify a "
                 "config file use redis-server /path/to/redis.conf",
                 f"1:M {stamp} * monotonic clock: POSIX clock_gettime",
                 f"1:M {stamp} * Running mode=standalone, port=6379.",
                 f"1:M {stamp} * Server initialized"]
        leader = self._leader(proc)
        lines.append(f"1:S {stamp} * Connecting to MASTER {leader}:6379" if leader else
                     f"1:M {stamp} * Ready to accept connections" + (" tcp" if version >= "7" else ""))
        for line in lines:
            proc.log(line)

    def _leader(self, proc: Proc) -> str:
        words = " ".join(proc.argv).split()  # also inside `sh -c "redis-server --replicaof ..."`
        for flag in ("--replicaof", "--slaveof"):
            if flag in words and words.index(flag) + 1 < len(words):
                return words[words.index(flag) + 1]
        return ""

    def http(self, proc: Proc, req: Request, net: Peers | None) -> Response:
        """`req.method` is RESP; `req.body` the command's words, one a line."""
        words = req.body.split("\n")
        data: dict[str, str] = proc.state.setdefault("data", {})
        name, args = words[0].upper(), words[1:]
        if name == "PING":
            return Response(200, args[0] if args else "PONG")
        if name == "ECHO" and len(args) == 1:
            return Response(200, args[0])
        if name == "SET" and len(args) >= 2:
            data[args[0]] = args[1]
            return Response(200, "OK")
        if name == "GET" and len(args) == 1:
            return Response(200, data.get(args[0], ""))
        if name in ("DEL", "EXISTS") and args:
            found = [k for k in args if k in data]
            if name == "DEL":
                for key in found:
                    del data[key]
            return Response(200, str(len(found)))
        if name == "INCR" and len(args) == 1:
            value = data.get(args[0], "0")
            if not value.lstrip("-").isdigit():
                return Response(500, "ERR value is not an integer or out of range")
            data[args[0]] = str(int(value) + 1)
            return Response(200, data[args[0]])
        if name == "KEYS" and len(args) == 1:
            return Response(200, "\n".join(k for k in sorted(data) if fnmatch.fnmatchcase(k, args[0])))
        if name == "DBSIZE":
            return Response(200, str(len(data)))
        if name == "INFO":
            leader = self._leader(proc)
            role = f"role:slave\r\nmaster_host:{leader}\r\nmaster_port:6379\r\nmaster_link_status:up" if leader \
                else "role:master\r\nconnected_slaves:0"
            return Response(200, f"# Replication\r\n{role}\r\n")
        shown = " ".join(f"'{w}'" for w in args)
        return Response(500, f"ERR unknown command '{words[0]}', with args beginning with: {shown}")


APPS: dict[str, App] = {"kubia": Kubia(), "kubia-unhealthy": KubiaUnhealthy(), "kubia-pet": KubiaPet(),
                        "kubia-pet-peers": KubiaPetPeers(), "nginx": Nginx(), "httpbin": HttpBin(), "daemon": Daemon(),
                        "bootcamp": Bootcamp(), "agnhost": Agnhost(), "hello-app": HelloApp(),
                        "http-echo": HttpEcho(), "echoserver": EchoServer(), "httpd": Httpd(), "redis": Redis()}
