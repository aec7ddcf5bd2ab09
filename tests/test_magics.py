"""The magics through a real IPython InteractiveShell."""

from __future__ import annotations

import pytest
from IPython.testing import globalipapp

import kubecourse


@pytest.fixture(scope="module")
def ip():
    shell = globalipapp.get_ipython()  # starts the one test IPython, or returns it when started
    shell.run_line_magic("load_ext", "kubecourse")
    return shell


@pytest.fixture(autouse=True)
def fresh_session():
    kubecourse.reset_session()


def test_kubectl_prints_stdout_like_a_terminal(ip, capsys):
    ip.run_line_magic("kubectl", "version --client")
    out = capsys.readouterr()
    assert out.out == "Client Version: v1.32.5\nKustomize Version: v5.5.0\n"
    assert out.err == ""


def test_k_is_kubectl_and_errors_go_to_stderr_without_traceback(ip, capsys):
    result = ip.run_line_magic("k", "version --foo")
    out = capsys.readouterr()
    assert result is None
    assert out.out == ""
    assert out.err == "error: unknown flag: --foo\nSee 'kubectl version --help' for usage.\n"


def test_magic_line_is_not_variable_expanded(ip, capsys):
    ip.user_ns["HOSTNAME"] = "expanded"
    ip.run_line_magic("kubectl", "version --client --foo=$HOSTNAME{HOSTNAME}")
    assert "unknown flag: --foo\n" in capsys.readouterr().err


def test_cluster_advance_moves_virtual_time(ip, capsys):
    ip.run_line_magic("cluster", "advance 1m30s")
    assert capsys.readouterr().out == "virtual time is now 2025-01-01 00:01:30 UTC\n"
    assert kubecourse.session().now.isoformat() == "2025-01-01T00:01:30+00:00"


def test_cluster_bad_duration_is_a_message_not_a_traceback(ip, capsys):
    ip.run_line_magic("cluster", "advance soon")
    out = capsys.readouterr()
    assert out.err == 'error: invalid duration "soon" (use e.g. 30s, 2m, 1h30m)\n'


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
