"""How the magics show what kubectl printed: stdout as a table that never wraps, stderr as
a stream.

JupyterLab draws stream output (`print`) with `white-space: pre-wrap; word-break: break-all`,
so a `kubectl get pods -o wide` table wider than the notebook breaks mid-word and its
columns stop lining up (at a 1280 px window with the file browser open, as Binder opens
Lab). So stdout is published as a display instead of a stream, with two forms:

- `text/plain`: exactly what kubectl printed, for nbconvert, GitHub, terminals and copy-paste;
- `text/html`: the same text, escaped, in `<pre class="kc-kubectl" style="...">`, which Lab
  prefers. Lab's own CSS gives a `<pre>` inside HTML output `white-space: pre-wrap`, a
  margin and the prose font size (`.jp-RenderedHTMLCommon pre`, `> pre`), so the inline
  style sets `white-space: pre` (no wrapping), `overflow-x: auto` (a wide table scrolls
  sideways), `word-break: normal`, `margin: 0`, and the stream text's look: the code font
  size and a left padding of one character (streams have `padding-left: 1ch`).

An untrusted notebook (saved outputs, as Binder opens them) sanitizes HTML: Lab's sanitizer
(jupyterlab/jupyterlab: packages/apputils/src/sanitizer.ts, `allowedStyles`) keeps `<pre>`,
its `class` and `style`, and each declaration whose value matches that property's pattern;
it drops `<style>` elements, `1ch`, and (since Lab 4.6.7) every `var(...)`, so the left
padding is `0.6em` (a monospace character's width). The font size says it twice, as CSS
fallbacks do: `13px` (Lab's default `--jp-code-font-size`), which every sanitizer keeps, then
`var(--jp-code-font-size, 13px)`, which follows the learner's font-size setting wherever it
survives (trusted outputs, older Labs): a browser uses the last declaration it understands.
tests/jupyter/test_browser.py checks what the learner sees, in trusted and untrusted notebooks: the
table's computed font equals the stream text's, nothing wraps, a wide table scrolls.

stderr stays a stream, so kubectl's errors keep Lab's stderr background. The display is
published before stderr is written, and the kernel's publisher flushes pending streams
first: a command that prints both shows stdout, then stderr, as kubectl does.
"""

from __future__ import annotations

import html
import sys

from kubecourse.kubectl.context import Result

CLASS = "kc-kubectl"
STYLE = ("white-space: pre; overflow-x: auto; word-break: normal; margin: 0; padding-left: 0.6em; "
         "font-size: 13px; font-size: var(--jp-code-font-size, 13px)")


def as_html(text: str) -> str:
    """`text` in a `<pre>` that neither wraps nor breaks words. An HTML parser drops a newline
    right after `<pre>`, so a text that starts with one gets a second."""
    lead = "\n" if text.startswith("\n") else ""
    return f'<pre class="{CLASS}" style="{STYLE}">{lead}{html.escape(text)}</pre>'


def bundle(text: str) -> dict[str, str]:
    """The display data for what kubectl printed to stdout."""
    return {"text/plain": text, "text/html": as_html(text)}


def show(shell, result: Result) -> None:
    """Show one kubectl command's output in the cell: stdout as a display, then stderr."""
    if result.stdout:
        shell.display_pub.publish(data=bundle(result.stdout))
    if result.stderr:
        sys.stderr.write(result.stderr)
        sys.stderr.flush()
