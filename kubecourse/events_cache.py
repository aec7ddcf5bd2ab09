"""The event correlator: what client-go does to an Event between the recorder and the API.

Models kubernetes/kubernetes: staging/src/k8s.io/client-go/tools/record/events_cache.go
(EventCorrelator, EventAggregator, eventLogger, EventSourceObjectSpamFilter) and
event.go (recordToSink, recordEvent), on the virtual clock.

What we learned from the source:
- Every recorder's broadcaster runs one EventCorrelator (StartRecordingToSink). EventCorrelate
  runs three steps in this order, each with its own LRU cache of 4096 entries:
  1. The aggregator groups events by source, object (without fieldPath), type, reason and
     reporting controller/instance, and collects their distinct messages. A group whose last
     event is more than 10 minutes old starts afresh. When the group holds 10 distinct
     messages, the event becomes the group's aggregate, `(combined from similar events):
     <message>`, named `<object>.<now in hex ns>`, without reportingComponent/Instance, and
     one message leaves the set (Go pops an arbitrary one, we pop the oldest): so 9 events
     are kept as they are, the 10th creates the aggregate and each later one counts on it.
  2. The logger counts identical events (source, object with fieldPath, type, reason,
     message; for an aggregate, its group's key): a repeat keeps the first one's name and
     firstTimestamp, gets count + 1, and is sent as a patch of count, lastTimestamp and
     message (so an aggregate shows the latest message).
  3. The spam filter, a token bucket per source and object (no reason, no fieldPath), burst
     25, refilling one token every 300 s (golang.org/x/time/rate, starting full), drops what
     exceeds it, repeats included. It runs after the logger has counted, so the next event
     that passes carries every occurrence in its count.
- recordEvent patches when count > 1 and creates when the patch finds no event (someone
  deleted it): the old name, first timestamp and count come back. A create that fails
  (AlreadyExists, the namespace terminating) is dropped, not retried.
- UpdateState caches what the server returned; our server stores what we send, so the
  logger's own observation already holds it.

Times are exact integer nanoseconds of the virtual clock, so the bucket refills after exactly
300 s, deterministically. Everything here is plain data (picklable, no callables kept).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from kubecourse.api.models.core import ObjectReference

LRU_CACHE_ENTRIES = 4096
AGGREGATE_MAX_EVENTS = 10
AGGREGATE_INTERVAL = timedelta(seconds=600)
AGGREGATE_PREFIX = "(combined from similar events): "
SPAM_BURST = 25
SPAM_REFILL_NS = 300 * 10**9  # one token per 5 minutes (defaultSpamQPS = 1/300)

_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def nanoseconds(delta: timedelta) -> int:
    """A duration in whole nanoseconds, exactly (a float would round at 2**53 ns)."""
    return delta // _MICROSECOND * 1000


def unix_nano(t: datetime) -> int:
    """Go's Time.UnixNano of a virtual instant."""
    return nanoseconds(t - _UNIX_EPOCH)


class LRU:
    """groupcache's lru.Cache: get and add make an entry the newest; the oldest goes past max."""

    def __init__(self, max_entries: int = LRU_CACHE_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, Any] = OrderedDict()

    def get(self, key: tuple) -> Any:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def add(self, key: tuple, value: Any) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class Draft(NamedTuple):
    """An event as makeEvent builds it, before correlation: what the recorder wants to say."""

    component: str
    host: str
    ref: ObjectReference
    type: str
    reason: str
    message: str
    reporting: bool = True  # an aggregate carries no reportingComponent/Instance

    def key(self) -> tuple:
        """getEventKey: identical events, counted by the logger."""
        r = self.ref
        return (self.component, self.host, r.kind, r.namespace, r.name, r.field_path, r.uid, r.api_version,
                self.type, self.reason, self.message)

    def spam_key(self) -> tuple:
        """getSpamKey: the source and the object, whatever the event says."""
        r = self.ref
        return (self.component, self.host, r.kind, r.namespace, r.name, r.uid, r.api_version)

    def aggregate_key(self, spam_key: tuple) -> tuple:
        """EventAggregatorByReasonFunc: events that differ only in message (and fieldPath)."""
        reporting = (self.component, self.host) if self.reporting else ("", "")
        return (*spam_key, self.type, self.reason, *reporting)


@dataclass(slots=True)
class _Group:
    """aggregateRecord: the distinct messages of a group (insertion-ordered) and its last time."""

    last: datetime
    messages: dict[str, None] = field(default_factory=dict)


class Aggregator:
    """EventAggregator with EventAggregatorByReasonFunc/MessageFunc and the default limits."""

    def __init__(self) -> None:
        self._groups = LRU()

    def aggregate(self, draft: Draft, spam_key: tuple, now: datetime) -> tuple[Draft, tuple]:
        """The draft (or its group's aggregate) and the logger key to count it under."""
        key = draft.aggregate_key(spam_key)
        group = self._groups.get(key)
        if group is None or now - group.last > AGGREGATE_INTERVAL:
            group = _Group(now)
        group.messages[draft.message] = None
        group.last = now
        self._groups.add(key, group)
        if len(group.messages) < AGGREGATE_MAX_EVENTS:
            return draft, draft.key()
        del group.messages[next(iter(group.messages))]  # PopAny: Go's is random, ours the oldest
        return draft._replace(message=AGGREGATE_PREFIX + draft.message, reporting=False), key


class Observation(NamedTuple):
    """eventLog plus the event to write: its name, count and first time (count 1: create)."""

    draft: Draft
    name: str
    count: int
    first: datetime


class Logger:
    """eventLogger: the last observation of each event key."""

    def __init__(self) -> None:
        self._seen = LRU()

    def observe(self, draft: Draft, key: tuple, now: datetime, name: Callable[[], str]) -> Observation:
        """`name()` names a first occurrence (makeEvent's name; only called when new)."""
        last: Observation | None = self._seen.get(key)
        if last is None:
            seen = Observation(draft, name(), 1, now)
        else:
            seen = Observation(draft, last.name, last.count + 1, last.first)
        self._seen.add(key, seen)
        return seen


class SpamFilter:
    """EventSourceObjectSpamFilter: a token bucket per source and object."""

    def __init__(self) -> None:
        self._buckets = LRU()

    def allow(self, spam_key: tuple, now: datetime) -> bool:
        # rate.Limiter.AllowN(now, 1): refill for the time since the last accepted event, up
        # to the burst; a refused event changes nothing (so no credit is lost). A bucket is
        # (credit in nanoseconds of refill, SPAM_REFILL_NS being one token; when it was taken).
        bucket: tuple[int, datetime] | None = self._buckets.get(spam_key)
        full = SPAM_BURST * SPAM_REFILL_NS
        credit = full if bucket is None else min(full, bucket[0] + nanoseconds(now - bucket[1]))
        if credit < SPAM_REFILL_NS:
            return False
        self._buckets.add(spam_key, (credit - SPAM_REFILL_NS, now))
        return True


class Correlator:
    """EventCorrelator: aggregate, count, then filter, one per recorder."""

    def __init__(self) -> None:
        self.aggregator = Aggregator()
        self.logger = Logger()
        self.spam_filter = SpamFilter()

    def correlate(self, draft: Draft, now: datetime, name: Callable[[], str]) -> Observation | None:
        """What to write for `draft`, or None when the spam filter drops it."""
        spam_key = draft.spam_key()
        draft, key = self.aggregator.aggregate(draft, spam_key, now)
        seen = self.logger.observe(draft, key, now, name)
        return seen if self.spam_filter.allow(spam_key, now) else None
