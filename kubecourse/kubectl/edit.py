"""kubectl edit's loop: the buffer shown to the editor, and what a saved buffer does.

Models kubernetes/kubernetes: staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go
(Run's editFn loop, visitToPatch, editHeader.writeTo, editResults.addError, preservedFile,
hasLines) and staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (StripComments, ManualStrip).

What we learned from the source (and from kubectl 1.32 editing objects our served API holds):
- The buffer is the object as `-o yaml` prints it, managedFields taken out, after a header
  of comments; several objects are one `kind: List`. `-o json` shows JSON without a header.
- Saved unchanged (comments aside) -> `Edit cancelled, no changes made.` on stderr, exit 0;
  saved with nothing but comments -> `Edit cancelled, saved file was empty.`
- Otherwise each object gets the two-way strategic patch from what was shown to what was saved
  (kubecourse/schema/twoway.py), sent as a PATCH; apiVersion, kind and name must not change.
- An Invalid answer prints `error: deployments.apps "kubia" is invalid` and reopens the
  editor on the saved text, the header now listing each cause (`# * spec.replicas: ...`).
  Saving that again without a change gives up: `A copy of your changes has been stored to
  "/tmp/kubectl-edit-<n>.yaml"` and `error: Edit cancelled, no valid changes were saved.`,
  exit 1; the copy (header with the causes included) stays for correction. A YAML syntax
  error reopens the editor the same way, with `# The edited file had a syntax error: ...`.
- Any other server error: `error: deployments.apps "kubia" could not be patched: <message>`
  then `You can run `kubectl replace -f <copy>` to try this update again.`, exit 1.
- kubectl names the copy after os.TempDir() and a random number; ours is a digest of the
  saved text, so the same edit always names the same file.

The editor is a Python callable (text -> text) that the cluster offers (`Cluster.editor`); the
notebook widget (kubecourse/jupyter/edit.py) drives the same `EditLoop` one save at a time.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kubecourse.api.errors import StatusError
from kubecourse.kubectl import apply, objects, output, printers, record
from kubecourse.kubectl.commands.patch import patch_one
from kubecourse.kubectl.context import Context, Output
from kubecourse.kubectl.errors import CommandError, format_errors
from kubecourse.kubectl.grammar import Parsed
from kubecourse.schema import twoway

Editor = Callable[[str], str]

HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n"
          "#\n")
NAME_CHANGED = "At least one of apiVersion, kind and name was changed"


@dataclass(frozen=True)
class Reason:
    """One entry of the header's failure list (editReason)."""

    head: str
    other: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [f"# {_hash_on_line_break(self.head)}{':' if self.other else ''}\n"]
        lines += [f"# * {_hash_on_line_break(o)}\n" for o in self.other]
        return "".join(lines) + "#\n"


