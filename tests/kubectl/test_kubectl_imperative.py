"""Imperative kubectl commands: generators, scale, label, annotate, expose, run, cluster-info.

Expected texts were produced by the real kubectl v1.32 (client-side dry runs need no server;
the others against a recording stub API server)."""

from __future__ import annotations

import base64
import textwrap

import pytest
import yaml


def ok(cluster, line: str, stdin: str | None = None) -> str:
    r = cluster.kubectl(line, stdin)
    assert (r.stderr, r.returncode) == ("", 0), r
    return r.stdout


def fails(cluster, line: str) -> str:
    r = cluster.kubectl(line)
    assert r.returncode == 1, r
    return r.stderr


def block(text: str, indent: int = 0) -> str:
    """A YAML document (or, with `indent`, a fragment of one at that depth)."""
    return textwrap.indent(textwrap.dedent(text).lstrip("\n"), " " * indent)


# --- create <generator> -----------------------------------------------------------------------


def test_create_deployment_dry_run_yaml_is_kubectls(cluster):
    assert ok(cluster, "create deployment kubia --image=luksa/kubia --replicas=3 --dry-run=client -o yaml") == block("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: null
          labels:
            app: kubia
          name: kubia
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: kubia
          strategy: {}
          template:
            metadata:
              creationTimestamp: null
              labels:
                app: kubia
            spec:
              containers:
              - image: luksa/kubia
                name: kubia
                resources: {}
        status: {}
        """)
    assert cluster.api.try_get("Deployment", "kubia", "default") is None


def test_create_deployment_names_containers_after_images_and_ports_the_first(cluster):
    out = ok(cluster, "create deployment kubia --image=luksa/kubia:v1 --image=nginx --port=8080 -n kube-public "
                      "--dry-run=client -o yaml")
    assert block("""
          name: kubia
          namespace: kube-public
        """, 2) in out
    assert block("""
              containers:
              - image: luksa/kubia:v1
                name: kubia
                ports:
                - containerPort: 8080
                resources: {}
              - image: nginx
                name: nginx
                resources: {}
        """, 6) in out


def test_create_deployment_creates_and_reports_an_existing_one(cluster):
    assert ok(cluster, "create deployment kubia --image=luksa/kubia") == "deployment.apps/kubia created\n"
    assert cluster.api.get("Deployment", "kubia", "default").spec.replicas == 1
    assert fails(cluster, "create deployment kubia --image=luksa/kubia") == (
        'error: failed to create deployment: deployments.apps "kubia" already exists\n')


@pytest.mark.parametrize(("line", "error"), [
    ("create deployment kubia", 'error: required flag(s) "image" not set\n'),
    ("create deployment --image=x", "error: exactly one NAME is required, got 0\n"
                                     "See 'kubectl create deployment -h' for help and examples\n"),
    ("create deployment a b --image=x", "error: exactly one NAME is required, got 2\n"
                                         "See 'kubectl create deployment -h' for help and examples\n"),
    ("create deployment x --image=a --image=b -- date", "error: cannot specify multiple --image options and command\n"),
    ("create deployment x --image=y --dry-run=foo",
     'error: Invalid dry-run value (foo). Must be "none", "server", or "client".\n'),
])
def test_create_deployment_errors(cluster, line, error):
    assert fails(cluster, line) == error


def test_create_namespace(cluster):
    assert ok(cluster, "create namespace foo --dry-run=client -o yaml") == block("""
        apiVersion: v1
        kind: Namespace
        metadata:
          creationTimestamp: null
          name: foo
        spec: {}
        status: {}
        """)
    assert ok(cluster, "create ns foo") == "namespace/foo created\n"
    assert fails(cluster, "create namespace foo") == 'Error from server (AlreadyExists): namespaces "foo" already exists\n'


def test_create_service_nodeport_dry_run(cluster):
    assert ok(cluster, "create service nodeport kubia --tcp=80:8080 --node-port=30123 --dry-run=client -o yaml") == block("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            app: kubia
          name: kubia
        spec:
          ports:
          - name: 80-8080
            nodePort: 30123
            port: 80
            protocol: TCP
            targetPort: 8080
          selector:
            app: kubia
          type: NodePort
        status:
          loadBalancer: {}
        """)


def test_create_service_port_names_and_headless(cluster):
    out = ok(cluster, "create service clusterip kubia --tcp=80 --tcp=443:https --dry-run=client -o yaml")
    assert block("""
          ports:
          - name: "80"
            port: 80
            protocol: TCP
            targetPort: 80
          - name: 443-https
            port: 443
            protocol: TCP
            targetPort: https
        """, 2) in out
    assert "  clusterIP: None\n" in ok(cluster, "create service clusterip db --clusterip=None --dry-run=client -o yaml")


