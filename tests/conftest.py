"""Shared fixtures: a fresh cluster per test."""

from __future__ import annotations

import pytest

import kubecourse


@pytest.fixture
def cluster() -> kubecourse.Cluster:
    return kubecourse.Cluster()
