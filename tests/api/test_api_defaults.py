"""Defaulting and admission as `-o yaml` shows them (pkg/apis/*/v1/defaults.go, the pod
admission plugins): exact stored objects."""

from __future__ import annotations

import re

import pytest

from kubecourse.api import defaults

TOKEN_VOLUME = re.compile(r"^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$")


def pod(name: str = "nginx", **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"run": name}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx"}], **spec}}


def deployment(**spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "kubia"},
            "spec": {"selector": {"matchLabels": {"app": "kubia"}},
                     "template": {"metadata": {"labels": {"app": "kubia"}},
                                  "spec": {"containers": [{"name": "kubia", "image": "luksa/kubia:v1"}]}},
                     **spec}}


def test_a_pod_is_stored_as_a_kind_cluster_stores_it(cluster):
    wire = cluster.api.create(pod()).to_wire()
    volume = wire["spec"]["volumes"][0]["name"]
    assert TOKEN_VOLUME.match(volume)
    assert wire["spec"] == {
        "containers": [{
            "image": "nginx", "imagePullPolicy": "Always", "name": "nginx", "resources": {},
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": volume,
                              "readOnly": True}],
        }],
        "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "preemptionPolicy": "PreemptLowerPriority",
        "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
        "serviceAccount": "default", "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
        "tolerations": [
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists",
             "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists",
             "tolerationSeconds": 300},
        ],
        "volumes": [{"name": volume, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
            {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                        "path": "namespace"}]}},
        ]}}],
    }
    assert wire["status"] == {"phase": "Pending", "qosClass": "BestEffort"}
    assert wire["metadata"]["namespace"] == "default"


@pytest.mark.parametrize("image, policy", [
    ("nginx", "Always"),
    ("nginx:latest", "Always"),
    ("nginx:1.27", "IfNotPresent"),
    ("localhost:5000/kubia", "Always"),
    ("localhost:5000/kubia:v2", "IfNotPresent"),
    ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
    ("nginx:latest@sha256:" + "a" * 64, "Always"),
])
def test_image_pull_policy_follows_the_tag(image, policy):
    assert defaults.image_pull_policy(image) == policy


def test_probes_ports_env_and_volumes_get_their_defaults(cluster):
    container = {"name": "web", "image": "luksa/kubia:v1",
                 "ports": [{"containerPort": 8080}],
                 "env": [{"name": "NS", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}}],
                 "livenessProbe": {"httpGet": {"port": 8080}},
                 "readinessProbe": {"exec": {"command": ["ls"]}, "periodSeconds": 2},
                 "volumeMounts": [{"name": "scratch", "mountPath": "/tmp"}, {"name": "cfg", "mountPath": "/etc/x"}]}
    obj = pod(volumes=[{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "x"}}])
    obj["spec"]["containers"] = [container]
    c = cluster.api.create(obj).to_wire()["spec"]
    stored = c["containers"][0]
    assert stored["imagePullPolicy"] == "IfNotPresent"
    assert stored["ports"] == [{"containerPort": 8080, "protocol": "TCP"}]
    assert stored["env"][0]["valueFrom"] == {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}
    assert stored["livenessProbe"] == {"httpGet": {"path": "/", "port": 8080, "scheme": "HTTP"}, "timeoutSeconds": 1,
                                       "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    assert stored["readinessProbe"] == {"exec": {"command": ["ls"]}, "timeoutSeconds": 1, "periodSeconds": 2,
                                        "successThreshold": 1, "failureThreshold": 3}
    assert c["volumes"][:2] == [{"name": "scratch", "emptyDir": {}},
                                {"name": "cfg", "configMap": {"name": "x", "defaultMode": 420}}]


