"""Resource paths: routing HTTP requests to the API server, as the apiserver's REST handlers do.

Models kubernetes/kubernetes: staging/src/k8s.io/apiserver/pkg/endpoints/handlers
(get.go, create.go, update.go, patch.go, delete.go, watch.go) over the paths
`/api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]]` and `/apis/GROUP/VERSION/...`.

Writes record their field manager (metadata.managedFields, kubecourse/api/fieldmanager.py):
the request's `fieldManager`, else what the apiserver takes from the User-Agent (handlers/
rest.go managerOrUserAgent); a write through the scale subresource is recorded as one, and
an `apply-patch+yaml` PATCH is server-side apply, whose conflicts are a 409.

Every request that touches the cluster holds the cluster's lock, so an HTTP request, a
notebook cell and the wall-clock ticker never interleave inside the API; a write is followed
by `settle()` so controllers react at the same virtual instant, as they do after `%kubectl`.
A watch holds the lock only while it reads the history, never while it waits.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import yaml

from kubecourse.api import errors, patches
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.api.scale import scale_of
from kubecourse.api.server import ORPHAN, version_info
from kubecourse.serve import discovery, openapi, pods, protobuf, status, tables, watch
from kubecourse.serve.backend import Backend
from kubecourse.serve.messages import (
    APPLY_PATCH,
    JSON,
    JSON_PATCH,
    MERGE_PATCH,
    PROTOBUF,
    STRATEGIC_PATCH,
    Request,
    Response,
    error_response,
    json_response,
)


@dataclass(frozen=True)
class Target:
    """What a resource path names."""

    kind: Kind
    namespace: str | None  # None: every namespace (or a cluster-scoped kind)
    name: str = ""
    sub: str = ""  # subresource: status, scale, log...


def handle(backend: Backend, req: Request) -> Response:
    """Answer one authenticated request."""
    try:
        return _route(backend, req)
    except StatusError as e:
        return error_response(e)


def _route(backend: Backend, req: Request) -> Response:
    parts = [p for p in req.path.split("/") if p]
    if req.method != "GET" and parts[:1] not in (["api"], ["apis"]):
        raise status.no_route()
    if parts == ["version"]:
        return json_response(version_info())
    if parts == ["api"]:
        return json_response(discovery.api_versions())
    if parts == ["apis"]:
        return json_response(discovery.api_group_list())
    if parts[:1] == ["openapi"]:
        return _openapi(parts[1:])
    if parts[:2] == ["api", "v1"]:
        group, version, rest = "", "v1", parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 3:
        group, version, rest = parts[1], parts[2], parts[3:]
    elif parts[:1] == ["apis"] and len(parts) == 2 and (doc := discovery.api_group(parts[1])):
        return json_response(doc)
    else:
        raise status.no_route()
    if (proxied := _proxy_target(group, version, req, rest)) is not None:
        kind, subpath = proxied
        return pods.proxy_(backend, req, kind.kind, rest[1], rest[3], subpath)
    if not rest:
        doc = discovery.resource_list(group, version)
        if doc is None or req.method != "GET":
            raise status.no_route()
        return json_response(doc)
    target = _target(group, version, rest)
    return _dispatch(backend, req, target)


def _openapi(parts: list[str]) -> Response:
    if parts == ["v3"]:
        return Response(200, openapi.root())
    if parts[:1] == ["v3"] and (doc := openapi.gv_document("/".join(parts[1:]))) is not None:
        return Response(200, doc, headers={"Cache-Control": "public, immutable", "ETag": f'"{openapi.digest(doc)}"'})
    raise status.no_route()  # /openapi/v2 included: kubectl wants it as protobuf only


def _target(group: str, version: str, rest: list[str]) -> Target:
    if rest[0] == "namespaces" and len(rest) >= 3:
        kind = discovery.by_plural(group, version, rest[2])
        if kind is not None and kind.namespaced and len(rest) <= 5:
            return Target(kind, rest[1], *rest[3:5])
    kind = discovery.by_plural(group, version, rest[0])
    if kind is None or len(rest) > 3:
        raise status.no_route()
    return Target(kind, None, *rest[1:3])


def _dispatch(backend: Backend, req: Request, t: Target) -> Response:
    if t.sub:
        return _subresource(backend, req, t)
    method = req.method
    if not t.name:
        if method == "GET":
            if req.flag("watch"):
                return _watch(backend, req, t)
            return _list(backend, req, t)
        if method == "POST":
            return _create(backend, req, t)
        if method == "DELETE":
            return _delete_collection(backend, req, t)
        raise status.method_not_allowed(method.lower(), t.kind.plural)
    handler = _ITEM_HANDLERS.get((method, ""))
    if handler is None:
        raise status.method_not_allowed(method.lower(), t.kind.plural)
    return handler(backend, req, t)


def _subresource(backend: Backend, req: Request, t: Target) -> Response:
    """A subresource the kind's entry lists: status and scale through the REST handlers, log
    and exec through the pod's connect handlers; one it marks not served is refused."""
    sub = t.kind.subresource(t.sub)
    if sub is None:
        raise status.no_route()
    if not sub.served:
        raise errors.bad_request(f"kubecourse does not serve {t.kind.plural}/{t.sub}{_NOT_SERVED_ADVICE.get(t.sub, '')}")
    connect = _CONNECT_HANDLERS.get((req.method, t.sub))
    if connect is not None and t.namespace:
        return connect(backend, req, t.namespace, t.name)
    handler = _ITEM_HANDLERS.get((req.method, t.sub))
    if handler is None:
        raise status.method_not_allowed(req.method.lower(), f"{t.kind.plural}/{t.sub}")
    return handler(backend, req, t)


