"""Save and resume: a cluster saved mid-rollout, loaded in a fresh process, prints the same
bytes as one that was never saved. Loading runs nothing a file names: a pickle, a file that
names a function or a class outside the registry, and every broken file are refused with
one message."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import kubecourse
from kubecourse import cluster as cluster_module
from kubecourse import savefile

CONTINUE = ("get pods -o wide", "get rs", "logs client --tail 6", "exec client -- wget -qO- kubia",
            "rollout status deployment kubia")


def scenario(cluster: kubecourse.Cluster) -> None:
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=3")
    cluster.advance(30)
    cluster.kubectl("expose deployment kubia --port=80 --target-port=8080")
    cluster.kubectl("run client --image=busybox -- sh -c 'while true; do wget -qO- http://kubia; sleep 2; done'")
    cluster.advance(15)
    cluster.kubectl("set image deployment/kubia kubia=luksa/kubia:v2")
    cluster.advance(3)  # mid-rollout: pulls, starts and terminations are pending timers


def continuation(cluster: kubecourse.Cluster) -> str:
    cluster.advance(40)
    return "".join(r.stdout + r.stderr for r in map(cluster.kubectl, CONTINUE))


def test_a_loaded_cluster_continues_to_the_same_bytes_in_a_fresh_process(tmp_path: Path):
    cluster = kubecourse.Cluster()
    scenario(cluster)
    saved = tmp_path / "mid.kc"
    cluster.save(saved)
    expected = continuation(cluster)
    code = ("import sys, kubecourse\n"
            f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
            "from test_save_load import continuation\n"
            f"sys.stdout.write(continuation(kubecourse.Cluster.load({str(saved)!r})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stderr == ""
    assert done.stdout == expected
    assert "This is v2 running in pod kubia-" in expected


def written(path: Path, document: object, **header: object) -> Path:
    """A file in the save format holding `document` (or JSON text), with the header's fields overridden."""
    head = {"format": savefile.FORMAT, "kubecourse": cluster_module._version(), **header}
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_bytes(savefile.MAGIC + json.dumps(head).encode() + b"\n" + gzip.compress(text.encode()))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(savefile.SaveFileError) as caught:
        kubecourse.Cluster.load(path)
    return str(caught.value)


def test_a_file_from_another_version_is_refused(tmp_path: Path):
    path = written(tmp_path / "old.kc", {}, kubecourse="0.0.1")
    assert refusal(path) == (f"{path} was saved by kubecourse 0.0.1; this is kubecourse "
                             f"{cluster_module._version()}. Start a new cluster, or load it with the version "
                             "that saved it.")


def test_a_file_from_a_newer_format_is_refused(tmp_path: Path):
    path = written(tmp_path / "new.kc", {}, format=savefile.FORMAT + 1, kubecourse="9.0")
    assert refusal(path) == (f"{path} was saved by a newer kubecourse (9.0, save format {savefile.FORMAT + 1}); "
                             f"this kubecourse reads save format {savefile.FORMAT}. Upgrade kubecourse to load it.")


def test_the_file_is_readable_by_its_owner_only_and_replaced_whole(tmp_path: Path):
    path = tmp_path / "c.kc"
    path.write_text("an older file")
    path.chmod(0o644)
    kubecourse.Cluster().save(path)
    assert (path.stat().st_mode & 0o777, [p.name for p in tmp_path.iterdir()]) == (0o600, ["c.kc"])
    assert path.read_bytes().startswith(savefile.MAGIC)


def test_a_pickle_that_runs_a_command_is_not_run(tmp_path: Path):
    marker = tmp_path / "ran"

    class RunsACommand:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    path = tmp_path / "evil.kc"
    path.write_bytes(pickle.dumps({"format": 1, "version": cluster_module._version(), "cluster": RunsACommand()}))
    assert refusal(path) == (f"{path} is not a kubecourse save file (it does not start with "
                             "'kubecourse save file')")
    assert not marker.exists()


def test_the_bytes_of_a_real_save_cannot_name_a_function_or_a_class_outside_the_registry(tmp_path: Path):
    path = tmp_path / "c.kc"
    kubecourse.Cluster().save(path)
    document = json.loads(gzip.decompress(savefile.read_header(path, path.read_bytes())[1]))
    for name in ("builtins.eval", "os.system", "kubecourse.api.kinds.by_kind", "kubecourse.serve.server.Served",
                 "kubecourse.cluster.Cluster"):
        for kind in ("object", "model"):
            shapes = [[kind, name, []], *document["shapes"]]
            message = refusal(written(tmp_path / "named.kc", {**document, "shapes": shapes}))
            assert message == f"{tmp_path / 'named.kc'} cannot be loaded: it names {name}, which is not a class a save file may hold"
    assert savefile.CLASS in [node[0] for node in _nodes(document["root"])]  # the controller manager's routes


