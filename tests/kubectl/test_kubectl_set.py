"""`kubectl set image|env|resources` with kubectl 1.32's texts (checked against the real binary
through the served API)."""

from __future__ import annotations

import pytest

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
      - {name: init, image: busybox}
      containers:
      - {name: nginx, image: "nginx:1.27", env: [{name: A, value: "1"}]}
      - {name: sidecar, image: busybox}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  greeting: "hello\\nworld\\n"
  log-level: debug
"""
RECORD_WARNING = "Flag --record has been deprecated, --record will be removed in the future\n"


@pytest.fixture
def web(cluster):
    r = cluster.kubectl("apply -f -", stdin=WEB)
    assert r.returncode == 0, r.stderr
    return cluster


def run(cluster, line: str, stdin: str | None = None) -> tuple[str, str, int]:
    r = cluster.kubectl(line, stdin=stdin)
    return r.stdout, r.stderr, r.returncode


def containers(cluster) -> dict[str, dict]:
    d = cluster.api.get("Deployment", "web", "default").to_wire()
    spec = d["spec"]["template"]["spec"]
    return {c["name"]: c for c in spec["containers"] + spec["initContainers"]}


# --- image -----------------------------------------------------------------------------------


def test_set_image_updates_the_named_container(web):
    assert run(web, "set image deploy/web nginx=nginx:1.28") == ("deployment.apps/web image updated\n", "", 0)
    assert {n: c["image"] for n, c in containers(web).items()} == {
        "nginx": "nginx:1.28", "sidecar": "busybox", "init": "busybox"}
    assert len(web.api.list("ReplicaSet", "default")) == 2  # the Deployment controller rolls it out


def test_set_image_star_sets_every_container_and_init_container(web):
    assert run(web, "set image deploy/web *=alpine")[0] == "deployment.apps/web image updated\n"
    assert {c["image"] for c in containers(web).values()} == {"alpine"}


def test_set_image_to_the_same_image_prints_nothing(web):
    rv = web.api.get("Deployment", "web", "default").metadata.resource_version
    assert run(web, "set image deploy/web nginx=nginx:1.27") == ("", "", 0)
    assert web.api.get("Deployment", "web", "default").metadata.resource_version == rv


def test_set_image_unknown_container_is_reported_after_the_others(web):
    assert run(web, "set image deploy/web nope=x nginx=nginx:1.29") == (
        "deployment.apps/web image updated\n", 'error: unable to find container named "nope"\n', 1)
    assert containers(web)["nginx"]["image"] == "nginx:1.29"


def test_set_image_record_writes_the_change_cause(web):
    assert run(web, "set image deployment web nginx=nginx:1.28 --record") == (
        "deployment.apps/web image updated\n", RECORD_WARNING, 0)
    annotations = web.api.get("Deployment", "web", "default").metadata.annotations
    assert annotations["kubernetes.io/change-cause"] == \
        "kubectl set image deployment web nginx=nginx:1.28 --record=true"


def test_set_image_dry_run_and_output(web):
    assert run(web, "set image deploy/web nginx=x --dry-run=client") == (
        "deployment.apps/web image updated (dry run)\n", "", 0)
    assert run(web, "set image deploy/web nginx=x --dry-run=server") == (
        "deployment.apps/web image updated (server dry run)\n", "", 0)
    assert containers(web)["nginx"]["image"] == "nginx:1.27"
    stdout, _, _ = run(web, "set image deploy/web nginx=x --dry-run=client -o yaml")
    assert "    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n" in stdout
    assert "        image: x\n" in stdout
    assert run(web, "set image deploy/web nginx=y -o name") == ("deployment.apps/web\n", "", 0)


def test_set_image_on_pods_replication_controllers_and_selected_replica_sets(web):
    web.kubectl("run solo --image=nginx")
    assert run(web, "set image pod/solo solo=nginx:1.28")[0] == "pod/solo image updated\n"
    rs = web.api.list("ReplicaSet", "default")[0].metadata.name
    assert run(web, "set image rs -l app=web nginx=nginx:1.28")[0] == f"replicaset.apps/{rs} image updated\n"


@pytest.mark.parametrize(("line", "stderr"), [
    ("set image deploy/web", "error: at least one image update is required"),
    ("set image deploy/web a=b *=c", "error: all containers are already specified by *, but saw more than one "
                                     "container_name=container_image pairs"),
    ("set image deploy/nope deploy/web nginx=a", 'Error from server (NotFound): deployments.apps "nope" not found'),
    ("set image cm/app-config a=b",
     "error: configmaps/app-config the object is not a pod or does not have a pod template: *v1.ConfigMap"),
    ("set image deploy/web nginx=x deploy/web", "error: all resources must be specified before image changes: "
                                                "deploy/web"),
])
def test_set_image_errors_change_nothing(web, line, stderr):
    assert run(web, line) == ("", stderr + "\n", 1)
    assert containers(web)["nginx"]["image"] == "nginx:1.27"


# --- env -------------------------------------------------------------------------------------


def test_set_env_replaces_in_place_appends_and_removes(web):
    assert run(web, "set env deploy/web B=2 A=3 -c nginx") == ("deployment.apps/web env updated\n", "", 0)
    assert containers(web)["nginx"]["env"] == [{"name": "A", "value": "3"}, {"name": "B", "value": "2"}]
    assert "env" not in containers(web)["sidecar"]
    assert run(web, "set env deploy/web A-")[0] == "deployment.apps/web env updated\n"
    assert containers(web)["nginx"]["env"] == [{"name": "B", "value": "2"}]
    assert run(web, "set env deploy/web B=2 -c nginx") == ("", "", 0)  # nothing changes, nothing printed


def test_set_env_list_shows_the_result_without_writing(web):
    assert run(web, "set env deploy/web --list C=4") == (
        "# Deployment web, container nginx\nA=1\nC=4\n# Deployment web, container sidecar\nC=4\n", "", 0)
    assert "env" not in containers(web)["sidecar"]


def test_set_env_from_a_config_map(web):
    assert run(web, "set env deploy/web -c nginx --from=configmap/app-config --keys=greeting,log-level") == (
        "deployment.apps/web env updated\n", "Warning: key greeting transferred to GREETING\n"
        "Warning: key log-level transferred to LOG_LEVEL\n", 0)
    assert containers(web)["nginx"]["env"][1] == {
        "name": "GREETING", "valueFrom": {"configMapKeyRef": {"key": "greeting", "name": "app-config"}}}
    assert run(web, "set env deploy/web -c nginx --list") == (
        "# Deployment web, container nginx\nA=1\n# GREETING from configmap app-config, key greeting\n"
        "# LOG_LEVEL from configmap app-config, key log-level\n", "", 0)
    assert run(web, "set env deploy/web -c nginx --list --resolve")[0] == (
        "# Deployment web, container nginx\nA=1\nGREETING=hello\nworld\n\nLOG_LEVEL=debug\n")


def test_set_env_from_stdin_and_prefix(web):
    assert run(web, "set env deploy/web -c sidecar --prefix=X_ -e -", stdin="ONE=1 # comment\nTWO=2\n")[2] == 0
    assert containers(web)["sidecar"]["env"] == [{"name": "X_ONE", "value": "1 "}, {"name": "X_TWO", "value": "2"}]


@pytest.mark.parametrize(("line", "stdout", "stderr", "code"), [
    ("set env deploy/web -c nope X=1", "", 'Warning: Deployment/web does not have any containers matching "nope"\n',
     0),
    ("set env deploy/web A=2 --overwrite=false", "",
     "error: deployments/web 'A' already has a value (1), and --overwrite is false\n", 1),
    ("set env deploy/web 1A=b", "", '''error: "1A" is not a valid key name: a valid environment variable name must '''
     "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
     "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
     "'[-._a-zA-Z][-._a-zA-Z0-9]*')\n", 1),
    ("set env deploy/web A=b A-", "",
     "error: can not both modify and remove the same environment variable in the same command\n", 1),
    ("set env deploy/web --keys=a", "",
     "error: when specifying --keys, a configmap or secret must be provided with --from\n", 1),
    ("set env A=1", "", "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
     1),
    ("set env deploy/web --from=deploy/web", "", "error: unsupported resource specified in --from\n", 1),
])
def test_set_env_refusals(web, line, stdout, stderr, code):
    assert run(web, line) == (stdout, stderr, code)
    assert containers(web)["nginx"]["env"] == [{"name": "A", "value": "1"}]


# --- resources -------------------------------------------------------------------------------


def test_set_resources_merges_canonical_quantities(web):
    assert run(web, "set resources deploy/web -c nginx --limits=cpu=200m,memory=512Mi --requests=cpu=0.5") == (
        "deployment.apps/web resource requirements updated\n", "", 0)
    assert run(web, "set resources deploy/web -c nginx --limits=memory=1Gi")[0] == \
        "deployment.apps/web resource requirements updated\n"
    assert containers(web)["nginx"]["resources"] == {"limits": {"cpu": "200m", "memory": "1Gi"},
                                                     "requests": {"cpu": "500m"}}
    assert containers(web)["sidecar"]["resources"] == {}
    assert run(web, "set resources deploy/web -c nginx --requests=cpu=500m") == ("", "", 0)


def test_set_resources_record(web):
    assert run(web, "set resources deploy web --limits=cpu=1 --record") == (
        "deployment.apps/web resource requirements updated\n", RECORD_WARNING, 0)
    assert web.api.get("Deployment", "web", "default").metadata.annotations["kubernetes.io/change-cause"] == \
        "kubectl set resources deploy web --limits=cpu=1 --record=true"


@pytest.mark.parametrize(("line", "stderr"), [
    ("set resources deploy/web", "error: you must specify an update to requests or limits (in the form of "
                                 "--requests/--limits)"),
    ("set resources deploy/web --limits=cpu", "error: Invalid argument syntax cpu, expected <resource>=<value>"),
    ("set resources deploy/web --limits=cpu=abc", "error: quantities must match the regular expression "
                                                  "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("set resources deploy/web -c nope --limits=cpu=1", "error: unable to find container named nope"),
])
def test_set_resources_refusals(web, line, stderr):
    assert run(web, line) == ("", stderr + "\n", 1)
    assert containers(web)["nginx"]["resources"] == {}


def test_set_without_a_subcommand_lists_them(web):
    stdout, _, code = run(web, "set")
    assert code == 0 and all(word in stdout for word in ("env", "image", "resources"))