_NOT_SERVED_ADVICE = dict.fromkeys(("attach", "portforward"), " (the streams of attach and port-forward); use "
                                   "kubectl exec or the pod's proxy subresource")


def _proxy_target(group: str, version: str, req: Request, rest: list[str]) -> tuple[Kind, str] | None:
    """`namespaces/NS/PLURAL/NAME/proxy[/PATH]` of a kind whose proxy subresource is served
    (pods, services): the kind and the proxied path, everything after `proxy`, trailing
    slash kept."""
    if len(rest) < 5 or rest[0] != "namespaces" or rest[4] != "proxy":
        return None
    kind = discovery.by_plural(group, version, rest[2])
    sub = kind.subresource("proxy") if kind is not None else None
    if sub is None or not sub.served:
        return None
    marker = f"/{rest[2]}/{rest[3]}/proxy"
    raw = req.raw_path or req.path
    return kind, raw[raw.index(marker) + len(marker):] if marker in raw else ""


# --- reads ----------------------------------------------------------------------------------


def _include(req: Request) -> str:
    return req.param("includeObject", tables.INCLUDE_METADATA)


def _list_kind(kind: Kind) -> str:
    return f"{kind.kind}List"


def _encode_continue(obj: Any) -> str:
    key = json.dumps([obj.metadata.namespace or "", obj.metadata.name])
    return base64.urlsafe_b64encode(key.encode()).decode()


def _after_continue(items: list[Any], token: str) -> list[Any]:
    try:
        ns, name = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError):
        raise errors.bad_request(f"continue key is not valid: {token}") from None
    return [o for o in items if (o.metadata.namespace or "", o.metadata.name) > (ns, name)]


