"""Where `%kubectl` goes: the simulated cluster in this kernel, or a real cluster through the
real kubectl binary (`%cluster use --context NAME`, `--kubeconfig PATH`, `use local`).

docs/architecture.md, Beyond one machine: a learner who outgrows the simulation points the
same magics at a kind, minikube or cloud cluster; kubectl then runs for real and prints
exactly what it prints in a terminal. This is the one seam between the magics and the cluster they talk to,
at kubectl's edge: a command line in, what kubectl printed out, so nothing else in the
magics needs to know which cluster it is. Typed reads (the widgets) go through the target's
`port()`, the cluster port of kubecourse/api/port.py: the session cluster's own for the
simulation, the HTTP port (kubecourse/remote.py) with the same kubeconfig and context for a
real cluster.

The binary: `kubectl` on PATH. Where that is the Google Cloud SDK's dispatcher (it asks the
server for its version, then runs `kubectl.1.<minor>` from its own folder), the versioned
binary beside it that matches the kubectl kubecourse models (1.32) is run directly, as the
conformance judge does: the same client, one round trip less.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kubecourse import cluster as clusters
from kubecourse.api.port import Port
from kubecourse.kubectl import Result
from kubecourse.kubectl.commands.version import CLIENT_VERSION
from kubecourse.kubectl.main import split
from kubecourse.remote import HTTPPort


class Target(Protocol):
    @property
    def local(self) -> bool:
        """Whether %kubectl goes to the simulated cluster in this kernel."""
        ...

    def kubectl(self, line: str | Sequence[str], stdin: str | None = None) -> Result:
        """Run one kubectl command line; what it printed and its exit code."""
        ...

    def describe(self) -> str:
        """One line for `%cluster use`: where %kubectl now goes."""
        ...

    def port(self) -> Port:
        """The same cluster through the typed cluster port, for the widgets."""
        ...


@dataclass(frozen=True)
class Local:
    """The session's simulated cluster (clusters.session())."""

    local: bool = True

    def kubectl(self, line: str | Sequence[str], stdin: str | None = None) -> Result:
        return clusters.session().kubectl(line, stdin=stdin)

    def describe(self) -> str:
        return "%kubectl runs against the simulated cluster in this kernel"

    def port(self) -> Port:
        return clusters.session().port


@dataclass(frozen=True)
class Remote:
    """A real cluster: the real kubectl with a kubeconfig and/or a context."""

    binary: str
    context: str | None = None
    kubeconfig: str | None = None
    local: bool = False

    def argv(self, args: list[str]) -> list[str]:
        flags = [*(["--kubeconfig", self.kubeconfig] if self.kubeconfig else []),
                 *(["--context", self.context] if self.context else [])]
        return [self.binary, *flags, *args]

    def kubectl(self, line: str | Sequence[str], stdin: str | None = None) -> Result:
        try:
            args = split(line)
        except ValueError as e:
            return Result("", f"error: {e}\n", 1)
        proc = subprocess.run(self.argv(args), input=(stdin or "").encode(), capture_output=True, check=False)
        return Result(proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"), proc.returncode)

    def describe(self) -> str:
        where = f"context {self.context}" if self.context else "the current context"
        config = f" of {self.kubeconfig}" if self.kubeconfig else ""
        return f"%kubectl runs {self.binary} against {where}{config}; %cluster use local returns to the simulation"

    def port(self) -> Port:
        return HTTPPort(self.kubeconfig, self.context)


def find_kubectl(path: str | None = None) -> str:
    """The real kubectl to run (see the module docstring); ValueError when there is none."""
    found = shutil.which("kubectl", path=path)
    if found is None:
        raise ValueError("kubectl is not on PATH: install it (https://kubernetes.io/docs/tasks/tools/) to use a "
                         "real cluster")
    minor = ".".join(CLIENT_VERSION.lstrip("v").split(".")[:2])
    versioned = Path(os.path.realpath(found)).with_name(f"kubectl.{minor}")
    return str(versioned) if versioned.is_file() and os.access(versioned, os.X_OK) else found


def parse_use(args: list[str], path: str | None = None) -> Target:
    """`local`, or `--context NAME` and/or `--kubeconfig PATH` (also as --flag=value)."""
    if args == ["local"]:
        return Local()
    options: dict[str, str] = {}
    words = list(args)
    while words:
        word = words.pop(0)
        name, eq, value = word.partition("=")
        if name not in ("--context", "--kubeconfig"):
            raise ValueError(f"%cluster use: unknown argument {word!r} (use: local, --context NAME, --kubeconfig PATH)")
        if not eq:
            if not words:
                raise ValueError(f"%cluster use: {name} needs a value")
            value = words.pop(0)
        options[name[2:]] = value
    if not options:
        raise ValueError("%cluster use: say local, --context NAME or --kubeconfig PATH")
    kubeconfig = options.get("kubeconfig")
    if kubeconfig is not None:
        kubeconfig = str(Path(kubeconfig).expanduser())
        if not Path(kubeconfig).is_file():
            raise ValueError(f"%cluster use: no kubeconfig at {kubeconfig}")
    return Remote(find_kubectl(path), options.get("context"), kubeconfig)
