"""The shell inside containers: `kubectl exec`, and the main process of script images.

Above the network and kubecourse.userland, below the kubelet: the shell imports no node
code. Whoever starts a process (the kubelet, the kubelet's exec handler) builds its
machine, handing it the program table (programs.py) and a session to run in.
"""
