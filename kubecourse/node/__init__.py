"""Nodes: the kubelet (pod lifecycle on the virtual clock) and, later, the container runtime."""
