"""Issue 10's reproducers: each once escaped `Cluster.kubectl` as a Python exception; each now
gives kubectl's own text (judged against real kubectl in tests/support/conformance_commands.py too)."""

from __future__ import annotations

import time

import pytest
from support.conformance_commands import BROKEN

VALIDATE_OFF = "; if you choose to ignore these errors, turn validation off with --validate=false\n"


@pytest.fixture
def solo(cluster):
    cluster.kubectl("run solo --image=busybox -- sleep 3600")
    cluster.advance(30)
    return cluster


def result(cluster, line, stdin=None) -> tuple[int, str, str]:
    r = cluster.kubectl(line, stdin=stdin)
    return r.returncode, r.stdout, r.stderr


def test_exec_sleep_with_a_bad_number(solo):
    assert result(solo, "exec solo -- sleep abc") == (
        1, "", "sleep: invalid number 'abc'\ncommand terminated with exit code 1\n")


def test_exec_i_without_stdin_reads_nothing(solo):
    assert result(solo, "exec -i solo -- cat") == (0, "", "")


def test_json_patch_of_null_operations(solo):
    assert result(solo, ["patch", "pod", "solo", "--type=json", "-p", "[null]"]) == (
        1, "", "Error from server (BadRequest): the server rejected our request due to an error in our request: "
               "Unexpected kind: unknown\n")


def test_request_timeout_past_int64(solo):
    assert result(solo, "get pods --request-timeout=99999999999999999999999") == (
        1, "", "error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed "
               "by a corresponding time unit (e.g. 1s | 2m | 3h)\n")


def test_a_filename_too_long(cluster):
    name = "a" * 300
    assert result(cluster, f"get -f {name}") == (
        1, "", f'error: the path "{name}" cannot be accessed: stat {name}: file name too long\n')


@pytest.mark.parametrize(("doc", "error"), [
    ("metadata true", 'error: unable to decode "STDIN": json: cannot unmarshal bool into Go struct field '
                      "metadataOnlyObject.metadata of type v1.ObjectMeta\n"),
    ("kind not a string", 'error: error validating "STDIN": error validating data: kind isn\'t string type'
                          + VALIDATE_OFF),
    ("apiVersion and kind not strings", 'error: error validating "STDIN": error validating data: '
                                        "[apiVersion isn't string type, kind isn't string type]" + VALIDATE_OFF),
    ("500 levels deep", 'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" '
                        "cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field "
                        "ConfigMap.data of type string\n"),
    ("10001 levels deep", "error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: exceeded max "
                          "depth of 10000\n"),
    ("billion laughs", "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains "
                       "excessive aliasing\n"),
    ("anchor inside itself", "error: error parsing STDIN: error converting YAML to JSON: yaml: anchor 'a' value "
                             "contains itself\n"),
])
def test_broken_manifests(cluster, doc, error):
    before = cluster.api.resource_version
    started = time.thread_time()
    assert result(cluster, "apply -f -", BROKEN[doc]) == (1, "", error)
    assert time.thread_time() - started < 2  # CPU seconds: immune to a busy machine
    assert cluster.api.resource_version == before


def test_binary_values_are_their_bytes_as_text(cluster):
    assert result(cluster, "apply -f -", BROKEN["binary values"])[:2] == (0, "configmap/x created\n")
    assert cluster.api.get("ConfigMap", "x", "default").data == {"a": "hello", "b": "\ufffd"}


def test_replicas_past_int32_are_refused_without_creating_anything(cluster):
    """`scale --replicas=2147483648` used to be stored, and every pod then created at once."""
    cluster.kubectl("create deploy kubia --image=luksa/kubia:v1")
    before = cluster.api.resource_version
    code, out, err = result(cluster, "scale deploy kubia --replicas=2147483648")
    assert (code, out) == (1, "")
    assert err.startswith('The request is invalid: patch: Invalid value: "{\\"apiVersion\\":\\"autoscaling/v1\\",'
                          '\\"kind\\":\\"Scale\\",')
    assert err.endswith('\\"spec\\":{\\"replicas\\":2147483648},\\"status\\":{\\"replicas\\":1,\\"selector\\":'
                        '\\"app=kubia\\"}}": json: cannot unmarshal number 2147483648 into Go struct field '
                        "ScaleSpec.spec.replicas of type int32\n")
    assert result(cluster, "scale deploy kubia --replicas=99999999999999999999") == (
        1, "", 'error: invalid argument "99999999999999999999" for "--replicas" flag: strconv.ParseInt: parsing '
               '"99999999999999999999": value out of range\nSee \'kubectl scale --help\' for usage.\n')
    assert result(cluster, ["patch", "deploy", "kubia", "-p", '{"spec":{"replicas":2147483648}}']) == (
        1, "", 'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: '
               "cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32\n")
    assert cluster.api.resource_version == before