def _list(backend: Backend, req: Request, t: Target) -> Response:
    """A list, one page of `limit` items when asked (kubectl asks for 500), with a continue
    token naming where the next page starts."""
    with backend.lock:
        items = backend.list(t.kind.model, t.namespace, label_selector=req.param("labelSelector"),
                             field_selector=req.param("fieldSelector"))
        rv, now = str(backend.resource_version), backend.now
    if req.param("continue"):
        items = _after_continue(items, req.param("continue"))
    limit = req.int_param("limit") or 0
    token = ""
    if 0 < limit < len(items):
        items = items[:limit]
        token = _encode_continue(items[-1])
    if req.wants_table:
        return json_response(tables.table(t.kind, items, now, include=_include(req), resource_version=rv,
                                          continue_token=token))
    metadata = {"resourceVersion": rv, **({"continue": token} if token else {})}
    return json_response({"kind": _list_kind(t.kind), "apiVersion": t.kind.api_version, "metadata": metadata,
                          "items": [o.to_wire() for o in items]})


def _get_object(backend: Backend, t: Target) -> Any:
    return backend.get(t.kind.model, t.name, t.namespace or "")


def _get(backend: Backend, req: Request, t: Target) -> Response:
    with backend.lock:
        obj = _get_object(backend, t)
        now = backend.now
    if req.wants_table:
        return json_response(tables.table(t.kind, [obj], now, include=_include(req),
                                          resource_version=obj.metadata.resource_version or ""))
    return json_response(obj.to_wire())


def _get_scale(backend: Backend, req: Request, t: Target) -> Response:
    with backend.lock:
        return json_response(scale_of(_get_object(backend, t)))


# --- scale ----------------------------------------------------------------------------------


def _write_scale(backend: Backend, req: Request, t: Target, scale: dict[str, Any]) -> Response:
    obj = _get_object(backend, t)
    rv = (scale.get("metadata") or {}).get("resourceVersion")
    if rv and rv != obj.metadata.resource_version:
        raise errors.conflict(t.kind.resource, t.name)
    replicas = (scale.get("spec") or {}).get("replicas", 0)
    updated = backend.update(obj.with_(spec=obj.spec.with_(replicas=replicas)), dry_run=req.dry_run,
                             field_manager=field_manager(req), subresource="scale")
    backend.settle()
    return json_response(scale_of(updated))


# --- writes ---------------------------------------------------------------------------------


FIELD_MANAGER_MAX_LENGTH = 128  # apimachinery validation.FieldManagerMaxLength


def field_manager(req: Request) -> str:
    """handlers/rest.go managerOrUserAgent: the `fieldManager` parameter, else the User-Agent
    up to its first `/` (prefixFromUserAgent: printable characters, at most 128 bytes). So
    `kubectl scale`, which names no manager, writes as `kubectl`: kubectl's User-Agent is
    `kubectl/v1.32.5 (linux/amd64) kubernetes/...`, after the name it was run by."""
    if manager := req.param("fieldManager"):
        return manager
    product = "".join(c for c in req.headers.get("user-agent", "").split("/")[0] if c.isprintable())
    return product.encode()[:FIELD_MANAGER_MAX_LENGTH].decode(errors="ignore")



def decode_body(req: Request, kind: str = "") -> Any:
    """A request body as a dict: JSON, YAML, or kubectl 1.32's protobuf (`k8s\\0` + Unknown);
    `kind` is the object's when the body is one (not a patch, not delete options)."""
    ct = req.content_type
    try:
        if ct == PROTOBUF:
            return protobuf.decode(req.body)
        if ct in (JSON, MERGE_PATCH, JSON_PATCH, STRATEGIC_PATCH):
            return json.loads(req.body or b"null")
        if ct in (APPLY_PATCH, "application/yaml"):
            return yaml.safe_load(req.body)
    except RecursionError:  # Go's decoder stops at 10,000 levels: "exceeded max depth"
        if kind:
            raise errors.bad_request(unrecognized(req, "exceeded max depth", kind)) from None
        raise errors.bad_request("the body of the request could not be decoded: exceeded max depth") from None
    except (ValueError, yaml.YAMLError) as e:
        raise errors.bad_request(f"the body of the request could not be decoded: {e}") from None
    except protobuf.Unsupported as e:
        raise status.unsupported_media_type(f"{ct} ({e})") from None
    raise status.unsupported_media_type(ct)


