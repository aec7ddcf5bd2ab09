"""Fuzzing `Cluster.kubectl` with command lines and manifests built from kubectl's grammar and
the schema (issue 10): whatever a learner or a stranger types, no exception escapes, the
internal-error boundary is never met, a refused write changes nothing, and each command takes
under a second. The second is counted in this thread's CPU time, not wall time, so that other
processes sharing the machine cannot make it flaky; a kernel kept busy shows in either.
Deterministic (derandomized, no example database), bounded to about a minute; `-m slow`
selects it."""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.conformance_commands import SCENARIO

import kubecourse
from kubecourse import boundary
from kubecourse.api import kinds
from kubecourse.kubectl.commands import COMMANDS
from kubecourse.kubectl.grammar import GLOBAL_FLAGS, Flag

pytestmark = pytest.mark.slow

CPU_SECONDS = 1.0
NAMES = ("web", "solo", "crash", "legacy", "app-config", "app-secret", "team", "kind-worker", "nope", "")
# values a flag or a field might be given: ordinary, empty, huge, negative, odd types and bytes
SCALARS = st.one_of(
    st.sampled_from(["", "0", "1", "3", "-1", "30s", "1h", "2147483648", "99999999999999999999", "a=b",
                     "app=web", "json", "yaml", "wide", "name", "{.metadata.name}", "nginx:1.28", "true",
                     "false", "/", "-", "*", "a" * 300, "\x00", "é", "'", '"', "[", "{", "app in (web"]),
    st.text(max_size=12))
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70).filter(
        lambda n: not 20 < n < 2**31),  # no replica count that would create thousands of pods
              st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


def _words() -> list[str]:
    resource_words = sorted({w for k in kinds.KINDS for w in k.names()} | {"all", "nope"})
    return sorted({*COMMANDS, *(s for c in COMMANDS.values() for s in c.subcommands), *resource_words})


def _flags() -> list[Flag]:
    seen: dict[str, Flag] = {f.name: f for f in GLOBAL_FLAGS}
    for command in COMMANDS.values():
        for c in (command, *command.subcommands.values()):
            seen.update({f.name: f for f in c.flags})
    return [seen[name] for name in sorted(seen)]


WORDS, FLAGS = _words(), _flags()


@st.composite
def flag_tokens(draw) -> list[str]:
    flag = draw(st.sampled_from(FLAGS))
    if flag.name in ("replicas", "current-replicas"):  # no thousands of pods (issue 10's other half)
        value = draw(st.sampled_from(["0", "2", "-1", "2147483648", "99999999999999999999", "x"]))
    else:
        value = draw(SCALARS)
    if flag.kind == "bool" and draw(st.booleans()):
        return [f"--{flag.name}"]
    if flag.short and draw(st.booleans()):
        return [f"-{flag.short}", value]
    return [f"--{flag.name}={value}"]


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [command]
    subs = COMMANDS[command].subcommands
    if subs and draw(st.booleans()):
        argv.append(draw(st.sampled_from(sorted(subs))))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["word", "name", "typed", "flag", "flag", "text"]))
        if kind == "word":
            argv.append(draw(st.sampled_from(WORDS)))
        elif kind == "name":
            argv.append(draw(st.sampled_from(NAMES)))
        elif kind == "typed":
            argv.append(f"{draw(st.sampled_from(WORDS))}/{draw(st.sampled_from(NAMES))}")
        elif kind == "flag":
            argv += draw(flag_tokens())
        else:
            argv.append(draw(SCALARS))
    if command == "exec" and draw(st.booleans()):
        argv += ["--", *draw(st.lists(st.sampled_from(["sh", "-c", "sleep", "abc", "1", "cat", "ls", "echo",
                                                          "exit 3", "curl", "http://web"]), max_size=4))]
    return argv


@st.composite
def manifests(draw) -> str:
    """A scenario object (or a fresh copy of one under a new name), with some of its fields
    replaced, removed or added; as YAML, or as text cut short."""
    doc = yaml.safe_load(yaml.safe_dump(draw(st.sampled_from(SCENARIO))))
    if draw(st.booleans()):
        doc["metadata"]["name"] = draw(st.sampled_from(["fresh", "web", "Bad_Name", ""]))
    for _ in range(draw(st.integers(0, 3))):
        node, path = doc, []
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node, key=str)))
            if not isinstance(node[key], dict):
                break
            path.append(key)
            node = node[key]
        if not isinstance(node, dict):
            continue
        action = draw(st.sampled_from(["set", "drop", "add"]))
        keys = sorted(node, key=str)
        if action == "drop" and keys:
            node.pop(draw(st.sampled_from(keys)))
        elif action == "set" and keys:
            node[draw(st.sampled_from(keys))] = draw(JSON_VALUES)
        else:
            node[draw(st.text(min_size=1, max_size=8))] = draw(JSON_VALUES)
    text = yaml.safe_dump(doc, sort_keys=False)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


def scenario_cluster() -> kubecourse.Cluster:
    cluster = kubecourse.Cluster()
    for doc in SCENARIO:
        cluster.api.create(doc)
        cluster.manager.settle()
    cluster.advance(30)
    return cluster


def run_checked(cluster: kubecourse.Cluster, line: list[str], stdin: str | None, *, single_write: bool) -> None:
    hits, before = len(boundary.HITS), cluster.api.resource_version
    started = time.thread_time()
    r = cluster.kubectl(line, stdin=stdin)  # raises nothing
    elapsed = time.thread_time() - started
    assert "kubecourse: internal error" not in r.stderr and len(boundary.HITS) == hits, r.stderr
    assert elapsed < CPU_SECONDS, f"{line} took {elapsed:.2f} s"
    if r.returncode != 0 and (single_write or not r.stdout):
        assert cluster.api.resource_version == before, f"{line} was refused but changed the cluster: {r.stderr}"


FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=150,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(lines=st.lists(command_lines(), min_size=1, max_size=4))
def test_command_lines(lines):
    cluster = scenario_cluster()
    for line in lines:
        run_checked(cluster, line, None, single_write=False)


@FUZZ
@given(verb=st.sampled_from(["apply", "create", "replace", "apply --server-side", "apply --dry-run=server",
                             "delete"]),
       text=manifests())
def test_manifests(verb, text):
    cluster = scenario_cluster()
    run_checked(cluster, [*verb.split(), "-f", "-"], text, single_write=verb != "delete")
