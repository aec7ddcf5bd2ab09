"""`kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=port[:targetPort]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go (Validate, createService,
parsePorts): label and selector `app=NAME`; each `--tcp` becomes a TCP port named after the
spec with `:` turned into `-` (`80:8080` -> `80-8080`, `80` -> `"80"`); the target port is
a number or a port name; `--node-port` sets nodePort on every port (nodeport only);
`--clusterip=None` makes a headless ClusterIP service and needs no port.
"""

from __future__ import annotations

from typing import Any

from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed

PORT_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def parse_port(spec: str) -> tuple[int, int | str]:
    """`port[:target]` -> (port, targetPort), with the utilnet/validation error texts."""
    parts = spec.split(":")
    if not parts[0].isdigit():
        raise CommandError(f'strconv.ParseUint: parsing "{parts[0]}": invalid syntax')
    port = int(parts[0])
    if port > 65535:
        raise CommandError(f'strconv.ParseUint: parsing "{parts[0]}": value out of range')
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if target.lstrip("-").isdigit():
        if not 1 <= int(target) <= 65535:
            raise CommandError("must be between 1 and 65535, inclusive")
        return port, int(target)
    if any(c not in PORT_NAME_CHARS for c in target):
        raise CommandError("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    return port, target


def build(parsed: Parsed, name: str, service_type: str) -> dict[str, Any]:
    cluster_ip = parsed.flags.get("clusterip") or ""
    if cluster_ip == "None" and service_type != "ClusterIP":
        raise CommandError("ClusterIP=None can only be used with ClusterIP service type")
    if cluster_ip != "None" and not parsed["tcp"]:
        raise CommandError("at least one tcp port specifier must be provided")
    ports = []
    for spec in parsed["tcp"]:
        port, target = parse_port(spec)
        entry: dict[str, Any] = {"name": spec.replace(":", "-"), "protocol": "TCP", "port": port,
                                 "targetPort": target}
        if parsed.flags.get("node-port"):
            entry["nodePort"] = parsed["node-port"]
        ports.append(entry)
    spec_: dict[str, Any] = {}
    if ports:
        spec_["ports"] = ports
    spec_["selector"] = {"app": name}
    if cluster_ip:
        spec_["clusterIP"] = cluster_ip
    spec_["type"] = service_type
    return {"kind": "Service", "apiVersion": "v1", "metadata": generators.metadata(parsed, name, {"app": name}),
            "spec": spec_, "status": {"loadBalancer": {}}}


def _generator(word: str, service_type: str, extra: tuple[Flag, ...], short: str) -> Command:
    path = f"create service {word}"

    def run(ctx, parsed, out, stdin) -> int:
        name = generators.one_name(parsed, path)
        wire = build(parsed, name, service_type)
        return generators.create(ctx, out, parsed, wire, f"failed to create {service_type} service: ")

    return Command(word, run, (*generators.FLAGS, Flag("tcp", kind="slice"), *extra), short=short)


SUBCOMMANDS = {
    "clusterip": _generator("clusterip", "ClusterIP", (Flag("clusterip"),), "Create a ClusterIP service"),
    "nodeport": _generator("nodeport", "NodePort", (Flag("node-port", kind="int", default=0),),
                           "Create a NodePort service"),
    "loadbalancer": _generator("loadbalancer", "LoadBalancer", (), "Create a LoadBalancer service"),
}

COMMAND = Command("service", None, (), SUBCOMMANDS, short="Create a service using a specified subcommand")
