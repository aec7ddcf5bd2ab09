"""A pod's volumes as the kubelet's volume manager sets them up, and the mounts of a container.

Models kubernetes/kubernetes: pkg/volume/emptydir, configmap, secret, downwardapi and
projected (SetUpAt: what files a volume holds), pkg/volume/util/atomic_writer.go (the
`..data` layout and its atomic swap), pkg/kubelet/kubelet_pods.go makeMounts (subPath, the
kubelet-managed /etc/hosts, /etc/hostname and /etc/resolv.conf).

* emptyDir: one empty tree for the pod's life, shared by its containers (tmpfs when
  `medium: Memory`).
* configMap / secret: a file per key (or per listed item, at its path, with its mode);
  secret volumes are tmpfs. A missing object (not optional) or listed key fails the mount
  with the kubelet's `MountVolume.SetUp failed for volume "x" : ...` and the pod waits in
  ContainerCreating. Their files follow the object at the kubelet's volume resync
  (`refresh`), swapped atomically; a subPath mount is a copy taken at container start and
  never changes.
* downwardAPI: files from the pod's fields; projected: the ServiceAccount token,
  kube-root-ca.crt's ca.crt and the namespace (the `kube-api-access-*` volume), tmpfs.
* hostPath: a tree the node keeps per path (it outlives the pod).
* persistentVolumeClaim: the claim's bound volume (pkg/volume/util/operationexecutor: the
  volume, not the claim, is mounted): a hostPath or local volume is that path's tree on the
  node, so the data follows the claim from pod to pod and stays with a Retain volume; a
  local-path volume's directory goes when the volume is deleted (`teardown`, what the
  provisioner's helper pod does with `rm -rf`).

Reads only: the API is handed in and never written.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from dataclasses import dataclass
from typing import Any

from kubecourse.node import envvars
from kubecourse.userland.fs import Filesystem, Mount, Tree, atomic_tree


class MountError(Exception):
    """MountVolume.SetUp failed: the message of the `FailedMount` event."""


@dataclass
class PodVolume:
    name: str
    tree: Tree
    fstype: str = "ext4"
    projected: bool = False  # its files come from API objects and follow them on refresh
    signature: str = ""  # of the projected content, to swap only when it changed


def _failed(volume: str, reason: str) -> MountError:
    return MountError(f'MountVolume.SetUp failed for volume "{volume}" : {reason}')


def _items(volume: str, kind: str, data: dict[str, str], items: Any, default_mode: int | None
           ) -> dict[str, tuple[str, int]]:
    mode = default_mode if default_mode is not None else 0o644
    if not items:
        return {k: (v, mode) for k, v in sorted(data.items())}
    files = {}
    for item in items:
        if item.key not in data:
            raise _failed(volume, f"{kind.lower()} references non-existent config key: {item.key}")
        files[item.path] = (data[item.key], item.mode if item.mode is not None else mode)
    return files


def _object_data(api: Any, kind: str, name: str, namespace: str) -> dict[str, str] | None:
    obj = api.try_get(kind, name, namespace)
    if obj is None:
        return None
    if kind == "Secret":
        return {k: base64.b64decode(v).decode(errors="replace") for k, v in (obj.data or {}).items()}
    binary = {k: base64.b64decode(v).decode(errors="replace") for k, v in (obj.binary_data or {}).items()}
    return {**(obj.data or {}), **binary}


def _token(pod: Any) -> str:
    """A bound ServiceAccount token's shape (header.claims.signature), derived from the pod."""
    digest = hashlib.sha256(f"{pod.metadata.uid}/{pod.spec.service_account_name}".encode()).digest()
    body = base64.urlsafe_b64encode(digest * 4).decode().rstrip("=")
    return f"eyJhbGciOiJSUzI1NiIsImtpZCI6Imt1YmVjb3Vyc2UifQ.{body}.{body[:86]}"


# (volume field, kind, field naming the object, filesystem): secrets live on tmpfs.
API_SOURCES = (("config_map", "ConfigMap", "name", "ext4"), ("secret", "Secret", "secret_name", "tmpfs"))


