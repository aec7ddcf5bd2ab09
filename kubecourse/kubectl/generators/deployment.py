"""`kubectl create deployment NAME --image=IMG [--image=IMG2] [--replicas=N] [--port=P] [-- CMD]`.

Models staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go (createDeployment,
buildPodSpec, sanitizeAndUniquify): labels, selector and template labels are all `app=NAME`;
one container per image, named after the image's last path segment without tag or digest
(`luksa/kubia:v1` -> `kubia`); a name with `_` has them turned into `-` and gets a random
5-character suffix (it must be a DNS label); `--port` goes on the first container, the command
after `--` too, and a command cannot be combined with several images. The strategy is left
empty (`strategy: {}`): the server defaults it.
"""

from __future__ import annotations

from typing import Any

from kubecourse.kubectl import generators
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag

PATH = "create deployment"


def image_base_name(image: str) -> str:
    return image.split("/")[-1].split(":")[0].split("@")[0]


def run(ctx, parsed, out, stdin) -> int:
    generators.require(parsed, "image")
    name = generators.one_name(parsed, PATH)
    images: list[str] = parsed["image"]
    if len(images) > 1 and parsed.dash_args:
        raise CommandError("cannot specify multiple --image options and command")
    containers: list[dict[str, Any]] = []
    for image in images:
        base = image_base_name(image)
        cname = f"{base.replace('_', '-')}-{ctx.rng.suffix()}" if "_" in base else base
        containers.append({"name": cname, "image": image})
    if parsed.dash_args:
        containers[0]["command"] = list(parsed.dash_args)
    if parsed["port"] >= 0:
        containers[0]["ports"] = [{"containerPort": parsed["port"]}]
    for c in containers:
        c["resources"] = {}
    labels = {"app": name}
    wire = {
        "kind": "Deployment",
        "apiVersion": "apps/v1",
        "metadata": generators.metadata(parsed, name, labels),
        "spec": {
            "replicas": parsed["replicas"],
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                         "spec": {"containers": containers}},
            "strategy": {},
        },
        "status": {},
    }
    return generators.create(ctx, out, parsed, wire, "failed to create deployment: ")


COMMAND = Command("deployment", run, (*generators.FLAGS, Flag("image", kind="array"),
                                      Flag("replicas", "r", kind="int", default=1),
                                      Flag("port", kind="int", default=-1)),
                  short="Create a deployment with the specified name")
