"""What a command acts on: `TYPE`, `TYPE NAME...`, `TYPE/NAME...`, `TYPE1,TYPE2`, or `-f`.

Models the resource builder of kubectl (staging/src/k8s.io/cli-runtime/pkg/resource/builder.go
ResourceTypeOrNameArgs, visitor.go FileVisitor/StreamVisitor, mapper.go) with its errors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kubecourse.api import kinds, selectors
from kubecourse.api.errors import StatusError
from kubecourse.api.kinds import Kind
from kubecourse.kubectl import hints, yamldecode
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed

if TYPE_CHECKING:
    from kubecourse.api.port import Port

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")

FILENAME_FLAG = Flag("filename", "f", kind="slice")
RECURSIVE_FLAG = Flag("recursive", "R", kind="bool", default=False)
SELECTOR_FLAG = Flag("selector", "l", default="")


def namespace_of(parsed: Parsed) -> str:
    """The request namespace: -n, else the kubeconfig context's (always `default` here)."""
    return parsed.flags.get("namespace") or "default"


def resolve(word: str) -> Kind:
    kind = kinds.resolve(word)
    if kind is None:
        raise CommandError(f'the server doesn\'t have a resource type "{word}"')
    return kind


def expand(word: str) -> list[Kind]:
    """A type word, or a category such as `all`, in the order kubectl prints them."""
    category = [k for k in CATEGORY_ORDER if word == "all" and "all" in k.categories]
    return category or [resolve(word)]


# `kubectl get all` prints the category's kinds in discovery order (client-go
# restmapper/category_expansion.go): pods, replicationcontrollers, services, then deployments,
# replicasets.
CATEGORY_ORDER: tuple[Kind, ...] = tuple(sorted((k for k in kinds.KINDS if k.categories), key=kinds.discovery_order))


@dataclass(frozen=True)
class Selection:
    """Kinds and, per kind, the names asked for (empty: all of that kind)."""

    items: tuple[tuple[Kind, tuple[str, ...]], ...]


def parse_targets(args: list[str]) -> Selection:
    """`pods`, `pods,svc`, `pod a b`, `pod/a svc/b` -> kinds and names (ResourceTypeOrNameArgs)."""
    if not args:
        raise CommandError("you must specify the type of resource to get")
    args = normalize_multiple_resources_args(args)
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise CommandError(
                "there is no need to specify a resource type as a separate argument when passing arguments in "
                "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get "
                "resource resource/<resource_name>'")
        # In the order given: `pod/a svc/b pod/c` visits (and prints) pods, services, pods.
        groups: list[tuple[Kind, list[str]]] = []
        for a in args:
            word, _, name = a.partition("/")
            if not name:
                raise CommandError("arguments in resource/name form must have a single resource and name")
            kind = resolve(word)
            if groups and groups[-1][0] is kind:
                groups[-1][1].append(name)
            else:
                groups.append((kind, [name]))
        return Selection(tuple((k, tuple(v)) for k, v in groups))
    words, names = args[0].split(","), tuple(args[1:])
    kinds_: list[Kind] = []
    for w in filter(None, words):
        for k in expand(w):
            if k not in kinds_:
                kinds_.append(k)
    if names and len(kinds_) > 1:
        raise CommandError("you must specify only one resource")  # builder.go visitByName
    return Selection(tuple((k, names) for k in kinds_))


def normalize_multiple_resources_args(args: list[str]) -> list[str]:
    """`pods,svc a b` -> `pods/a pods/b svc/a svc/b`: names after several types apply to each
    (builder.go normalizeMultipleResourcesArgs; `kubectl delete pod,service baz foo`)."""
    if len(args) >= 2:
        words = list(dict.fromkeys(args[0].split(",")))
        if len(words) > 1:
            return [f"{w}/{n}" for w in words for n in args[1:]]
    return args


# --- manifests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    source: str  # the file name kubectl names in messages; "STDIN" for -f -
    doc: dict[str, Any]

    @property
    def name(self) -> str:
        return (self.doc.get("metadata") or {}).get("name") or ""

    @property
    def namespace(self) -> str:
        return (self.doc.get("metadata") or {}).get("namespace") or ""