@dataclass
class EditLoop:
    """One `kubectl edit` session: `buffer` is what the editor is shown next, `save()` takes
    what it saved and returns the exit code once the session is over (None: edit again)."""

    ctx: Context
    parsed: Parsed
    found: list[objects.Found]
    cause: str | None = None  # --record's change-cause
    buffer: str = ""
    reasons: list[Reason] = field(default_factory=list)
    _shown: str = ""  # the object's text as first shown (the patch's original)
    _failed: str | None = None  # the last saved text that did not go through

    def __post_init__(self) -> None:
        self._shown = self._render([printers.wire(f.obj) for f in self.found])
        self.buffer = self._header() + self._shown

    @property
    def json(self) -> bool:
        return self.parsed["output"] == "json"

    def save(self, edited: str, out: Output) -> int | None:
        """One pass of editFn's loop after the editor returned `edited`."""
        if self._failed is not None and strip_comments(self._failed) == strip_comments(edited):
            preserve(edited, out)
            out.error("error: Edit cancelled, no valid changes were saved.")
            return 1
        if strip_comments(self._shown) == strip_comments(edited):
            out.error("Edit cancelled, no changes made.")
            return 0
        if not any(line.strip() and not line.strip().startswith("#") for line in edited.splitlines()):
            out.error("Edit cancelled, saved file was empty.")
            return 0
        self.reasons = []
        try:
            docs = _documents(edited)
        except yaml.YAMLError as e:
            self.reasons.append(Reason(f"The edited file had a syntax error: {_yaml_error(e)}"))
            return self._again(edited)
        try:
            invalid = self._patch_all(docs, edited, out)
        except CommandError as e:
            preserve(edited, out)
            out.error(f"error: {e}")
            return 1
        if invalid is None:
            return 1
        return self._again(edited) if invalid else 0

    def _again(self, edited: str) -> None:
        self._failed = edited
        self.buffer = self._header() + manual_strip(edited)
        return None

    def _header(self) -> str:
        return "" if self.json else HEADER + "".join(r.text() for r in self.reasons)

    def _render(self, docs: list[dict[str, Any]]) -> str:
        doc = docs[0] if len(docs) == 1 else {"apiVersion": "v1", "items": docs, "kind": "List", "metadata": {}}
        return printers.to_json(doc) if self.json else printers.to_yaml(doc)

    def _patch_all(self, docs: list[dict[str, Any]], edited: str, out: Output) -> bool | None:
        """visitToPatch over the saved objects: whether one was invalid (edit again), or None
        when the session ends on an error that was already printed."""
        printer = output.MutationPrinter(self.parsed["output"])
        invalid = retryable = not_found = 0
        for doc in docs:
            item = self._original_of(doc)
            kind, live = item.kind, item.obj
            original = printers.wire(live)
            doc = self._prepared(doc)
            patch = twoway.two_way_patch(original, doc, kind.kind)
            if not patch:
                printer.print(out, kind, original, "skipped")
                continue
            for key in ("apiVersion", "kind"):
                if key in patch:
                    raise CommandError(NAME_CHANGED)
            if "name" in (patch.get("metadata") or {}):
                raise CommandError(NAME_CHANGED)
            if self.parsed["output-patch"]:
                out.print(f"Patch: {apply.encode(patch).rstrip()}")
            current = self.ctx.try_get(kind.model, live.metadata.name, live.metadata.namespace or "")
            resource = kind.resource
            try:
                if current is None:
                    raise StatusError(404, "NotFound", f'{resource} "{live.metadata.name}" not found')
                result, _ = patch_one(self.ctx, current, patch, "strategic", output.NONE)
            except StatusError as e:
                if e.reason == "Invalid":
                    invalid += 1
                    self.reasons.append(Reason(f'{resource} "{live.metadata.name}" was not valid',
                                               tuple(str(c) for c in e.causes)))
                    out.error(f'error: {resource} "{live.metadata.name}" is invalid')
                elif e.reason == "NotFound":
                    not_found += 1
                    out.error(f'error: {resource} "{live.metadata.name}" could not be found on the server')
                else:
                    retryable += 1
                    out.error(f'error: {resource} "{live.metadata.name}" could not be patched: {e.message}')
                continue
            printer.print(out, kind, result if self.parsed["show-managed-fields"] else _without_managed(result),
                          "edited")
        if retryable:
            out.error(f"You can run `kubectl replace -f {store_copy(edited)}` to try this update again.")
            return None
        if not_found:
            out.error(f'The edits you made on deleted resources have been saved to "{store_copy(edited)}"')
            return None
        return invalid > 0

    def _original_of(self, doc: dict[str, Any]) -> objects.Found:
        uid = (doc.get("metadata") or {}).get("uid")
        for item in self.found:
            if item.obj.metadata.uid == uid:
                return item
        name = (doc.get("metadata") or {}).get("name", "")
        raise CommandError(f'no original object found for {doc.get("kind", "")} "{name}"')

    def _prepared(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The saved object as kubectl sends it: its managedFields as they were (they are
        never part of the patch), --save-config's annotation and --record's change-cause."""
        meta = {k: v for k, v in (doc.get("metadata") or {}).items() if k != "managedFields"}
        doc = {**doc, "metadata": meta}
        if self.parsed["save-config"]:
            doc = apply.modified_configuration(doc)
        return record.annotate(doc, self.cause)


def _without_managed(wire: dict[str, Any]) -> dict[str, Any]:
    meta = {k: v for k, v in wire["metadata"].items() if k != "managedFields"}
    return {**wire, "metadata": meta}


def open_loop(ctx: Context, parsed: Parsed, stdin: str | None, cause: str | None = None) -> EditLoop:
    """Fetch what the command line names (errors end the command before any editor runs)."""
    fmt = parsed["output"]
    if fmt not in ("", "yaml", "json"):
        output.check_format(fmt)
    found, errs, _ = objects.find(ctx, parsed, parsed.args, stdin)
    if len(errs) == 1:
        raise errs[0]
    if errs:
        raise CommandError(format_errors(errs))
    if not found:
        raise CommandError("edit cancelled, no objects found")
    return EditLoop(ctx, parsed, found, cause)


def run_loop(loop: EditLoop, editor: Editor, out: Output) -> int:
    """Show the buffer, take what the editor saved, until the session is over."""
    while True:
        code = loop.save(editor(loop.buffer), out)
        if code is not None:
            return code


# --- comments and the copy -------------------------------------------------------------


def manual_strip(text: str) -> str:
    """ManualStrip: drop comment lines (`#!` lines stay)."""
    lines = text.split("\n")
    return "\n".join(line for line in lines if not (line.strip().startswith("#") and not line.strip().startswith("#!")))


def strip_comments(text: str) -> Any:
    """StripComments: the parsed documents when the text is YAML (so formatting does not
    count as a change), else the text without comment lines."""
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return manual_strip(text)


def copy_path(text: str) -> Path:
    """`<tmp>/kubectl-edit-<n>.yaml`, n a uint32 as Go's os.CreateTemp draws it; here derived
    from the text so that runs repeat."""
    n = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
    return Path(tempfile.gettempdir()) / f"kubectl-edit-{n}.yaml"


def store_copy(text: str) -> Path:
    path = copy_path(text)
    path.write_text(text)
    return path


def preserve(text: str, out: Output) -> None:
    """preservedFile: keep the saved text and say where."""
    out.error(f'A copy of your changes has been stored to "{store_copy(text)}"')


def _documents(text: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for doc in yaml.safe_load_all(text):
        if isinstance(doc, dict) and doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            docs += [item for item in doc["items"] if isinstance(item, dict)]
        elif isinstance(doc, dict):
            docs.append(doc)
    return docs


def _yaml_error(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None)
    line = f"line {mark.line + 1}: " if mark is not None else ""
    return f"error converting YAML to JSON: yaml: {line}{getattr(e, 'problem', None) or e}"


def _hash_on_line_break(text: str) -> str:
    """hashOnLineBreak: continue a multi-line reason as comments."""
    return "\n".join(text.split("\n")[:1] + [line if line.startswith("#") else f"# {line}"
                                               for line in text.split("\n")[1:]])

