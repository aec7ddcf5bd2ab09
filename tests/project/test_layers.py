"""The import contract: kubecourse's layers, top to bottom, and who may import whom.

Data flows one way (kubectl -> API server -> controllers -> kubelets -> network), and imports
follow it: a module imports only from its own layer or the layers below. Every import counts,
also one inside a function or under `if TYPE_CHECKING:`, because each is a dependency a
reader has to follow. docs/architecture.md explains each layer.

A layer is a tuple of parts (a subpackage of kubecourse, or a top-level module). Parts of one
layer may import each other, except in an `independent` layer, whose parts never import each
other (kubectl and the served API are two clients of the same cluster; neither is built on
the other).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kubecourse"


@dataclass(frozen=True)
class Layer:
    parts: tuple[str, ...]
    independent: bool = False


LAYERS = (
    Layer(("__init__",)),  # the facade: `kubecourse.Cluster`, `session()`, `%load_ext kubecourse`
    Layer(("jupyter",)),  # the magics
    Layer(("widgets", "course"), independent=True),  # pictures and exercise checks: read-only views
    Layer(("cluster", "bootstrap", "rebase", "remote", "savefile")),  # a whole cluster, in-process or remote
    Layer(("serve", "kubectl"), independent=True),  # the two clients' edges: HTTP and kubectl's grammar
    Layer(("kubeletapi",)),  # the kubelet's server side: exec, logs
    Layer(("node",)),  # kubelets: pulls, containers, probes, volumes
    Layer(("shell",)),  # the container shell and its programs
    Layer(("network",)),  # cluster DNS and kube-proxy
    Layer(("userland",)),  # container filesystems, images and the apps they run
    Layer(("controllers",)),  # reconcile loops, talking only to the API server
    Layer(("events", "events_cache")),  # client-go's event recorder
    Layer(("api",)),  # the API server: models, admission, validation, storage, watch, history
    Layer(("schema",)),  # the vendored 1.32 OpenAPI schema
    Layer(("golang", "clock", "rand", "realtime", "boundary")),  # leaves: Go's formats, time, randomness, the bug line
)

# Pairs the order alone would allow but the design does not: the runtime chain (node > shell >
# network > userland) and the control chain (controllers > api > schema) meet only in the
# kubelet, which runs on the controllers' reconcile machinery (controllers/base.py, the
# informer-and-workqueue runtime) and on nothing else of theirs.
NARROW = {
    ("node", "controllers"): {"kubecourse.controllers.base"},
    ("shell", "controllers"): set(),
    ("network", "controllers"): set(),
    ("userland", "controllers"): set(),
}


def part_of(module: str) -> str:
    """`kubecourse.controllers.deployment.sync` -> `controllers`; the package itself -> `__init__`."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    names = list(rel.parts)
    return ".".join(names[:-1] if names[-1] == "__init__" else names)


def imported(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, module) for every kubecourse module `path` imports, wherever the import stands.
    `from kubecourse.x import y` names module `kubecourse.x.y` when y is a module."""
    module, found = module_name(path, package), []
    module_file = package.parent.joinpath
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                where = module_file(*candidate.split("."))
                is_module = where.with_suffix(".py").exists() or where.is_dir()
                found.append((node.lineno, candidate if is_module else base))
    return [(line, name) for line, name in found if name == "kubecourse" or name.startswith("kubecourse.")]


RANK = {part: i for i, layer in enumerate(LAYERS) for part in layer.parts}
INDEPENDENT = {part for layer in LAYERS if layer.independent for part in layer.parts}


def wrong_way(source: str, target_module: str) -> str | None:
    """Why `source` (a part) may not import `target_module`, or None when it may."""
    target = part_of(target_module)
    if source == target:
        return None
    if (source, target) in NARROW and target_module not in NARROW[source, target] and not any(
            target_module.startswith(allowed + ".") for allowed in NARROW[source, target]):
        return f"{source} may import only {sorted(NARROW[source, target]) or 'nothing'} from {target}"
    if RANK[target] < RANK[source]:
        return f"{source} is below {target}"
    if RANK[target] == RANK[source] and source in INDEPENDENT:
        return f"{source} and {target} are independent"
    return None


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        source = part_of(module_name(path, package))
        for line, target in imported(path, package):
            if (why := wrong_way(source, target)) is not None:
                found.append(f"{path.relative_to(package.parent)}:{line}: imports {target} ({why})")
    return found


def test_every_part_of_the_package_has_a_layer():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    assert parts - RANK.keys() == set()


def test_imports_go_one_way():
    assert violations() == []


@pytest.mark.parametrize(("source", "target", "why"), [
    ("api", "kubecourse.controllers.replicaset.controller", "api is below controllers"),
    ("kubectl", "kubecourse.serve.backend", "kubectl and serve are independent"),
    ("node", "kubecourse.controllers.deployment.util", "node may import only ['kubecourse.controllers.base'] from controllers"),
    ("userland", "kubecourse.controllers.base", "userland may import only nothing from controllers"),
])
def test_the_contract_refuses_wrong_way_imports(source, target, why):
    assert wrong_way(source, target) == why


def test_a_wrong_way_import_inside_a_function_is_found(tmp_path):
    package = tmp_path / "kubecourse"
    (package / "api").mkdir(parents=True)
    (package / "kubectl").mkdir()
    for init in (package / "__init__.py", package / "api" / "__init__.py", package / "kubectl" / "__init__.py"):
        init.write_text("")
    (package / "kubectl" / "get.py").write_text("")
    (package / "api" / "server.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kubecourse.kubectl import get\n"
        "def f():\n    from ..kubectl.get import x\n")
    assert violations(package) == [
        "kubecourse/api/server.py:3: imports kubecourse.kubectl.get (api is below kubectl)",
        "kubecourse/api/server.py:5: imports kubecourse.kubectl.get (api is below kubectl)",
    ]


def test_no_import_circle_between_parts():
    """Parts of one layer may import each other, but never in a circle: every part can be read
    after the parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = part_of(module_name(path))
        graph.setdefault(source, set()).update(
            target for _, module in imported(path) if (target := part_of(module)) != source)

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            for nxt in graph.get(stack.pop(), ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    assert sorted((a, b) for a, targets in graph.items() for b in targets if reaches(b, a)) == []
