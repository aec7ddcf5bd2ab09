"""The save file: a cluster's whole state as data, which loading can only rebuild, never run.

A save file is something learners share with teachers, so loading one must not execute
anything it names, whatever its bytes. Pickle cannot promise that (its opcodes call any
importable callable), so the format is our own: a short text header, then gzip'd JSON.

The JSON holds a table of *shapes* (a class and the names of its fields) and one tree of
nodes. A scalar (string, number, true/false/null) is itself; every other value is an array
whose first element says what it is: a builtin container, one of a few stdlib value types
(datetime, timedelta, timezone, pydantic's TzInfo, random.Random's state), a reference to a
value seen before (so shared objects stay shared and cycles close), a class, a Kind entry,
a bound method, a module-level constant of kubecourse's (by name: loading hands back this
process's own), or an instance of a shape. Loading builds an instance the way pickle's
protocol 2 does without calling anything of the class: `object.__new__` (or
`tuple.__new__` for a NamedTuple), then its fields are set directly. It never calls
`__init__`, `__setstate__`, `__reduce__` or a function the file names, and resolves a class
only through `classes()`, a registry derived from the package: the classes defined in
kubecourse's own state modules (not the Jupyter, widget or served-API layers) that
`object.__new__` can build. A bound method (a timer's callback, the controller manager's
watch) loads only when its class marks it `@callback`.

Every failure to read a file becomes one `SaveFileError` that says what is wrong with it.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import gzip
import importlib
import json
import os
import pkgutil
import random
import sys
import tempfile
import types
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

from kubecourse import rand
from kubecourse.clock import CALLBACK

MAGIC = b"kubecourse save file\n"
FORMAT = 1  # bump when the node encoding changes; a reader refuses a newer one
LONG = 64  # strings at least this long are stored once and referenced after
FRAMES_PER_LEVEL = 5  # the most Python frames the writer or the reader takes per level of nesting
# Layers that hold no cluster state (and may touch files, sockets or the kernel): a save
# file may not name their classes. kubecourse.cluster's Cluster is the file's root, built by
# the loader itself.
NOT_STATE = ("kubecourse.jupyter", "kubecourse.widgets", "kubecourse.serve", "kubecourse.cluster",
             "kubecourse.savefile", "kubecourse.rebase")

# The package's own folder, walked for its state modules: the registry is built from what
# the code defines, so a class that moves between modules needs no change here.
PACKAGE = [str(Path(__file__).resolve().parent)]

# Node tags: the first element of an array node. Shapes are numbered from SHAPES on.
REF, LONG_STR, LIST, TUPLE, DICT, ODICT, SET, FROZENSET, BYTES = range(9)
DATETIME, TIMEDELTA, TIMEZONE, TZINFO, RANDOM, CLASS, KIND, METHOD, BUILT_INSIDE, MODEL_EXTRA, CONSTANT = range(9, 20)
SHAPES = 32
MODEL, OBJECT, SLOTS, NAMEDTUPLE = "model", "object", "slots", "namedtuple"

class SaveFileError(ValueError):
    """A file that is not a save file this kubecourse can load; the message says why."""


# --- the registry ---------------------------------------------------------------------------


@cache
def classes() -> dict[str, type]:
    """Every class a save file may build, by `module.qualname`: those defined in kubecourse's
    state modules that are built without running their code (see _kind_of)."""
    found: dict[str, type] = {}
    for module in _state_modules(PACKAGE, "kubecourse."):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ and _kind_of(value) is not None:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


@cache
def constants() -> dict[str, Any]:
    """The module-level instances of registry classes in kubecourse's state modules (a shell's
    table of programs), by `module.name`: a save file refers to one by name and loading hands
    back the running process's own, as a fresh cluster would hold it."""
    registry = classes()
    return {f"{module.__name__}.{name}": value for module in _state_modules(PACKAGE, "kubecourse.")
            for name, value in vars(module).items()
            if registry.get(f"{type(value).__module__}.{type(value).__qualname__}") is type(value)
            and _kind_of(type(value)) in (OBJECT, SLOTS)}


