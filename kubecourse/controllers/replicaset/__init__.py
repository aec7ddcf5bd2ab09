"""The ReplicaSet controller, laid out as kubernetes/kubernetes pkg/controller/replicaset/ is:
controller.py (replica_set.go) and status.py (replica_set_utils.go). The
ReplicationController runs the same code (controllers/replication.py, as
pkg/controller/replication wraps it)."""
