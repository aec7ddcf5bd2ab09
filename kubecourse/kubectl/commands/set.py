"""`kubectl set SUBCOMMAND`: image, env, resources.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/set/set.go. Each subcommand
lives in kubecourse/kubectl/set/ (selector, serviceaccount and subject are not simulated).
"""

from __future__ import annotations

from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.set import env, image, resources

COMMAND = Command("set", None, (), {c.name: c for c in (env.COMMAND, image.COMMAND, resources.COMMAND)},
                  short="Set specific features on objects")
