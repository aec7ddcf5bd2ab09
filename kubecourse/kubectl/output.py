"""What mutating commands print: `deployment.apps/kubia created`, with `-o name|yaml|json`.

Models kubernetes/kubernetes: staging/src/k8s.io/cli-runtime/pkg/printers/name.go (NamePrinter:
`<kind>[.<group>]/<name> <operation>`, bare `<kind>[.<group>]/<name>` for `-o name`),
staging/src/k8s.io/cli-runtime/pkg/genericclioptions/print_flags.go (the allowed formats and the
`unable to match a printer` error), and staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go
GetDryRunStrategy / PrintFlagsWithDryRunStrategy (`created (dry run)`, `created (server dry run)`).

What we learned from the source:
- `--dry-run` given bare means `client`, with a klog deprecation warning on stderr; the
  booleans `--dry-run=true|false` still work, warned the same way.
- `-o name` never shows the operation, dry run or not.
- The YAML printer writes `---` before every object but the first; JSON objects follow each
  other with nothing in between (cli-runtime printers/yaml.go, json.go).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kubecourse.api.kinds import Kind
from kubecourse.kubectl import hints, printers, templates
from kubecourse.kubectl.context import Output
from kubecourse.kubectl.errors import CommandError
from kubecourse.kubectl.grammar import Flag, Parsed

NONE, CLIENT, SERVER = "none", "client", "server"

DRY_RUN_FLAG = Flag("dry-run", default=NONE, no_opt="unchanged")
OUTPUT_FLAG = Flag("output", "o", default="")

# The formats a PrintFlags-based command accepts (print_flags.go AllowedFormats, sorted as printed).
ALLOWED_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file",
                   "name", "template", "templatefile", "yaml")
SUPPORTED_FORMATS = ("", "name", "yaml", "json")

KLOG_PID = 7  # klog prints the process id; ours is a fixed, plausible one


def klog_warning(now: datetime, text: str) -> str:
    """A klog warning line as kubectl writes it to stderr (`W0101 00:00:00.000000 ... helpers.go:702] ...`)."""
    return f"W{now:%m%d %H:%M:%S}.{now.microsecond:06d} {KLOG_PID:>7} helpers.go:702] {text}"


def dry_run_strategy(parsed: Parsed, out: Output, now: datetime) -> str:
    """`none`, `client` or `server` from --dry-run (helpers.go GetDryRunStrategy)."""
    value = parsed["dry-run"]
    if value in ("true", "false", "1", "0", "t", "f", "T", "F", "TRUE", "FALSE", "True", "False"):
        replacement = CLIENT if value.lower() in ("true", "1", "t") else NONE
        out.error(klog_warning(now, f"--dry-run={value} is deprecated (boolean value) and can be replaced with "
                                    f"--dry-run={replacement}."))
        return replacement
    if value == DRY_RUN_FLAG.no_opt:
        out.error(klog_warning(now, "--dry-run is deprecated and can be replaced with --dry-run=client."))
        return CLIENT
    if value not in (NONE, CLIENT, SERVER):
        raise CommandError(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    return value


def check_format(fmt: str) -> None:
    """Reject what kubectl rejects; jsonpath-as-json is the one format not simulated."""
    if fmt in SUPPORTED_FORMATS or (fmt.partition("=")[0] not in templates.CUSTOM_COLUMNS
                                    and templates.parse_format(fmt) is not None):
        return
    if fmt in ALLOWED_FORMATS:
        raise CommandError(hints.hint(f'kubecourse does not simulate "-o {fmt}" here; use -o yaml, -o json '
                                      "or -o name."))
    raise CommandError(f'unable to match a printer suitable for the output format "{fmt}", allowed formats are: '
                       f"{','.join(ALLOWED_FORMATS)}")


def with_dry_run(operation: str, dry_run: str) -> str:
    """`created` -> `created (dry run)` / `created (server dry run)`."""
    return {CLIENT: f"{operation} (dry run)", SERVER: f"{operation} (server dry run)"}.get(dry_run, operation)


@dataclass
class MutationPrinter:
    """Prints each object a mutating command wrote, in the chosen format."""

    fmt: str = ""
    dry_run: str = NONE
    show_managed_fields: bool = False  # OmitManagedFieldsPrinter unless --show-managed-fields
    _printed: int = 0

    def print(self, out: Output, kind: Kind, obj: dict[str, Any], operation: str) -> None:
        """`obj` is the wire form of what the server returned (or, for a client dry run,
        what would have been sent)."""
        name = (obj.get("metadata") or {}).get("name", "")
        if not self.show_managed_fields and "managedFields" in (obj.get("metadata") or {}):
            obj = {**obj, "metadata": {k: v for k, v in obj["metadata"].items() if k != "managedFields"}}
        self._printed += 1
        template = templates.parse_format(self.fmt)
        if template is not None:
            templates.render(template, obj, out)
        elif self.fmt == "name":
            out.print(f"{kind.type_name}/{name}")
        elif self.fmt == "yaml":
            out.print(("---\n" if self._printed > 1 else "") + printers.to_yaml(obj))
        elif self.fmt == "json":
            out.print(printers.to_json(obj))
        else:  # Fprintf("%s/%s %s\n"): a multi-line operation (rollout history) keeps its own last newline too
            out.out.append(f"{kind.type_name}/{name} {with_dry_run(operation, self.dry_run)}\n")
