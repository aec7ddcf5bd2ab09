"""The DaemonSet controller (kubernetes/kubernetes: pkg/controller/daemon/): controller.py
(daemon_controller.go), update.py (update.go) and util.py (util/daemonset_util.go)."""
