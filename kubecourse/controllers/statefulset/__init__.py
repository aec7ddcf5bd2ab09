"""The StatefulSet controller (kubernetes/kubernetes: pkg/controller/statefulset/): controller.py
(stateful_set.go), control.py (stateful_set_control.go), podcontrol.py (stateful_pod_control.go),
utils.py (stateful_set_utils.go) and history.py (pkg/controller/history/controller_history.go)."""