def _state_modules(path: list[str], prefix: str) -> list[types.ModuleType]:
    modules = []
    for info in pkgutil.iter_modules(path, prefix):
        if info.name.startswith(NOT_STATE) or info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        module = importlib.import_module(info.name)
        modules.append(module)
        if info.ispkg:
            modules += _state_modules(module.__path__, info.name + ".")
    return modules


def _kind_of(cls: type) -> str | None:
    """How instances of `cls` are stored, or None when a save file may not hold them."""
    from kubecourse.api import kinds

    if issubclass(cls, BaseModel):
        return MODEL
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return NAMEDTUPLE
    if cls.__new__ is not object.__new__ or issubclass(cls, kinds.Kind):  # a Kind is a table entry
        return None
    return OBJECT if _slots(cls) == () else SLOTS


def _slots(cls: type) -> tuple[str, ...]:
    return tuple(s for c in cls.__mro__ for s in c.__dict__.get("__slots__", ()) if s not in ("__dict__", "__weakref__"))


@contextlib.contextmanager
def _deep() -> Iterator[None]:
    """Room for the walk: it takes a few Python frames per level of nesting, and the JSON codec
    (one C frame per level, under the default limit) bounds the nesting a file can have."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, FRAMES_PER_LEVEL * limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


# --- writing --------------------------------------------------------------------------------


def save(path: str | Path, root: Any, state: dict[str, Any], version: str) -> None:
    """Write `state` (the root object's fields) to `path`, readable only by its owner (0600),
    replacing the file in one step so that a failed save leaves the old one whole."""
    writer = _Writer(root)
    with _deep():
        body = writer.node(state)
    document = {"shapes": writer.shapes, "root": body}
    header = json.dumps({"format": FORMAT, "kubecourse": version}).encode() + b"\n"
    data = MAGIC + header + gzip.compress(json.dumps(document, separators=(",", ":"), check_circular=False).encode(), compresslevel=1)
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Writer:
    """Numbers each mutable value (and each long string) the first time it is seen, in the order
    the reader will meet it; a later sighting is a reference to that number."""

    def __init__(self, root: Any) -> None:
        self.memo: dict[int, int] = {id(root): 0}  # id -> index; the root is built by the loader
        self.strings: dict[str, int] = {}
        self.count = 1
        self.shapes: list[list[Any]] = []
        self.shape_of: dict[tuple[type, tuple[str, ...]], int] = {}
        self.models: dict[type, tuple[int, tuple[str, ...], dict[str, int]]] = {}
        self.constants = {id(value): name for name, value in constants().items()}
        self.by_type: dict[type, Callable[[Any], Any]] = {
            list: self.list_, tuple: self.tuple_, dict: self.dict_, OrderedDict: self.dict_, set: self.set_,
            frozenset: self.frozenset_, bytes: self.bytes_, datetime: self.datetime_, timedelta: self.timedelta_,
            type: self.class_, types.MethodType: self.method_, random.Random: self.random_,
            timezone: self.tz_, pydantic_core.TzInfo: self.tz_,
        }

    def memoize(self, obj: Any) -> None:
        self.memo[id(obj)] = self.count
        self.count += 1

    def node(self, obj: Any) -> Any:
        t = type(obj)
        if t is str:
            if len(obj) < LONG:
                return obj
            if (i := self.strings.get(obj)) is not None:
                return [REF, i]
            self.strings[obj] = self.count
            self.count += 1
            return [LONG_STR, obj]
        if obj is None or t is int or t is float or t is bool:
            return obj
        if (i := self.memo.get(id(obj))) is not None:
            return [REF, i]
        encode = self.by_type.get(t)
        if encode is None:
            encode = self.by_type[t] = self.encoder_for(t)
        return encode(obj)

    def nodes(self, values: Iterable[Any]) -> list[Any]:
        """node() of each value; inline for the commonest, short strings, numbers and None."""
        node = self.node
        return [v if v is None or (t := type(v)) is int or t is bool or t is float or (t is str and len(v) < LONG)
                else node(v) for v in values]

    def encoder_for(self, t: type) -> Callable[[Any], Any]:
        from kubecourse.api import kinds

        if t is kinds.Kind:
            return lambda k: [KIND, k.kind]
        if issubclass(t, type):
            return self.class_
        name = f"{t.__module__}.{t.__qualname__}"
        if classes().get(name) is not t:
            raise TypeError(f"a save file cannot hold a {name}")
        return {MODEL: self.model_, NAMEDTUPLE: self.namedtuple_, OBJECT: self.object_, SLOTS: self.slots_}[_kind_of(t)]

    def shape(self, t: type, kind: str, names: tuple[str, ...]) -> int:
        key = (t, names)
        if (i := self.shape_of.get(key)) is None:
            i = self.shape_of[key] = SHAPES + len(self.shapes)
            self.shapes.append([kind, f"{t.__module__}.{t.__qualname__}", list(names)])
        return i

    # containers: mutable ones are numbered before their items (an item may refer back),
    # immutable ones after (they are built from their items)
    def list_(self, obj: list[Any]) -> list[Any]:
        self.memoize(obj)
        return [LIST, *self.nodes(obj)]

    def dict_(self, obj: dict[Any, Any]) -> list[Any]:
        self.memoize(obj)
        return [ODICT if type(obj) is OrderedDict else DICT, *self.nodes(obj.keys()), *self.nodes(obj.values())]

    def set_(self, obj: set[Any]) -> list[Any]:
        self.memoize(obj)
        return [SET, *self.nodes(obj)]

    def immutable(self, obj: Any, head: int, items: list[Any]) -> list[Any]:
        if (i := self.memo.get(id(obj))) is not None:
            # a cycle through a mutable item built it already: read the items, then refer to it
            return [BUILT_INSIDE, i, *items]
        self.memoize(obj)
        return [head, *items]

    def tuple_(self, obj: tuple[Any, ...]) -> list[Any]:
        return self.immutable(obj, TUPLE, self.nodes(obj))

    def frozenset_(self, obj: frozenset[Any]) -> list[Any]:
        return self.immutable(obj, FROZENSET, self.nodes(obj))

    def namedtuple_(self, obj: tuple[Any, ...]) -> list[Any]:
        t = type(obj)
        return self.immutable(obj, self.shape(t, NAMEDTUPLE, t._fields), self.nodes(obj))  # type: ignore[attr-defined]

    # values
    def bytes_(self, obj: bytes) -> list[Any]:
        return [BYTES, base64.b64encode(obj).decode()]

    def datetime_(self, d: datetime) -> list[Any]:
        self.memoize(d)  # not for identity: one instant is shared by many objects
        tz = None if d.tzinfo is None else self.node(d.tzinfo)
        return [DATETIME, d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tz, d.fold]

    def timedelta_(self, d: timedelta) -> list[Any]:
        return [TIMEDELTA, d.days, d.seconds, d.microseconds]

    def tz_(self, tz: Any) -> list[Any]:
        offset = tz.utcoffset(None)
        if type(tz) is pydantic_core.TzInfo:
            return [TZINFO, offset.days * 86400 + offset.seconds]
        name = tz.tzname(None)
        return [TIMEZONE, offset.days, offset.seconds, offset.microseconds,
                None if name == timezone(offset).tzname(None) else name]

    def random_(self, r: random.Random) -> list[Any]:
        self.memoize(r)
        version, internal, gauss = r.getstate()
        return [RANDOM, version, list(internal), gauss]

    def class_(self, t: type) -> list[Any]:
        name = f"{t.__module__}.{t.__qualname__}"
        if classes().get(name) is not t:
            raise TypeError(f"a save file cannot hold the class {name}")
        return [CLASS, name]

    def method_(self, m: types.MethodType) -> list[Any]:
        if not getattr(m.__func__, CALLBACK, False):
            raise TypeError(f"a save file cannot hold {m.__qualname__}: it is not marked @savefile.callback")
        return [METHOD, self.node(m.__self__), m.__func__.__name__]

    # instances of kubecourse classes
    def model_(self, obj: BaseModel) -> list[Any]:
        """[shape, fields set, values...]: the fields set as a bit mask of the shape's names (or
        [MODEL_EXTRA, fields set, extra, private] when those are not empty); trailing None
        values are left out."""
        self.memo[id(obj)] = self.count
        self.count += 1
        t = type(obj)
        if (model := self.models.get(t)) is None:
            names = tuple(t.__pydantic_fields__)
            model = self.models[t] = (self.shape(t, MODEL, names), names, {n: 1 << i for i, n in enumerate(names)})
        shape, names, bits = model
        d = obj.__dict__
        if len(d) != len(names):
            raise TypeError(f"a {t.__qualname__} whose fields are not its class's")
        fields_set, extra, private = obj.__pydantic_fields_set__, obj.__pydantic_extra__, obj.__pydantic_private__
        try:
            mask: Any = sum(map(bits.__getitem__, fields_set))
        except KeyError:  # an extra field was set too
            mask = None
        if mask is None or extra or private is not None:
            mask = [MODEL_EXTRA, self.node(fields_set) if mask is None else mask, self.node(extra), self.node(private)]
        values = [d[n] for n in names]
        while values and values[-1] is None:
            values.pop()
        return [shape, mask, *self.nodes(values)]

    def object_(self, obj: Any) -> list[Any]:
        self.memoize(obj)
        if (name := self.constants.get(id(obj))) is not None:
            return [CONSTANT, name]
        d = obj.__dict__
        return [self.shape(type(obj), OBJECT, tuple(d)), *self.nodes(d.values())]

    def slots_(self, obj: Any) -> list[Any]:
        self.memoize(obj)
        if (name := self.constants.get(id(obj))) is not None:
            return [CONSTANT, name]
        names = _slots(type(obj))
        return [self.shape(type(obj), SLOTS, names), *self.nodes([getattr(obj, n) for n in names])]


# --- reading --------------------------------------------------------------------------------


def read_header(path: str | Path, data: bytes) -> tuple[dict[str, Any], bytes]:
    """The header (format, kubecourse version) and the compressed body, or a SaveFileError."""
    if not data:
        raise SaveFileError(f"{path} is empty: it is not a kubecourse save file")
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise SaveFileError(f"{path} is truncated: it ends inside the save file's header")
        raise SaveFileError(f"{path} is not a kubecourse save file (it does not start with {MAGIC[:-1].decode()!r})")
    line, newline, body = data[len(MAGIC):].partition(b"\n")
    try:
        header = json.loads(line) if newline else None
    except ValueError:
        header = None
    if not isinstance(header, dict) or type(header.get("format")) is not int:
        raise SaveFileError(f"{path} is truncated or damaged: its header cannot be read")
    if header["format"] > FORMAT:
        raise SaveFileError(f"{path} was saved by a newer kubecourse ({header.get('kubecourse')}, save format "
                            f"{header['format']}); this kubecourse reads save format {FORMAT}. Upgrade kubecourse "
                            "to load it.")
    return header, body


def load(path: str | Path, body: bytes, root: Any) -> dict[str, Any]:
    """The state saved in `body` (read_header's), with `root` standing for the saved root."""
    try:
        text = gzip.decompress(body)
    except (EOFError, OSError, zlib.error) as e:
        raise SaveFileError(f"{path} is truncated or damaged: {e}") from None
    collecting = gc.isenabled()
    gc.disable()  # the graph is built in one go and holds no garbage: each collector pass would only walk it
    try:
        document = json.loads(text)
        shapes = [_resolve_shape(s) for s in document["shapes"]]
        with _deep():
            state = _Reader(shapes, root).node(document["root"])
        if type(state) is not dict:
            raise SaveFileError("its root is not a cluster's state")
        return state
    except SaveFileError as e:
        raise SaveFileError(f"{path} cannot be loaded: {e}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OverflowError) as e:
        raise SaveFileError(f"{path} is damaged: {type(e).__name__}: {e}") from None
    finally:
        if collecting:
            gc.enable()


Shape = tuple[str, type, tuple[str, ...]]


def _resolve_shape(shape: Any) -> Shape:
    kind, name, names = shape
    cls = classes().get(name)
    if cls is None:
        raise SaveFileError(f"it names {name}, which is not a class a save file may hold")
    names = tuple(names)
    if not all(type(n) is str and n.isidentifier() and not n.startswith("__") for n in names):
        raise SaveFileError(f"it gives {name} a field that is not a plain name")
    if kind != _kind_of(cls) or not _fits(cls, kind, names):
        raise SaveFileError(f"its fields of {name} are not those of this kubecourse's {name}")
    return kind, cls, names


def _fits(cls: type, kind: str, names: tuple[str, ...]) -> bool:
    if kind == MODEL:
        return names == tuple(cls.__pydantic_fields__)  # type: ignore[attr-defined]
    if kind == NAMEDTUPLE:
        return names == cls._fields  # type: ignore[attr-defined]
    if kind == SLOTS:
        return names == _slots(cls)
    return True


class _Reader:
    """Meets the nodes in the order the writer numbered them, so a reference's number is an
    index into what was built so far."""

    def __init__(self, shapes: list[Shape], root: Any) -> None:
        self.memo: list[Any] = [root]
        self.by_tag: dict[int, Callable[[list[Any]], Any]] = {
            REF: self.ref, LONG_STR: self.long_str, LIST: self.list_, TUPLE: self.tuple_, DICT: self.dict_,
            ODICT: self.dict_, SET: self.set_, FROZENSET: self.frozenset_, BYTES: self.bytes_,
            DATETIME: self.datetime_, TIMEDELTA: self.timedelta_, TIMEZONE: self.tz_, TZINFO: self.tz_,
            RANDOM: self.random_, CLASS: self.class_, KIND: self.kind_, METHOD: self.method_,
            BUILT_INSIDE: self.built_inside, CONSTANT: self.constant,
        }
        builders = {MODEL: self.model_builder, NAMEDTUPLE: self.namedtuple_builder, OBJECT: self.object_builder,
                    SLOTS: self.slots_builder}
        for i, (kind, cls, names) in enumerate(shapes):
            self.by_tag[SHAPES + i] = builders[kind](cls, names)

    def node(self, x: Any) -> Any:
        if type(x) is not list:
            return x  # a string, number, true, false or null is itself
        return self.by_tag[x[0]](x)

    def nodes(self, xs: list[Any]) -> list[Any]:
        node = self.by_tag
        return [x if type(x) is not list else node[x[0]](x) for x in xs]

    def ref(self, x: list[Any]) -> Any:
        (_, i) = x
        if type(i) is not int or i < 0:
            raise ValueError(f"a reference to value {i!r}")
        return self.memo[i]

    def long_str(self, x: list[Any]) -> str:
        (_, text) = x
        if type(text) is not str:
            raise ValueError("a long string that is not a string")
        self.memo.append(text)
        return text

    def list_(self, x: list[Any]) -> list[Any]:
        out: list[Any] = []
        self.memo.append(out)
        out += self.nodes(x[1:])
        return out

    def dict_(self, x: list[Any]) -> dict[Any, Any]:
        out = OrderedDict() if x[0] == ODICT else {}
        self.memo.append(out)
        n, odd = divmod(len(x) - 1, 2)
        if odd:
            raise ValueError("a dict with a key and no value")
        keys = self.nodes(x[1:n + 1])
        out.update(zip(keys, self.nodes(x[n + 1:]), strict=True))
        return out

    def set_(self, x: list[Any]) -> set[Any]:
        out: set[Any] = set()
        self.memo.append(out)
        out.update(self.nodes(x[1:]))
        return out

    def tuple_(self, x: list[Any]) -> tuple[Any, ...]:
        out = tuple(self.nodes(x[1:]))
        self.memo.append(out)
        return out

    def frozenset_(self, x: list[Any]) -> frozenset[Any]:
        out = frozenset(self.nodes(x[1:]))
        self.memo.append(out)
        return out

    def built_inside(self, x: list[Any]) -> Any:
        self.nodes(x[2:])
        return self.ref(x[:2])

    def bytes_(self, x: list[Any]) -> bytes:
        (_, text) = x
        return base64.b64decode(text, validate=True)

    def datetime_(self, x: list[Any]) -> datetime:
        (_, year, month, day, hour, minute, second, micro, tz, fold) = x
        out = datetime(year, month, day, hour, minute, second, micro, self.node(tz), fold=fold)
        self.memo.append(out)
        return out

    def timedelta_(self, x: list[Any]) -> timedelta:
        (_, days, seconds, micro) = x
        return timedelta(days, seconds, micro)

    def tz_(self, x: list[Any]) -> Any:
        if x[0] == TZINFO:
            (_, seconds) = x
            return pydantic_core.TzInfo(seconds)
        (_, days, seconds, micro, name) = x
        offset = timedelta(days, seconds, micro)
        return timezone(offset) if name is None else timezone(offset, name)

    def random_(self, x: list[Any]) -> random.Random:
        (_, version, internal, gauss) = x
        out = rand.random_at((version, tuple(internal), gauss))
        self.memo.append(out)
        return out

    def class_(self, x: list[Any]) -> type:
        (_, name) = x
        if (cls := classes().get(name)) is None:
            raise SaveFileError(f"it names {name}, which is not a class a save file may hold")
        return cls

    def constant(self, x: list[Any]) -> Any:
        (_, name) = x
        if (value := constants().get(name)) is None:
            raise SaveFileError(f"it names {name}, which is not a constant a save file may hold")
        self.memo.append(value)
        return value

    def kind_(self, x: list[Any]) -> Any:
        from kubecourse.api import kinds

        (_, name) = x
        return kinds.by_kind(name)

    def method_(self, x: list[Any]) -> types.MethodType:
        (_, owner, name) = x
        obj = self.node(owner)
        function = next((c.__dict__[name] for c in type(obj).__mro__ if name in c.__dict__), None)
        if not isinstance(function, types.FunctionType) or not getattr(function, CALLBACK, False):
            raise SaveFileError(f"it names {type(obj).__qualname__}.{name}, which is not a callback a save file "
                                "may hold")
        return types.MethodType(function, obj)

    # instances: built by object.__new__ (tuple.__new__), fields set directly, nothing called
    def model_builder(self, cls: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
        n = len(names)
        masks: dict[int, frozenset[str]] = {}
        nones = (None,) * n

        def build(x: list[Any]) -> Any:
            obj = object.__new__(cls)
            self.memo.append(obj)
            mask, extra, private = x[1], {}, None
            if type(mask) is list:
                (tag, mask, extra, private) = mask
                if tag != MODEL_EXTRA:
                    raise ValueError(f"a {cls.__qualname__} whose fields set is not a mask")
                mask, extra, private = self.node(mask), self.node(extra), self.node(private)
            values = self.nodes(x[2:])
            if len(values) > n:
                raise ValueError(f"{cls.__qualname__} takes {n} values, not {len(values)}")
            _set(obj, "__dict__", dict(zip(names, [*values, *nones[len(values):]], strict=True)))
            if type(mask) is int:
                if (fields_set := masks.get(mask)) is None:
                    fields_set = masks[mask] = frozenset(name for i, name in enumerate(names) if mask >> i & 1)
                mask = set(fields_set)
            _set(obj, "__pydantic_fields_set__", mask)
            _set(obj, "__pydantic_extra__", extra)
            _set(obj, "__pydantic_private__", private)
            return obj

        return build

    def object_builder(self, cls: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
        def build(x: list[Any]) -> Any:
            obj = object.__new__(cls)
            self.memo.append(obj)
            _set(obj, "__dict__", dict(zip(names, self.nodes(x[1:]), strict=True)))
            return obj

        return build

    def slots_builder(self, cls: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
        def build(x: list[Any]) -> Any:
            obj = object.__new__(cls)
            self.memo.append(obj)
            for name, value in zip(names, self.nodes(x[1:]), strict=True):
                _set(obj, name, value)
            return obj

        return build

    def namedtuple_builder(self, cls: type, names: tuple[str, ...]) -> Callable[[list[Any]], Any]:
        n = len(names) + 1

        def build(x: list[Any]) -> Any:
            if len(x) != n:
                raise ValueError(f"{cls.__qualname__} takes {n - 1} values, not {len(x) - 1}")
            out = tuple.__new__(cls, self.nodes(x[1:]))
            self.memo.append(out)
            return out

        return build


_set = object.__setattr__  # sets a field without the class's __setattr__ (frozen models refuse it)