GO_KIND_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'


def unrecognized(req: Request, error: str, kind: str = "") -> str:
    """handlers/rest.go transformDecodeError for a body whose kind could not be read
    (runtime/serializer/json meta.go SimpleMetaFactory.Interpret), with summarizeData's
    summary: an object's first 30 bytes as text, anything else in hex."""
    body = req.body
    if not body:
        summary = "<empty>"
    elif body[:1] == b"{":
        summary = body[:30].decode(errors="replace") + (" ..." if len(body) > 30 else "")
    else:
        summary = body[:30].hex() + (" ..." if len(body) > 30 else "")
    return f"the object provided is unrecognized (must be of type {kind}): couldn't get version/kind; " \
           f"json parse error: {error} ({summary})"


def _with_defaults(t: Target, req: Request, body: Any) -> dict[str, Any]:
    """The body with the URL's apiVersion, kind and namespace where it leaves them out."""
    if isinstance(body, (list, str, int, float)):  # bool is an int
        value = "bool" if isinstance(body, bool) else "array" if isinstance(body, list) else \
            "string" if isinstance(body, str) else "number"
        raise errors.bad_request(unrecognized(req, f"json: cannot unmarshal {value} into Go value of type "
                                                   f"{GO_KIND_STRUCT}", t.kind.kind))
    if not isinstance(body, dict):
        raise errors.bad_request(f"Object '{t.kind.kind}' is missing in '{body}'")
    body = {"apiVersion": t.kind.api_version, "kind": t.kind.kind, **body}
    meta = dict(body.get("metadata") or {})
    if t.namespace is not None and t.kind.namespaced:
        meta.setdefault("namespace", t.namespace)
    if t.name:
        meta.setdefault("name", t.name)
    return {**body, "metadata": meta}


def _create(backend: Backend, req: Request, t: Target) -> Response:
    body = _with_defaults(t, req, decode_body(req, t.kind.kind))
    with backend.lock:
        obj = backend.create(body, namespace=t.namespace, dry_run=req.dry_run, field_manager=field_manager(req))
        backend.settle()
    return json_response(obj.to_wire(), 201)


def _put(backend: Backend, req: Request, t: Target) -> Response:
    body = _with_defaults(t, req, decode_body(req, t.kind.kind))
    if body["metadata"].get("name") != t.name:
        raise errors.bad_request(f"the name of the object ({body['metadata'].get('name')}) does not match "
                                 f"the name on the URL ({t.name})")
    with backend.lock:
        if t.sub == "scale":
            return _write_scale(backend, req, t, body)
        if t.sub == "status":
            obj = backend.update_status(t.kind.model.model_validate(body), dry_run=req.dry_run)
        else:
            obj = backend.update(body, dry_run=req.dry_run, field_manager=field_manager(req))
        backend.settle()
    return json_response(obj.to_wire())


def _patched(req: Request, current: dict[str, Any], kind: str) -> dict[str, Any]:
    body = decode_body(req)
    ct = req.content_type
    if ct == JSON_PATCH:
        return patches.json_patch(current, body)
    if ct == MERGE_PATCH:
        return patches.merge_patch(current, body)
    if ct == STRATEGIC_PATCH:
        return patches.strategic_merge(current, body, kind)
    raise status.unsupported_media_type(ct)


