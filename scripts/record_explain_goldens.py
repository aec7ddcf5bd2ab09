"""Record what real kubectl 1.32 prints for `kubectl explain` against our served schema.

The goldens in tests/data/explain/ are the expected outputs of tests/schema/test_explain.py: real
kubectl (/usr/lib/google-cloud-sdk/bin/kubectl.1.32) runs against the in-process cluster
served over HTTP, whose /openapi/v3 documents carry the vendored schema
(kubecourse/schema/openapi.py components). Rerun after scripts/refresh_schema.py.

Usage: .venv/bin/python scripts/record_explain_goldens.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import kubecourse
from kubecourse.schema import openapi
from kubecourse.serve import openapi as served

KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.32"
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "explain"
CASES = [
    "pods", "pod.spec", "pods.spec.containers", "po.spec.containers.image", "pods.spec.containers.ports",
    "pods.spec.containers.resources", "pods.spec.containers.livenessProbe", "pods.metadata.labels",
    "deployments.apps", "deploy.spec", "deploy.spec.strategy", "deploy.spec.strategy.rollingUpdate",
    "deploy.spec.strategy --recursive", "rs.spec.selector", "rs --recursive", "svc.spec", "svc.spec.ports",
    "svc.spec.type", "ep.subsets", "endpointslices", "cm", "secrets.data", "no.status.addresses", "ns",
]


def golden_name(case: str) -> str:
    """`deploy.spec.strategy --recursive` -> `deploy_spec_strategy--recursive.txt`."""
    return case.replace(" --", "--").replace(".", "_") + ".txt"


def _with_schemas(original):
    """The served group-version document with the vendored components filled in, for a serve
    module that does not fill them itself."""
    @cache
    def document(path: str) -> bytes | None:
        body = original(path)
        if body is None:
            return None
        doc = json.loads(body)
        if not doc["components"]["schemas"]:
            parts = path.split("/")
            group, version = ("", parts[1]) if parts[0] == "api" else (parts[1], parts[2])
            doc["components"]["schemas"] = openapi.components(group, version)
        return json.dumps(doc, sort_keys=True).encode()
    return document


def main() -> None:
    served.gv_document = _with_schemas(served.gv_document)
    handle = kubecourse.Cluster().serve(clock="frozen")
    try:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "cases.txt").write_text("".join(f"{case}\n" for case in CASES))
        for case in CASES:
            result = subprocess.run([KUBECTL, "--kubeconfig", handle.kubeconfig, "explain", *case.split()],
                                    capture_output=True, text=True, check=True)
            (OUT / golden_name(case)).write_text(result.stdout)
            print(f"{case}: {len(result.stdout)} characters")
    finally:
        handle.stop()


if __name__ == "__main__":
    main()
