"""Network clients inside containers: curl, wget, nslookup, dig, host.

They reach Services and pods through kubecourse.network as the pod they run in. Texts:
curl 8 (lib/strerror.c, src/tool_operate.c: `curl: (6) Could not resolve host: x`,
`curl: (7) Failed to connect to x port 80 after 0 ms: Couldn't connect to server`,
`curl: (22) The requested URL returned error: 500`, `curl: (28) ...`), BusyBox wget
(networking/wget.c: `wget: bad address 'x'`, `wget: can't connect to remote host (ip):
Connection refused`, `wget: server returned error: HTTP/1.1 500 Internal Server Error`),
BusyBox (networking/nslookup.c) and BIND nslookup, dig's answer sections. In a session
with no network (an exec probe's) each fails at once: `curl: network is unreachable`.
"""

from __future__ import annotations

import functools
import re
from http import HTTPStatus

from kubecourse.network import Unreachable, dns
from kubecourse.shell.command import name_of
from kubecourse.shell.machine import Call, Program
from kubecourse.shell.process import TimeUp
from kubecourse.userland.apps import Response, http_date

CURL_VERSION = "8.11.1"


def networked(client: Program) -> Program:
    """A client that fails at once in a session without a network."""

    @functools.wraps(client)
    def program(c: Call) -> int:
        if c.session.net is None:
            c.err(f"{name_of(c.argv[0])}: network is unreachable\n")
            return 1
        return client(c)

    return program


