"""Validation: the server's causes, in its order and words, as kubectl prints them."""

from __future__ import annotations

import pytest

from kubecourse.api.errors import StatusError
from kubecourse.kubectl.errors import format_status_error

SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
             "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
             r"validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
         "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
           "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
           "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")


def rejected(cluster, obj: dict) -> str:
    """kubectl's text for the create's error; the store must not have changed."""
    before = cluster.api.resource_version
    with pytest.raises(StatusError) as e:
        cluster.api.create(obj)
    assert cluster.api.resource_version == before
    return format_status_error(e.value)


def deployment(name: str = "kubia", **spec) -> dict:
    base = {"selector": {"matchLabels": {"app": "kubia"}},
            "template": {"metadata": {"labels": {"app": "kubia"}},
                         "spec": {"containers": [{"name": "kubia", "image": "luksa/kubia:v1"}]}}}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}, "spec": {**base, **spec}}


def test_deployment_without_selector_gets_both_causes(cluster):
    d = deployment()
    del d["spec"]["selector"]
    assert rejected(cluster, d) == (
        'The Deployment "kubia" is invalid: \n'
        "* spec.selector: Required value\n"
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"kubia"}: '
        "`selector` does not match template `labels`")


def test_deployment_selector_must_match_template(cluster):
    assert rejected(cluster, deployment(selector={"matchLabels": {"app": "other"}})) == (
        'The Deployment "kubia" is invalid: spec.template.metadata.labels: Invalid value: '
        'map[string]string{"app":"kubia"}: `selector` does not match template `labels`')


def test_empty_selector(cluster):
    assert rejected(cluster, deployment(selector={})) == (
        'The Deployment "kubia" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        "map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is "
        "invalid for deployment")


def test_negative_replicas(cluster):
    assert rejected(cluster, deployment(replicas=-1)) == (
        'The Deployment "kubia" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')


def test_selector_is_immutable(cluster):
    d = cluster.api.create(deployment())
    changed = d.to_wire()
    changed["spec"]["selector"] = {"matchLabels": {"app": "kubia", "tier": "web"}}
    changed["spec"]["template"]["metadata"]["labels"]["tier"] = "web"
    with pytest.raises(StatusError) as e:
        cluster.api.update(changed)
    assert format_status_error(e.value) == (
        'The Deployment "kubia" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        'map[string]string{"app":"kubia", "tier":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
        "field is immutable")
    assert cluster.api.get("Deployment", "kubia", "default") == d


def test_template_must_restart_always(cluster):
    d = deployment()
    d["spec"]["template"]["spec"]["restartPolicy"] = "Never"
    assert rejected(cluster, d) == ('The Deployment "kubia" is invalid: spec.template.spec.restartPolicy: '
                                    'Unsupported value: "Never": supported values: "Always"')


def test_replica_set_without_selector(cluster):
    rs = deployment()
    rs["kind"] = "ReplicaSet"
    rs["spec"]["selector"] = {}
    assert rejected(cluster, rs) == (
        'The ReplicaSet "kubia" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        "map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is "
        "invalid for deployment")


def test_bad_names(cluster):
    assert rejected(cluster, deployment("Kubia_1")) == (
        f'The Deployment "Kubia_1" is invalid: metadata.name: Invalid value: "Kubia_1": {SUBDOMAIN}')
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web"}, "spec": {"ports": [{"port": 80}]}}
    assert rejected(cluster, svc) == f'The Service "1web" is invalid: metadata.name: Invalid value: "1web": {DNS1035}'
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a.b"}}
    assert rejected(cluster, ns) == f'The Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": {LABEL}'


def test_too_long_name_gets_both_messages(cluster):
    name = "A" * 254
    text = rejected(cluster, deployment(name))
    assert text == (f'The Deployment "{name}" is invalid: \n'
                    f'* metadata.name: Invalid value: "{name}": must be no more than 253 characters\n'
                    f'* metadata.name: Invalid value: "{name}": {SUBDOMAIN}')


def test_missing_name(cluster):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}}
    assert rejected(cluster, cm) == (
        'The ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required')


