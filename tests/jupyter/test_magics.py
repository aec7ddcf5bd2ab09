"""The magics through a real IPython InteractiveShell (the `ip` and `cell` fixtures)."""

from __future__ import annotations

import pytest

import kubecourse
from kubecourse.jupyter import printed


@pytest.fixture(autouse=True)
def fresh_session():
    kubecourse.reset_session()


def test_kubectl_stdout_is_a_display_of_the_exact_text_in_a_pre_that_never_wraps(ip, cell):
    ip.run_line_magic("kubectl", "version --client")
    assert cell() == [("display", {
        "text/plain": "Client Version: v1.32.5\nKustomize Version: v5.5.0\n",
        "text/html": '<pre class="kc-kubectl" style="white-space: pre; overflow-x: auto; word-break: normal; '
                     'margin: 0; padding-left: 0.6em; font-size: 13px; font-size: var(--jp-code-font-size, 13px)">'
                     'Client Version: v1.32.5\nKustomize Version: v5.5.0\n</pre>'})]


def test_the_html_is_escaped_and_keeps_a_leading_newline():
    assert printed.as_html("\n<none> & 'x'\n").endswith(">\n\n&lt;none&gt; &amp; &#x27;x&#x27;\n</pre>")


def test_wide_tables_keep_every_column_of_kubectls_text(ip, cell):
    ip.run_cell_magic("manifest", "", "apiVersion: v1\nkind: Pod\nmetadata: {name: a-pod-with-a-long-name}\n"
                                      "spec: {containers: [{name: c, image: luksa/kubia}]}\n")
    ip.run_line_magic("kubectl", "get pods -o wide")
    wide = kubecourse.session().kubectl("get pods -o wide").stdout
    assert cell() == [("display", printed.bundle("pod/a-pod-with-a-long-name created\n")),
                    ("display", printed.bundle(wide))]
    assert wide.splitlines()[0].split()[-4:] == ["NOMINATED", "NODE", "READINESS", "GATES"]


def test_stdout_comes_before_stderr_as_kubectl_prints_them(ip, cell):
    ip.run_line_magic("kubectl", "create configmap one")
    ip.run_line_magic("kubectl", "delete configmap one two")
    assert cell() == [("display", printed.bundle("configmap/one created\n")),
                    ("display", printed.bundle('configmap "one" deleted\n')),
                    ("stderr", 'Error from server (NotFound): configmaps "two" not found\n')]


def test_k_is_kubectl_and_errors_go_to_stderr_without_traceback(ip, cell):
    result = ip.run_line_magic("k", "version --foo")
    assert result is None
    assert cell() == [("stderr", "error: unknown flag: --foo\nSee 'kubectl version --help' for usage.\n")]


def test_magic_line_is_not_variable_expanded(ip, cell):
    ip.user_ns["HOSTNAME"] = "expanded"
    ip.run_line_magic("kubectl", "create configmap x --from-literal=h=$HOSTNAME{HOSTNAME}")
    assert kubecourse.session().api.get("ConfigMap", "x", "default").data == {"h": "$HOSTNAME{HOSTNAME}"}


def test_cluster_advance_moves_virtual_time(ip, capsys):
    ip.run_line_magic("cluster", "advance 1m30s")
    assert capsys.readouterr().out == "virtual time is now 2025-01-01 00:01:30 UTC\n"
    assert kubecourse.session().now.isoformat() == "2025-01-01T00:01:30+00:00"


def test_cluster_bad_duration_is_a_message_not_a_traceback(ip, capsys):
    ip.run_line_magic("cluster", "advance soon")
    out = capsys.readouterr()
    assert out.err == 'error: invalid duration "soon" (use e.g. 30s, 2m, 1h30m)\n'


def test_cluster_images_lists_the_simulated_images(ip, capsys):
    ip.run_line_magic("cluster", "images")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["IMAGE", "TAGS", "WHAT", "IT", "RUNS"]
    assert len(lines) == 1 + len(kubecourse.images())
    nginx = next(line for line in lines if line.startswith("nginx "))
    assert nginx.split()[1] == ",".join(next(i.tags for i in kubecourse.images() if i.repository == "nginx"))
    assert lines[0].index("TAGS") == nginx.index(nginx.split()[1])  # columns line up


def test_cluster_unknown_subcommand_prints_usage(ip, capsys):
    ip.run_line_magic("cluster", "frobnicate")
    assert capsys.readouterr().err.startswith("usage: %cluster COMMAND\n")


def test_cluster_seed_and_reset_make_new_clusters(ip, capsys):
    before = kubecourse.session()
    ip.run_line_magic("cluster", "seed 7")
    assert kubecourse.session() is not before and kubecourse.session().seed == 7
    ip.run_line_magic("cluster", "reset")
    assert kubecourse.session().seed == 7
    assert capsys.readouterr().out == "cluster reset with seed 7\ncluster reset\n"


def test_cluster_save_and_load(ip, capsys, tmp_path):
    path = tmp_path / "c.kc"
    ip.run_line_magic("cluster", "advance 10s")
    ip.run_line_magic("cluster", f"save {path}")
    ip.run_line_magic("cluster", "reset")
    ip.run_line_magic("cluster", f"load {path}")
    assert kubecourse.session().now.isoformat() == "2025-01-01T00:00:10+00:00"
    assert capsys.readouterr().out.endswith(
        f"cluster loaded from {path}; virtual time 2025-01-01 00:00:10 UTC\n")