def _url(raw: str) -> tuple[str, int, str]:
    match = re.match(r"(?:(https?)://)?([^/:?#]+)(?::(\d+))?(.*)", raw)
    scheme, host, port, path = match.groups()
    default = 443 if scheme == "https" else 80
    return host, int(port) if port else default, path or "/"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _headers(response: Response, now) -> list[tuple[str, str]]:
    """node's http server sends Date, Connection and chunked encoding when the app set none."""
    if response.headers:
        return list(response.headers)
    return [("Date", http_date(now)), ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")]


@networked
def curl(c: Call) -> int:
    args = c.argv[1:]
    opts = {"silent": False, "show": False, "include": False, "head": False, "fail": False, "method": "",
            "data": None, "output": None, "write": None, "timeout": None, "insecure": False, "verbose": False}
    headers: list[tuple[str, str]] = []
    urls = []
    i = 0
    while i < len(args):
        arg = args[i]
        value = args[i + 1] if i + 1 < len(args) else ""
        if arg in ("-H", "--header"):
            name, _, text = value.partition(":")
            headers.append((name.strip(), text.strip()))
            i += 2
            continue
        if arg in ("-X", "--request"):
            opts["method"] = value
        elif arg in ("-d", "--data", "--data-binary", "--data-raw"):
            opts["data"] = value
        elif arg in ("-o", "--output"):
            opts["output"] = value
        elif arg in ("-w", "--write-out"):
            opts["write"] = value
        elif arg in ("-m", "--max-time", "--connect-timeout"):
            opts["timeout"] = value
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 1:
            for flag in arg[1:]:
                key = {"s": "silent", "S": "show", "i": "include", "I": "head", "f": "fail", "k": "insecure",
                       "v": "verbose"}.get(flag)
                if key:
                    opts[key] = True
            i += 1
            continue
        elif arg in ("--silent", "--include", "--head", "--fail", "--show-error", "--insecure", "--verbose"):
            opts[{"--show-error": "show"}.get(arg, arg[2:])] = True
            i += 1
            continue
        elif arg.startswith("-"):
            i += 1
            continue
        else:
            urls.append(arg)
            i += 1
            continue
        i += 2
    if not urls:
        c.err("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    status = 0
    for url in urls:
        status = _curl_one(c, url, opts, headers)
    return status


CURL_ERRORS = {"resolve": 6, "refused": 7, "timeout": 28, "plaintext": 35, "untrusted": 60}
SSL_CERTS_ADVICE = ("More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy "
                    "of the server and therefore could not\nestablish a secure connection to it. To learn more about "
                    "this situation and\nhow to fix it, please visit the webpage mentioned above.\n")


def _verify_result(handshake) -> str:
    """OpenSSL's verify error for a certificate no CA in the bundle signed."""
    cert = handshake.keypair.certificate
    return "self-signed certificate" if cert.issuer == cert.subject else "unable to get local issuer certificate"


TLS13_HANDSHAKE = ("TLSv1.3 (IN), TLS handshake, Server hello (2):",
                   "TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):",
                   "TLSv1.3 (IN), TLS handshake, Certificate (11):", "TLSv1.3 (IN), TLS handshake, CERT verify (15):",
                   "TLSv1.3 (IN), TLS handshake, Finished (20):",
                   "TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):",
                   "TLSv1.3 (OUT), TLS handshake, Finished (20):",
                   "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / x25519 / RSASSA-PSS")
TLS12_HANDSHAKE = ("TLSv1.3 (IN), TLS handshake, Server hello (2):", "TLSv1.2 (IN), TLS handshake, Certificate (11):",
                   "TLSv1.2 (IN), TLS handshake, Server key exchange (12):",
                   "TLSv1.2 (IN), TLS handshake, Server finished (14):",
                   "TLSv1.2 (OUT), TLS handshake, Client key exchange (16):",
                   "TLSv1.2 (OUT), TLS change cipher, Change cipher spec (1):",
                   "TLSv1.2 (OUT), TLS handshake, Finished (20):", "TLSv1.2 (IN), TLS handshake, Finished (20):",
                   "SSL connection using TLSv1.2 / ECDHE-RSA-AES256-GCM-SHA384 / x25519 / RSASSA-PSS")


def _tls_verbose(handshake, insecure: bool) -> str:
    """curl -v's lines for an OpenSSL 3 handshake (lib/vtls/openssl.c): the protocol the
    server's ssl_protocols allow, then the server certificate and, with -k, why it was not
    verified."""
    cert = handshake.keypair.certificate
    lines = ["ALPN: curl offers h2,http/1.1", "TLSv1.3 (OUT), TLS handshake, Client hello (1):",
             *(TLS13_HANDSHAKE if handshake.protocol == "TLSv1.3" else TLS12_HANDSHAKE),
             "ALPN: server accepted http/1.1", "Server certificate:",
             f" subject: {cert.subject.rfc4514_string()}",
             f" start date: {cert.not_valid_before_utc:%b %e %H:%M:%S %Y} GMT",
             f" expire date: {cert.not_valid_after_utc:%b %e %H:%M:%S %Y} GMT",
             f" issuer: {cert.issuer.rfc4514_string()}"]
    if insecure:
        result = _verify_result(handshake)
        code = 18 if result == "self-signed certificate" else 20  # X509_V_ERR_* of OpenSSL's x509_vfy.h
        lines.append(f" SSL certificate verify result: {result} ({code}), continuing anyway.")
    return "".join(f"* {line}\n" for line in lines)


def _curl_one(c: Call, url: str, opts: dict, headers: list[tuple[str, str]]) -> int:
    host, port, path = _url(url)
    secure = url.startswith("https://")
    method = opts["method"] or ("HEAD" if opts["head"] else "POST" if opts["data"] is not None else "GET")
    quiet_errors = opts["silent"] and not opts["show"]
    sent = (("Host", host if port == (443 if secure else 80) else f"{host}:{port}"),
            ("User-Agent", f"curl/{CURL_VERSION}"), ("Accept", "*/*"), *headers)
    loopback = host in ("localhost", "127.0.0.1")
    try:
        response, ip = c.session.net.request(source=c.host.ip, namespace=c.host.namespace, host=host, port=port,
                                             method=method, path=path, headers=sent, body=opts["data"] or "",
                                             tls=secure, insecure=opts["insecure"])
    except Unreachable as e:
        if opts["verbose"] and e.kind in ("plaintext", "untrusted"):
            shown = "127.0.0.1" if loopback else e.ip
            c.err(f"*   Trying {shown}:{port}...\n* Connected to {host} ({shown}) port {port}\n")
            if e.certificate is not None:
                c.err(_tls_verbose(e.certificate, False))
        if not quiet_errors:
            c.err({"resolve": f"curl: (6) Could not resolve host: {host}\n",
                   "refused": f"curl: (7) Failed to connect to {host} port {port} after 0 ms: "
                              "Couldn't connect to server\n",
                   "timeout": f"curl: (28) Failed to connect to {host} port {port} after 130000 ms: "
                              "Couldn't connect to server\n",
                   "plaintext": "curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number\n",
                   "untrusted": f"curl: (60) SSL certificate problem: "
                                f"{_verify_result(e.certificate) if e.certificate else ''}\n{SSL_CERTS_ADVICE}",
                   }[e.kind])
        if opts["write"]:
            c.out(_write_out(opts["write"], 0))
        return CURL_ERRORS[e.kind]
    if opts["verbose"]:
        shown = "127.0.0.1" if loopback else ip
        c.err(f"*   Trying {shown}:{port}...\n* Connected to {host} ({shown}) port {port}\n")
        if response.certificate is not None:
            c.err(_tls_verbose(response.certificate, opts["insecure"]))
        c.err("* using HTTP/1.x\n" + "".join(f"> {line}\n" for line in (
            f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in sent), "")) + "* Request completely sent off\n")
    if response.seconds:
        limit = _seconds(opts["timeout"])
        waited = min(response.seconds, limit) if limit is not None else response.seconds
        if not c.session.sleep(waited):
            raise TimeUp
        if limit is not None and response.seconds > limit:
            if not quiet_errors:
                c.err(f"curl: (28) Operation timed out after {round(limit * 1000)} milliseconds with 0 bytes "
                      "received\n")
            return 28
    if response.status == 0:
        if not quiet_errors:
            c.err("curl: (52) Empty reply from server\n")
        return 52
    if opts["fail"] and response.status >= 400:
        if not quiet_errors:
            c.err(f"curl: (22) The requested URL returned error: {response.status}\n")
        return 22
    head = f"HTTP/1.1 {response.status} {_reason(response.status)}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in _headers(response, c.host.now)) + "\r\n"
    if opts["verbose"]:
        c.err("".join(f"< {line}\n" for line in head.split("\r\n")[:-1]) +
              f"* Connection #0 to host {host} left intact\n")
    text = head if method == "HEAD" else (head if opts["include"] else "") + response.body
    if opts["output"] and opts["output"] != "-":
        if opts["output"] != "/dev/null":
            c.host.fs.write(opts["output"], text, now=c.host.now)
    else:
        c.out(text)
    if not opts["silent"] and opts["output"] not in (None, "-"):
        size = len(response.body.encode())
        c.err("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
              "                                 Dload  Upload   Total   Spent    Left  Speed\n"
              f"100 {size:>5}  100 {size:>5}    0     0   {size * 200:>5}      0 --:--:-- --:--:-- --:--:-- "
              f"{size * 200:>5}\n")
    if opts["write"]:
        c.out(_write_out(opts["write"], response.status))
    return 0


def _seconds(value: str | None) -> float | None:
    """curl's --max-time: seconds, decimals allowed."""
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _write_out(fmt: str, status: int) -> str:
    return fmt.replace("%{http_code}", f"{status:03d}").replace("\\n", "\n")


@networked
def wget(c: Call) -> int:
    args = c.argv[1:]
    quiet = any(a in ("-q", "-qO-", "-qO", "--quiet") or (a.startswith("-q") and len(a) > 2) for a in args)
    output = None
    spider = "--spider" in args
    urls = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-O", "-qO"):
            output = args[i + 1] if i + 1 < len(args) else None
            i += 2
            continue
        if arg.startswith("-qO") or arg.startswith("-O"):
            output = arg.split("O", 1)[1]
        elif arg in ("-T", "--timeout"):
            i += 2
            continue
        elif not arg.startswith("-"):
            urls.append(arg)
        i += 1
    if not urls:
        c.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] "
              "[-O FILE] [-o LOGFILE] [--header STR]\n")
        return 1
    host, port, path = _url(urls[0])
    resolved = c.session.net.resolve(host, c.host.namespace)
    if resolved is None:
        c.err(f"wget: bad address '{host}'\n")
        return 1
    ip = resolved[1][0]
    if not quiet:
        c.err(f"Connecting to {host}{'' if port == 80 else f':{port}'} ({ip}:{port})\n")
    try:
        response, _ = c.session.net.request(source=c.host.ip, namespace=c.host.namespace, host=host, port=port,
                                            path=path, headers=(("User-Agent", "Wget"),))
    except Unreachable as e:
        c.err(f"wget: can't connect to remote host ({ip}): Connection refused\n" if e.kind == "refused" else
              "wget: download timed out\n")
        return 1
    if response.seconds and not c.session.sleep(response.seconds):
        raise TimeUp
    if response.status >= 400 or response.status == 0:
        c.err(f"wget: server returned error: HTTP/1.1 {response.status} {_reason(response.status)}\n")
        return 1
    if spider:
        if not quiet:
            c.err("remote file exists\n")
        return 0
    if output == "-":
        if not quiet:
            c.err("writing to stdout\n")
        c.out(response.body)
        if not quiet:
            size = len(response.body.encode())
            c.err(f"-                    100% |********************************| {size:>4}  0:00:00 ETA\n"
                  "written to stdout\n")
        return 0
    target = output or (path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
    if not quiet:
        c.err(f"saving to '{target}'\n")
    c.host.fs.write(target, response.body, now=c.host.now)
    if not quiet:
        c.err(f"{target:<20} 100% |********************************| {len(response.body.encode()):>4}  "
              f"0:00:00 ETA\n'{target}' saved\n")
    return 0


QUERY_TYPE = re.compile(r"-(?:type|query|querytype|q|t)=(\w+)", re.I)


@networked
def nslookup(c: Call) -> int:
    """BIND's nslookup (bin/dig/nslookup.c) or BusyBox 1.36's (networking/nslookup.c): A
    queries walk the search list, a CNAME (an ExternalName Service) shows as `canonical name =`
    before its target's addresses; `-type=SRV` asks for the name as given and prints
    `service = priority weight port target`; BIND ends names with a dot, BusyBox does not."""
    names = [a for a in c.argv[1:] if not a.startswith("-")]
    if not names:
        c.err("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n")
        return 1
    name = names[0]
    if c.host.image.legacy_nslookup:
        return _nslookup_libc(c, name)
    qtype = next((m.group(1).upper() for a in c.argv[1:] if (m := QUERY_TYPE.fullmatch(a))), "A")
    busybox, api = c.busybox, c.session.net.api
    dot = "" if busybox else "."
    c.out(f"Server:\t\t{dns.NAMESERVER}\nAddress:\t{dns.NAMESERVER}{':' if busybox else '#'}53\n\n")
    if qtype == "SRV":
        fqdn = name.rstrip(".")
        records = dns.lookup_srv(api, fqdn)
        if not records:
            c.out(f"** server can't find {fqdn}: NXDOMAIN\n\n")
            return 1
        c.out("".join(f"{fqdn}\tservice = {r.priority} {r.weight} {r.port} {r.target}{dot}\n" for r in records) + "\n")
        return 0
    if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        c.out(f"Name:\t{name}\nAddress: {name}\n\n")
        return 0
    for fqdn in dns.candidates(name, c.host.namespace):
        cname = dns.lookup_cname(api, fqdn)
        addresses = dns.lookup_a(api, fqdn)
        if cname:
            c.out(f"{fqdn}\tcanonical name = {cname}{dot}\n")
            if qtype == "A":
                c.out("".join(f"Name:\t{cname}\nAddress: {address}\n" for address in addresses or ()))
            c.out("\n")
            return 0
        if addresses and qtype == "A":
            c.out("".join(f"Name:\t{fqdn}\nAddress: {address}\n" for address in addresses) + "\n")
            return 0
        if addresses is not None and qtype != "A":
            c.out(f"*** Can't find {fqdn}: No answer\n\n")
            return 0
    c.out(f"** server can't find {name}: NXDOMAIN\n\n")
    return 1


def _nslookup_libc(c: Call, name: str) -> int:
    """BusyBox 1.28's nslookup (networking/nslookup.c print_host): the server, then the name
    as given, each address numbered with its reverse name when it has one; a name libc's
    resolver cannot find is `can't resolve` on stderr, exit 1."""
    api = c.session.net.api

    def addresses(header: str, shown: str, ips: list[str]) -> str:
        lines = [f"{header:<10} {shown}\n"]
        for i, ip in enumerate(ips, 1):
            reverse = dns.lookup_ptr(api, ip)
            lines.append(f"Address {i}: {ip}{' ' + reverse if reverse else ''}\n")
        return "".join(lines) + "\n"

    c.out(addresses("Server:", dns.NAMESERVER, [dns.NAMESERVER]))
    resolved = c.session.net.resolve(name, c.host.namespace)
    if resolved is None:
        c.err(f"nslookup: can't resolve '{name}'\n")
        c.out("\n")
        return 1
    c.out(addresses("Name:", name, resolved[1]))
    return 0


@networked
def redis_cli(c: Call) -> int:
    """redis-cli without a terminal (-h HOST, -p PORT, then one command): the reply raw, as
    scripts see it (`PONG`, `OK`, a value, an empty line for nil); an error reply goes to
    stdout too and exits 1 (redis-cli.c cliFormatReplyRaw)."""
    args, host, port = c.argv[1:], "127.0.0.1", 6379
    while len(args) >= 2 and args[0] in ("-h", "-p"):
        if args[0] == "-h":
            host = args[1]
        elif args[1].isdigit():
            port = int(args[1])
        args = args[2:]
    if not args:
        return 0  # the interactive prompt reads stdin, which holds nothing
    try:
        response, _ = c.session.net.request(source=c.host.ip, namespace=c.host.namespace, host=host, port=port,
                                            method="RESP", body="\n".join(args))
    except Unreachable:
        c.err(f"Could not connect to Redis at {host}:{port}: Connection refused\n")
        return 1
    c.out(response.body + "\n")
    return 0 if response.status == 200 else 1


@networked
def dig(c: Call) -> int:
    args = [a for a in c.argv[1:] if not a.startswith("@")]
    short = "+short" in args
    words = [a for a in args if not a.startswith("+")]
    qtype = "A"
    for word in list(words):
        if word.upper() in ("A", "SRV", "CNAME"):
            qtype = word.upper()
            words.remove(word)
    if not words:
        return 0
    name = words[0].rstrip(".")
    answers: list[str] = []
    additional: list[str] = []
    if qtype == "SRV":
        records = dns.lookup_srv(c.session.net.api, name) or []
        for r in records:
            answers.append(f"{name}.\t30\tIN\tSRV\t{r.priority} {r.weight} {r.port} {r.target}.")
            for ip in dns.lookup_a(c.session.net.api, r.target) or ():
                additional.append(f"{r.target}.\t30\tIN\tA\t{ip}")
        short_lines = [f"{r.priority} {r.weight} {r.port} {r.target}." for r in records]
    else:
        cname = dns.lookup_cname(c.session.net.api, name)
        ips = (dns.lookup_a(c.session.net.api, name) or []) if qtype == "A" else []
        answers = [f"{name}.\t30\tIN\tCNAME\t{cname}."] if cname else []
        answers += [f"{cname or name}.\t30\tIN\tA\t{ip}" for ip in ips]
        short_lines = ([f"{cname}."] if cname else []) + ips
    if short:
        c.out("".join(line + "\n" for line in short_lines))
        return 0
    status = "NOERROR" if answers else "NXDOMAIN"
    query = " ".join(c.argv[1:])
    text = (f"\n; <<>> DiG 9.9.5-3ubuntu0.19-Ubuntu <<>> {query}\n;; global options: +cmd\n;; Got answer:\n"
            f";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {c.session.rng.randrange(65536)}\n"
            f";; flags: qr aa rd; QUERY: 1, ANSWER: {len(answers)}, AUTHORITY: 0, ADDITIONAL: {len(additional)}\n"
            ";; WARNING: recursion requested but not available\n\n"
            f";; QUESTION SECTION:\n;{name}.\t\tIN\t{qtype}\n\n")
    if answers:
        text += ";; ANSWER SECTION:\n" + "".join(a + "\n" for a in answers) + "\n"
    if additional:
        text += ";; ADDITIONAL SECTION:\n" + "".join(a + "\n" for a in additional) + "\n"
    now = c.host.now
    text += (f";; Query time: 0 msec\n;; SERVER: {dns.NAMESERVER}#53({dns.NAMESERVER})\n"
             f";; WHEN: {now:%a %b %d %H:%M:%S} UTC {now:%Y}\n;; MSG SIZE  rcvd: {60 + 40 * len(answers)}\n\n")
    c.out(text)
    return 0


@networked
def host(c: Call) -> int:
    names = [a for a in c.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    resolved = c.session.net.resolve(names[0], c.host.namespace)
    if resolved is None:
        c.out(f"Host {names[0]} not found: 3(NXDOMAIN)\n")
        return 1
    for address in resolved[1]:
        c.out(f"{resolved[0]} has address {address}\n")
    return 0


CLIENTS: dict[str, Program] = {"curl": curl, "wget": wget, "nslookup": nslookup, "dig": dig, "host": host,
                               "redis-cli": redis_cli}
