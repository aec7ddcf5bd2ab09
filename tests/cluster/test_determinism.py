"""The same commands print the same bytes in any process (docs/architecture.md, Time and randomness): nothing depends
on Python's per-process hash randomisation, the wall clock or global random state."""

from __future__ import annotations

import os
import subprocess
import sys

SCENARIO = r'''
import json
import kubecourse

c = kubecourse.Cluster()
c.api.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia"},
              "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "kubia"}},
                       "template": {"metadata": {"labels": {"app": "kubia"}},
                                    "spec": {"containers": [{"name": "kubia", "image": "luksa/kubia:v1"}]}}}})
c.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubia"},
              "spec": {"selector": {"app": "kubia"}, "ports": [{"port": 80, "targetPort": 8080}]}})
c.advance(45)
for line in ("get all -A -o wide", "describe pods", "get events -A", "get endpoints,endpointslices -A -o yaml"):
    r = c.kubectl(line)
    print(r.returncode, r.stdout, r.stderr)
for event in c.api.history:
    print(event.resource_version, event.type, event.kind, event.time.isoformat(),
          json.dumps(event.obj.to_wire(), sort_keys=True))
'''


def run_with_hash_seed(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, env=env,
                          check=True).stdout


def test_two_processes_with_different_hash_seeds_print_the_same_bytes():
    first, second = run_with_hash_seed("1"), run_with_hash_seed("4242")
    assert len(first.splitlines()) > 50  # the scenario really ran: bootstrap plus the rollout
    assert first == second