def test_cluster_status_names_time_and_nodes(ip, capsys):
    ip.run_line_magic("cluster", "status")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "virtual time: 2025-01-01 00:00:00 UTC"
    assert out[1] == "nodes: kind-control-plane, kind-worker, kind-worker2, kind-worker3"


def test_wall_clock_driver_advances_by_elapsed_time_times_speed():
    from kubecourse.jupyter.wallclock import WallClockDriver

    ticks = iter([100.0, 102.0, 103.5])
    driver = WallClockDriver(monotonic=lambda: next(ticks))
    cluster = kubecourse.Cluster()
    driver.start(lambda: cluster, speed=10)
    driver.tick()
    assert (cluster.now - kubecourse.clock.EPOCH).total_seconds() == 20
    driver.tick()
    assert (cluster.now - kubecourse.clock.EPOCH).total_seconds() == 35
    driver.stop()
    assert not driver.running


# --- one reading per %kubectl line, and %cluster's table -------------------------------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every split and every flag parse of a command line, as they happen."""
    from kubecourse.kubectl import grammar, main

    seen: list[str] = []
    split, parse = main.split, grammar.parse

    def counted_split(line):
        seen.append("split")
        return split(line)

    def counted_parse(argv, flags):
        seen.append("parse")
        return parse(argv, flags)

    monkeypatch.setattr(main, "split", counted_split)
    monkeypatch.setattr(grammar, "parse", counted_parse)
    return seen


@pytest.mark.parametrize("line, opened", [
    ("get pods", type(None)),
    ("exec kubia -- ls /", type(None)),  # exec without -it prints
    ("exec -it kubia -- sh", "Terminal"),
    ("exec -it nope -- sh", type(None)),  # no terminal: kubectl's error is printed
    ("edit pod/kubia", "EditWidget"),
    ("edit pod/nope", type(None)),  # no editor: kubectl's error is printed
    ("get pods --nope", type(None)),  # a flag that does not parse
    ("nosuch", type(None)),  # no command
])
def test_a_kubectl_line_is_split_and_its_flags_parsed_once(ip, cell, reads, line, opened):
    ip.run_cell_magic("manifest", "", "apiVersion: v1\nkind: Pod\nmetadata: {name: kubia}\n"
                                      "spec: {containers: [{name: c, image: luksa/kubia}]}\n")
    kubecourse.session().advance(20)
    reads.clear()
    result = ip.run_line_magic("kubectl", line)
    assert (type(result).__name__ if isinstance(opened, str) else type(result)) == opened
    assert reads == (["split"] if line == "nosuch" else ["split", "parse"])


def test_kubectl_widgets_are_opened_by_the_command_path():
    from kubecourse.jupyter import magics

    assert set(magics.OPENERS) == {"edit", "exec"}


def test_an_unsplittable_kubectl_line_prints_kubectls_error(ip, cell):
    ip.run_line_magic("kubectl", "get pods -l 'app")
    assert cell() == [("stderr", "error: No closing quotation\n")]


def test_cluster_subcommands_are_a_table_that_writes_the_usage(ip, capsys):
    from kubecourse.jupyter import magics

    assert list(magics.SUBCOMMANDS) == ["reset", "advance", "status", "images", "seed", "clock", "save", "load", "serve",
                                      "use", "show"]
    usage = magics.cluster_usage()
    lines = usage.splitlines()
    assert lines[0] == "usage: %cluster COMMAND"
    listed = [line.split()[0] for line in lines[1:] if not line.startswith("   ")]
    assert list(dict.fromkeys(listed)) == list(magics.SUBCOMMANDS)
    for wrong in ("frobnicate", "", "status now", "advance", "clock", "clock wall 2 3", "use"):
        ip.run_line_magic("cluster", wrong)
        assert capsys.readouterr() == ("", usage + "\n"), wrong


def test_cluster_show_displays_a_frozen_picture(ip, cell, monkeypatch):
    monkeypatch.setattr(ip.display_formatter, "active_types", ip.display_formatter.format_types)
    cluster = kubecourse.session()
    cluster.kubectl("create deployment kubia --image=luksa/kubia:v1 --replicas=2")
    cluster.advance(30)
    ip.run_line_magic("cluster", "show deploy/kubia")
    ip.run_line_magic("cluster", "show deploy/kubia --at 0s")
    (kind, now), (_, start) = cell()
    assert kind == "display" and now["text/html"].startswith('<img class="kc-snapshot" alt="RevisionGraph deploy/kubia')
    assert now["text/plain"].startswith("<RevisionGraph deploy/kubia (namespace default) at 2025-01-01 00:00:30")
    assert start["text/plain"].startswith("<RevisionGraph deploy/kubia (namespace default) at 2025-01-01 00:00:00")


def test_cluster_show_of_a_kind_without_a_picture_says_which_have_one(ip, cell):
    ip.run_line_magic("cluster", "show pod/kubia")
    assert cell() == [("stderr", 'error: no picture for "pod/kubia": pictures are drawn for '
                                 'deploy/NAME, svc/NAME, cm/NAME, secret/NAME\n')]
