"""`kubectl rollout status|history|undo|pause|resume|restart`, end to end with the controllers and
kubelets. Expected texts are kubectl 1.32's (checked against the real binary through the
served API; tests/kubectl/test_conformance.py keeps some of them under its judge)."""

from __future__ import annotations

from datetime import timedelta

import pytest

# The book's kubia Deployment (its container is called nodejs).
KUBIA = """\
{apiVersion: apps/v1, kind: Deployment, metadata: {name: kubia},
 spec: {replicas: 3, selector: {matchLabels: {app: kubia}},
        template: {metadata: {labels: {app: kubia}},
                   spec: {containers: [{name: nodejs, image: "luksa/kubia:v1"}]}}}}
"""

WAITING = 'Waiting for deployment "kubia" rollout to finish: '
DONE = 'deployment "kubia" successfully rolled out\n'


RECORD_WARNING = "Flag --record has been deprecated, --record will be removed in the future\n"


def ok(r, stderr: str = "") -> str:
    assert (r.stderr, r.returncode) == (stderr, 0), r.stderr
    return r.stdout


def recorded(r) -> str:
    return ok(r, RECORD_WARNING)


@pytest.fixture
def kubia(cluster):
    """kubia v1, rolled out."""
    ok(cluster.kubectl("apply -f -", stdin=KUBIA))
    ok(cluster.kubectl("rollout status deployment/kubia"))
    return cluster


def deployment_writes(cluster, since: int) -> list:
    return [e for e in cluster.api.history[since:] if e.kind == "Deployment" and e.obj.metadata.name == "kubia"]


# --- status ----------------------------------------------------------------------------------


def test_status_follows_a_rolling_update_line_per_write_and_stops_when_done(kubia):
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    start, since = kubia.now, len(kubia.api.history)
    out = ok(kubia.kubectl("rollout status deployment/kubia"))
    assert out == (
        f"{WAITING}1 out of 3 new replicas have been updated...\n" * 3
        + f"{WAITING}2 out of 3 new replicas have been updated...\n" * 3
        + f"{WAITING}1 old replicas are pending termination...\n" * 2
        + DONE)
    writes = deployment_writes(kubia, since)
    assert len(out.splitlines()) == 1 + len(writes)  # the listed state, then one line per write
    assert kubia.now > start and kubia.now == writes[-1].time  # stopped at the write that completed it
    d = kubia.api.get("Deployment", "kubia", "default")
    assert (d.status.updated_replicas, d.status.available_replicas, d.status.replicas) == (3, 3, 3)


def test_status_of_a_new_deployment_counts_available_replicas(cluster):
    ok(cluster.kubectl("apply -f -", stdin=KUBIA))
    out = ok(cluster.kubectl("rollout status deploy kubia"))
    # kubelets report on the whole second (the PLEG relist); with seed 0's draws the pods become
    # available on three different seconds
    assert out == (f"{WAITING}0 of 3 updated replicas are available...\n"
                   f"{WAITING}1 of 3 updated replicas are available...\n"
                   f"{WAITING}2 of 3 updated replicas are available...\n" + DONE)


def test_status_of_a_finished_rollout_returns_at_once(kubia):
    start = kubia.now
    assert ok(kubia.kubectl("rollout status deploy/kubia")) == DONE
    assert kubia.now == start


def test_status_without_watch_prints_once(kubia):
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    start = kubia.now
    r = kubia.kubectl("rollout status deploy/kubia -w=false")
    assert (r.stdout, r.returncode, kubia.now) == (f"{WAITING}1 out of 3 new replicas have been updated...\n", 0,
                                                   start)


def test_status_of_a_paused_rollout_stops_at_once_with_a_hint(kubia):
    ok(kubia.kubectl("rollout pause deploy/kubia"))
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    start = kubia.now
    r = kubia.kubectl("rollout status deploy/kubia")
    assert r.stdout == f"{WAITING}0 out of 3 new replicas have been updated...\n"
    first, hint = r.stderr.splitlines()
    assert (first, r.returncode, kubia.now) == ("error: timed out waiting for the condition", 1, start)
    assert hint.startswith("kubecourse hint: ") and "kubectl rollout resume deployment/kubia" in hint


def test_status_with_a_timeout_sits_it_out(kubia):
    ok(kubia.kubectl("rollout pause deploy/kubia"))
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    start = kubia.now
    r = kubia.kubectl("rollout status deploy/kubia --timeout=20s")
    assert (r.stdout, r.stderr, r.returncode) == (f"{WAITING}0 out of 3 new replicas have been updated...\n",
                                                  "error: timed out waiting for the condition\n", 1)
    assert kubia.now - start == timedelta(seconds=20)


def test_status_reports_an_exceeded_progress_deadline(kubia):
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:nope"))
    start = kubia.now
    r = kubia.kubectl("rollout status deploy/kubia")
    assert r.stdout.splitlines()[-1] == f"{WAITING}1 out of 3 new replicas have been updated..."
    assert (r.stderr, r.returncode) == ('error: deployment "kubia" exceeded its progress deadline\n', 1)
    assert kubia.now - start > timedelta(seconds=600)