def _files(path: str, recursive: bool) -> list[Path]:
    p = Path(path)
    try:
        p.stat()
    except FileNotFoundError:
        raise CommandError(f'the path "{path}" does not exist') from None
    except OSError as e:  # visitor.go ExpandPathsToFileVisitors: os.Stat's error, as Go words it
        reason = (e.strerror or str(e))[:1].lower() + (e.strerror or str(e))[1:]
        raise CommandError(f'the path "{path}" cannot be accessed: stat {path}: {reason}') from None
    if p.is_file():
        return [p]
    pattern = "**/*" if recursive else "*"
    return sorted(f for f in p.glob(pattern) if f.is_file() and f.suffix in MANIFEST_SUFFIXES)


def _documents(text: str, source: str) -> list[dict[str, Any]]:
    try:
        docs = yamldecode.load_all(text)
    except yamldecode.DecodeError as e:
        raise CommandError(f"error parsing {source}: error converting YAML to JSON: {e}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise CommandError(f"error parsing {source}: error converting YAML to JSON: yaml: {line}{problem}") from None
    out = []
    for doc in docs:
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise CommandError("error validating data: invalid object to validate; if you choose to ignore these "
                               "errors, turn validation off with --validate=false")
        if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            out.extend(i for i in doc["items"] if isinstance(i, dict))
        else:
            out.append(doc)
    return out


def read_manifests(parsed: Parsed, stdin: str | None) -> list[Manifest]:
    """Every document named by -f (files, directories, `-` for stdin), in kubectl's order.
    None at all is for the command to judge (`error: no objects passed to create`)."""
    filenames = parsed.flags.get("filename") or []
    recursive = bool(parsed.flags.get("recursive"))
    manifests: list[Manifest] = []
    for name in filenames:
        if name == "-":
            for doc in _documents(stdin or "", "STDIN"):
                manifests.append(Manifest("STDIN", doc))
            continue
        for f in _files(name, recursive):
            label = str(f) if Path(name).is_dir() else name
            for doc in _documents(f.read_text(), label):
                manifests.append(Manifest(label, doc))
    return manifests


def _type_problems(doc: dict[str, Any]) -> list[str]:
    """The client-side schema check's getObjectKind: apiVersion, then kind, set and strings."""
    problems = []
    for key in ("apiVersion", "kind"):
        if doc.get(key) is None:
            problems.append(f"{key} not set")
        elif not isinstance(doc[key], str):
            problems.append(f"{key} isn't string type")
    return problems


# metadata fields a learner writes -> their Go type, as json.Unmarshal names it in its errors
_META_TYPES = {"name": "string", "generateName": "string", "namespace": "string", "uid": "types.UID",
               "resourceVersion": "string", "labels": "map[string]string", "annotations": "map[string]string",
               "finalizers": "[]string"}


def _json_type(value: Any) -> str:
    """How encoding/json names a value's type in an UnmarshalTypeError."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "string")


def _metadata_problem(meta: Any) -> str | None:
    """What decoding metadata into a metav1.ObjectMeta refuses (the builder's metadataOnlyObject)."""
    if meta is None:
        return None
    if not isinstance(meta, dict):
        return (f"json: cannot unmarshal {_json_type(meta)} into Go struct field metadataOnlyObject.metadata of "
                "type v1.ObjectMeta")
    for key, go_type in _META_TYPES.items():
        value = meta.get(key)
        if value is None:
            continue
        wanted = {"string": str, "types.UID": str}.get(go_type, dict if go_type.startswith("map") else list)
        if not isinstance(value, wanted):
            return f"json: cannot unmarshal {_json_type(value)} into Go struct field ObjectMeta.metadata.{key} of type {go_type}"
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if any(not isinstance(v, str) for v in items):
            bad = next(v for v in items if not isinstance(v, str))
            return f"json: cannot unmarshal {_json_type(bad)} into Go struct field ObjectMeta.metadata.{key} of type string"
    return None


def kind_of(m: Manifest) -> Kind:
    """The kind a manifest maps to, or kubectl's `resource mapping not found` error with a hint
    when its apiVersion is one the book used and Kubernetes has since retired. Before that, the
    document must pass the client's checks: apiVersion and kind are strings, metadata decodes
    (cli-runtime pkg/resource/visitor.go StreamVisitor: ValidateSchema, then infoForData)."""
    problems = _type_problems(m.doc)
    if problems:
        shown = problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]"
        raise CommandError(f"error validating \"{m.source}\": error validating data: {shown}; if you "
                           "choose to ignore these errors, turn validation off with --validate=false")
    if problem := _metadata_problem(m.doc.get("metadata")):
        raise CommandError(f'unable to decode "{m.source}": {problem}')
    api_version, kind = m.doc["apiVersion"], m.doc["kind"]
    entry = kinds.by_api_version(api_version, kind)
    if entry is None:
        message = (f'resource mapping not found for name: "{m.name}" namespace: "{m.namespace}" from '
                   f'"{m.source}": no matches for kind "{kind}" in version "{api_version}"\n'
                   "ensure CRDs are installed first")
        hint = hints.retired_api_version(api_version, kind)
        raise CommandError(message + (f"\n{hint}" if hint else ""))
    return entry


def placed(m: Manifest, kind: Kind, namespace: str, enforce: bool) -> dict[str, Any]:
    """The document with metadata.namespace as the resource builder leaves it: filled in from
    the request namespace, dropped for cluster-scoped kinds, and, when -n was given, required
    to agree with it (visitor.go SetNamespace, FilterNamespace, RequireNamespace)."""
    meta = dict(m.doc.get("metadata") or {})
    if not kind.namespaced:
        meta.pop("namespace", None)
    elif not meta.get("namespace"):
        meta["namespace"] = namespace
    elif enforce and meta["namespace"] != namespace:
        raise CommandError(f'the namespace from the provided object "{meta["namespace"]}" does not match the '
                           f'namespace "{namespace}". You must pass \'--namespace={meta["namespace"]}\' to perform '
                           "this operation.")
    return {**m.doc, "metadata": meta}


def require_filenames(parsed: Parsed) -> None:
    """create, apply and replace act on manifests only (FilenameOptions.RequireFilenameOrKustomize)."""
    if not parsed.flags.get("filename"):
        raise CommandError("must specify one of -f and -k")


@dataclass(frozen=True)
class Target:
    """One manifest, mapped to its kind and placed in its namespace."""

    source: str
    kind: Kind
    doc: dict[str, Any]

    @property
    def name(self) -> str:
        return self.doc["metadata"].get("name") or ""

    @property
    def namespace(self) -> str:
        return self.doc["metadata"].get("namespace") or ""


def visit(parsed: Parsed, stdin: str | None) -> list[Target | CommandError]:
    """Every -f document in order, as a Target or as the error that stopped it (the builder
    with ContinueOnError: one bad document does not stop the others). `-l` keeps only the
    documents whose labels match (FilterByLabelSelector)."""
    namespace, enforce = namespace_of(parsed), "namespace" in parsed.given
    selector = _selector(parsed.flags.get("selector") or "")
    visited: list[Target | CommandError] = []
    for m in read_manifests(parsed, stdin):
        try:
            kind = kind_of(m)
            if selector and not selectors.matches(selector, (m.doc.get("metadata") or {}).get("labels")):
                continue
            visited.append(Target(m.source, kind, placed(m, kind, namespace, enforce)))
        except CommandError as e:
            visited.append(e)
    return visited


def _selector(text: str) -> selectors.Selector:
    try:
        return selectors.parse(text.strip()) if text.strip() else ()
    except selectors.SelectorError as e:
        raise CommandError(f'the provided selector "{text}" is not valid: {e}') from None


# Models kubernetes/kubernetes: staging/src/k8s.io/cli-runtime/pkg/resource/selector.go
# (Selector.Visit) and helper.go EnhanceListError.
def list_objects(port: Port, kind: Kind, namespace: str | None, *, label_selector: str = "",
                 field_selector: str = "") -> list[Any]:
    """A list request as the resource builder makes it. A BadRequest or NotFound from the
    server keeps its reason and gains the builder's context:
    `Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": ...`,
    or `Unable to list "/v1, Resource=pods": ...` when neither selector was given."""
    try:
        return port.list(kind.model, namespace, label_selector=label_selector, field_selector=field_selector)
    except StatusError as e:
        if e.code not in (400, 404):
            raise
        subject = f"{kind.group}/{kind.gvk.version}, Resource={kind.plural}"
        context = (f'Unable to find "{subject}" that match label selector "{label_selector}", '
                   f'field selector "{field_selector}"' if label_selector or field_selector
                   else f'Unable to list "{subject}"')
        raise replace(e, message=f"{context}: {e.message}") from None
