"""Chapter 03, ConfigMaps: the exercises of notebooks/03-configmaps.ipynb."""

from __future__ import annotations

from kubecourse.api.models import ConfigMap
from kubecourse.api.port import Port
from kubecourse.course.exercise import Exercise
from kubecourse.course.reads import NAMESPACE, named, running_pod

APP_CONFIG = """%%manifest
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  COLOR: blue
  MODE: demo
"""

ENV_DEMO = """%%manifest
apiVersion: v1
kind: Pod
metadata:
  name: env-demo
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "3600"]
    envFrom:
    - configMapRef:
        name: app-config
"""

# luksa/kubernetes-in-action Chapter07/fortune-pod-env-configmap.yaml, its html-generator container.
FORTUNE_ENV = """%%manifest
apiVersion: v1
kind: Pod
metadata:
  name: fortune-env
spec:
  containers:
  - image: luksa/fortune:env
    name: html-generator
    env:
    - name: INTERVAL
      valueFrom:
        configMapKeyRef:
          name: fortune-config
          key: sleep-interval
"""

FORTUNE_CONFIG = "%kubectl create configmap fortune-config --from-literal=sleep-interval=25"
CHANGED = """%%manifest
apiVersion: v1
kind: ConfigMap
metadata:
  name: fortune-config
data:
  sleep-interval: "10"
"""

IMMUTABLE = CHANGED + "immutable: true\n"


def env_from(port: Port) -> str | None:
    pod = running_pod(port, "env-demo")
    if isinstance(pod, str):
        return pod
    assert pod.spec is not None
    sources = [s.config_map_ref.name for c in pod.spec.containers for s in c.env_from or [] if s.config_map_ref]
    if "app-config" not in sources:
        return "env-demo's containers take no environment from the ConfigMap app-config (envFrom)"
    return None


def _last_change(config: ConfigMap):
    """When the ConfigMap was last written (its managed fields' latest time)."""
    times = [m.time for m in config.metadata.managed_fields or [] if m.time is not None]
    return max(times, default=config.metadata.creation_timestamp)


def fresh_env(port: Port) -> str | None:
    config = port.try_get(ConfigMap, "fortune-config", NAMESPACE)
    if config is None or (config.data or {}).get("sleep-interval") != "10":
        return "the ConfigMap fortune-config does not say sleep-interval: 10"
    pod = running_pod(port, "fortune-env")
    if isinstance(pod, str):
        return pod
    created, changed = pod.metadata.creation_timestamp, _last_change(config)
    if created is None or changed is None or created < changed:
        return "fortune-env was started before the ConfigMap changed, so its INTERVAL still holds the old value"
    return None


def immutable(port: Port) -> str | None:
    config = named(port, ConfigMap, "fortune-config")
    if isinstance(config, str):
        return config
    if not config.immutable:
        return "fortune-config can still be changed: it is not immutable"
    if (config.data or {}).get("sleep-interval") != "10":
        return "fortune-config is immutable, but its sleep-interval is not 10"
    return None


EXERCISES = (
    Exercise("03.1", "A pod env-demo (busybox, running sleep 3600) has every key of the ConfigMap app-config "
             "as an environment variable.", env_from,
             "envFrom takes all keys of a ConfigMap at once; env takes one key at a time.",
             (ENV_DEMO, "%cluster advance 10s"),
             "envFrom with a configMapRef makes each key (COLOR, MODE) a variable when the container starts.",
             given=(APP_CONFIG,)),
    Exercise("03.2", "fortune-config says sleep-interval: 10, and the running pod fortune-env uses it: its "
             "INTERVAL variable is 10.", fresh_env,
             "Environment variables are set when a container starts and never change. What makes a pod "
             "start again with the new value?",
             (CHANGED, "%kubectl delete pod fortune-env", FORTUNE_ENV, "%cluster advance 30s"),
             "A new pod reads the ConfigMap when its container starts; the old one kept the value it "
             "started with. (A Deployment would do this for you with kubectl rollout restart.)",
             given=(FORTUNE_CONFIG, FORTUNE_ENV, "%cluster advance 30s")),
    Exercise("03.3", "fortune-config keeps sleep-interval: 10 and can no longer be changed.", immutable,
             "One top-level field of a ConfigMap, next to data.",
             (IMMUTABLE,),
             "immutable: true makes the API server refuse every change of data; kubelets also stop watching "
             "it, which saves load on big clusters. To change it, delete and recreate it.",
             given=(FORTUNE_CONFIG,)),
)

__all__ = ["EXERCISES"]
