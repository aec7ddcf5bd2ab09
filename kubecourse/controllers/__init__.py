"""The control plane's controllers. Each reads like the upstream controller it models."""