def test_label_key_and_value(cluster):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"a/b/c": "x", "ok": "-bad"}}}
    assert rejected(cluster, cm) == (
        'The ConfigMap "c" is invalid: \n'
        "* metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, "
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
        "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
        "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')\n"
        "* metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of "
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
        "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def test_config_map_keys(cluster):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"bad key": "v", "..x": "v"}}
    assert rejected(cluster, cm) == (
        'The ConfigMap "c" is invalid: \n'
        '* data[..x]: Invalid value: "..x": must not start with \'..\'\n'
        "* data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, "
        "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
        "'[-._a-zA-Z0-9]+')")


def test_immutable_config_map(cluster):
    cm = cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
                             "data": {"k": "v"}, "immutable": True})
    with pytest.raises(StatusError) as e:
        cluster.api.update(cm.with_(data={"k": "w"}))
    assert format_status_error(e.value) == (
        'The ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set')


def test_secret_type_is_immutable_and_tls_needs_its_keys(cluster):
    s = cluster.api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"k": "dg=="}})
    with pytest.raises(StatusError) as e:
        cluster.api.update(s.with_(type="kubernetes.io/tls"))
    assert format_status_error(e.value) == (
        'The Secret "s" is invalid: \n'
        '* type: Invalid value: "kubernetes.io/tls": field is immutable\n'
        "* data[tls.crt]: Required value\n"
        "* data[tls.key]: Required value")


def pod(containers: list[dict], **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers, **spec}}


def test_container_rules_in_order(cluster):
    text = rejected(cluster, pod([
        {"name": "Web", "ports": [{"containerPort": 70000, "name": "HTTP"}, {"containerPort": 80, "protocol": "tcp"}]},
        {"name": "web2", "image": "x", "volumeMounts": [{"name": "data", "mountPath": "/d"}],
         "livenessProbe": {"httpGet": {"port": 8080}, "successThreshold": 2}},
        {"name": "web2", "image": "x"},
    ]))
    assert text == (
        'The Pod "p" is invalid: \n'
        f'* spec.containers[0].name: Invalid value: "Web": {LABEL}\n'
        "* spec.containers[0].image: Required value\n"
        '* spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters '
        "(a-z, 0-9), and hyphens (-)\n"
        "* spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
        '* spec.containers[0].ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"\n'
        '* spec.containers[1].volumeMounts[0].name: Not found: "data"\n'
        "* spec.containers[1].livenessProbe.successThreshold: Invalid value: 2: must be 1\n"
        '* spec.containers[2].name: Duplicate value: "web2"')


def test_service_port_rules(cluster):
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"type": "Foo", "ports": [{"port": 80, "name": "http"}, {"port": 80, "targetPort": 70000}]}}
    assert rejected(cluster, svc) == (
        'The Service "web" is invalid: \n'
        "* spec.ports[1].name: Required value\n"
        "* spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"
        '* spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", '
        '"NodePort"\n'
        '* spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), '
        'Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}')


def test_service_needs_ports(cluster):
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"a": "b"}}}
    assert rejected(cluster, svc) == 'The Service "web" is invalid: spec.ports: Required value'


def test_invalid_status_body(cluster):
    d = deployment()
    del d["spec"]["selector"]
    with pytest.raises(StatusError) as e:
        cluster.api.create(d)
    body = e.value.to_status()
    assert (body["code"], body["reason"], body["details"]["kind"], body["details"]["group"]) == (
        422, "Invalid", "Deployment", "apps")
    assert body["message"].startswith('Deployment.apps "kubia" is invalid: [spec.selector: Required value, ')
    assert body["details"]["causes"][0] == {"reason": "FieldValueRequired", "message": "Required value",
                                            "field": "spec.selector"}


@pytest.mark.parametrize(("rolling", "cause"), [
    ({"maxSurge": 0, "maxUnavailable": 0}, 'maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, '
                                           'StrVal:""}: may not be 0 when `maxSurge` is 0'),
    ({"maxSurge": "0%", "maxUnavailable": "0%"}, 'maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
                                                 'StrVal:"0%"}: may not be 0 when `maxSurge` is 0'),
    ({"maxUnavailable": "101%"}, 'maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
                                 'StrVal:"101%"}: must not be greater than 100%'),
])
def test_rolling_update_parameters(cluster, rolling, cause):
    d = deployment(strategy={"rollingUpdate": rolling})
    assert rejected(cluster, d) == f'The Deployment "kubia" is invalid: spec.strategy.rollingUpdate.{cause}'


def test_one_of_surge_and_unavailable_may_be_0(cluster):
    cluster.api.create(deployment(strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}))
