"""The container shell's program table: every program an image's processes may run.

Whoever starts a process hands it this table (kubecourse.shell.machine.Programs): the
kubelet for a container's main process and its exec probes, the kubelet's exec handler for
`kubectl exec`. An image runs only what it ships (its `tools`, kubecourse.userland.images);
the shell's builtins it always has. To add a program, write it in the family it belongs to
and list it there: builtins.py (the shell's own), coreutils.py (files, text, environment,
time), system.py (ps, mount, and one image's own tools), clients.py (the network clients).
"""

from __future__ import annotations

from kubecourse.shell.builtins import BUILTINS
from kubecourse.shell.clients import CLIENTS
from kubecourse.shell.coreutils import COREUTILS
from kubecourse.shell.machine import Programs
from kubecourse.shell.system import SYSTEM

PROGRAMS = Programs(builtins=BUILTINS, utilities={**COREUTILS, **SYSTEM, **CLIENTS})
