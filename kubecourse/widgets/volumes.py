"""VolumeView's picture: a ConfigMap's or Secret's data beside the pods that consume it, and
how each sees it (a volume's files, a subPath file, an env var, envFrom).

When a change reaches a consumer is the kubelet's rule (kubernetes/kubernetes:
pkg/kubelet/kubelet_pods.go makeEnvironmentVariables resolves env once, when the container
starts; pkg/volume/configmap and secret volumes are rewritten by the kubelet's periodic
sync, pkg/kubelet/volumemanager; a subPath mount is a bind mount of the file as it was at
container start, pkg/volume/util/subpath). Secret values are shown as their lengths unless
the learner asks to reveal them, as kubectl describe shows them.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from kubecourse.api.models import ConfigMap, Pod, Secret
from kubecourse.api.models.core import Container, Volume, pod_spec
from kubecourse.widgets import picture, pods
from kubecourse.widgets.reader import Reader

VALUE_SHOWN = 40  # characters of a value before it is cut


@dataclass(frozen=True)
class Use:
    """One way a container sees the object."""

    pod: pods.PodState
    container: str
    how: str  # "volume config at /etc/config", "env GREETING (key greeting)"
    at_start: bool  # resolved once when the container started (env, envFrom, subPath)
    started: datetime | None

    def stale(self, changed: datetime | None) -> bool:
        """The object changed after the container took its copy."""
        return self.at_start and None not in (changed, self.started) and changed > self.started  # type: ignore[operator]


@dataclass(frozen=True)
class VolumeState:
    kind: str  # "ConfigMap" | "Secret"
    namespace: str
    name: str
    exists: bool
    data: tuple[tuple[str, str], ...] = ()  # (key, value as shown)
    changed: datetime | None = None  # the last write of the object
    uses: tuple[Use, ...] = ()


def _shown(value: str, *, secret: bool, reveal: bool) -> str:
    if secret:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raw = value.encode()
        if not reveal:
            return f"({len(raw)} bytes, hidden)"
        value = raw.decode("utf-8", "replace")
    value = value.replace("\n", "⏎")
    return value if len(value) <= VALUE_SHOWN else value[:VALUE_SHOWN] + "…"


def _volume_names(volumes: list[Volume], kind: str, name: str) -> set[str]:
    found = set()
    for v in volumes:
        direct = (v.config_map.name if kind == "ConfigMap" and v.config_map else
                  v.secret.secret_name if kind == "Secret" and v.secret else None)
        projected = [s.config_map.name if kind == "ConfigMap" and s.config_map else
                     s.secret.name if kind == "Secret" and s.secret else None
                     for s in (v.projected.sources or () if v.projected else ())]
        if name == direct or name in projected:
            found.add(v.name)
    return found


def _uses(pod: Pod, kind: str, name: str) -> list[tuple[Container, str, bool]]:
    """(container, how, resolved at start) for each way a container of `pod` reads the object."""
    spec = pod_spec(pod)
    volumes = _volume_names(spec.volumes or [], kind, name)
    out = []
    for c in [*(spec.init_containers or ()), *spec.containers]:
        for m in c.volume_mounts or ():
            if m.name in volumes:
                out.append((c, f"subPath file {m.mount_path} ({m.sub_path})" if m.sub_path
                            else f"volume {m.name} at {m.mount_path}", bool(m.sub_path)))
        for e in c.env or ():
            src = e.value_from
            ref = (src.config_map_key_ref if kind == "ConfigMap" else src.secret_key_ref) if src else None
            if ref is not None and ref.name == name:
                out.append((c, f"env {e.name} (key {ref.key})", True))
        for f in c.env_from or ():
            ref = f.config_map_ref if kind == "ConfigMap" else f.secret_ref
            if ref is not None and ref.name == name:
                out.append((c, "envFrom" + (f" (prefix {f.prefix})" if f.prefix else ""), True))
    return out


def _started(pod: Pod, container: str) -> datetime | None:
    for cs in (pod.status.container_statuses or []) + (pod.status.init_container_statuses or []) if pod.status else ():
        if cs.name == container and cs.state and cs.state.running:
            return cs.state.running.started_at
    return None


def _last_write(obj: ConfigMap | Secret) -> datetime | None:
    times = [m.time for m in obj.metadata.managed_fields or () if m.time is not None]
    return max(times, default=obj.metadata.creation_timestamp)


def volume_state(reader: Reader, kind: type[ConfigMap] | type[Secret], namespace: str, name: str,
                 pod_state: pods.PodStateOf = pods.pod_state, *, reveal: bool = False) -> VolumeState:
    kind_name = kind.model_fields["kind"].default
    obj = reader.try_get(kind, name, namespace)
    if obj is None:
        return VolumeState(kind_name, namespace, name, exists=False)
    secret = kind is Secret
    data = tuple((k, _shown(v, secret=secret, reveal=reveal)) for k, v in sorted((obj.data or {}).items()))
    uses = tuple(Use(pod_state(p), c.name, how, at_start, _started(p, c.name))
                 for p in reader.list(Pod, namespace) if p.spec
                 for c, how, at_start in _uses(p, kind_name, name))
    return VolumeState(kind_name, namespace, name, exists=True, data=data, changed=_last_write(obj), uses=uses)


def volume_picture(s: VolumeState) -> picture.Picture:
    word = "cm" if s.kind == "ConfigMap" else "secret"
    title = f"VolumeView {word}/{s.name} (namespace {s.namespace})"
    if not s.exists:
        return picture.Picture.missing(title, f'{s.kind.lower()} "{s.name}"', s.namespace)
    pic = picture.Picture(title)
    changed = f"last changed {s.changed:%H:%M:%S}" if s.changed else ""
    lines = [f"{s.kind.lower()}/{s.name}", *([changed] if changed else []),
             *([f"{k} = {v}" for k, v in s.data] or ["(no data)"])]
    obj = pic.add(picture.Node("object", "\n".join(lines), shape="note", style="filled,bold"))
    for p in dict.fromkeys(u.pod for u in s.uses):
        pic.add(pods.pod_node(p))
    for u in s.uses:
        started = f" since {u.started:%H:%M:%S}" if u.started else ""
        if u.stale(s.changed):
            label, style = f"{u.container}: {u.how}\nOLD COPY{started}: restart to see the change", "dashed"
        elif u.at_start:
            label, style = f"{u.container}: {u.how}\ncopied at container start{started}", "solid"
        else:
            label, style = f"{u.container}: {u.how}\nfollows changes at the kubelet's next sync", "solid"
        pic.link(obj, f"pod/{u.pod.name}", label, style)
    if not s.uses:
        pic.link(obj, pic.add(picture.Node("unused", "no pod in the namespace uses it", fill=picture.DIMMED,
                                           style="filled,dashed")), style="dotted")
    pic.legend = [("old copy: env or subPath from before the last change (dashed edge)", picture.NEUTRAL, "dashed"),
                  *pods.LEGEND]
    return pic
