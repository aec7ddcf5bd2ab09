"""The rest of an image's programs: ps and mount, which show the container, and the
programs particular to one image, fortune and nginx.

`ps` (procps on Debian images, BusyBox's applet elsewhere) lists the container's processes
and `mount` (util-linux, BusyBox) its mount table, as the container instance reports them
(kubecourse.node.container.Instance: the main process, the overlay root and the volumes).
`fortune` is the program of the book's luksa/fortune images (fortune-mod's), its saying
drawn from the session's seeded generator; `nginx -s reload`, `-t` and `-v` talk to the
image's running server (kubecourse.userland.apps.Nginx) as nginx's signal process does.
"""

from __future__ import annotations

from kubecourse.shell.command import name_of
from kubecourse.shell.machine import Call, Program


def ps(c: Call) -> int:
    processes = [*c.host.processes(), " ".join(c.argv)]
    if c.busybox:
        c.out("PID   USER     TIME  COMMAND\n")
        for pid, command in _pids(processes):
            c.out(f"{pid:>5} root      0:00 {command}\n")
        return 0
    if len(c.argv) > 1 and c.argv[1] in ("aux", "-aux", "-ef"):
        if c.argv[1] == "-ef":
            c.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
            for pid, command in _pids(processes):
                c.out(f"root     {pid:>7}       {0 if pid == 1 else 1:>1}  0 {c.host.started:%H:%M} ?        "
                      f"00:00:00 {command}\n")
            return 0
        c.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for pid, command in _pids(processes):
            c.out(f"root     {pid:>7}  0.0  0.1  {4336 if pid > 1 else 614052:>5}  {1620 if pid > 1 else 29540:>5} ?"
                  f"        {'Rs' if pid > 1 else 'Ssl'}  {c.host.started:%H:%M}   0:00 {command}\n")
        return 0
    c.out("    PID TTY          TIME CMD\n")
    for pid, command in _pids(processes):
        c.out(f"{pid:>7} ?        00:00:00 {name_of(command.split()[0])}\n")
    return 0


def _pids(processes: list[str]) -> list[tuple[int, str]]:
    return [(1 if i == 0 else 6 + i, command) for i, command in enumerate(processes)]


def mount(c: Call) -> int:
    for device, point, fstype, options in c.host.mount_table():
        c.out(f"{device} on {point} type {fstype} ({options})\n")
    return 0


def fortune(c: Call) -> int:
    c.out(FORTUNES[c.session.rng.randrange(len(FORTUNES))] + "\n")
    return 0


FORTUNES = (
    "You will be awarded some great honor.",
    "Your lucky number has been disconnected.",
    "Don't let your mind wander -- it's too little to be let out alone.",
    "You have an unusual understanding of the problems of human relationships.",
    "Today is the first day of the rest of your life.",
    "Beware of a tall blond man with one black shoe.",
    "You will be successful in love.",
    "A day without sunshine is like night.",
)


def nginx(c: Call) -> int:
    """`nginx -s reload` re-reads the configuration in the running master; `nginx -t` checks it."""
    args = c.argv[1:]
    stamp = f"{c.host.now:%Y/%m/%d %H:%M:%S}"
    if args[:2] == ["-s", "reload"]:
        if not c.host.reload_server():
            c.err(f'{stamp} [error] 42#42: open() "/run/nginx.pid" failed (2: No such file or directory)\n'
                  f'nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)\n')
            return 1
        c.err(f"{stamp} [notice] 42#42: signal process started\n")
        return 0
    if args[:1] == ["-t"]:
        c.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
              "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")
        return 0
    if args[:1] == ["-v"]:
        c.err("nginx version: nginx/1.27.3\n")
        return 0
    return 1  # the foreground server refused to start (Instance.serve): it printed its [emerg] lines


PYTHON_HINT = ("kubecourse hint: kubecourse runs no Python interpreter; the python image is here as a shell "
               "(sh, curl-less Debian tools). Run a simulated server image for a server (%cluster images).\n")


def python3(c: Call) -> int:
    """python3 with no terminal: no arguments reads a program from stdin, which is empty, and
    exits 0 (so the image's default command ends at once); `--version` prints it; anything
    else would need an interpreter, which kubecourse does not have, and says so."""
    args = c.argv[1:]
    if not args:
        return 0
    if args[0] in ("-V", "--version"):
        c.out(f"Python {c.env.get('PYTHON_VERSION', '3.13.1')}\n")
        return 0
    c.err(PYTHON_HINT)
    return 1


SYSTEM: dict[str, Program] = {"ps": ps, "mount": mount, "fortune": fortune, "nginx": nginx, "python3": python3,
                              "python": python3}
