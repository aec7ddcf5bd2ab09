"""Nodes: the kubelet (pod lifecycle on the virtual clock), the runtime's sandboxes and
container instances, their volumes and probes.

Above the shell, the network and kubecourse.userland: the kubelet starts a container's
processes and hands each its session and the shell's program table; nothing below imports
from here.
"""
