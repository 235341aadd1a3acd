"""Every Markdown field through as few pandoc processes as possible.

A pandoc start costs ~50 ms, so fields are joined into one document with a separator paragraph
and split again from the AST. The raw-syntax check reads pandoc's own AST: whatever pandoc would
pass through untouched (HTML, TeX, typst, raw attribute blocks) is refused, never guessed at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

SEPARATOR = "INQUIRYFIELDSEPARATOR7F3A"
# `<span>` and `<div>` tags are HTML like any other: without native_spans/native_divs pandoc
# keeps them raw, so validation refuses them instead of quietly turning them into spans and divs.
READER = "markdown-native_divs-native_spans"
_SEP_BLOCK = {"t": "Para", "c": [{"t": "Str", "c": SEPARATOR}]}


def _pandoc(text: str, to: str, extra: Sequence[str] = ()) -> str:
    import pypandoc

    out: str = pypandoc.convert_text(
        text, to, format=READER, extra_args=["--wrap=none", "--quiet", *extra], sandbox=True
    )
    return out


def _split(blocks: list[Any], n: int) -> list[list[Any]] | None:
    parts: list[list[Any]] = [[]]
    for block in blocks:
        if block == _SEP_BLOCK:
            parts.append([])
        else:
            parts[-1].append(block)
    return parts if len(parts) == n else None


def parse_many(texts: Sequence[str]) -> list[list[Any]]:
    """Pandoc AST blocks for each text, with one pandoc call for the lot when it splits cleanly."""
    if not texts:
        return []
    joined = f"\n\n{SEPARATOR}\n\n".join(texts)
    ast = json.loads(_pandoc(joined, "json"))
    parts = _split(ast["blocks"], len(texts))
    if parts is not None:
        return parts
    # A field that swallows the separator (an unclosed code fence, say) is parsed on its own.
    return [json.loads(_pandoc(t, "json"))["blocks"] for t in texts]


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


def render_many(texts: Sequence[str], to: str) -> list[str]:
    """Convert each Markdown text to `to` (e.g. "typst", "docx" is not supported) in one call."""
    if not texts:
        return []
    joined = f"\n\n{SEPARATOR}\n\n".join(texts)
    out = _pandoc(joined, to)
    parts = [p.strip("\n") for p in out.split(SEPARATOR)]
    if len(parts) == len(texts):
        return parts
    return [_pandoc(t, to).strip("\n") for t in texts]
