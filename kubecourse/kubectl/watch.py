"""`kubectl get --watch` and `--watch-only`, in virtual time.

Models kubernetes/kubectl: pkg/cmd/get/get.go watch, and how the server's watch filters
events (staging/src/k8s.io/apiserver/pkg/storage/cacher: an object that starts matching the
selectors arrives as ADDED, one that stops matching as DELETED).

What the source says:
- Only one resource type may be watched (`you may only specify a single resource type`).
- The current objects print first (unless --watch-only), then one row per change, through
  the same tabwriter: the header comes once, with the first row printed, and the columns
  never shrink. A deleted object prints a row of its last state.
- --output-watch-events adds the EVENT column; the objects listed first are ADDED.
- Real kubectl watches until interrupted or until --request-timeout ends the request, and
  then exits 0 without a word. Here the watch moves virtual time forward by exactly
  --request-timeout, rendering each row at the instant its change happened (so AGE is the
  age then). With no timeout there is nothing to wait for: the command prints the list
  and stops at once with a marked kubecourse hint (docs/architecture.md, Time and
  randomness).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kubecourse.api import selectors
from kubecourse.api.kinds import Kind
from kubecourse.api.server import ADDED, DELETED, MODIFIED, WatchEvent
from kubecourse.kubectl import hints, printers, resources
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Parsed

BAD_TIMEOUT = ("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a "
               "corresponding time unit (e.g. 1s | 2m | 3h)")
NO_BOUND = hints.hint("--watch waits for changes in virtual time only until --request-timeout runs out; pass "
                      "e.g. --request-timeout=30s to watch 30 seconds of the cluster's life.")
_DURATION = re.compile(r"(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def request_timeout(text: str) -> float:
    """--request-timeout in seconds, 0 for none: an integer is seconds, else a Go duration
    (client-go clientcmd ClientConfig)."""
    if re.fullmatch(r"\d+", text) and int(text) < 2**63:
        # time.Duration(i) * time.Second: Go's int64 arithmetic wraps around
        nanos = (int(text) * 10**9 + 2**63) % 2**64 - 2**63
        return max(nanos, 0) / 1e9
    if not _DURATION.fullmatch(text):
        raise CommandError(BAD_TIMEOUT)
    seconds = sum(float(n) * _UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)", text))
    if seconds * 1e9 >= 2**63:  # time.ParseDuration: "invalid duration" past int64 nanoseconds
        raise CommandError(BAD_TIMEOUT)
    return seconds


@dataclass
class Watch:
    """What the watch request selects: one kind, a namespace (None: all), names, selectors."""

    kind: Kind
    namespace: str | None
    names: tuple[str, ...]
    labels: selectors.Selector
    fields: list[tuple[str, str, str]]
    events: list[tuple[str, Any, datetime]] = field(default_factory=list)

    def matches(self, obj: Any) -> bool:
        meta = obj.metadata
        return ((self.namespace is None or meta.namespace == self.namespace)
                and (not self.names or meta.name in self.names)
                and selectors.matches(self.labels, meta.labels)
                and selectors.fields_match(self.fields, self.kind.field_values(obj)))

    def __call__(self, event: WatchEvent) -> None:
        """The server side of the watch: called after every write, it only records."""
        if event.kind != self.kind.kind:
            return
        now_in = event.type != DELETED and self.matches(event.obj)
        was_in = event.old is not None and self.matches(event.old)
        if event.type == DELETED and self.matches(event.obj):
            self.events.append((DELETED, event.obj, event.time))
        elif now_in:
            self.events.append((MODIFIED if was_in and event.type == MODIFIED else ADDED, event.obj, event.time))
        elif was_in and event.type == MODIFIED:
            self.events.append((DELETED, event.old, event.time))


@dataclass
class WatchPrinter:
    """One printer for the whole watch: header once, remembered column widths."""

    kind: Kind
    fmt: str
    options: printers.TableOptions
    widths: tuple[int, ...] = ()
    header_done: bool = False
    printed: int = 0

    def print(self, out: Output, event: str, obj: Any, now: datetime, show_managed_fields: bool) -> None:
        self.printed += 1
        if self.fmt == "name":
            out.out.append(printers.name_line(self.kind, obj))
            return
        if self.fmt in ("yaml", "json"):
            data = printers.wire(obj, show_managed_fields=show_managed_fields)
            if self.options.with_event:
                data = {"object": data, "type": event}
            text = printers.to_yaml(data) if self.fmt == "yaml" else printers.to_json(data)
            out.out.append(("---\n" if self.fmt == "yaml" and self.printed > 1 else "") + text)
            return
        lines = [printers.row(self.kind, obj, now, self.options, event)]
        if not self.header_done and not self.options.no_headers:
            lines.insert(0, printers.header(self.kind, self.options))
        self.header_done = True
        text, self.widths = printers.layout(lines, self.widths)
        out.out.append(text)


def run(ctx: Context, parsed: Parsed, out: Output, kind: Kind, names: tuple[str, ...], current: list[Any],
        options: printers.TableOptions, timeout: float) -> int:
    """Print `current` (the objects listed or fetched first), then every change for
    `timeout` virtual seconds."""
    everywhere = parsed["all-namespaces"] or not kind.namespaced
    watcher = Watch(kind, None if everywhere else resources.namespace_of(parsed), names,
                    selectors.parse(parsed["selector"]) if parsed["selector"] else (),
                    selectors.parse_fields(parsed["field-selector"]))
    printer = WatchPrinter(kind, parsed["output"], options)
    show = parsed["show-managed-fields"]
    if not parsed["watch-only"]:
        _print_current(ctx, out, printer, current, show)
    if not timeout:
        out.error(NO_BOUND)
        return 0
    stop = ctx.watch(watcher)
    try:
        ctx.advance(timeout)
    finally:
        stop()
    for event, obj, when in watcher.events:
        printer.print(out, event, obj, when, show)
    return 0


def _print_current(ctx: Context, out: Output, printer: WatchPrinter, objs: list[Any], show: bool) -> None:
    """The objects listed first, flushed together so their columns line up with each other."""
    if printer.fmt not in ("", "wide"):
        for obj in objs:
            printer.print(out, ADDED, obj, ctx.now, show)
        return
    lines = printers.table(printer.kind, objs, ctx.now, printer.options, ADDED)
    if lines:
        printer.header_done = True
        text, printer.widths = printers.layout(lines, printer.widths)
        out.out.append(text)
