"""The Deployment controller's pure helpers (kubecourse/controllers/deployment/util.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kubecourse.api.models.apps import (
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    DeploymentStrategy,
    ReplicaSet,
    ReplicaSetSpec,
    ReplicaSetStatus,
    RollingUpdateDeployment,
)
from kubecourse.api.models.core import Container, PodSpec, PodTemplateSpec
from kubecourse.api.models.meta import Condition, ObjectMeta
from kubecourse.controllers.deployment import util

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def template(image: str = "luksa/kubia:v1", **labels: str) -> PodTemplateSpec:
    return PodTemplateSpec(metadata=ObjectMeta(labels={"app": "kubia", **labels}),
                           spec=PodSpec(containers=[Container(name="nodejs", image=image)]))


def deployment(replicas: int = 10, surge: int | str = 3, unavailable: int | str = 2, *,
               strategy: str = "RollingUpdate", status: DeploymentStatus | None = None) -> Deployment:
    ru = RollingUpdateDeployment(max_surge=surge, max_unavailable=unavailable) if strategy == "RollingUpdate" else None
    return Deployment(metadata=ObjectMeta(name="kubia", namespace="default", generation=1),
                      spec=DeploymentSpec(replicas=replicas, template=template(), progress_deadline_seconds=600,
                                          revision_history_limit=10,
                                          strategy=DeploymentStrategy(type=strategy, rolling_update=ru)),
                      status=status or DeploymentStatus())


def rs(name: str, replicas: int, *, available: int = 0, age: int = 0, annotations: dict | None = None,
       tmpl: PodTemplateSpec | None = None) -> ReplicaSet:
    return ReplicaSet(metadata=ObjectMeta(name=name, uid=name, annotations=annotations,
                                          creation_timestamp=T0 + timedelta(seconds=age)),
                      spec=ReplicaSetSpec(replicas=replicas, template=tmpl or template()),
                      status=ReplicaSetStatus(replicas=replicas, available_replicas=available))


# --- pod-template-hash ------------------------------------------------------------------------


def test_fnv32a_matches_the_reference_vectors():
    assert util.fnv32a(b"") == 0x811C9DC5
    assert util.fnv32a(b"a") == 0xE40C292C
    assert util.fnv32a(b"foobar") == 0xBF9CF968


def test_safe_encode_maps_decimal_digits_into_the_vowel_free_alphabet():
    assert util.safe_encode_string("0123456789") == "456789bcdf"


def test_compute_hash_is_deterministic_and_looks_like_kubernetes():
    h = util.compute_hash(template(), None)
    assert h == util.compute_hash(template(), None)
    assert set(h) <= set("456789bcdf") and 1 <= len(h) <= 10
    assert int("".join(str("456789bcdf".index(c)) for c in h)) < 2**32  # a uint32 in decimal


def test_compute_hash_changes_with_the_template_and_with_collision_count():
    h = util.compute_hash(template(), None)
    assert util.compute_hash(template("luksa/kubia:v2"), None) != h
    assert util.compute_hash(template(), 1) != h
    assert util.compute_hash(template(), 1) != util.compute_hash(template(), 2)


def test_equal_ignore_hash_ignores_the_hash_label_and_empty_versus_unset():
    assert util.equal_ignore_hash(template(), template(**{"pod-template-hash": "5d8f9b7c4"}))
    bare = template()
    empty_env = bare.with_(spec=bare.spec.with_(containers=[bare.spec.containers[0].with_(env=[])]))
    assert util.equal_ignore_hash(bare, empty_env)
    assert not util.equal_ignore_hash(template(), template("luksa/kubia:v2"))
    assert not util.equal_ignore_hash(template(), template(tier="web"))


# --- fenceposts -------------------------------------------------------------------------------


@pytest.mark.parametrize(("replicas", "expected"), [(1, (1, 0)), (2, (1, 0)), (3, (1, 0)), (4, (1, 1)),
                                                    (10, (3, 2)), (100, (25, 25))])
def test_percentages_round_surge_up_and_unavailable_down(replicas, expected):
    assert util.resolve_fenceposts("25%", "25%", replicas) == expected


def test_both_zero_becomes_one_unavailable():
    assert util.resolve_fenceposts(0, "25%", 1) == (0, 1)
    assert util.resolve_fenceposts(0, 0, 5) == (0, 1)


def test_max_unavailable_is_capped_at_replicas_and_recreate_has_no_fenceposts():
    assert util.max_unavailable(deployment(3, 1, 5)) == 3
    assert util.max_unavailable(deployment(0, 1, 5)) == 0
    recreate = deployment(strategy="Recreate")
    assert (util.max_surge(recreate), util.max_unavailable(recreate)) == (0, 0)


def test_round_to_int_rounds_halves_away_from_zero_like_go():
    assert [util.round_to_int(x) for x in (2.5, 3.5, -2.5, 2.4999)] == [3, 4, -3, 2]


# --- new and old ReplicaSets ------------------------------------------------------------------


def test_new_rs_new_replicas_fills_the_surge_but_never_past_replicas():
    d = deployment(10, 3, 2)
    new = rs("new", 0, age=1)
    assert util.new_rs_new_replicas(d, [rs("old", 10), new], new) == 3  # total may reach 13
    new = rs("new", 3, age=1)
    assert util.new_rs_new_replicas(d, [rs("old", 10), new], new) == 3  # 13 already: no room
    assert util.new_rs_new_replicas(d, [rs("old", 8), new], new) == 5
    new = rs("new", 9, age=1)
    assert util.new_rs_new_replicas(d, [rs("old", 0), new], new) == 10  # min(4, 10 - 9)
    assert util.new_rs_new_replicas(deployment(strategy="Recreate"), [new], new) == 10


def test_find_new_replica_set_takes_the_oldest_matching_and_old_ones_are_the_rest():
    d = deployment()
    a = rs("a", 0, age=2)
    b = rs("b", 2, age=1, tmpl=template("luksa/kubia:v0"))
    c = rs("c", 3, age=3)
    assert util.find_new_replica_set(d, [c, b, a]) is a
    active, all_old = util.find_old_replica_sets(d, [c, b, a])
    assert [x.metadata.name for x in all_old] == ["b", "c"]
    assert [x.metadata.name for x in active] == ["b", "c"]


def test_find_active_or_latest():
    assert util.find_active_or_latest(None, []) is None
    old, new = rs("old", 0, age=0), rs("new", 0, age=1)
    assert util.find_active_or_latest(new, [old]) is new
    assert util.find_active_or_latest(None, [old, rs("newer", 0, age=5)]).metadata.name == "newer"
    assert util.find_active_or_latest(new, [rs("old", 3)]).metadata.name == "old"
    assert util.find_active_or_latest(rs("new", 1), [rs("old", 3)]) is None


def test_orderings_break_ties_by_age():
    big_old, big_new, small = rs("x", 5, age=0), rs("y", 5, age=9), rs("z", 1, age=5)
    assert [r.metadata.name for r in util.by_size_newer([big_old, small, big_new])] == ["y", "x", "z"]
    assert [r.metadata.name for r in sorted([big_new, small, big_old], key=util.by_size_older)] == ["x", "y", "z"]
    r1, r3 = rs("r1", 0, annotations={util.REVISION: "1"}), rs("r3", 0, annotations={util.REVISION: "3"})
    r2 = rs("r2", 0, annotations={util.REVISION: "2"})
    assert [r.metadata.name for r in sorted([r3, r1, r2], key=util.by_revision)] == ["r1", "r2", "r3"]


def test_proportions_follow_the_docs_example():
    d = deployment(15, 3, 2)  # scaled from 10 to 15 mid-rollout: may now have 18
    annotations = {util.MAX_REPLICAS: "13"}
    old, new = rs("old", 8, annotations=annotations), rs("new", 5, age=1, annotations=annotations)
    assert util.get_replica_set_fraction(old, d) == 3  # round(8 * 18 / 13) - 8
    assert util.get_replica_set_fraction(new, d) == 2  # round(5 * 18 / 13) - 5
    assert util.get_proportion(old, d, 5, 0) == 3
    assert util.get_proportion(new, d, 5, 4) == 1  # only 1 left to hand out
    assert util.get_replica_set_fraction(old, deployment(0)) == -8


def test_scaling_event_compares_desired_replicas_of_active_sets():
    d = deployment(10)
    assert util.is_scaling_event(d, [rs("a", 10, annotations={util.DESIRED_REPLICAS: "5"})])
    assert not util.is_scaling_event(d, [rs("a", 10, annotations={util.DESIRED_REPLICAS: "10"})])
    assert not util.is_scaling_event(d, [rs("a", 0, annotations={util.DESIRED_REPLICAS: "5"})])


# --- annotations ------------------------------------------------------------------------------


def test_a_new_rs_copies_deployment_annotations_but_the_skipped_ones():
    d = deployment()
    d = d.with_(metadata=d.metadata.with_(annotations={
        "kubernetes.io/change-cause": "kubectl set image", util.REVISION: "7",
        util.LAST_APPLIED: "{}", "team": "a"}))
    got = util.new_replica_set_annotations(d, rs("new", 0), 1, exists=False)
    assert got == {"kubernetes.io/change-cause": "kubectl set image", "team": "a", util.REVISION: "1",
                   util.DESIRED_REPLICAS: "10", util.MAX_REPLICAS: "13"}


def test_revision_is_only_raised_and_a_raised_rs_remembers_its_old_numbers():
    d = deployment()
    old = rs("a", 0, annotations={util.REVISION: "1"})
    raised = util.new_replica_set_annotations(d, old, 3, exists=True)
    assert (raised[util.REVISION], raised[util.REVISION_HISTORY]) == ("3", "1")
    again = util.new_replica_set_annotations(d, old.with_(metadata=old.metadata.with_(annotations=raised)), 5,
                                             exists=True)
    assert (again[util.REVISION], again[util.REVISION_HISTORY]) == ("5", "1,3")
    assert util.new_replica_set_annotations(d, rs("b", 0, annotations={util.REVISION: "4"}), 2,
                                            exists=True) == {util.REVISION: "4"}


def test_revision_history_drops_the_oldest_beyond_2000_characters():
    history = ",".join(str(n) for n in range(1000, 1400))  # 400 * 5 - 1 = 1999 characters
    got = util._appended_history(history, "1400")
    assert len(got) <= util.MAX_REV_HISTORY_LENGTH_IN_CHARS
    assert got.startswith("1001,") and got.endswith(",1399,1400")


# --- conditions -------------------------------------------------------------------------------


def test_set_condition_keeps_an_equal_condition_and_the_transition_time_of_the_same_status():
    first = util.new_deployment_condition("Progressing", "True", "NewReplicaSetCreated", "Created", T0)
    later = T0 + timedelta(seconds=30)
    same = util.new_deployment_condition("Progressing", "True", "NewReplicaSetCreated", "other text", later)
    assert util.set_deployment_condition([first], same) == [first]
    avail = util.new_deployment_condition("Available", "True", "MinimumReplicasAvailable", "ok", T0)
    moved = util.set_deployment_condition([first, avail], util.new_deployment_condition(
        "Progressing", "True", "ReplicaSetUpdated", "progressing", later))
    assert [c.type for c in moved] == ["Available", "Progressing"]
    assert (moved[1].last_transition_time, moved[1].last_update_time) == (T0, later)


def test_condition_times_are_whole_seconds():
    c = util.new_deployment_condition("Available", "True", "r", "m", T0 + timedelta(seconds=1.7))
    assert c.last_update_time == T0 + timedelta(seconds=1)


def test_timed_out_only_strictly_after_the_deadline():
    d = deployment()
    cond = Condition(type="Progressing", status="True", reason="ReplicaSetUpdated", last_update_time=T0)
    status = DeploymentStatus(conditions=[cond])
    assert not util.deployment_timed_out(d, status, T0 + timedelta(seconds=600))
    assert util.deployment_timed_out(d, status, T0 + timedelta(seconds=601))
    done = DeploymentStatus(conditions=[cond.with_(reason="NewReplicaSetAvailable")])
    assert not util.deployment_timed_out(d, done, T0 + timedelta(days=1))


def test_complete_and_progressing():
    d = deployment(3, status=DeploymentStatus(replicas=4, updated_replicas=1, available_replicas=3))
    assert util.deployment_progressing(d, DeploymentStatus(replicas=4, updated_replicas=2, available_replicas=3))
    assert not util.deployment_progressing(d, DeploymentStatus(replicas=4, updated_replicas=1, available_replicas=3))
    assert util.deployment_complete(d, DeploymentStatus(replicas=3, updated_replicas=3, available_replicas=3,
                                                        observed_generation=1))
    assert not util.deployment_complete(d, DeploymentStatus(replicas=4, updated_replicas=3, available_replicas=3,
                                                            observed_generation=1))