def test_status_revision_pin(kubia):
    r = kubia.kubectl("rollout status deploy/kubia --revision=2")
    assert (r.stdout, r.stderr, r.returncode) == (
        "", "error: desired revision (2) is different from the running revision (1)\n", 1)
    assert ok(kubia.kubectl("rollout status deploy/kubia --revision=1")) == DONE


@pytest.mark.parametrize(("line", "stderr"), [
    ("rollout status", "error: required resource not specified\n"),
    ("rollout status deploy/kubia --revision=-1", "error: revision must be a positive integer: -1\n"),
    ("rollout status deploy/nope", 'Error from server (NotFound): deployments.apps "nope" not found\n'),
    ("rollout status deploy/kubia --timeout=abc",
     'error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n'
     "See 'kubectl rollout status --help' for usage.\n"),
])
def test_status_errors(kubia, line, stderr):
    r = kubia.kubectl(line)
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_status_visits_each_object_until_one_fails(kubia):
    r = kubia.kubectl("rollout status deploy,rs")
    assert (r.stdout, r.stderr, r.returncode) == (
        DONE, "error: no status viewer has been implemented for ReplicaSet.apps\n", 1)


def test_status_of_nothing(kubia):
    r = kubia.kubectl("rollout status deploy -l app=nope")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No resources found in default namespace.\n", 0)


# --- history and undo --------------------------------------------------------------------------


def test_history_table_with_change_causes(kubia):
    recorded(kubia.kubectl("set image deployment kubia nodejs=luksa/kubia:v2 --record"))
    ok(kubia.kubectl("rollout status deploy/kubia"))
    assert ok(kubia.kubectl("rollout history deploy/kubia")) == (
        "deployment.apps/kubia \n"
        "REVISION  CHANGE-CAUSE\n"
        "1         <none>\n"
        "2         kubectl set image deployment kubia nodejs=luksa/kubia:v2 --record=true\n"
        "\n")
    assert ok(kubia.kubectl("rollout history deploy/kubia -o name")) == "deployment.apps/kubia\n"


def test_history_of_one_revision_prints_its_template_with_raw_tabs(kubia):
    recorded(kubia.kubectl("set image deployment kubia nodejs=luksa/kubia:v2 --record"))
    rs = next(rs for rs in kubia.api.list("ReplicaSet", "default")
              if rs.metadata.annotations["deployment.kubernetes.io/revision"] == "2")
    assert ok(kubia.kubectl("rollout history deploy/kubia --revision=2")) == (
        "deployment.apps/kubia with revision #2\n"
        "Pod Template:\n"
        "  Labels:\tapp=kubia\n"
        f"\tpod-template-hash={rs.metadata.labels['pod-template-hash']}\n"
        "  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment kubia nodejs=luksa/kubia:v2 "
        "--record=true\n"
        "  Containers:\n"
        "   nodejs:\n"
        "    Image:\tluksa/kubia:v2\n"
        "    Port:\t<none>\n"
        "    Host Port:\t<none>\n"
        "    Environment:\t<none>\n"
        "    Mounts:\t<none>\n"
        "  Volumes:\t<none>\n"
        "  Node-Selectors:\t<none>\n"
        "  Tolerations:\t<none>\n"
        "\n")
    r = kubia.kubectl("rollout history deploy/kubia --revision=7")
    assert (r.stdout, r.stderr, r.returncode) == ("", "error: unable to find the specified revision\n", 1)


def test_undo_rolls_back_to_the_previous_revision_which_becomes_the_newest(kubia):
    r = kubia.kubectl("rollout undo deploy/kubia")
    assert (r.stderr, r.returncode) == ('error: no rollout history found for deployment "kubia"\n', 1)
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    ok(kubia.kubectl("rollout status deploy/kubia"))
    assert ok(kubia.kubectl("rollout undo deploy/kubia")) == "deployment.apps/kubia rolled back\n"
    ok(kubia.kubectl("rollout status deploy/kubia"))
    d = kubia.api.get("Deployment", "kubia", "default")
    assert d.spec.template.spec.containers[0].image == "luksa/kubia:v1"
    assert "pod-template-hash" not in d.spec.template.metadata.labels
    assert ok(kubia.kubectl("rollout history deploy/kubia")).splitlines()[2:] == ["2         <none>", "3         <none>",
                                                                                  ""]


def test_undo_to_a_revision(kubia):
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    assert ok(kubia.kubectl("rollout undo deploy/kubia --to-revision=2")) == (
        "deployment.apps/kubia skipped rollback (current template already matches revision 2)\n")
    for line, stderr in (("rollout undo deploy/kubia --to-revision=9", "unable to find specified revision 9 in history"),
                         ("rollout undo deploy/kubia --to-revision=-1",
                          "unable to find specified revision -1 in history")):
        r = kubia.kubectl(line)
        assert (r.stdout, r.stderr, r.returncode) == ("", f"error: {stderr}\n", 1)
    dry = ok(kubia.kubectl("rollout undo deploy/kubia --to-revision=1 --dry-run=client"))
    assert dry.startswith("deployment.apps/kubia Pod Template:\n  Labels:\tapp=kubia\n")
    assert dry.endswith("  Tolerations:\t<none>\n (dry run)\n") and "luksa/kubia:v1" in dry
    assert kubia.api.get("Deployment", "kubia", "default").spec.template.spec.containers[0].image == "luksa/kubia:v2"


