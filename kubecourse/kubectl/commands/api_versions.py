"""`kubectl api-versions`: every served group/version, sorted (staging/src/k8s.io/kubectl/pkg/cmd/
apiresources/apiversions.go RunAPIVersions: sort.Strings over discovery's group versions)."""

from __future__ import annotations

from kubecourse.api import kinds
from kubecourse.kubectl.commands import Command
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.grammar import Parsed


def run(ctx: Context, parsed: Parsed, out: Output, stdin: str | None) -> int:
    if parsed.args:
        out.error(f"error: unexpected arguments: [{' '.join(parsed.args)}]")
        out.error("See 'kubectl api-versions -h' for help and examples")
        return 1
    out.out.extend(f"{v}\n" for v in sorted({k.api_version for k in kinds.KINDS}))
    return 0


COMMAND = Command("api-versions", run, short='Print the supported API versions on the server, in the form of '
                                            '"group/version"')