@pytest.mark.parametrize(("line", "error"), [
    ("create service clusterip x", "error: at least one tcp port specifier must be provided\n"),
    ("create service clusterip x --tcp=abc", 'error: strconv.ParseUint: parsing "abc": invalid syntax\n'),
    ("create service clusterip x --tcp=80:99999", "error: must be between 1 and 65535, inclusive\n"),
    ("create service nodeport x --clusterip=None",
     "error: unknown flag: --clusterip\nSee 'kubectl create service nodeport --help' for usage.\n"),
])
def test_create_service_errors(cluster, line, error):
    assert fails(cluster, line) == error


def test_create_service_creates_and_reports_an_existing_one(cluster):
    assert ok(cluster, "create svc loadbalancer kubia --tcp=80:8080") == "service/kubia created\n"
    assert cluster.api.get("Service", "kubia", "default").spec.type == "LoadBalancer"
    assert fails(cluster, "create service loadbalancer kubia --tcp=80:8080") == (
        'error: failed to create LoadBalancer service: services "kubia" already exists\n')


def test_create_configmap_from_literals_files_and_directories(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f1.txt").write_text("line1\nline2\n")
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01\xff")
    long = "a long value with spaces that goes on and on and on past the eighty column limit for sure yes"
    out = ok(cluster, ["create", "configmap", "cm", "--from-literal=a=1", "--from-literal=b=yes",
                       f"--from-literal=c={long}", "--from-literal=d=*star", "--from-file=f1.txt",
                       "--from-file=k=f1.txt", "--from-file=bin.dat", "--dry-run=client", "-o", "yaml"])
    assert out == block("""
        apiVersion: v1
        binaryData:
          bin.dat: AAH/
        data:
          a: "1"
          b: "yes"
          c: a long value with spaces that goes on and on and on past the eighty column limit
            for sure yes
          d: '*star'
          f1.txt: |
            line1
            line2
          k: |
            line1
            line2
        kind: ConfigMap
        metadata:
          creationTimestamp: null
          name: cm
        """)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "k1").write_text("x")
    assert ok(cluster, "create configmap cm3 --from-file=d") == "configmap/cm3 created\n"
    assert cluster.api.get("ConfigMap", "cm3", "default").data == {"k1": "x"}


