"""The kubelet's words: event reasons and messages, waiting messages, Go durations.

Every text here is what a 1.32 kubelet prints, with the upstream function it comes from:
kubernetes/kubernetes pkg/kubelet/images/image_manager.go (EnsureImageExists),
pkg/kubelet/kuberuntime/kuberuntime_container.go (startContainer, killContainer),
pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff), pkg/kubelet/events/event.go
(reasons).
"""

from __future__ import annotations

# pkg/kubelet/events/event.go
PULLING, PULLED, FAILED, BACK_OFF = "Pulling", "Pulled", "Failed", "BackOff"
CREATED, STARTED, KILLING = "Created", "Started", "Killing"
ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull"
FAILED_CREATE_POD_SANDBOX = "FailedCreatePodSandBox"
UNHEALTHY, FAILED_MOUNT = "Unhealthy", "FailedMount"
INVALID_ENV_NAMES = "InvalidEnvironmentVariableNames"
FAILED_TO_RETRIEVE_PULL_SECRET = "FailedToRetrieveImagePullSecret"

# Container waiting reasons (pkg/kubelet/images/types.go, pkg/kubelet/container/sync_result.go)
CONTAINER_CREATING = "ContainerCreating"
ERR_IMAGE_PULL, IMAGE_PULL_BACK_OFF = "ErrImagePull", "ImagePullBackOff"
CRASH_LOOP_BACK_OFF = "CrashLoopBackOff"
CREATE_CONTAINER_CONFIG_ERROR, RUN_CONTAINER_ERROR = "CreateContainerConfigError", "RunContainerError"


def go_duration(seconds: float) -> str:
    """time.Duration.String(): 523ms, 3.2s, 10s, 1m20s, 5m0s, 1h0m0s."""
    ns = round(seconds * 1e9)
    if ns == 0:
        return "0s"
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return _trim(f"{ns / size:.9f}") + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    secs = _trim(f"{rest / 1e9:.9f}") + "s"
    if hours:
        return f"{hours}h{minutes}m{secs}"
    return f"{minutes}m{secs}" if minutes else secs


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def pod_ref(name: str, namespace: str, uid: str) -> str:
    """format.Pod: `kubia-x_default(<uid>)`."""
    return f"{name}_{namespace}({uid})"


def sandbox_failed(sandbox_id: str, ip_range: str) -> str:
    """kuberuntime_sandbox.go createPodSandbox, with containerd's CNI error from kindnet's ptp
    plugin and host-local IPAM when the node's podCIDR has no address left."""
    return (f'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox '
            f'"{sandbox_id}": plugin type="ptp" failed (add): failed to allocate for range 0: '
            f"no IP addresses available in range set: {ip_range}")


# --- images (image_manager.go EnsureImageExists) -------------------------------------------------

def pulling(image: str) -> str:
    return f'Pulling image "{image}"'


def pulled(image: str, pull_seconds: float, total_seconds: float, size: int) -> str:
    """Both durations are truncated to the millisecond: the pull itself, and the time since
    the kubelet asked for it, which includes waiting for earlier pulls (serialized pulls)."""
    pull, total = int(pull_seconds * 1000) / 1000, int(total_seconds * 1000) / 1000
    return (f'Successfully pulled image "{image}" in {go_duration(pull)} '
            f"({go_duration(total)} including waiting). Image size: {size} bytes.")


def already_present(image: str) -> str:
    return f'Container image "{image}" already present on machine'


def never_pull(image: str) -> str:
    return f'Container image "{image}" is not present with pull policy of Never'


def pull_failed(image: str, error: str) -> str:
    return f'Failed to pull image "{image}": {error}'


def pull_back_off(image: str) -> str:
    return f'Back-off pulling image "{image}"'


def pull_back_off_waiting(image: str, previous_error: str) -> str:
    """The waiting message during ImagePullBackOff carries the last pull error since 1.32
    (kubernetes/kubernetes#127918): `Back-off pulling image "x": ErrImagePull: <error>`."""
    return f"{pull_back_off(image)}: {ERR_IMAGE_PULL}: {previous_error}"


def pull_secrets_missing(names: list[str]) -> str:
    """pkg/kubelet/kubelet_pods.go getPullSecretsForPod."""
    return (f"Unable to retrieve some image pull secrets ({', '.join(names)}); attempting to pull the image may "
            "not succeed.")


def start_error(reason: str) -> str:
    """startContainer records `Error: <reason>` for every failed start."""
    return f"Error: {reason}"


# --- containers (kuberuntime_container.go, kuberuntime_manager.go) -------------------------------

def created(container: str) -> str:
    return f"Created container {container}"  # 1.33 says "Created container: x"


def started(container: str) -> str:
    return f"Started container {container}"


def stopping(container: str) -> str:
    return f"Stopping container {container}"


def crash_back_off_event(container: str, pod: str) -> str:
    return f"Back-off restarting failed container {container} in pod {pod}"


def crash_back_off_waiting(seconds: float, container: str, pod: str) -> str:
    return f"back-off {go_duration(seconds)} restarting failed container={container} pod={pod}"


def start_failed_executable(executable: str) -> str:
    """containerd 1.7 + runc: a command that is not in the image (StartError, exit 128)."""
    return ("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
            f'failed: unable to start container process: exec: "{executable}": executable file not found in $PATH: '
            "unknown")


def invalid_env_names(keys: list[str], kind: str, source: str) -> str:
    """kubelet_pods.go makeEnvironmentVariables, for envFrom keys that are not valid names."""
    return (f"Keys [{', '.join(keys)}] from the EnvFrom {'configMap' if kind == 'ConfigMap' else 'secret'} "
            f"{source} were skipped since they are considered invalid environment variable names.")


# --- probes (pkg/kubelet/prober/prober.go, kuberuntime_manager.go computePodActions) -------------

def probe_failed(kind: str, message: str) -> str:
    return f"{kind} probe failed: {message}"


def probe_kill(container: str, kind: str) -> str:
    return f"Container {container} failed {kind} probe, will be restarted"