@pytest.mark.parametrize("resources, qos", [
    ({}, "BestEffort"),
    ({"requests": {"cpu": "100m"}}, "Burstable"),
    ({"limits": {"cpu": "500m", "memory": "128Mi"}}, "Guaranteed"),
    ({"limits": {"cpu": "0.5", "memory": "128Mi"}, "requests": {"cpu": "500m"}}, "Guaranteed"),
    ({"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "500m"}}, "Burstable"),
])
def test_qos_class(cluster, resources, qos):
    obj = pod()
    obj["spec"]["containers"][0]["resources"] = resources
    created = cluster.api.create(obj)
    assert created.status.qos_class == qos


def test_limits_become_requests_on_pods_only(cluster):
    obj = pod()
    obj["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "1"}}
    assert cluster.api.create(obj).spec.containers[0].resources.requests == {"cpu": "1"}
    d = deployment()
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "1"}}
    template = cluster.api.create(d).spec.template.spec
    assert template.containers[0].resources.requests is None
    assert template.enable_service_links is None  # SetDefaults_Pod is for pods, not templates


def test_deployment_defaults(cluster):
    wire = cluster.api.create(deployment()).to_wire()
    spec = wire["spec"]
    assert {k: spec[k] for k in ("replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "strategy")} == {
        "replicas": 1, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
    }
    assert spec["template"]["spec"] == {
        "containers": [{"image": "luksa/kubia:v1", "imagePullPolicy": "IfNotPresent", "name": "kubia",
                        "resources": {}, "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"}],
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
        "securityContext": {}, "terminationGracePeriodSeconds": 30,
    }
    assert wire["metadata"]["generation"] == 1


def test_recreate_strategy_gets_no_rolling_update(cluster):
    created = cluster.api.create(deployment(strategy={"type": "Recreate"}))
    assert created.to_wire()["spec"]["strategy"] == {"type": "Recreate"}


def test_replication_controller_takes_selector_and_labels_from_its_template(cluster):
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "kubia"},
          "spec": {"replicas": 0, "template": {"metadata": {"labels": {"app": "kubia"}},
                                               "spec": {"containers": [{"name": "k", "image": "luksa/kubia"}]}}}}
    created = cluster.api.create(rc)
    assert created.spec.selector == {"app": "kubia"}
    assert created.metadata.labels == {"app": "kubia"}


def service(**spec) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubia"},
            "spec": {"selector": {"app": "kubia"}, "ports": [{"port": 80, "targetPort": 8080}], **spec}}


def test_cluster_ip_service_defaults(cluster):
    spec = cluster.api.create(service(ports=[{"port": 80}])).to_wire()["spec"]
    ip = spec.pop("clusterIP")
    assert spec == {"clusterIPs": [ip], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                    "ipFamilyPolicy": "SingleStack", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                    "selector": {"app": "kubia"}, "sessionAffinity": "None", "type": "ClusterIP"}
    first, second, *_ = map(int, ip.split("."))
    assert first == 10 and 96 <= second <= 111


def test_cluster_ip_is_kept_on_update(cluster):
    created = cluster.api.create(service())
    updated = cluster.api.update(created.with_(spec=created.spec.with_(cluster_ip=None, cluster_ips=None,
                                                                         selector={"app": "v2"})))
    assert updated.spec.cluster_ip == created.spec.cluster_ip


def test_node_port_service_gets_a_node_port_and_external_traffic_policy(cluster):
    spec = cluster.api.create(service(type="NodePort")).spec
    assert spec.external_traffic_policy == "Cluster"
    assert 30086 <= spec.ports[0].node_port <= 32767  # above the static band first


def test_headless_service_without_selector_requires_dual_stack(cluster):
    spec = cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
                               "spec": {"clusterIP": "None", "ports": [{"port": 5432}]}}).spec
    assert (spec.cluster_ips, spec.ip_family_policy) == (["None"], "RequireDualStack")


def test_external_name_service_has_no_ip_families(cluster):
    wire = cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"},
                               "spec": {"type": "ExternalName", "externalName": "db.example.com"}}).to_wire()
    assert wire["spec"] == {"externalName": "db.example.com", "sessionAffinity": "None", "type": "ExternalName"}


def test_client_ip_affinity_gets_its_timeout(cluster):
    wire = cluster.api.create(service(sessionAffinity="ClientIP")).to_wire()
    assert wire["spec"]["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


def test_secret_string_data_is_folded_into_data(cluster):
    s = cluster.api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                            "data": {"a": "eA==", "b": "eQ=="}, "stringData": {"b": "bar"}}).to_wire()
    assert (s["type"], s["data"], "stringData" in s) == ("Opaque", {"a": "eA==", "b": "YmFy"}, False)


def test_namespace_defaults(cluster):
    ns = cluster.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}).to_wire()
    assert (ns["metadata"]["labels"], ns["spec"], ns["status"]) == (
        {"kubernetes.io/metadata.name": "dev"}, {"finalizers": ["kubernetes"]}, {"phase": "Active"})


def test_config_map_gets_nothing(cluster):
    cm = cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
                             "data": {"k": "v"}}).to_wire()
    assert set(cm) == {"apiVersion", "kind", "metadata", "data"}
