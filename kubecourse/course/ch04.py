"""Chapter 04, Secrets: the exercises of notebooks/04-secrets.ipynb."""

from __future__ import annotations

import base64

from kubecourse.api.models import Pod, Secret
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import named

CREDENTIALS = "%kubectl create secret generic db-credentials --from-literal=user=admin --from-literal=password=s3cret"

DB_CLIENT = """%%manifest
apiVersion: v1
kind: Pod
metadata:
  name: db-client
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db-credentials
          key: password
    volumeMounts:
    - name: credentials
      mountPath: /etc/db
      readOnly: true
  volumes:
  - name: credentials
    secret:
      secretName: db-credentials
"""


def credentials(port: Port) -> str | None:
    secret = named(port, Secret, "db-credentials")
    if isinstance(secret, str):
        return secret
    decoded = {k: base64.b64decode(v).decode(errors="replace") for k, v in (secret.data or {}).items()}
    wanted = {"user": "admin", "password": "s3cret"}
    if decoded != wanted:
        return f"db-credentials holds the keys {', '.join(sorted(decoded)) or 'none'}; expected user=admin and password=s3cret"
    return None


def db_client(port: Port) -> str | None:
    pod = named(port, Pod, "db-client")
    if isinstance(pod, str):
        return pod
    assert pod.spec is not None
    container = pod.spec.containers[0]
    refs = [(e.name, e.value_from.secret_key_ref) for e in container.env or [] if e.value_from is not None]
    if not any(name == "DB_PASSWORD" and ref is not None and (ref.name, ref.key) == ("db-credentials", "password")
               for name, ref in refs):
        return "db-client has no variable DB_PASSWORD from the key password of the Secret db-credentials"
    volumes = {v.name for v in pod.spec.volumes or [] if v.secret is not None and v.secret.secret_name == "db-credentials"}
    if not any(m.name in volumes and m.mount_path == "/etc/db" for m in container.volume_mounts or []):
        return "db-client does not mount the Secret db-credentials on /etc/db"
    if pod.status is None or pod.status.phase != "Running":
        return "db-client is not Running yet; move the clock on"
    return None


EXERCISES = (
    Exercise("04.1", "A Secret db-credentials holds user=admin and password=s3cret.", credentials,
             "kubectl create secret generic takes --from-literal once per key.",
             (CREDENTIALS,),
             "create secret generic base64-encodes each literal into the Secret's data.",
             given=()),
    Exercise("04.2", "A running pod db-client (busybox, sleep 3600) has the password as the variable DB_PASSWORD "
             "and both keys as files in /etc/db.", db_client,
             "env with valueFrom.secretKeyRef for the variable; a secret volume mounted on /etc/db for the files.",
             (DB_CLIENT, "%cluster advance 10s"),
             "The kubelet fetches the Secret for this pod only, writes its keys to a tmpfs on the node and "
             "sets the variable when the container starts.",
             given=(CREDENTIALS,)),
)

__all__ = ["EXERCISES"]