def test_undo_brings_back_the_change_cause_of_that_revision(kubia):
    ok(kubia.kubectl("annotate deploy/kubia kubernetes.io/change-cause=first"))
    recorded(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2 --record"))
    ok(kubia.kubectl("rollout status deploy/kubia"))
    ok(kubia.kubectl("rollout undo deploy/kubia --to-revision=1"))
    annotations = kubia.api.get("Deployment", "kubia", "default").metadata.annotations
    assert annotations["kubernetes.io/change-cause"] == "first"
    assert "kubectl.kubernetes.io/last-applied-configuration" in annotations  # kept from the Deployment


# --- pause, resume, restart ------------------------------------------------------------------


def test_pause_resume_and_their_errors(kubia):
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    assert ok(kubia.kubectl("rollout pause deploy/kubia")) == "deployment.apps/kubia paused\n"
    for line, stderr in (
        ("rollout pause deploy/kubia", 'error: deployments.apps "kubia" is already paused'),
        ("rollout undo deploy/kubia", "error: you cannot rollback a paused deployment; resume it first with "
                                      "'kubectl rollout resume' and try again"),
        ("rollout restart deploy/kubia",
         'error: deployments.apps "kubia" can\'t restart paused deployment (run rollout resume first)'),
    ):
        r = kubia.kubectl(line)
        assert (r.stdout, r.stderr, r.returncode) == ("", stderr + "\n", 1)
    assert ok(kubia.kubectl("rollout resume deploy/kubia")) == "deployment.apps/kubia resumed\n"
    assert kubia.api.get("Deployment", "kubia", "default").spec.paused is None
    r = kubia.kubectl("rollout resume deploy/kubia")
    assert (r.stderr, r.returncode) == ('error: deployments.apps "kubia" is not paused\n', 1)


def test_template_changes_while_paused_roll_out_together_on_resume(kubia):
    ok(kubia.kubectl("rollout pause deploy/kubia"))
    ok(kubia.kubectl("set image deploy/kubia nodejs=luksa/kubia:v2"))
    ok(kubia.kubectl("set env deploy/kubia GREETING=hi"))
    assert len(kubia.api.list("ReplicaSet", "default")) == 1
    ok(kubia.kubectl("rollout resume deploy/kubia"))
    assert ok(kubia.kubectl("rollout status deploy/kubia")).endswith(DONE)
    assert ok(kubia.kubectl("rollout history deploy/kubia")).splitlines()[2:] == ["1         <none>", "2         <none>",
                                                                                  ""]


def test_restart_annotates_the_template_with_the_virtual_time(kubia):
    kubia.advance(3)
    assert ok(kubia.kubectl("rollout restart deploy/kubia")) == "deployment.apps/kubia restarted\n"
    template = kubia.api.get("Deployment", "kubia", "default").spec.template
    assert template.metadata.annotations == {"kubectl.kubernetes.io/restartedAt": kubia.now.strftime(
        "%Y-%m-%dT%H:%M:%SZ")}
    r = kubia.kubectl("rollout restart deploy/kubia")
    assert (r.stderr, r.returncode) == (
        "error: failed to create patch for kubia: if restart has already been triggered within the past second, "
        "please wait before attempting to trigger another\n", 1)
    assert ok(kubia.kubectl("rollout status deploy/kubia")).endswith(DONE)
    assert len(kubia.api.list("ReplicaSet", "default")) == 2


@pytest.mark.parametrize(("line", "stderr"), [
    ("rollout pause pod/p", 'error: pods "p" pausing is not supported'),
    ("rollout resume pod/p", 'error: pods "p" resuming is not supported'),
    ("rollout restart pod/p", 'error: pods "p" restarting is not supported'),
    ("rollout undo pod/p", 'error: no rollbacker has been implemented for "Pod"'),
    ("rollout history pod/p", 'error: no history viewer has been implemented for "Pod"'),
    ("rollout history", "error: required resource not specified"),
    ("rollout history deploy/kubia --revision=-1", "error: revision must be a positive integer: -1"),
    ("rollout pause deploy/nope", 'Error from server (NotFound): deployments.apps "nope" not found'),
])
def test_kinds_and_targets_refused(kubia, line, stderr):
    ok(kubia.kubectl("run p --image=nginx"))
    r = kubia.kubectl(line)
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr + "\n", 1)


def test_a_type_alone_means_every_object_of_it(kubia):
    ok(kubia.kubectl("create deployment web --image=nginx"))
    assert ok(kubia.kubectl("rollout pause deploy")) == "deployment.apps/kubia paused\ndeployment.apps/web paused\n"
    assert ok(kubia.kubectl("rollout resume deploy -l app=web")) == "deployment.apps/web resumed\n"