def test_a_bound_method_loads_only_when_its_class_marks_it_a_callback(tmp_path: Path):
    cluster = kubecourse.Cluster()
    cluster.kubectl("run web --image=nginx")
    path = tmp_path / "c.kc"
    cluster.save(path)
    document = json.loads(gzip.decompress(savefile.read_header(path, path.read_bytes())[1]))
    methods = [node for node in _nodes(document["root"]) if node[0] == savefile.METHOD]
    assert {m[2] for m in methods} >= {"on_event", "sandbox_created"}
    for m in methods:
        if m[2] == "sandbox_created":
            m[2] = "mount_volumes"
    message = refusal(written(tmp_path / "m.kc", document))
    assert message == (f"{tmp_path / 'm.kc'} cannot be loaded: it names Kubelet.mount_volumes, which is not a "
                       "callback a save file may hold")


def _nodes(node: object) -> list[list]:
    if type(node) is not list:
        return []
    return [node, *(n for child in node[1:] for n in _nodes(child))]


@pytest.mark.parametrize(("name", "content", "says"), [
    ("empty", b"", "is empty: it is not a kubecourse save file"),
    ("a PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a kubecourse save file (it does not start with "
                                                      "'kubecourse save file')"),
    ("a JSON file", b'{"apiVersion": "v1", "kind": "Pod"}', "is not a kubecourse save file (it does not start "
                                                           "with 'kubecourse save file')"),
    ("cut in the magic", savefile.MAGIC[:9], "is truncated: it ends inside the save file's header"),
    ("cut in the header", savefile.MAGIC + b'{"format": 1, "kub', "is truncated or damaged: its header cannot be read"),
    ("a header that is not an object", savefile.MAGIC + b"[1]\n", "is truncated or damaged: its header cannot be read"),
])
def test_a_file_that_is_not_a_save_file_is_refused_with_one_message(tmp_path: Path, name: str, content: bytes,
                                                                      says: str):
    path = tmp_path / "broken.kc"
    path.write_bytes(content)
    assert refusal(path) == f"{path} {says}"


def test_a_truncated_or_damaged_body_is_refused_with_one_message(tmp_path: Path):
    path = tmp_path / "c.kc"
    kubecourse.Cluster().save(path)
    whole = path.read_bytes()
    path.write_bytes(whole[:len(whole) // 2])
    assert refusal(path) == f"{path} is truncated or damaged: Compressed file ended before the end-of-stream marker was reached"
    for document, says in (
        ([1, 2], "is damaged: TypeError: list indices must be integers or slices, not str"),
        ({"shapes": [], "root": [savefile.REF, 99]}, "is damaged: IndexError: list index out of range"),
        ({"shapes": [], "root": [-4]}, "is damaged: KeyError: -4"),
        ({"shapes": [], "root": [savefile.LIST]}, "cannot be loaded: its root is not a cluster's state"),
        ({"shapes": [], "root": [savefile.DICT, "seed", 1]}, "is damaged: it does not hold a cluster's parts"),
        ('{"shapes": [], "root": ' + "[2, " * 100_000 + "[2" + "]" * 100_001 + "}",
         "is damaged: RecursionError: maximum recursion depth exceeded while decoding a JSON array from a unicode "
         "string"),
    ):
        assert refusal(written(path, document)) == f"{path} {says}"


def test_a_magic_prints_one_line_for_a_file_it_cannot_load(ip, capsys, tmp_path: Path):
    path = tmp_path / "evil.kc"
    path.write_bytes(pickle.dumps(os.system))
    ip.run_line_magic("cluster", f"load {path}")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"error: {path} is not a kubecourse save file (it does not start "
                                                "with 'kubecourse save file')\n")


def test_a_cycle_through_a_tuple_comes_back_as_one(tmp_path: Path):
    inner: list[object] = []
    pair = (inner, "x")
    inner.append(pair)
    root = object()
    path = tmp_path / "t.kc"
    savefile.save(path, root, {"pair": pair, "again": pair, "root": root}, "0")
    state = savefile.load(path, savefile.read_header(path, path.read_bytes())[1], root)
    assert state["pair"] is state["again"] and state["pair"][0][0] is state["pair"] and state["root"] is root


def test_deep_nesting_saves_and_loads(tmp_path: Path):
    deep: list[object] = ["bottom"]
    for _ in range(300):  # 600 levels of JSON: the C codec takes up to its recursion limit
        deep = [{"down": deep}]
    root = object()
    path = tmp_path / "deep.kc"
    savefile.save(path, root, {"deep": deep}, "0")
    assert savefile.load(path, savefile.read_header(path, path.read_bytes())[1], root) == {"deep": deep}


def test_a_module_level_table_of_kubecourse_loads_back_as_this_process_own(tmp_path: Path):
    from kubecourse.shell.programs import PROGRAMS

    root = object()
    path = written(tmp_path / "t.kc", {"shapes": [], "root": [savefile.DICT, "p", [savefile.CONSTANT,
                                                                                  "kubecourse.shell.programs.PROGRAMS"]]})
    body = savefile.read_header(path, path.read_bytes())[1]
    assert savefile.load(path, body, root) == {"p": PROGRAMS}
    assert savefile.load(path, body, root)["p"] is PROGRAMS
    for name in ("kubecourse.shell.programs.BUILTINS", "os.environ", "kubecourse.savefile.save"):
        path = written(tmp_path / "t.kc", {"shapes": [], "root": [savefile.DICT, "p", [savefile.CONSTANT, name]]})
        assert refusal(path).endswith(f"cannot be loaded: it names {name}, which is not a constant a save file may hold")