def test_create_configmap_from_env_file(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e.env").write_text('# comment\nA=1\n\n  C="q"\nD\n')
    ok(cluster, "create configmap env --from-env-file=e.env")
    assert cluster.api.get("ConfigMap", "env", "default").data == {"A": "1", "C": '"q"'}


@pytest.mark.parametrize(("args", "error"), [
    ("--from-file=nope.txt", "error: error reading nope.txt: no such file or directory\n"),
    ("--from-file=a=b=c", "error: key names or file paths cannot contain '='\n"),
    ("--from-literal=a", "error: invalid literal source a, expected key=value\n"),
    ("--from-literal=a=1 --from-literal=a=2",
     'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n'),
    ("--from-env-file=e.env --from-literal=a=1",
     "error: from-env-file cannot be combined with from-file or from-literal\n"),
])
def test_create_configmap_errors(cluster, args, error):
    assert fails(cluster, f"create configmap c {args}") == error


def test_create_secret_generic_encodes_data(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f1.txt").write_text("line1\nline2\n")
    assert ok(cluster, "create secret generic s --from-literal=user=admin --from-file=f1.txt --dry-run=client "
                       "-o yaml") == block("""
        apiVersion: v1
        data:
          f1.txt: bGluZTEKbGluZTIK
          user: YWRtaW4=
        kind: Secret
        metadata:
          creationTimestamp: null
          name: s
        """)
    assert ok(cluster, "create secret generic s --from-literal=user=admin") == "secret/s created\n"
    secret = cluster.api.get("Secret", "s", "default")
    assert (secret.type, base64.b64decode(secret.data["user"])) == ("Opaque", b"admin")
    assert fails(cluster, "create secret generic s --from-literal=user=admin") == (
        'error: failed to create secret secrets "s" already exists\n')
    assert fails(cluster, "create secret generic t --from-literal=a=1 --from-literal=a=2") == (
        "error: cannot add key a, another key by that name already exists\n")


# --- scale ------------------------------------------------------------------------------------


@pytest.fixture
def kubia(cluster):
    ok(cluster, "create deployment kubia --image=luksa/kubia --replicas=3 --port=8080")
    return cluster


def test_scale_sets_spec_replicas(kubia):
    assert ok(kubia, "scale deployment kubia --replicas=5") == "deployment.apps/kubia scaled\n"
    assert kubia.api.get("Deployment", "kubia", "default").spec.replicas == 5
    assert ok(kubia, "scale --replicas=2 deploy/kubia --current-replicas=5") == "deployment.apps/kubia scaled\n"
    assert ok(kubia, "scale --replicas=1 deploy/kubia --dry-run=client") == "deployment.apps/kubia scaled (dry run)\n"
    assert kubia.api.get("Deployment", "kubia", "default").spec.replicas == 2


def test_scale_precondition_and_missing_objects(kubia):
    assert fails(kubia, "scale deploy kubia --replicas=5 --current-replicas=2") == (
        "error: Expected replicas to be 2, was 3\n")
    assert fails(kubia, "scale deploy missing --replicas=2") == (
        'error: no objects passed to scale deployments.apps "missing" not found\n')
    r = kubia.kubectl("scale deploy/kubia deploy/missing --replicas=1")
    assert (r.stdout, r.stderr, r.returncode) == (
        "deployment.apps/kubia scaled\n", 'Error from server (NotFound): deployments.apps "missing" not found\n', 1)


@pytest.mark.parametrize(("line", "error"), [
    ("scale deploy kubia", 'error: required flag(s) "replicas" not set\n'),
    ("scale deploy kubia --replicas=-1",
     "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"),
    ("scale deploy --replicas=2", "error: resource(s) were provided, but no name was specified\n"),
])
def test_scale_errors(kubia, line, error):
    assert fails(kubia, line) == error


def test_scale_a_kind_without_scale_subresource(kubia):
    ok(kubia, "run web --image=nginx")
    assert fails(kubia, "scale pod web --replicas=2") == (
        "Error from server (NotFound): the server could not find the requested resource\n")


# --- label and annotate -----------------------------------------------------------------------


def test_label_add_overwrite_remove(kubia):
    assert fails(kubia, "label deploy kubia app=x") == (
        "error: 'app' already has a value (kubia), and --overwrite is false\n")
    assert ok(kubia, "label deploy kubia app=x --overwrite") == "deployment.apps/kubia labeled\n"
    assert ok(kubia, "label deploy kubia tier=web") == "deployment.apps/kubia labeled\n"
    assert ok(kubia, "label deploy kubia tier-") == "deployment.apps/kubia unlabeled\n"
    assert ok(kubia, "label deploy kubia foo-") == 'label "foo" not found.\ndeployment.apps/kubia not labeled\n'
    assert kubia.api.get("Deployment", "kubia", "default").metadata.labels == {"app": "x"}
    assert ok(kubia, "label deploy/kubia --list") == "app=x\n"


def test_label_several_objects_reports_each_failure(kubia):
    ok(kubia, "create deployment web --image=nginx")
    ok(kubia, "label deploy web x=y")
    r = kubia.kubectl("label deploy --all x=z app=q")
    assert r.stdout == ""
    assert r.stderr == ("'app' already has a value (kubia), and --overwrite is false\n"
                        "'app' already has a value (web), and --overwrite is false\n"
                        "'x' already has a value (y), and --overwrite is false\n")
    assert ok(kubia, "label deploy -l app=web --list") == "Listing labels for Deployment.apps/web:\n app=web\n x=y\n"


@pytest.mark.parametrize(("line", "error"), [
    ("label deploy kubia", "error: at least one label update is required\n"),
    ("label deploy kubia a=b=c", "error: invalid label spec: a=b=c\n"),
    ("label deploy kubia x=y foo", "error: all resources must be specified before label changes: foo\n"),
    ("label deploy kubia app=x app-", "error: can not both modify and remove a label in the same command\n"),
    ("label deploy --all -l app=kubia x=y", "error: cannot set --all and --selector at the same time\n"),
])
def test_label_errors(kubia, line, error):
    assert fails(kubia, line) == error


def test_annotate(kubia):
    assert ok(kubia, ["annotate", "deploy", "kubia", "description=my frontend"]) == "deployment.apps/kubia annotated\n"
    assert fails(kubia, "annotate deploy kubia description=x") == (
        "error: --overwrite is false but found the following declared annotation(s): 'description' already has "
        "a value (my frontend)\n")
    assert ok(kubia, "annotate deploy kubia description=x --overwrite") == "deployment.apps/kubia annotated\n"
    assert kubia.api.get("Deployment", "kubia", "default").metadata.annotations["description"] == "x"
    assert ok(kubia, "annotate deploy kubia description-") == "deployment.apps/kubia annotated\n"
    assert "description" not in (kubia.api.get("Deployment", "kubia", "default").metadata.annotations or {})
    assert fails(kubia, "annotate deploy kubia a=b a-") == (
        "error: can not both modify and remove the following annotation(s) in the same command: a\n")


# --- expose -----------------------------------------------------------------------------------


def test_expose_deployment_takes_selector_and_port_from_it(kubia):
    assert ok(kubia, "expose deployment kubia --dry-run=client -o yaml") == block("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            app: kubia
          name: kubia
        spec:
          ports:
          - port: 8080
            protocol: TCP
            targetPort: 8080
          selector:
            app: kubia
        status:
          loadBalancer: {}
        """)
    assert ok(kubia, "expose deploy kubia --port=80 --target-port=8080 --type=NodePort --name=kubia-http") == (
        "service/kubia-http exposed\n")
    svc = kubia.api.get("Service", "kubia-http", "default")
    assert (svc.spec.type, svc.spec.selector, svc.spec.ports[0].port, svc.spec.ports[0].target_port) == (
        "NodePort", {"app": "kubia"}, 80, 8080)


def test_expose_several_ports_are_named(cluster):
    manifest = block("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: multi, labels: {app: multi, tier: x}}
        spec:
          selector: {matchLabels: {app: multi}}
          template:
            metadata: {labels: {app: multi}}
            spec:
              containers:
              - {name: a, image: a, ports: [{containerPort: 8080}, {containerPort: 8443}]}
              - {name: b, image: b, ports: [{containerPort: 53, protocol: UDP}]}
        """)
    cluster.api.create(yaml.safe_load(manifest))
    out = ok(cluster, "expose rs multi --dry-run=client -o yaml")
    assert block("""
          ports:
          - name: port-1
            port: 8080
            protocol: TCP
            targetPort: 8080
          - name: port-2
            port: 8443
            protocol: TCP
            targetPort: 8443
          - name: port-3
            port: 53
            protocol: UDP
            targetPort: 53
        """, 2) in out
    assert "    tier: x\n" in out


def test_expose_errors(kubia):
    ok(kubia, "create deployment noport --image=x")
    assert fails(kubia, "expose deploy noport") == "error: couldn't find port via --port flag or introspection\n"
    assert fails(kubia, "expose deploy missing") == 'Error from server (NotFound): deployments.apps "missing" not found\n'
    assert fails(kubia, "expose ns default") == "error: cannot expose a Namespace\n"
    assert ok(kubia, "expose deploy kubia") == "service/kubia exposed\n"
    assert fails(kubia, "expose deploy kubia") == 'Error from server (AlreadyExists): services "kubia" already exists\n'


# --- run --------------------------------------------------------------------------------------


def test_run_dry_run_pod(cluster):
    assert ok(cluster, "run kubia --image=busybox --labels=app=x,tier=y --env=A=1 --restart=Never --command "
                       "--dry-run=client -o yaml -- sleep 3600") == block("""
        apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: null
          labels:
            app: x
            tier: "y"
          name: kubia
        spec:
          containers:
          - command:
            - sleep
            - "3600"
            env:
            - name: A
              value: "1"
            image: busybox
            name: kubia
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Never
        status: {}
        """)


def test_run_creates_a_pod(cluster):
    assert ok(cluster, "run kubia --image=luksa/kubia --port=8080") == "pod/kubia created\n"
    pod = cluster.api.get("Pod", "kubia", "default")
    assert (pod.metadata.labels, pod.spec.containers[0].ports[0].container_port) == ({"run": "kubia"}, 8080)
    assert fails(cluster, "run kubia --image=luksa/kubia") == 'Error from server (AlreadyExists): pods "kubia" already exists\n'


@pytest.mark.parametrize(("line", "error"), [
    ("run x", 'error: required flag(s) "image" not set\n'),
    ("run --image=x", "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"),
    ("run x --image=x --restart=Foo", "error: invalid restart policy: Foo\nSee 'kubectl run -h' for help and examples\n"),
    ("run x --image=x --env=FOO", "error: invalid env: FOO\n"),
    ("run x --image=x --labels=foo", "error: unexpected label spec: foo\n"),
    ("run x --image=x --port=abc", 'error: strconv.Atoi: parsing "abc": invalid syntax\n'),
])
def test_run_errors(cluster, line, error):
    assert fails(cluster, line) == error


# --- cluster-info -----------------------------------------------------------------------------


def test_cluster_info_lists_cluster_services(cluster):
    assert ok(cluster, "cluster-info") == (
        "Kubernetes control plane is running at https://127.0.0.1:6443\n"
        "CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
        "\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {
        "name": "metrics", "namespace": "kube-system", "labels": {"kubernetes.io/cluster-service": "true"}},
        "spec": {"selector": {"k8s-app": "x"}, "ports": [{"port": 443}]}})
    assert ok(cluster, "cluster-info").splitlines()[2] == (
        "metrics is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/https:metrics:/proxy")
