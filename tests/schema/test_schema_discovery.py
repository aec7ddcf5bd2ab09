"""`kubectl api-resources` and `api-versions` from the table of kinds; the expected texts are what
kubectl 1.32 prints against the served cluster (same table, read through discovery)."""

from __future__ import annotations

import pytest

TABLE = """\
NAME                     SHORTNAMES   APIVERSION               NAMESPACED   KIND
configmaps               cm           v1                       true         ConfigMap
endpoints                ep           v1                       true         Endpoints
events                   ev           v1                       true         Event
limitranges              limits       v1                       true         LimitRange
namespaces               ns           v1                       false        Namespace
nodes                    no           v1                       false        Node
persistentvolumeclaims   pvc          v1                       true         PersistentVolumeClaim
persistentvolumes        pv           v1                       false        PersistentVolume
pods                     po           v1                       true         Pod
replicationcontrollers   rc           v1                       true         ReplicationController
resourcequotas           quota        v1                       true         ResourceQuota
secrets                               v1                       true         Secret
serviceaccounts          sa           v1                       true         ServiceAccount
services                 svc          v1                       true         Service
controllerrevisions                   apps/v1                  true         ControllerRevision
daemonsets               ds           apps/v1                  true         DaemonSet
deployments              deploy       apps/v1                  true         Deployment
replicasets              rs           apps/v1                  true         ReplicaSet
statefulsets             sts          apps/v1                  true         StatefulSet
leases                                coordination.k8s.io/v1   true         Lease
endpointslices                        discovery.k8s.io/v1      true         EndpointSlice
storageclasses           sc           storage.k8s.io/v1        false        StorageClass
"""
VERBS = "create,delete,deletecollection,get,list,patch,update,watch"


def test_api_resources(cluster):
    assert cluster.kubectl("api-resources").stdout == TABLE


def test_wide_adds_verbs_and_categories(cluster):
    lines = cluster.kubectl("api-resources -o wide").stdout.splitlines()
    assert lines[0].endswith(f"KIND                    VERBS{' ' * 56}CATEGORIES")
    assert lines[9] == (f"pods                     po           v1                       true         Pod"
                        f"                     {VERBS}   all")
    assert lines[1].endswith(f"ConfigMap               {VERBS}   ")


@pytest.mark.parametrize(("args", "expected"), [
    ("--namespaced=false", "NAME                SHORTNAMES   APIVERSION          NAMESPACED   KIND\n"
                           "namespaces          ns           v1                  false        Namespace\n"
                           "nodes               no           v1                  false        Node\n"
                           "persistentvolumes   pv           v1                  false        PersistentVolume\n"
                           "storageclasses      sc           storage.k8s.io/v1   false        StorageClass\n"),
    ("--api-group=apps", "NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND\n"
                         "controllerrevisions                apps/v1      true         ControllerRevision\n"
                         "daemonsets            ds           apps/v1      true         DaemonSet\n"
                         "deployments           deploy       apps/v1      true         Deployment\n"
                         "replicasets           rs           apps/v1      true         ReplicaSet\n"
                         "statefulsets          sts          apps/v1      true         StatefulSet\n"),
    ("--verbs=foo", "NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n"),
    ("-o name", "configmaps\nendpoints\nevents\nlimitranges\nnamespaces\nnodes\npersistentvolumeclaims\n"
                "persistentvolumes\npods\nreplicationcontrollers\nresourcequotas\nsecrets\nserviceaccounts\nservices\n"
                "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\nleases.coordination.k8s.io\nendpointslices.discovery.k8s.io\n"
                "storageclasses.storage.k8s.io\n"),
])
def test_filters_and_formats(cluster, args, expected):
    assert cluster.kubectl(f"api-resources {args}").stdout == expected


def test_an_empty_api_group_is_the_core_group_and_sort_by_kind(cluster):
    core = cluster.kubectl("api-resources --api-group=").stdout.splitlines()
    assert [line.split()[0] for line in core[1:]] == ["configmaps", "endpoints", "events", "limitranges",
                                                       "namespaces", "nodes", "persistentvolumeclaims",
                                                       "persistentvolumes", "pods", "replicationcontrollers",
                                                       "resourcequotas", "secrets", "serviceaccounts", "services"]
    by_kind = cluster.kubectl("api-resources --sort-by=kind --categories=all --no-headers").stdout
    assert by_kind == ("daemonsets               ds       apps/v1   true   DaemonSet\n"
                       "deployments              deploy   apps/v1   true   Deployment\n"
                       "pods                     po       v1        true   Pod\n"
                       "replicasets              rs       apps/v1   true   ReplicaSet\n"
                       "replicationcontrollers   rc       v1        true   ReplicationController\n"
                       "services                 svc      v1        true   Service\n"
                       "statefulsets             sts      apps/v1   true   StatefulSet\n")


@pytest.mark.parametrize(("line", "stderr"), [
    ("api-resources -o yaml", "error: --output yaml is not available\n"),
    ("api-resources --sort-by=foo", "error: --sort-by accepts only name or kind\n"),
    ("api-resources x", "error: unexpected arguments: [x]\nSee 'kubectl api-resources -h' for help and examples\n"),
    ("api-versions x", "error: unexpected arguments: [x]\nSee 'kubectl api-versions -h' for help and examples\n"),
])
def test_errors(cluster, line, stderr):
    result = cluster.kubectl(line)
    assert (result.stdout, result.stderr, result.returncode) == ("", stderr, 1)


def test_api_versions(cluster):
    assert cluster.kubectl("api-versions").stdout == (
        "apps/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nstorage.k8s.io/v1\nv1\n")