def projected_files(api: Any, pod: Any, volume: Any) -> tuple[dict[str, tuple[str, int]], str] | None:
    """(files, fstype) of a volume whose files come from the API; None for other kinds."""
    ns = pod.metadata.namespace
    for attr, kind, name_field, fstype in API_SOURCES:
        source = getattr(volume, attr)
        if source is None:
            continue
        name = getattr(source, name_field) or ""
        data = _object_data(api, kind, name, ns)
        if data is None:
            if source.optional:
                return {}, fstype
            raise _failed(volume.name, f'{kind.lower()} "{name}" not found')
        return _items(volume.name, kind.lower(), data, source.items, source.default_mode), fstype
    if volume.downward_api is not None:
        mode = volume.downward_api.default_mode or 0o644
        return {i.path: (envvars.field_value(pod, i.field_ref.field_path) if i.field_ref else "", i.mode or mode)
                for i in volume.downward_api.items or ()}, "ext4"
    if volume.projected is not None:
        mode = volume.projected.default_mode or 0o644
        files: dict[str, tuple[str, int]] = {}
        for source in volume.projected.sources or ():
            if source.service_account_token is not None:
                files[source.service_account_token.path] = (_token(pod), 0o600 if mode == 0o644 else mode)
            elif source.config_map is not None or source.secret is not None:
                # a missing source projects nothing here (kube-root-ca.crt is in every namespace
                # of a running cluster; a cluster without its publisher still starts pods)
                kind, ref = ("ConfigMap", source.config_map) if source.config_map is not None else (
                    "Secret", source.secret)
                data = _object_data(api, kind, ref.name or "", ns)
                if data is not None:
                    files.update(_items(volume.name, kind.lower(), data, ref.items, mode))
            elif source.downward_api is not None:
                for item in source.downward_api.items or ():
                    value = envvars.field_value(pod, item.field_ref.field_path) if item.field_ref else ""
                    files[item.path] = (value, item.mode or mode)
        return files, "tmpfs"
    return None


def uses(pod: Any, kind: str, name: str) -> bool:
    """Whether a pod's volumes project this ConfigMap or Secret."""
    for volume in pod.spec.volumes or ():
        if kind == "ConfigMap" and volume.config_map is not None and volume.config_map.name == name:
            return True
        if kind == "Secret" and volume.secret is not None and volume.secret.secret_name == name:
            return True
        for source in (volume.projected.sources or ()) if volume.projected is not None else ():
            ref = source.config_map if kind == "ConfigMap" else source.secret
            if ref is not None and ref.name == name:
                return True
    return False


def _signature(files: dict[str, tuple[str, int]]) -> str:
    return hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()


def setup(api: Any, pod: Any, disks: dict[str, Tree], stamp: str) -> dict[str, PodVolume]:
    """Every volume of the pod, ready to mount; raises MountError for the first that fails."""
    found = {}
    for volume in pod.spec.volumes or ():
        projected = projected_files(api, pod, volume)
        if projected is not None:
            files, fstype = projected
            found[volume.name] = PodVolume(volume.name, atomic_tree(files, stamp), fstype, True, _signature(files))
        elif volume.empty_dir is not None:
            fstype = "tmpfs" if volume.empty_dir.medium == "Memory" else "ext4"
            found[volume.name] = PodVolume(volume.name, Tree(), fstype)
        else:
            found[volume.name] = PodVolume(volume.name, disks.setdefault(_disk(api, pod, volume), Tree()))
    return found


def _host_path(pv: Any) -> str | None:
    spec = pv.spec
    source = spec.host_path or spec.local if spec is not None else None
    return source.path if source is not None else None


def _disk(api: Any, pod: Any, volume: Any) -> str:
    """The node's tree for a hostPath or claim volume: a path's (`host:<path>`), or, for a
    claim not (yet) bound to a volume with a path, one of its own."""
    if volume.host_path is not None:
        return f"host:{posixpath.normpath(volume.host_path.path)}"
    if volume.persistent_volume_claim is None:
        return f"none:{volume.name}"
    name = volume.persistent_volume_claim.claim_name
    claim = api.try_get("PersistentVolumeClaim", name, pod.metadata.namespace)
    pv = api.try_get("PersistentVolume", claim.spec.volume_name) if claim and claim.spec.volume_name else None
    path = _host_path(pv) if pv is not None else None
    return f"host:{posixpath.normpath(path)}" if path else f"pvc:{pod.metadata.namespace}/{name}"


