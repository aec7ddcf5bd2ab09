"""The files a container sees: its image's files, its own writes, and the volumes mounted in it.

Models what the kubelet and the runtime set up (kubernetes/kubernetes:
pkg/kubelet/kubelet_pods.go makeMounts, pkg/volume/util/atomic_writer.go; the OCI runtime's
bind mounts). What matters for the course:

* A container's root filesystem starts as a copy of its image's files; what it writes there
  lives as long as that container instance and vanishes with it (a restart starts afresh).
* A volume mounted on a directory hides whatever the image had there: the mount table is
  searched for the longest matching mount point, and only that tree is consulted.
* A `subPath` mount binds one entry of the volume at the mount path, beside the image's
  other files in that directory (the reason subPath exists). It is resolved once, at start:
  later updates of the volume do not reach it (kubernetes/kubernetes#50345).
* An emptyDir is one tree shared by every container of the pod for the pod's life; a
  secret volume (and the projected token) is tmpfs, which `mount` and `df` show.

A `Tree` is a plain directory tree (files, directories, symlinks by relative path), so a
filesystem pickles with the cluster. Symlinks exist for the atomic writer's layout of
configMap and secret volumes (`key -> ..data/key`, `..data -> ..2025_01_01_...`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import datetime


class FSError(Exception):
    """A failed file operation; `reason` is the errno text (`No such file or directory`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOT_FOUND, IS_DIR, NOT_DIR = "No such file or directory", "Is a directory", "Not a directory"
READ_ONLY, NOT_EMPTY = "Read-only file system", "Directory not empty"


@dataclass
class File:
    content: str
    mode: int = 0o644
    mtime: datetime | None = None


@dataclass
class Tree:
    """A directory tree; paths are relative, without a leading slash ("" is the root)."""

    files: dict[str, File] = field(default_factory=dict)
    dirs: dict[str, None] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # path -> target (relative to the link's directory)

    def copy(self) -> Tree:
        return Tree({p: File(f.content, f.mode, f.mtime) for p, f in self.files.items()}, dict(self.dirs),
                    dict(self.links))

    def add_file(self, path: str, content: str, *, mode: int = 0o644, mtime: datetime | None = None) -> None:
        self.files[path] = File(content, mode, mtime)
        self._parents(path)

    def _parents(self, path: str) -> None:
        parent = posixpath.dirname(path)
        while parent:
            self.dirs[parent] = None
            parent = posixpath.dirname(parent)

    def resolve(self, path: str, depth: int = 0) -> str:
        """The path with symlinks in it followed (within this tree)."""
        parts, done = [p for p in path.split("/") if p], ""
        for i, part in enumerate(parts):
            current = posixpath.join(done, part) if done else part
            if current in self.links and depth < 16:
                target = posixpath.normpath(posixpath.join(done, self.links[current]))
                current = self.resolve("" if target == "." else target, depth + 1)
            done = current
            if i < len(parts) - 1 and done in self.files:
                raise FSError(NOT_DIR)
        return done

    def is_dir(self, path: str) -> bool:
        return path == "" or path in self.dirs

    def children(self, path: str) -> list[str]:
        prefix = f"{path}/" if path else ""
        names = {p[len(prefix):].split("/", 1)[0] for source in (self.files, self.dirs, self.links)
                 for p in source if p.startswith(prefix) and p != path}
        return sorted(names)


def atomic_tree(files: dict[str, tuple[str, int]], stamp: str) -> Tree:
    """The atomic writer's layout: the real files under `..<stamp>`, `..data` pointing at it,
    and one visible symlink per top-level entry (`key -> ..data/key`)."""
    tree = Tree()
    hidden = f"..{stamp}"
    tree.dirs[hidden] = None
    for path, (content, mode) in files.items():
        tree.add_file(f"{hidden}/{path}", content, mode=mode)
    tree.links["..data"] = hidden
    for top in sorted({p.split("/", 1)[0] for p in files}):
        tree.links[top] = f"..data/{top}"
    return tree


@dataclass
class Mount:
    path: str  # absolute mount point in the container
    tree: Tree
    sub: str = ""  # subPath: the entry of the tree bound here
    read_only: bool = False
    fstype: str = "ext4"  # what `mount`/`df` show: ext4 (node disk), tmpfs (secret, memory emptyDir)
    device: str = "/dev/vda1"


@dataclass
class Filesystem:
    """One container's view: its root tree plus the mounts over it."""

    root: Tree
    mounts: list[Mount] = field(default_factory=list)
    cwd: str = "/"

    def locate(self, path: str) -> tuple[Tree, str, Mount | None]:
        """The tree that holds an absolute path, and the path inside it."""
        path = posixpath.normpath(posixpath.join(self.cwd, path))
        best: Mount | None = None
        for mount in self.mounts:
            if (path == mount.path or path.startswith(mount.path.rstrip("/") + "/")) and (
                    best is None or len(mount.path) > len(best.path)):
                best = mount
        if best is None:
            return self.root, path.lstrip("/"), None
        rest = path[len(best.path):].lstrip("/")
        inner = posixpath.join(best.sub, rest) if best.sub else rest
        return best.tree, best.tree.resolve(inner.rstrip("/")), best

    def read(self, path: str) -> str:
        tree, inner, _ = self.locate(path)
        if inner in tree.files:
            return tree.files[inner].content
        raise FSError(IS_DIR if tree.is_dir(inner) else NOT_FOUND)

    def exists(self, path: str) -> bool:
        tree, inner, _ = self.locate(path)
        return inner in tree.files or tree.is_dir(inner)

    def is_dir(self, path: str) -> bool:
        tree, inner, _ = self.locate(path)
        return tree.is_dir(inner)

    def stat(self, path: str) -> File | None:
        tree, inner, _ = self.locate(path)
        return tree.files.get(inner)

    def write(self, path: str, content: str, *, append: bool = False, now: datetime | None = None) -> None:
        tree, inner, mount = self.locate(path)
        if mount is not None and mount.read_only:
            raise FSError(READ_ONLY)
        if tree.is_dir(inner):
            raise FSError(IS_DIR)
        parent = posixpath.dirname(inner)
        if not tree.is_dir(parent):
            raise FSError(NOT_FOUND)
        old = tree.files.get(inner)
        text = (old.content if old is not None and append else "") + content
        tree.files[inner] = File(text, old.mode if old else 0o644, now)

    def mkdir(self, path: str, *, parents: bool = False) -> None:
        tree, inner, mount = self.locate(path)
        if mount is not None and mount.read_only:
            raise FSError(READ_ONLY)
        if inner in tree.files or (tree.is_dir(inner) and not parents):
            raise FSError("File exists")
        if not parents and not tree.is_dir(posixpath.dirname(inner)):
            raise FSError(NOT_FOUND)
        tree.dirs[inner] = None
        tree._parents(inner)

    def remove(self, path: str, *, recursive: bool = False) -> None:
        tree, inner, mount = self.locate(path)
        if mount is not None and (mount.read_only or inner == mount.tree.resolve(mount.sub)):
            raise FSError(READ_ONLY if mount.read_only else "Resource busy")
        if inner in tree.files or inner in tree.links:
            tree.files.pop(inner, None)
            tree.links.pop(inner, None)
            return
        if not tree.is_dir(inner):
            raise FSError(NOT_FOUND)
        if not recursive:
            raise FSError(IS_DIR)
        prefix = inner + "/"
        for source in (tree.files, tree.dirs, tree.links):
            for p in [p for p in source if p == inner or p.startswith(prefix)]:
                del source[p]

    def listdir(self, path: str) -> list[str]:
        """Entries of a directory, with the mount points inside it (and subPath files)."""
        tree, inner, _ = self.locate(path)
        if inner in tree.files:
            raise FSError(NOT_DIR)
        if not tree.is_dir(inner):
            raise FSError(NOT_FOUND)
        names = set(tree.children(inner))
        absolute = posixpath.normpath(posixpath.join(self.cwd, path))
        for mount in self.mounts:
            if posixpath.dirname(mount.path.rstrip("/")) == absolute:
                names.add(posixpath.basename(mount.path.rstrip("/")))
        return sorted(names)

    def link_target(self, path: str) -> str | None:
        parent_tree, parent, _ = self.locate(posixpath.dirname(posixpath.normpath(posixpath.join(self.cwd, path))))
        inner = posixpath.join(parent, posixpath.basename(path)) if parent else posixpath.basename(path)
        return parent_tree.links.get(inner)
