"""`kubectl expose (TYPE NAME | TYPE/NAME | -f FILE) [--port] [--target-port] [--type] [--name]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go (RunExpose, createService); which
kinds can be exposed, and their selectors and ports, are pkg/polymorphichelpers
(canbeexposed.go, mapbasedselectorforobject.go, portsforobject.go, protocolsforobject.go):
the kind's `exposer` in kubecourse.kubectl.polymorphichelpers. What the source says:
- Only pods, services, replication controllers, deployments and replica sets can be exposed.
- The selector is the object's: a pod's labels, a service's selector, an RC's selector, a
  Deployment's or ReplicaSet's matchLabels (a selector with matchExpressions cannot be).
- The service is named after the object (cut to 63 characters) unless --name; it copies the
  object's labels unless --labels.
- Without --port the ports come from the object (container ports of the pod template, or a
  service's ports): one is used as is, several get names `port-1`, `port-2`, ...; none is an
  error unless the service is headless. A port's protocol comes from the object (a port
  with two protocols becomes `port-1-udp`, `port-1-tcp`); targetPort is --target-port, else
  the port.
"""

from __future__ import annotations

from typing import Any

from kubecourse.api import kinds
from kubecourse.kubectl import objects, output, polymorphichelpers
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.commands.run import parse_labels
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Flag
from kubecourse.kubectl.polymorphichelpers import Exposer
from kubecourse.kubectl.resources import FILENAME_FLAG, RECURSIVE_FLAG, namespace_of

DNS1035_LABEL_MAX = 63


def service_ports(parsed, found: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """createService's ports: --port, else the object's, each with its protocols."""
    protocols: dict[str, list[str]] = {}
    for port, protocol in found:
        if protocol not in protocols.setdefault(port, []):
            protocols[port].append(protocol)
    numbers = [parsed["port"]] if parsed["port"] else [p for p, _ in found]
    ports: list[dict[str, Any]] = []
    for i, text in enumerate(numbers):
        if not text.isdigit():
            raise CommandError(f'strconv.Atoi: parsing "{text}": invalid syntax')
        name = f"port-{i + 1}" if len(numbers) > 1 else None
        chosen = parsed["protocol"] or "TCP"
        by_object = protocols.get(text, [])
        if not parsed["protocol"] and len(by_object) > 1:
            for protocol in by_object:
                ports.append({"name": f"port-{i + 1}-{protocol.lower()}", "protocol": protocol, "port": int(text)})
            continue
        if not parsed["protocol"] and by_object:
            chosen = by_object[0]
        ports.append({**({"name": name} if name else {}), "protocol": chosen, "port": int(text)})
    target = parsed["target-port"]
    for p in ports:
        p["targetPort"] = (int(target) if target.isdigit() else target) if target else p["port"]
    return ports


def build(parsed, obj: Any, exposer: Exposer) -> dict[str, Any]:
    try:
        selector = parse_labels(parsed["selector"]) if parsed["selector"] else exposer.selector(obj)
    except CommandError as e:
        raise CommandError(f"couldn't retrieve selectors via --selector flag or introspection: {e}") from None
    found = exposer.ports(obj)
    if not parsed["port"] and not found and parsed["cluster-ip"] != "None":
        raise CommandError("couldn't find port via --port flag or introspection")
    labels = parse_labels(parsed["labels"]) if parsed["labels"] else dict(obj.metadata.labels or {})
    meta: dict[str, Any] = {"name": parsed["name"] or obj.metadata.name[:DNS1035_LABEL_MAX]}
    if "namespace" in parsed.given:
        meta["namespace"] = namespace_of(parsed)
    meta["creationTimestamp"] = None
    if labels:
        meta["labels"] = labels
    spec: dict[str, Any] = {}
    ports = service_ports(parsed, found) if parsed["port"] or found else []
    if ports:
        spec["ports"] = ports
    spec["selector"] = selector
    if parsed["cluster-ip"]:
        spec["clusterIP"] = parsed["cluster-ip"]
    if parsed["type"]:
        spec["type"] = parsed["type"]
    if parsed["external-ip"]:
        spec["externalIPs"] = [parsed["external-ip"]]
    if parsed["session-affinity"]:
        if parsed["session-affinity"] not in ("None", "ClientIP"):
            raise CommandError(f"unknown session affinity: {parsed['session-affinity']}")
        spec["sessionAffinity"] = parsed["session-affinity"]
    if parsed["type"] == "LoadBalancer" and parsed["load-balancer-ip"]:
        spec["loadBalancerIP"] = parsed["load-balancer-ip"]
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}


def run(ctx, parsed, out, stdin) -> int:
    dry_run = output.dry_run_strategy(parsed, out, ctx.now)
    output.check_format(parsed["output"])
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin)
    printer = output.MutationPrinter(parsed["output"], dry_run)
    for f in found:
        exposer = polymorphichelpers.for_kind(f.kind.kind).exposer
        if exposer is None:
            errs.append(CommandError(f"cannot expose a {f.kind.kind}{'.' + f.kind.group if f.kind.group else ''}"))
            break
        try:
            wire = build(parsed, f.obj, exposer)
        except CommandError as e:
            errs.append(e)
            break
        if dry_run != output.CLIENT:
            wire = ctx.create(wire, namespace=namespace_of(parsed), dry_run=dry_run == output.SERVER).to_wire()
        printer.print(out, kinds.by_kind("Service"), wire, "exposed")
    if errs:
        out.error(format_errors(errs))
        return 1
    return 0


COMMAND = Command(
    "expose",
    run,
    (Flag("port", default=""), Flag("target-port", default=""), Flag("protocol", default=""),
     Flag("type", default=""), Flag("name", default=""), Flag("selector", default=""),
     Flag("labels", "l", default=""), Flag("cluster-ip", default=""), Flag("external-ip", default=""),
     Flag("load-balancer-ip", default=""), Flag("session-affinity", default=""),
     Flag("overrides", default=""), Flag("override-type", default="merge"),
     Flag("save-config", kind="bool", default=False), Flag("field-manager", default="kubectl-expose"),
     FILENAME_FLAG, RECURSIVE_FLAG, output.DRY_RUN_FLAG, output.OUTPUT_FLAG,
     Flag("record", kind="bool", default=False)),
    short="Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
)
