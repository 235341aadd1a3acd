"""Every Markdown field through as few pandoc processes as possible, under limits.

A pandoc start costs ~50 ms, so fields are joined into one document with a separator paragraph
and split again afterwards: one call parses every field of a submission into pandoc's AST, one
call writes every field of a bundle in a given format. The raw-syntax check reads pandoc's own
AST: whatever pandoc would pass through untouched (HTML, TeX, typst, raw attribute blocks) is
refused, never guessed at. Pandoc runs sandboxed (it reads no file), under the time and memory
limits of `inquiry.limits`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from inquiry.errors import BuildFailed

SEPARATOR = "INQUIRYFIELDSEPARATOR7F3A"
# `<span>` and `<div>` tags are HTML like any other: without native_spans/native_divs pandoc
# keeps them raw, so validation refuses them instead of quietly turning them into spans and divs.
READER = "markdown-native_divs-native_spans-implicit_header_references"
_SEP_BLOCK = {"t": "Para", "c": [{"t": "Str", "c": SEPARATOR}]}
_SEP_LINE = re.compile(rf"^[^\n]*{SEPARATOR}[^\n]*\n?", re.MULTILINE)

BATCH_BYTES = 1_000_000
"""Fields are joined into pandoc calls of at most about this much text: pandoc's memory grows
faster than its input (2 MB of Markdown written as typst needs ~400 MB), so a large submission
is several calls rather than one that would need more than its memory limit."""

API_VERSION: list[int] = [1, 23, 1]


def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


def run_pandoc(args: Sequence[str], text: str) -> str:
    """Run pandoc on `text` under its time and memory limits; a failure is a BuildFailed
    naming the limit or pandoc's own last words, never a traceback."""
    from inquiry import limits

    argv = [pandoc_path(), "--sandbox", "--quiet", *args]
    try:
        out = limits.run_command(
            argv,
            input=text.encode("utf-8", errors="surrogatepass"),
            seconds=limits.PANDOC_SECONDS,
            memory=limits.PANDOC_MEMORY,
        )
    except limits.LimitExceeded as exc:
        raise BuildFailed(message=f"pandoc: {exc}") from None
    except limits.CommandFailed as exc:
        lines = exc.stderr.strip().splitlines()
        raise BuildFailed(message=f"pandoc failed: {lines[-1] if lines else exc}") from None
    except OSError as exc:
        raise BuildFailed(message=f"pandoc could not be started: {exc.strerror or exc}") from exc
    return out.decode("utf-8", errors="replace")


def _batches(sizes: Sequence[int]) -> list[range]:
    """Consecutive index ranges whose texts add up to at most BATCH_BYTES (at least one each)."""
    out: list[range] = []
    start, total = 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > BATCH_BYTES:
            out.append(range(start, i))
            start, total = i, 0
        total += size
    if start < len(sizes):
        out.append(range(start, len(sizes)))
    return out


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


_NOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


def parse_many(texts: Sequence[str]) -> list[list[Any]]:
    """Pandoc AST blocks for each text, with one pandoc call per batch when it splits cleanly.

    Each text's footnotes are its own, as if it were parsed alone: pandoc resolves footnote
    labels across the whole joined document (two fields' `[^1]` would both show the first
    one's note), so texts that use the same label are parsed in different calls. Most fields
    have no footnotes, and a submission's fields take one call or a few."""
    rounds: list[list[int]] = []
    used: list[set[str]] = []
    for k, text in enumerate(texts):
        labels = set(_NOTE_LABEL.findall(text)) if "[^" in text else set()
        at = next((r for r, taken in enumerate(used) if not labels & taken), len(rounds))
        if at == len(rounds):
            rounds.append([])
            used.append(set())
        rounds[at].append(k)
        used[at] |= labels
    out: list[list[Any]] = [[] for _ in texts]
    for members in rounds:
        for k, blocks in zip(members, _parse_many([texts[k] for k in members]), strict=True):
            out[k] = blocks
    return out


def _parse_many(texts: Sequence[str]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for batch in _batches([len(t) for t in texts]):
        chunk = [texts[i] for i in batch]
        joined = f"\n\n{SEPARATOR}\n\n".join(chunk)
        parts = _split(_parse(joined)["blocks"], len(chunk))
        if parts is None:
            # A field that swallows the separator (an unclosed code fence, say) goes alone.
            parts = [list(_parse(t)["blocks"]) for t in chunk]
        out += parts
    return out


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> str:
    """A pandoc JSON document holding `blocks`."""
    return json.dumps(
        {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks},
        ensure_ascii=False,
    )


def write_many(fields: Sequence[list[Any]], to: str, extra: Sequence[str] = ()) -> list[str]:
    """Each field's blocks written as `to` (typst, html…), one pandoc call per batch."""
    args = ["-f", "json", "-t", to, "--wrap=none", *extra]
    docs = [document(b) for b in fields]
    out: list[str] = []
    for batch in _batches([len(d) for d in docs]):
        joined: list[Any] = []
        for n, i in enumerate(batch):
            if n:
                joined.append(_SEP_BLOCK)
            joined.extend(fields[i])
        parts = [p.strip("\n") for p in _SEP_LINE.split(run_pandoc(args, document(joined)))]
        if len(parts) != len(batch):
            parts = [run_pandoc(args, docs[i]).strip("\n") for i in batch]
        out += parts
    return out


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
