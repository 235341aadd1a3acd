"""Every Markdown field through as few pandoc processes as possible, under limits.

A pandoc start costs ~50 ms, so one call handles many fields. Reading, each field stays a
document of its own: the fields go to pandoc as data (one code block each) and a Lua filter
(`data/pandoc/fields.lua`) reads each alone, so nothing one field holds — a separator, an open
code fence, a link reference, a footnote label — can shift, split or change another field, as
joined text would let a pull request rewrite another witness's words. Writing, the fields'
blocks are joined with a separator paragraph that holds a token drawn afresh for each call (no
field can hold it) and split again afterwards. The raw-syntax check reads pandoc's own
AST: whatever pandoc would pass through untouched (HTML, TeX, typst, raw attribute blocks) is
refused, never guessed at. Pandoc runs sandboxed (it reads no file), under the time and memory
limits of `inquiry.limits`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from inquiry.characters import bad_character, replace_bad
from inquiry.errors import BuildFailed

# `<span>` and `<div>` tags are HTML like any other: without native_spans/native_divs pandoc
# keeps them raw, so validation refuses them instead of quietly turning them into spans and divs.
# A field is text, never a document: a YAML block or a `%` title block at its start would be
# taken into the document's metadata (its words gone from every output, or a YAML error), and
# `:::` fenced divs nest without end (1,000 levels overflow the JSON reader).
READER = (
    "markdown-native_divs-native_spans-implicit_header_references"
    "-yaml_metadata_block-pandoc_title_block-fenced_divs"
)
PARSER = "fields-4"
"""Bump when how a field is read changes: parsed fields cached under an older one are read again
(`fields-1` joined fields as text, which a field could subvert)."""

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


def pandoc_environment() -> dict[str, str]:
    """This process's environment with a UTF-8 locale: pandoc decodes its arguments by the
    locale, so under `LC_ALL=C` or `POSIX` a path that is not ASCII (the reference document of
    a repository under `/home/José/Évidence`, the Lua filter of an install there) reached it
    garbled, and the build failed. C.UTF-8 is built into glibc and understood by pandoc's static
    binary even where no locale is installed; nothing pandoc writes depends on the locale."""
    import os

    return {**os.environ, "LC_ALL": "C.UTF-8"}


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
            env=pandoc_environment(),
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


class UnreadField(BuildFailed):
    """Pandoc could not read one field (`index` in the texts given, and its `text`) alone, or
    within its limits; the others may be read."""

    def __init__(self, index: int, message: str, text: str = "") -> None:
        super().__init__(message=message)
        self.index, self.text = index, text


def parse_many(texts: Sequence[str]) -> list[list[Any]]:
    """Pandoc AST blocks for each text, each read as a document of its own (see the module's
    note), one pandoc call per batch. Raises `UnreadField` for a field pandoc cannot read: a
    batch that fails as a whole (a limit met) is halved until the field that fails is found,
    so one hostile field is named, never the fields sent with it."""
    out: list[list[Any]] = []
    for batch in _batches([len(t) for t in texts]):
        out += _parse_batch(texts, list(batch))
    return out


def _parse_batch(texts: Sequence[str], batch: list[int]) -> list[list[Any]]:
    fields = [{"t": "CodeBlock", "c": [["", [], []], texts[i]]} for i in batch]
    meta = {"reader": {"t": "MetaString", "c": READER}}
    args = ["-f", "json", "-t", "json", "--lua-filter", _fields_filter()]
    try:
        try:
            raw = run_pandoc(args, document(fields, meta))
            doc: dict[str, Any] = json.loads(raw)
        except RecursionError:
            raise BuildFailed(message="pandoc's output nests too deeply to read") from None
    except BuildFailed as exc:
        if len(batch) == 1:
            raise UnreadField(batch[0], str(exc), texts[batch[0]]) from None
        half = len(batch) // 2
        return _parse_batch(texts, batch[:half]) + _parse_batch(texts, batch[half:])
    global API_VERSION
    API_VERSION = list(doc.get("pandoc-api-version", API_VERSION))
    blocks = doc["blocks"]
    if len(blocks) != len(batch) or any(b.get("t") != "Div" for b in blocks):
        raise BuildFailed(message="pandoc returned fields other than those it was given")
    # Pandoc writes JSON as UTF-8 with only control characters escaped: most batches hold no
    # character to replace, and are not walked.
    suspect = bad_character(raw) is not None or "\\u00" in raw
    out = []
    for i, block in zip(batch, blocks, strict=True):
        (_, classes, _), content = block["c"]
        if "unread" in classes:
            raise UnreadField(i, f"pandoc could not read it: {_said(content)}", texts[i])
        out.append(_cleaned(content) if suspect else content)
    return out


def _cleaned(node: Any) -> Any:
    """`node` with every character no output can carry replaced by U+FFFD. Validation refuses
    them in the YAML text, but pandoc makes them from character references (`&#xFDD0;`), and
    the renderers mark their own nodes with noncharacters: a field must never hold one."""
    if isinstance(node, str):
        return replace_bad(node) if bad_character(node) is not None else node
    if isinstance(node, list):
        return [_cleaned(x) for x in node]
    if isinstance(node, dict):
        return {k: _cleaned(v) for k, v in node.items()}
    return node


def _fields_filter() -> str:
    from importlib import resources

    return str(resources.files("inquiry").joinpath("data", "pandoc", "fields.lua"))


def _said(content: list[Any]) -> str:
    text = str(content[0]["c"][1]) if content and content[0].get("t") == "CodeBlock" else ""
    lines = text.strip().splitlines()
    return lines[-1][:300] if lines else "no reason given"


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> str:
    """A pandoc JSON document holding `blocks`."""
    return json.dumps(
        {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks},
        ensure_ascii=False,
    )


def write_many(fields: Sequence[list[Any]], to: str, extra: Sequence[str] = ()) -> list[str]:
    """Each field's blocks written as `to` (typst, html…), one pandoc call per batch."""
    import secrets

    args = ["-f", "json", "-t", to, "--wrap=none", *extra]
    docs = [document(b) for b in fields]
    out: list[str] = []
    for batch in _batches([len(d) for d in docs]):
        # A token no field can hold (drawn now, after every field was written): a split on it
        # is a split between fields. It never reaches an output, so outputs stay reproducible.
        token = "INQUIRYFIELD" + secrets.token_hex(16).upper()
        joined: list[Any] = []
        for n, i in enumerate(batch):
            if n:
                joined.append({"t": "Para", "c": [{"t": "Str", "c": token}]})
            joined.extend(fields[i])
        line = re.compile(rf"^[^\n]*{token}[^\n]*\n?", re.MULTILINE)
        parts = [p.strip("\n") for p in line.split(run_pandoc(args, document(joined)))]
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
