"""Every Markdown field through as few pandoc processes as possible, under limits.

A pandoc start costs ~50 ms, so fields are joined into one document with a separator paragraph
and split again afterwards: one call parses every field of a submission into pandoc's AST, one
call writes every field of a bundle in a given format. The raw-syntax check reads pandoc's own
AST: whatever pandoc would pass through untouched (HTML, TeX, typst, raw attribute blocks) is
refused, never guessed at. Pandoc runs sandboxed (it reads no file), with a heap limit for its
runtime and a wall-clock limit.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator, Sequence
from typing import Any

from inquiry.errors import BuildFailed

SEPARATOR = "INQUIRYFIELDSEPARATOR7F3A"
# `<span>` and `<div>` tags are HTML like any other: without native_spans/native_divs pandoc
# keeps them raw, so validation refuses them instead of quietly turning them into spans and divs.
READER = "markdown-native_divs-native_spans"
_SEP_BLOCK = {"t": "Para", "c": [{"t": "Str", "c": SEPARATOR}]}
_SEP_LINE = re.compile(rf"^[^\n]*{SEPARATOR}[^\n]*\n?", re.MULTILINE)

PANDOC_SECONDS = 60.0
"""Wall-clock limit for one pandoc call over a whole submission's fields; hostile input is
bounded earlier by validation's cheap scan, so this is the last line of defence."""
PANDOC_HEAP = "1g"
"""Pandoc's own heap limit (`+RTS -M`): the Haskell runtime reserves far more address space than
it uses, so an address-space rlimit cannot bound it; its heap limit can."""

API_VERSION: list[int] = [1, 23, 1]


def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


def run_pandoc(args: Sequence[str], text: str) -> str:
    """Run pandoc on `text` under the limits; a failure is a BuildFailed, never a traceback."""
    argv = [pandoc_path(), "+RTS", f"-M{PANDOC_HEAP}", "-RTS", "--sandbox", "--quiet", *args]
    try:
        done = subprocess.run(
            argv,
            input=text.encode("utf-8", errors="surrogatepass"),
            capture_output=True,
            timeout=PANDOC_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BuildFailed(
            message=f"pandoc did not finish within {PANDOC_SECONDS:g} s (limit)"
        ) from None
    except OSError as exc:
        raise BuildFailed(message=f"pandoc could not be started: {exc.strerror or exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = reason[-1] if reason else f"exit {done.returncode}"
        if "Heap exhausted" in done.stderr.decode("utf-8", errors="replace"):
            detail = f"it needed more than its {PANDOC_HEAP} heap limit"
        raise BuildFailed(message=f"pandoc failed: {detail}")
    return done.stdout.decode("utf-8", errors="replace")


def _split(blocks: list[Any], n: int) -> list[list[Any]] | None:
    parts: list[list[Any]] = [[]]
    for block in blocks:
        if block == _SEP_BLOCK:
            parts.append([])
        else:
            parts[-1].append(block)
    return parts if len(parts) == n else None


def _parse(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(run_pandoc(["-f", READER, "-t", "json"], text))
    global API_VERSION
    API_VERSION = list(doc.get("pandoc-api-version", API_VERSION))
    return doc


def parse_many(texts: Sequence[str]) -> list[list[Any]]:
    """Pandoc AST blocks for each text, with one pandoc call for the lot when it splits cleanly."""
    if not texts:
        return []
    joined = f"\n\n{SEPARATOR}\n\n".join(texts)
    parts = _split(_parse(joined)["blocks"], len(texts))
    if parts is not None:
        return parts
    # A field that swallows the separator (an unclosed code fence, say) is parsed on its own.
    return [list(_parse(t)["blocks"]) for t in texts]


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> str:
    """A pandoc JSON document holding `blocks`."""
    return json.dumps(
        {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks},
        ensure_ascii=False,
    )


def write_many(fields: Sequence[list[Any]], to: str, extra: Sequence[str] = ()) -> list[str]:
    """Each field's blocks written as `to` (typst, html…), in one pandoc call for the lot."""
    if not fields:
        return []
    joined: list[Any] = []
    for i, blocks in enumerate(fields):
        if i:
            joined.append(_SEP_BLOCK)
        joined.extend(blocks)
    out = run_pandoc(["-f", "json", "-t", to, "--wrap=none", *extra], document(joined))
    parts = [p.strip("\n") for p in _SEP_LINE.split(out)]
    if len(parts) == len(fields):
        return parts
    return [
        run_pandoc(["-f", "json", "-t", to, "--wrap=none", *extra], document(b)).strip("\n")
        for b in fields
    ]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def raw_formats(blocks: list[Any]) -> list[str]:
    """The formats of every raw block or inline in a parsed field (empty when it is clean)."""
    found = []
    for node in walk(blocks):
        if node["t"] in ("RawBlock", "RawInline"):
            found.append(str(node["c"][0]))
    return found
