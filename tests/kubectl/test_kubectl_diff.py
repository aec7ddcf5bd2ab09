"""`kubectl diff -f`: live against merged, exit 1 when they differ (judged byte for byte in
tests/test_conformance.py; here what does not depend on the served API)."""

from __future__ import annotations

import kubecourse

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n"


def test_diff_changes_nothing_and_exits_1_only_when_apply_would_change_something():
    cluster = kubecourse.Cluster()
    new = cluster.kubectl("diff -f -", stdin=CM)
    assert new.returncode == 1 and "+++ /tmp/MERGED-" in new.stdout and "+  a: b\n" in new.stdout
    assert cluster.kubectl("get cm x").returncode == 1  # a dry run: nothing was created
    cluster.kubectl("apply -f -", stdin=CM)
    assert cluster.kubectl("diff -f -", stdin=CM) == kubecourse.Result("", "", 0)
    changed = cluster.kubectl("diff -f -", stdin=CM.replace("a: b", "a: c"))
    assert (changed.returncode, changed.stdout.count("\n-  a: b\n+  a: c\n")) == (1, 1)


def test_an_invalid_manifest_exits_2():
    result = kubecourse.Cluster().kubectl("diff -f -", stdin=CM.replace("name: x", "name: X_"))
    assert result.returncode == 2 and result.stderr.startswith('The ConfigMap "X_" is invalid')
