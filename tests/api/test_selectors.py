"""Label selectors: parsing, matching, canonical strings (apimachinery pkg/labels/selector.go)."""

from __future__ import annotations

import pytest

from kubecourse.api import selectors
from kubecourse.api.models import LabelSelector

POD = {"app": "kubia", "tier": "web", "rel": "5"}


@pytest.mark.parametrize(("query", "matches"), [
    ("app=kubia", True), ("app==kubia", True), ("app!=kubia", False), ("app!=other", True),
    ("missing!=x", True), ("tier in (web,api)", True), ("tier notin (web)", False),
    ("missing notin (web)", True), ("app", True), ("!app", False), ("!missing", True),
    ("rel>4", True), ("rel<4", False), ("app=kubia,tier=api", False), ("app=kubia, tier in (web)", True),
])
def test_query_syntax(query, matches):
    assert selectors.matches(selectors.parse(query), POD) is matches


def test_nil_selector_matches_nothing_and_empty_matches_everything():
    assert not selectors.matches(selectors.from_label_selector(None), POD)
    assert selectors.matches(selectors.from_label_selector(LabelSelector()), POD)


def test_canonical_form_sorts_keys_and_values():
    ls = LabelSelector.model_validate({"matchLabels": {"b": "2", "a": "1"}, "matchExpressions": [
        {"key": "c", "operator": "NotIn", "values": ["z", "y"]}, {"key": "d", "operator": "Exists"}]})
    assert selectors.format_label_selector(ls) == "a=1,b=2,c notin (y,z),d"
    assert selectors.format_label_selector(None) == "<none>"


def test_labels_format():
    assert selectors.format_labels({"tier": "web", "app": "kubia"}) == "app=kubia,tier=web"
    assert selectors.format_labels({}) == "<none>"


def test_field_selectors():
    reqs = selectors.parse_fields("status.phase=Running,spec.nodeName!=kind-worker")
    assert selectors.fields_match(reqs, {"status.phase": "Running", "spec.nodeName": "kind-worker2"})
    assert not selectors.fields_match(reqs, {"status.phase": "Running", "spec.nodeName": "kind-worker"})
