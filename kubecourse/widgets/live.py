"""The live, replayable widget every picture shares: an HTML view of the picture's SVG, a
time slider and a play button over the instants where something it draws changed.

It reads the cluster only through the typed port (kubecourse/api/port.py). It redraws after
each notebook cell (IPython's post_run_cell, hooked when the widget is first shown), never
from a thread; scrubbing the slider rebuilds the picture from the port's history at that
instant (reader.Replay). The static fallback (`_repr_html_`, what an untrusted notebook,
GitHub and nbviewer show) is the last picture drawn, as an <img>.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

import ipywidgets as W

from kubecourse.api import kinds
from kubecourse.api.models import KubeModel
from kubecourse.api.port import Port, kind_of
from kubecourse.widgets import picture, pods
from kubecourse.widgets.reader import Reader, Replay

POLL_SECONDS = 0.5  # between cells, a shown widget redraws at most twice a second


@dataclass(frozen=True)
class Snapshot:
    """A frozen picture: it stays as it was drawn, whatever the cluster does next."""

    title: str
    at: datetime
    dot: str
    svg: str

    def to_dot(self) -> str:
        return self.dot

    def to_svg(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return picture.img_html(self.svg, f"{self.title} at {self.at:%H:%M:%S}", "kc-snapshot")

    def __repr__(self) -> str:
        return f"<{self.title} at {self.at:%Y-%m-%d %H:%M:%S}>"


@dataclass(frozen=True)
class Subject:
    """What a picture is of: one object, and how to show it."""

    model: type[KubeModel]
    namespace: str
    name: str
    reveal: bool = False  # Secret values in clear, not only their lengths (VolumeView)

    @property
    def ref(self) -> str:
        return f"{kind_of(self.model).singular}/{self.name}"


def short_ref(model: type[KubeModel]) -> str:
    """How a learner names the kind: `deploy/NAME`."""
    entry = kind_of(model)
    return f"{entry.short_names[0] if entry.short_names else entry.singular}/NAME"


def parse_ref(ref: str, models: tuple[type[KubeModel], ...], namespace: str, reveal: bool = False) -> Subject:
    """`deploy/kubia` -> the Deployment kubia, checking that the resource word names one of
    the widget's kinds."""
    word, sep, name = ref.partition("/")
    entry = kinds.resolve(word)
    if not sep or not name or entry is None or entry.model not in models:
        wanted = " or ".join(f'"{short_ref(m)}"' for m in models)
        raise ValueError(f'expected {wanted}, got "{ref}"')
    return Subject(entry.model, namespace, name, reveal)


def _port_of(cluster: Any) -> Port:
    """A Cluster's port, or a port given directly."""
    return cluster.port if hasattr(cluster, "port") else cluster


def _hold_of(cluster: Any) -> Callable[[], contextlib.AbstractContextManager]:
    """What a widget reads under: a Cluster's `running()` holds its API lock (the served API's
    threads write under it) and pauses the cyclic garbage collector, whose passes over a long
    history would otherwise cost a 1,000-replica widget most of its redraw."""
    return getattr(cluster, "running", contextlib.nullcontext)


def time_of(port: Port, at: datetime | float | None) -> datetime | None:
    """`at` as a time: seconds count from the first recorded change (the cluster's start)."""
    if at is None or isinstance(at, datetime):
        return at
    first = port.history(since=0)[:1]
    return (first[0].time if first else port.now) + timedelta(seconds=at)


def _poll(me: weakref.ref[ClusterWidget], loop: asyncio.AbstractEventLoop) -> None:
    """Between cells: redraw a shown widget whose cluster changed, then look again later."""
    widget = me()
    if widget is None or widget.comm is None:
        return
    if widget._port.resource_version != widget._seen:
        widget.refresh()
    loop.call_later(POLL_SECONDS, _poll, me, loop)


