"""`kubectl explain` against what real kubectl 1.32 prints for the same schema.

The goldens in tests/data/explain/ were recorded by scripts/record_explain_goldens.py: real
kubectl explain against the served cluster, whose /openapi/v3 carries the vendored schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kubecourse.schema import explain

GOLDENS = Path(__file__).resolve().parents[1] / "data" / "explain"
CASES = (GOLDENS / "cases.txt").read_text().splitlines()  # written by scripts/record_explain_goldens.py


@pytest.mark.parametrize("case", CASES)
def test_explain_prints_what_kubectl_prints(cluster, case):
    expected = (GOLDENS / (case.replace(" --", "--").replace(".", "_") + ".txt")).read_text()  # golden_name()
    result = cluster.kubectl(f"explain {case}")
    assert (result.stdout, result.stderr, result.returncode) == (expected, "", 0)


def test_a_field_of_a_kind(cluster):
    assert cluster.kubectl("explain deploy.spec.strategy").stdout == (
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    The deployment strategy to use to replace existing pods with new ones.\n"
        "    DeploymentStrategy describes how to replace existing pods with new ones.\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    Rolling update config params. Present only if DeploymentStrategyType =\n"
        "    RollingUpdate.\n"
        "\n"
        "  type\t<string>\n"
        '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is\n'
        "    RollingUpdate.\n"
        "\n"
        "\n")


@pytest.mark.parametrize(("line", "stdout", "stderr"), [
    ("explain", "", 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                    "complete list of supported resources.\n"),
    ("explain foo", "", 'the server doesn\'t have a resource type "foo"\n'),
    ("explain deploy.spec.foo", "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n",
     'error: field "foo" does not exist\n'),
    ("explain deployments.v1.apps.spec.replicas", "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n",
     'error: field "replicas" does not exist\n'),
    ("explain deploy svc", "", "error: We accept only this format: explain RESOURCE\n"),
    ("explain deploy --api-version=apps/v2", "", 'error: couldn\'t find resource for "apps/v2, Resource=deployments"\n'),
    ("explain deploy --api-version=v1", "", "error: GVR (/v1, Resource=deployments) not found in OpenAPI schema\n"),
    ("explain deploy -o yaml", "", "error: unrecognized format: yaml\n"),
])
def test_errors_as_kubectl_prints_them(cluster, line, stdout, stderr):
    result = cluster.kubectl(line)
    assert (result.stdout, result.stderr, result.returncode) == (stdout, stderr, 1)


def test_wrap_breaks_at_spaces_and_keeps_newlines():
    assert explain.wrap(10, "aaaa bbbb cccc\ndd") == "aaaa bbbb\ncccc\ndd"
    assert explain.wrap(5, "abcdefgh ij") == "abcdefgh\nij"
