"""The shell inside containers: `kubectl exec`, and the main process of script images."""