LOCAL_PATH_NODE = "local.path.provisioner/selected-node"


def local_path_node(pv: Any) -> list[str]:
    """The node whose disk holds a local-path volume's directory."""
    node = (pv.metadata.annotations or {}).get(LOCAL_PATH_NODE)
    return [node] if node else []


def teardown(pv: Any, disks: dict[str, Tree]) -> None:
    """The local-path helper pod's teardown: the deleted volume's directory is removed."""
    path = _host_path(pv)
    if local_path_node(pv) and path:
        disks.pop(f"host:{posixpath.normpath(path)}", None)


def refresh(api: Any, pod: Any, volumes: dict[str, PodVolume], stamp: str) -> list[str]:
    """The volume resync: swap the files of projected volumes whose source changed (the
    atomic writer's `..data` rename). A source that disappeared leaves the files as they
    were. Returns the names of the volumes that changed."""
    changed = []
    for volume in pod.spec.volumes or ():
        current = volumes.get(volume.name)
        if current is None or not current.projected:
            continue
        try:
            projected = projected_files(api, pod, volume)
        except MountError:
            continue
        files, _ = projected
        signature = _signature(files)
        if signature == current.signature:
            continue
        fresh = atomic_tree(files, stamp)
        current.tree.files, current.tree.dirs, current.tree.links = fresh.files, fresh.dirs, fresh.links
        current.signature = signature
        changed.append(volume.name)
    return changed


HOSTS_HEAD = ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
              "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n")


def hosts_file(pod: Any, ip: str, hostname: str) -> str:
    """kubelet_pods.go managedHostsFileContent: the pod's own name last, with its FQDN first
    when it has a subdomain."""
    if pod.spec.subdomain:
        fqdn = f"{hostname}.{pod.spec.subdomain}.{pod.metadata.namespace}.svc.cluster.local"
        return HOSTS_HEAD + f"{ip}\t{fqdn}\t{hostname}\n"
    return HOSTS_HEAD + f"{ip}\t{hostname}\n"


def _single(name: str, content: str) -> Tree:
    tree = Tree()
    tree.add_file(name, content)
    return tree


def container_mounts(container: Any, volumes: dict[str, PodVolume], *, hosts: str, hostname: str,
                     resolv: str) -> list[Mount]:
    """makeMounts: the container's volumeMounts, then the kubelet-managed files."""
    mounts = []
    for vm in container.volume_mounts or ():
        volume = volumes.get(vm.name)
        if volume is None:
            continue
        read_only = bool(vm.read_only) or (volume.projected and volume.fstype == "tmpfs")
        mount_path = posixpath.normpath(vm.mount_path)
        if vm.sub_path:
            tree, sub = volume.tree, vm.sub_path
            if volume.projected:  # bind-mounted from the resolved file at start: later swaps do not reach it
                resolved = tree.resolve(sub)
                tree, sub = Tree(), posixpath.basename(sub)
                if resolved in volume.tree.files:
                    original = volume.tree.files[resolved]
                    tree.add_file(sub, original.content, mode=original.mode)
                else:
                    tree.dirs[sub] = None
            elif sub not in tree.files and not tree.is_dir(sub):
                tree.dirs[sub] = None  # the kubelet creates a missing subPath as a directory
                tree._parents(sub)
            mounts.append(Mount(mount_path, tree, sub, read_only, volume.fstype,
                                "tmpfs" if volume.fstype == "tmpfs" else "/dev/vda1"))
        else:
            mounts.append(Mount(mount_path, volume.tree, "", read_only, volume.fstype,
                                "tmpfs" if volume.fstype == "tmpfs" else "/dev/vda1"))
    for path, content in (("/etc/hosts", hosts), ("/etc/hostname", hostname + "\n"), ("/etc/resolv.conf", resolv)):
        if not any(m.path == path for m in mounts):
            name = posixpath.basename(path)
            mounts.append(Mount(path, _single(name, content), name))
    return mounts


def filesystem(root: Tree, mounts: list[Mount], workdir: str) -> Filesystem:
    return Filesystem(root, mounts, workdir or "/")