class ClusterWidget(W.VBox):
    """A picture of one object that follows the cluster and can replay its past.

    Subclasses name the model of the object (`model`), the kinds the picture reads (`reads`,
    what replay rebuilds) and the pure function from a reader to a Picture (`draw`)."""

    models: ClassVar[tuple[type[KubeModel], ...]]
    reads: ClassVar[tuple[type[KubeModel], ...]]
    css_class: ClassVar[str]

    def __init__(self, cluster: Any, ref: str, *, namespace: str = "default", reveal: bool = False,
                 **kwargs: Any) -> None:
        self.subject = parse_ref(ref, self.models, namespace, reveal)
        self.namespace = namespace
        self._port = _port_of(cluster)
        self._cluster = cluster
        self._hold = _hold_of(cluster)
        self._instants: list[datetime] = []
        self._seen = 0  # resourceVersion up to which the history was read
        self._drawn: tuple[int, datetime | None] | None = None
        self._picture: picture.Picture | None = None
        self._svg = ""
        self._unhook: Callable[[], None] | None = None
        self._displays: list[Any] = []  # IPython DisplayHandles of the places it is shown
        self._published = ""  # the picture those displays hold as their fallback
        self.pod_states = pods.PodStates()
        with self._hold():  # building ipywidgets allocates enough to start a collector pass
            self._html = W.HTML()
            self._html.add_class("kc-picture")
            self._slider = W.IntSlider(min=0, max=0, value=0, description="replay", readout=False,
                                       continuous_update=True, layout=W.Layout(width="50%"))
            self._slider.add_class("kc-replay")
            self._play = W.Play(min=0, max=0, value=0, interval=500, description="play", tooltip="play the changes")
            self._play.add_class("kc-play")
            W.jslink((self._play, "value"), (self._slider, "value"))
            self._when = W.Label()
            self._when.add_class("kc-when")
            super().__init__([self._html, W.HBox([self._play, self._slider, self._when])], **kwargs)
            self.add_class("kc-widget")
            self.add_class(self.css_class)
            self._slider.observe(self._on_slider, "value")
            self.refresh()

    # --- what subclasses give ----------------------------------------------------------------

    @classmethod
    def draw(cls, reader: Reader, subject: Subject, pod_state: pods.PodStateOf) -> picture.Picture:
        """The picture of `subject` as `reader` sees it."""
        raise NotImplementedError

    @classmethod
    def frozen(cls, cluster: Any, subject: Subject, at: datetime | float | None = None) -> Snapshot:
        """The picture of `subject` now, or at `at` (a time, or seconds since the first
        recorded change), without a live widget: `%cluster show`."""
        port = _port_of(cluster)
        when = time_of(port, at)
        with _hold_of(cluster)():
            reader = port if when is None else Replay(port, when, cls.reads, subject.namespace)
            pic = cls.draw(reader, subject, pods.pod_state)
        return Snapshot(pic.title, when or port.now, pic.dot(), pic.svg())

    # --- time ---------------------------------------------------------------------------------

    @property
    def instants(self) -> list[datetime]:
        """The virtual times at which something this widget draws changed, oldest first."""
        return list(self._instants)

    @property
    def at(self) -> datetime | None:
        """The instant shown, or None when the widget follows the cluster live."""
        if self._slider.value >= self._slider.max:
            return None
        return self._instants[self._slider.value]

    def show_at(self, when: datetime | None) -> None:
        """Show the picture as it was at `when` (the last change at or before it); None: live."""
        self._catch_up()
        if when is None:
            self._slider.value = self._slider.max
            return
        index = max((i for i, t in enumerate(self._instants) if t <= when), default=0)
        self._slider.value = index

    def _catch_up(self) -> None:
        """Read the history written since last time: new instants for the slider. Asked kind
        by kind, which a real cluster's port needs to start recording them. The first read
        starts the slider where every kind read so far has been seen: a real cluster's port
        records each kind from the moment it is first asked for, one after the other."""
        with self._hold():
            seen = [self._port.history(kind, namespace=self.namespace, since=self._seen) for kind in self.reads]
            self._seen = self._port.resource_version
        start = max((events[0].time for events in seen if events), default=None) if not self._instants else None
        times = sorted({e.time for events in seen for e in events if start is None or e.time >= start})
        self._instants += [t for t in times if not self._instants or t > self._instants[-1]]
        if not self._instants:
            self._instants.append(self._port.now)
        live = self._slider.value >= self._slider.max
        top = len(self._instants) - 1
        self._slider.max = self._play.max = top
        if live:
            self._slider.value = top

    # --- drawing ------------------------------------------------------------------------------

    def picture(self, at: datetime | None = None) -> picture.Picture:
        with self._hold():
            reader = self._port if at is None else Replay(self._port, at, self.reads, self.namespace)
            drawn = self.draw(reader, self.subject, self.pod_states)
        self.pod_states.sweep()
        return drawn

    def refresh(self) -> None:
        """Redraw if the cluster (or the instant shown) changed since the last drawing."""
        self._catch_up()
        self._redraw()

    def _redraw(self) -> None:
        at = self.at
        key = (self._port.resource_version if at is None else -1, at)
        if key == self._drawn:
            return
        pic = self.picture(at)
        self._svg = pic.svg()
        self._picture, self._drawn = pic, key
        self._html.value = self._svg
        shown = at if at is not None else self._port.now
        self._when.value = (f"{shown:%H:%M:%S} live" if at is None
                            else f"{shown:%H:%M:%S} (change {self._slider.value + 1} of {len(self._instants)})")

    def _on_slider(self, _change: dict) -> None:
        self._redraw()

    # --- following the notebook -----------------------------------------------------------------

    def _follow_cells(self) -> None:
        """Redraw after every cell from now on, and between cells from the kernel's event loop
        when the cluster changed (wall-clock mode moves time there). The hooks hold the widget
        weakly, and stop once the widget is closed or gone."""
        if self._unhook is not None:
            return
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            return
        me = weakref.ref(self)

        def after_cell(*_: Any) -> None:
            widget = me()
            if widget is None or widget.comm is None:
                shell.events.unregister("post_run_cell", after_cell)
                return
            widget.refresh()
            widget._publish()

        shell.events.register("post_run_cell", after_cell)
        self._unhook = lambda: shell.events.unregister("post_run_cell", after_cell)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop (IPython in a terminal, a script): after each cell only
        loop.call_later(POLL_SECONDS, _poll, me, loop)

    def close(self) -> None:
        unhook = getattr(self, "_unhook", None)  # missing when __init__ refused the reference
        if unhook is not None:
            with contextlib.suppress(ValueError):
                unhook()
            self._unhook = None
        super().close()

    # --- frozen pictures and fallbacks --------------------------------------------------------

    def snapshot(self, at: datetime | float | None = None) -> Snapshot:
        """The picture now (or at `at`: a time, or seconds since the first recorded change),
        frozen: it stays as it is whatever the cluster does next."""
        return self.frozen(self._cluster, self.subject, at)

    def to_dot(self) -> str:
        return self._picture.dot() if self._picture is not None else ""

    def to_svg(self) -> str:
        return self._svg

    def _ipython_display_(self) -> None:
        """Shown in a notebook: the widget view with its static fallback, displayed with an id
        so that after each cell the fallback becomes the widget's latest picture (what the
        saved notebook shows where widgets do not run)."""
        from IPython.display import display

        self._follow_cells()
        self._displays.append(display(self._bundle(), raw=True, display_id=True))
        self._published = self._svg

    def _bundle(self) -> dict[str, Any]:
        return {**(super()._repr_mimebundle_() or {}), "text/html": self._repr_html_()}

    def _publish(self) -> None:
        """Give the displays the latest live picture as their fallback, if it changed."""
        if self.at is not None or self._svg == self._published:
            return
        for shown in self._displays:
            shown.update(self._bundle(), raw=True)
        self._published = self._svg

    def _repr_html_(self) -> str:
        return picture.img_html(self._svg, self._picture.title if self._picture else repr(self), "kc-static")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.subject.ref}, namespace={self.namespace})"
