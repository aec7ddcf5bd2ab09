"""The ServiceAccount controller and the root CA publisher: what every namespace gets.

Models kubernetes/kubernetes: pkg/controller/serviceaccount/serviceaccounts_controller.go
(syncNamespace: ensure the `default` ServiceAccount in every Active namespace, and again after
it is deleted) and pkg/controller/certificates/rootcacertpublisher/publisher.go (syncNamespace:
ensure the `kube-root-ca.crt` ConfigMap with the cluster CA in every namespace, and restore it
when it is edited or deleted).

What we learned from the source:
- The ServiceAccount controller skips namespaces that are not Active, so a terminating
  namespace does not get its `default` back while its content is being deleted.
- The publisher writes `data: {ca.crt: <PEM>}` and the `kubernetes.io/description` annotation,
  and leaves a ConfigMap alone only when both are already right; otherwise it updates it.
- Neither records events. Both run for the bootstrap namespaces before Cluster() returns
  (the manager settles after bootstrap).

The CA below is a real self-signed certificate (CN=kubernetes, valid 2024-12-31 to 2034-12-29,
like a kubeadm CA made just before the cluster's epoch), so `openssl x509 -text` on it works;
its private key was discarded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from kubecourse.api import errors
from kubecourse.api.models import ConfigMap, ObjectMeta, ServiceAccount
from kubecourse.api.server import DELETED, MODIFIED, WatchEvent
from kubecourse.controllers import base

DEFAULT_SERVICE_ACCOUNT = "default"
ROOT_CA_CONFIG_MAP = "kube-root-ca.crt"
DESCRIPTION_ANNOTATION = "kubernetes.io/description"
DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
               "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
               "guaranteed across distributions of Kubernetes clusters.")
ROOT_CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIC/jCCAeagAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDDAprdWJl\n"
    "cm5ldGVzMB4XDTI0MTIzMTIzNTUwMFoXDTM0MTIyOTIzNTUwMFowFTETMBEGA1UE\n"
    "AwwKa3ViZXJuZXRlczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKSO\n"
    "NssdJ8PhVFyY93f1Hvg82+++HWem/31PXucYFtDSmZSWoiEcN6KBATXI43JDtPKS\n"
    "2EArYAGjx+WZ+J6ojFDd7HRfGqtEghk045vYAYU2TSX7YwnwbzL5J9ckBGiVcTj3\n"
    "OeSox2aKC/u2wAWrH3M9xZQlx2nzRYCTcKSJA4fi8EP7ljUmgAJ5vi0JsSvS3yh0\n"
    "pYsIozSPaTlx3WUzWswv+zXqaT3YP6vX7obev5TQFlnek4OdzVf5ycxmTfuLR1H+\n"
    "JIDyHQv1iXZmhlwFRlCm7IvC0+kzXWHf8pBzdjyn5WcRy15Dh8LpEY+NusPCujVU\n"
    "Funsgkt4TOh/7X87PSMCAwEAAaNZMFcwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8B\n"
    "Af8EBAMCAqQwHQYDVR0OBBYEFGF+XthmeEeSo1YZUmWixE2TcPCkMBUGA1UdEQQO\n"
    "MAyCCmt1YmVybmV0ZXMwDQYJKoZIhvcNAQELBQADggEBABX29+iBXgzy62t+Rj0+\n"
    "FzVwcT66HLtoW1s+d7I9zmb/Vpk+oYZff6Rs5AM2HrEbd+dDLTvCeXpoilw8+WkP\n"
    "Dgk8+inaDLomeddOs79/I9Pfjzow0Jv+C1ZHrF+pWzIfUsAdMn48dOi/yPm9dgpY\n"
    "zVQbFR/t3dXcajjKGXfO75jQZaXAvMdlf1JcratOxvevigAXDjFhEN6u3jibSmd4\n"
    "EhX/Z67BAA2DOL1flEcmomiuX5pz5cd/WFfNc4UzR8hPE82926sDuUxQn/DV6dR0\n"
    "sMDP7n7RXLSImE10am0v2i6y538YtMgqtG+Nu2GUJ0vKZNIPzpBVVT0iMSpUvr7i\n"
    "q+U=\n"
    "-----END CERTIFICATE-----\n"
)


class EveryNamespace(base.Controller):
    """Keeps one object in every namespace: woken by each namespace, and by the writes to
    that object named in `wake_on`."""

    for_kind = "Namespace"
    ensured: ClassVar[tuple[str, str]]  # (kind, name)
    wake_on: ClassVar[tuple[str, ...]]  # event types of the ensured object

    def keys_for(self, event: WatchEvent) -> Iterator[base.Key]:
        if event.kind == "Namespace" and event.type != DELETED:
            yield ("", event.obj.metadata.name)
        elif (event.kind, event.obj.metadata.name) == self.ensured and event.type in self.wake_on:
            yield ("", event.obj.metadata.namespace or "")


class ServiceAccountsController(EveryNamespace):
    name = "serviceaccount-controller"
    ensured = ("ServiceAccount", DEFAULT_SERVICE_ACCOUNT)
    wake_on = (DELETED,)

    # Models serviceaccounts_controller.go syncNamespace
    def reconcile(self, key: base.Key) -> None:
        ns = self.api.try_get("Namespace", key[1])
        if ns is None or ns.status is None or ns.status.phase != "Active":
            return  # only Active namespaces get their ServiceAccount
        if self.api.try_get("ServiceAccount", DEFAULT_SERVICE_ACCOUNT, key[1]) is not None:
            return
        try:
            self.api.create(ServiceAccount(metadata=ObjectMeta(name=DEFAULT_SERVICE_ACCOUNT, namespace=key[1])))
        except errors.StatusError:
            return  # the namespace began terminating: nothing to ensure any more


class RootCACertPublisher(EveryNamespace):
    name = "root-ca-cert-publisher"
    ensured = ("ConfigMap", ROOT_CA_CONFIG_MAP)
    wake_on = (MODIFIED, DELETED)

    # Models publisher.go syncNamespace
    def reconcile(self, key: base.Key) -> None:
        namespace = key[1]
        ns = self.api.try_get("Namespace", namespace)
        if ns is None or ns.metadata.deletion_timestamp is not None:
            return  # gone or terminating: a create would be refused, and upstream ignores that
        data = {"ca.crt": ROOT_CA_PEM}
        cm = self.api.try_get("ConfigMap", ROOT_CA_CONFIG_MAP, namespace)
        try:
            if cm is None:
                self.api.create(ConfigMap(metadata=ObjectMeta(
                    name=ROOT_CA_CONFIG_MAP, namespace=namespace,
                    annotations={DESCRIPTION_ANNOTATION: DESCRIPTION}), data=data))
            elif cm.data != data or not (cm.metadata.annotations or {}).get(DESCRIPTION_ANNOTATION):
                annotations = {**(cm.metadata.annotations or {}), DESCRIPTION_ANNOTATION: DESCRIPTION}
                self.api.update(cm.with_(metadata=cm.metadata.with_(annotations=annotations), data=data))
        except errors.StatusError:
            return  # raced with the namespace's deletion or another writer; the next event retries
