"""One run of a container: its files, environment, main process, what it printed, its server.

The runtime keeps an Instance per started container (runtime.ContainerRecord.instance, and
the one before it for `kubectl logs --previous`). The kubelet creates it (`create`), starts
its main process and resumes it when the process's sleep is over (`resume`); the network
delivers requests to its server (`handle`); `kubectl exec` runs more processes in it.

The main process is a shell machine (kubecourse.shell.machine) over the container's argv,
handed the container shell's program table (kubecourse.shell.programs), so a script's
`sleep` waits on the virtual clock and a loaded cluster resumes it where it was. A server
(`node app.js`, `nginx`) is an app from kubecourse.userland.apps that the process starts
and then waits forever on. Everything here pickles: no clock callbacks, only data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kubecourse.clock import Clock
from kubecourse.network import dns
from kubecourse.node import envvars, volumes
from kubecourse.shell.command import available, unwrap_entrypoint
from kubecourse.shell.machine import Machine
from kubecourse.shell.process import FOREVER, Outcome
from kubecourse.shell.programs import PROGRAMS
from kubecourse.userland import apps, images
from kubecourse.userland.fs import Filesystem, Tree

LOG_LIMIT = 10_000  # lines kept per container (the kubelet rotates logs at 10 MiB)


@dataclass
class Instance:
    container_id: str
    name: str
    pod: str
    namespace: str
    hostname: str
    ip: str
    image: images.Image
    tag: str
    argv: list[str]
    env: dict[str, str]
    fs: Filesystem
    clock: Clock
    started: datetime
    state: dict[str, Any] = field(default_factory=dict)
    logs: list[tuple[datetime, int, str]] = field(default_factory=list)  # (time, fd, line)
    machine: Machine | None = None
    serving: str | None = None
    _partial: dict[int, str] = field(default_factory=dict)

    @property
    def now(self) -> datetime:
        return self.clock.now

    # --- output ---------------------------------------------------------------------------

    def log(self, line: str) -> None:
        self.write(1, line + "\n")

    def write(self, fd: int, text: str) -> None:
        """What the process prints, kept line by line with the time it was written."""
        pending = self._partial.get(fd, "") + text
        *lines, rest = pending.split("\n")
        for line in lines:
            self.logs.append((self.now, fd, line))
        self._partial[fd] = rest
        if len(self.logs) > LOG_LIMIT:
            del self.logs[: len(self.logs) - LOG_LIMIT]

    # --- the server -----------------------------------------------------------------------

    def serve(self, app: str) -> bool:
        """Start the image's server; False when it refused to start (it printed why)."""
        if self.serving is None:
            self.serving = app
            self.state["ip"] = self.ip
            self.state["ports"] = self.image.ports
            apps.APPS[app].start(self)
            refused = apps.APPS[app].refusal(self)
            if refused:
                self.write(2, refused)
                self.serving = None
                return False
        return True

    def listening(self) -> tuple[int, ...]:
        return apps.APPS[self.serving].listening(self) if self.serving else ()

    def certificate(self, port: int) -> Any:
        return apps.APPS[self.serving].certificate(self, port) if self.serving else None

    def handle(self, request: apps.Request, net: Any) -> apps.Response:
        return apps.APPS[self.serving].http(self, request, net)

    def reload_server(self) -> bool:
        """`nginx -s reload`: the running nginx re-reads its configuration."""
        app = apps.APPS.get(self.serving or "")
        if not isinstance(app, apps.Nginx):
            return False
        app.reload(self)
        return True

    # --- what the shell shows ------------------------------------------------------------

    def processes(self) -> list[str]:
        return [" ".join(self.argv)]

    def mount_table(self) -> list[tuple[str, str, str, str]]:
        rows = [("overlay", "/", "overlay", "rw,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1."
                 "overlayfs/snapshots/1/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/"
                 "snapshots/2/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/work"),
                ("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
                ("tmpfs", "/dev", "tmpfs", "rw,nosuid,size=65536k,mode=755"),
                ("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime")]
        for mount in self.fs.mounts:
            options = ("ro" if mount.read_only else "rw") + ",relatime" + (",size=24576000k" if mount.fstype == "tmpfs"
                                                                            else "")
            rows.append((mount.device, mount.path, mount.fstype, options))
        return rows

    def disk_usage(self) -> list[tuple[str, str, int, int]]:
        rows = [("overlay", "/", 263174212, 41234560), ("tmpfs", "/dev", 65536, 0)]
        for mount in self.fs.mounts:
            if mount.fstype == "tmpfs":
                used = sum(len(f.content.encode()) for f in mount.tree.files.values()) // 1024 + 4
                rows.append(("tmpfs", mount.path, 24576000, used))
            elif mount.path in ("/etc/hosts", "/etc/hostname", "/etc/resolv.conf") or mount.tree.files \
                    or not mount.sub:
                rows.append(("/dev/vda1", mount.path, 263174212, 41234560))
        return rows


def create(*, api: Any, pod: Any, container: Any, image: images.Image, ref: images.Reference, container_id: str,
           pod_volumes: dict[str, volumes.PodVolume], env: dict[str, str], clock: Clock, ip: str) -> Instance:
    """A new container from its image and the pod's volumes (the runtime's CreateContainer)."""
    root = Tree()
    for path, content in images.files_of(image, ref.tag):
        executable = path.endswith(".sh") or path.startswith(("/bin/", "/usr/bin/"))
        root.add_file(path.lstrip("/"), content, mode=0o755 if executable else 0o644)
    for directory in ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"):
        root.dirs[directory] = None
    hostname = pod.spec.hostname or pod.metadata.name
    namespace = pod.metadata.namespace
    mounts = volumes.container_mounts(container, pod_volumes, hosts=volumes.hosts_file(pod, ip, hostname),
                                      hostname=hostname, resolv=dns.resolv_conf(namespace))
    fs = volumes.filesystem(root, mounts, container.working_dir or image.workdir)
    image_env = dict(image.env)
    environment = {"PATH": image_env.pop("PATH", images.DEFAULT_PATH), "HOSTNAME": hostname, **image_env, **env}
    environment.setdefault("HOME", "/root")
    argv = images.argv(image, ref.tag, *envvars.command_and_args(container, env))
    return Instance(container_id=container_id, name=container.name, pod=pod.metadata.name, namespace=namespace,
                    hostname=hostname, ip=ip, image=image, tag=ref.tag, argv=argv, env=environment, fs=fs,
                    clock=clock, started=clock.now)


@dataclass
class ProcessSession:
    """The main process's session: output goes to the container log. A `sleep` inside a
    statement (`echo x | sleep 5`) cannot block a process that runs inside a clock timer,
    so the time is owed and the process waits it out after the statement."""

    host: Instance
    net: Any
    rng: Any
    owed: float = 0.0

    def write(self, fd: int, text: str) -> None:
        self.host.write(fd, text)

    def sleep(self, seconds: float) -> bool:
        self.owed += seconds
        return True

    def deferred(self) -> float:
        owed, self.owed = self.owed, 0.0
        return owed


def missing_executable(instance: Instance) -> str | None:
    """The executable the runtime cannot find in the image (the start fails), or None."""
    argv = unwrap_entrypoint(instance.argv)
    if _system(instance) or (argv and available(argv[0], instance)):
        return None
    return argv[0] if argv else "sh"


def _system(instance: Instance) -> bool:
    """A distroless system image (etcd, CoreDNS...): no shell, one daemon."""
    return not instance.image.tools and instance.image.server is None


def start(instance: Instance, net: Any, rng: Any) -> Outcome:
    """Start the main process; returns what it does next (sleep N, serve forever, exit)."""
    if _system(instance):
        if instance.image.ports:
            instance.serve("daemon")
        return Outcome(sleep=FOREVER)
    instance.machine = Machine.for_argv(unwrap_entrypoint(instance.argv), env=instance.env, programs=PROGRAMS)
    return resume(instance, net, rng)


def resume(instance: Instance, net: Any, rng: Any) -> Outcome:
    """Run the main process until it sleeps again or ends."""
    outcome = instance.machine.run(ProcessSession(instance, net, rng))
    if outcome.exit is not None:
        instance.machine = None
    return outcome


@dataclass
class CaptureSession:
    """An exec probe's session: output captured; the probe is instantaneous on the cluster's
    clock, but its sleeps are counted against the probe's timeout."""

    host: Instance
    net: Any
    rng: Any
    timeout: float = FOREVER
    slept: float = 0.0
    out: list[str] = field(default_factory=list)

    def write(self, fd: int, text: str) -> None:
        self.out.append(text)

    def sleep(self, seconds: float) -> bool:
        self.slept += seconds
        return self.slept < self.timeout

    def deferred(self) -> float:
        return 0.0


def exec_probe(instance: Instance, argv: list[str], timeout: float = FOREVER) -> tuple[int | None, str]:
    """An exec probe: the command run in the container, its exit code (None: it ran past
    `timeout` seconds and was stopped) and output."""
    if not argv or not available(argv[0], instance):
        return 126, ""
    session = CaptureSession(instance, None, None, timeout)
    machine = Machine.for_argv(argv, env=instance.env, programs=PROGRAMS)
    while True:
        outcome = machine.run(session)
        if session.slept >= timeout:
            return None, "".join(session.out)
        if outcome.exit is not None:
            return outcome.exit, "".join(session.out)
        if not session.sleep(outcome.sleep):
            return None, "".join(session.out)
