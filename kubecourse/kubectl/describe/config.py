"""describe for ConfigMaps, Secrets and ServiceAccounts.

Models kubernetes/kubectl: pkg/describe/describe.go ConfigMapDescriber, describeSecret,
describeServiceAccount.

What we learned from the source:
- ConfigMap: after the metadata, `Data` / `====`, then per key `key:`, `----`, the value and
  an empty line; `BinaryData` / `====` with `key: N bytes`; an empty line; Events. Keys come
  from a Go map (random order); we sort them.
- Secret: never a value, only `key:\\tN bytes` (N decoded bytes), keys sorted (1.32 sorts
  them too), except the `token` of a service-account-token secret. No Events section.
- ServiceAccount: `Image pull secrets:`, `Mountable secrets: ` and `Tokens:            `
  (padded in the source so they sort and align), each `<none>` or one name per line, a
  missing secret marked `(not found)`; tokens are the service-account-token Secrets whose
  annotations name this account and its uid.
"""

from __future__ import annotations

import base64
import binascii

from kubecourse.api.models import ConfigMap, Secret, ServiceAccount
from kubecourse.kubectl.describe import events
from kubecourse.kubectl.describe.view import View
from kubecourse.kubectl.describe.writer import LEVEL_0, PrefixWriter, annotations_multiline, labels_multiline

SA_TOKEN_TYPE = "kubernetes.io/service-account-token"
SA_NAME_KEY = "kubernetes.io/service-account.name"
SA_UID_KEY = "kubernetes.io/service-account.uid"


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return value.encode()


def _header(w: PrefixWriter, obj) -> None:
    w.write(LEVEL_0, f"Name:\t{obj.metadata.name}\n")
    w.write(LEVEL_0, f"Namespace:\t{obj.metadata.namespace}\n")
    labels_multiline(w, "Labels", obj.metadata.labels)
    annotations_multiline(w, "Annotations", obj.metadata.annotations)


def describe_config_map(cm: ConfigMap, view: View) -> str:
    w = PrefixWriter()
    _header(w, cm)
    w.write(LEVEL_0, "\nData\n====\n")
    data = cm.data or {}
    for key in sorted(data):
        w.write(LEVEL_0, f"{key}:\n----\n")
        w.write(LEVEL_0, f"{data[key]}\n")
        w.write(LEVEL_0, "\n")
    w.write(LEVEL_0, "\nBinaryData\n====\n")
    binary = cm.binary_data or {}
    for key in sorted(binary):
        w.write(LEVEL_0, f"{key}: {len(_decoded(binary[key]))} bytes\n")
    w.write(LEVEL_0, "\n")
    events.section(w, view, cm)
    return w.text()


def describe_secret(secret: Secret, view: View) -> str:
    w = PrefixWriter()
    _header(w, secret)
    w.write(LEVEL_0, f"\nType:\t{secret.type or ''}\n")
    w.write(LEVEL_0, "\nData\n====\n")
    data = secret.data or {}
    for key in sorted(data):
        raw = _decoded(data[key])
        if key == "token" and secret.type == SA_TOKEN_TYPE:
            w.write(LEVEL_0, f"{key}:\t{raw.decode(errors='replace')}\n")
        else:
            w.write(LEVEL_0, f"{key}:\t{len(raw)} bytes\n")
    return w.text()


def describe_service_account(sa: ServiceAccount, view: View) -> str:
    secrets = view.api.list(Secret, sa.metadata.namespace)
    existing = {s.metadata.name for s in secrets}
    tokens = [s.metadata.name for s in secrets
              if s.type == SA_TOKEN_TYPE and (s.metadata.annotations or {}).get(SA_NAME_KEY) == sa.metadata.name
              and (s.metadata.annotations or {}).get(SA_UID_KEY) == sa.metadata.uid]
    w = PrefixWriter()
    _header(w, sa)
    sections = (
        ("Image pull secrets:", [s.name or "" for s in sa.image_pull_secrets or ()]),
        ("Mountable secrets: ", [s.name or "" for s in sa.secrets or ()]),
        ("Tokens:            ", tokens),
    )
    for header, names in sections:
        if not names:
            w.write(LEVEL_0, f"{header}\t<none>\n")
            continue
        prefix = header
        for name in names:
            mark = "" if name in existing else " (not found)"
            w.write(LEVEL_0, f"{prefix}\t{name}{mark}\n")
            prefix = " " * len(header)
    events.section(w, view, sa)
    return w.text()