def _patch(backend: Backend, req: Request, t: Target) -> Response:
    """PATCH: the patch applied to the live object, written as an update whose
    resourceVersion is the live one unless the patch set another (a precondition). A patch
    that changes nothing returns the object untouched, so kubectl prints `(no change)`.
    Server-side apply (`apply-patch+yaml`) is the API server's apply."""
    if req.content_type == APPLY_PATCH:
        if t.sub:
            raise errors.bad_request(f"kubecourse does not serve server-side apply to a subresource "
                                     f"({t.kind.plural}/{t.sub})")
        return _apply(backend, req, t)
    with backend.lock:
        live = backend.try_get(t.kind.model, t.name, t.namespace or "")
        if live is None:
            raise errors.not_found(t.kind.resource, t.name)
        if t.sub == "scale":
            return _write_scale(backend, req, t, _patched(req, scale_of(live), "Scale"))
        new = _patched(req, live.to_wire(), t.kind.kind)
        if t.sub == "status":
            obj = backend.update_status(t.kind.model.model_validate(new), dry_run=req.dry_run)
        else:
            obj = backend.update(new, dry_run=req.dry_run, field_manager=field_manager(req))
        backend.settle()
    return json_response(obj.to_wire())


def _apply(backend: Backend, req: Request, t: Target) -> Response:
    """Server-side apply (patch.go applyPatcher): the configuration merged by its manager,
    `force` taking fields from the others; 201 when it created the object. A conflict is the
    API server's 409, which kubectl prints with its advice."""
    doc = _with_defaults(t, req, decode_body(req, t.kind.kind))
    with backend.lock:
        existed = backend.try_get(t.kind.model, t.name, t.namespace or "") is not None
        obj = backend.apply(doc, field_manager=field_manager(req), force=req.flag("force"),
                            dry_run=req.dry_run)
        backend.settle()
    return json_response(obj.to_wire(), 200 if existed else 201)


def _delete_options(req: Request) -> dict[str, Any]:
    options = decode_body(req) if req.body else {}
    options = options if isinstance(options, dict) else {}
    grace = req.int_param("gracePeriodSeconds")
    if grace is None and isinstance(options.get("gracePeriodSeconds"), int):
        grace = options["gracePeriodSeconds"]
    return {"grace_period": grace,
            "propagation": req.param("propagationPolicy") or options.get("propagationPolicy")
            or (ORPHAN if options.get("orphanDependents") else None),
            "dry_run": req.dry_run or "All" in (options.get("dryRun") or ()),
            "uid": (options.get("preconditions") or {}).get("uid")}


def _delete(backend: Backend, req: Request, t: Target) -> Response:
    options = _delete_options(req)
    with backend.lock:
        obj = backend.delete(t.kind.model, t.name, t.namespace or "", **options)
        backend.settle()
    return json_response(obj.to_wire())


def _delete_collection(backend: Backend, req: Request, t: Target) -> Response:
    options = _delete_options(req)
    with backend.lock:
        items = backend.list(t.kind.model, t.namespace, label_selector=req.param("labelSelector"),
                             field_selector=req.param("fieldSelector"))
        deleted = [backend.delete(t.kind.model, o.metadata.name, o.metadata.namespace or "", **options)
                   for o in items]
        backend.settle()
        rv = str(backend.resource_version)
    return json_response({"kind": _list_kind(t.kind), "apiVersion": t.kind.api_version,
                          "metadata": {"resourceVersion": rv}, "items": [o.to_wire() for o in deleted]})


def _watch(backend: Backend, req: Request, t: Target) -> Response:
    return Response(200, stream=watch.stream(backend, t.kind, t.namespace, req.param, as_table=req.wants_table,
                                             include=_include(req), timeout=req.int_param("timeoutSeconds") or 0))


_CONNECT_HANDLERS = {
    ("GET", "log"): pods.get_log,
    ("GET", "exec"): pods.exec_,
    ("POST", "exec"): pods.exec_,
}

_ITEM_HANDLERS = {
    ("GET", ""): _get,
    ("GET", "status"): _get,
    ("GET", "scale"): _get_scale,
    ("PUT", ""): _put,
    ("PUT", "status"): _put,
    ("PUT", "scale"): _put,
    ("PATCH", ""): _patch,
    ("PATCH", "status"): _patch,
    ("PATCH", "scale"): _patch,
    ("DELETE", ""): _delete,
}
