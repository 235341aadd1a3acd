"""Redacted Markdown fields written out in a format by pandoc, with our nodes as tokens.

Our two kinds of node (redaction marks and pinpoints, see `render/rich.py`) are format-neutral
spans; before pandoc writes a field, each becomes a token that every writer passes through as a
plain word, and the renderer puts its own markup in its place afterwards. Pinpoints depend on
where pages land, but pandoc's output does not: each field is written once per format (one
pandoc call for all of them) and cached, and only the tokens are filled in per build pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from inquiry import markdown
from inquiry.render import typst_math
from inquiry.render.languages import text_direction
from inquiry.render.nodes import Rich
from inquiry.render.rich import special
from inquiry.render.rich_nodes import span_language

_TOKEN = re.compile("\ufdd0(\\d+)\ufdd1")
"""Where one of our nodes goes in pandoc's output: its number between two Unicode
noncharacters, which no evidence text can hold (validation refuses them, and reading replaces
them), so no witness's words can be taken for a token (a fixed `INQTOK…Z` could)."""
Special = tuple[str, tuple[tuple[str, str], ...]]


class Store(Protocol):
    """The part of the build cache this module uses."""

    def get(self, namespace: str, key: str) -> bytes | None: ...

    def put(self, namespace: str, key: str, data: bytes) -> Path | None: ...


@dataclass(frozen=True)
class Tokenised:
    """A field as written by pandoc, with a token where each of our nodes goes."""

    text: str
    specials: tuple[Special, ...]

    def fill(self, replace: Callable[[str, Mapping[str, str]], str]) -> str:
        """The text with each token replaced by `replace(kind, attributes)`."""

        def one(m: re.Match[str]) -> str:
            index = int(m.group(1))
            if index >= len(self.specials):
                return ""
            kind, attrs = self.specials[index]
            return replace(kind, dict(attrs))

        return _TOKEN.sub(one, self.text)


_REGION = re.compile("[a-z]{2}")
RLI, PDI = "\u2067", "\u2069"
"""Unicode's right-to-left isolate and its end: a span in a right-to-left language is laid out
as one run of its own inside a left-to-right paragraph."""


def typst_language(tag: str) -> tuple[str, str | None]:
    """The language and region typst's `text` takes for a BCP 47 tag: the primary language
    subtag, and the region only when it is two letters, after any script (`sr-Latn-RS`: sr, rs;
    `en-GB-oxendict`: en, gb; `es-419`, `zh-Hant`: no region). Everything after the first `-`
    went to typst as the region, which failed the PDF build ("expected two letter region code").
    The PDF's /Lang, the HTML and the DOCX still say the whole tag; this is what typst sets by."""
    language, *rest = tag.lower().split("-")
    if rest and len(rest[0]) == 4:
        rest = rest[1:]  # a script subtag (Latn, Hant)
    region = rest[0] if rest and _REGION.fullmatch(rest[0]) else None
    return language, region


def _typst_languages(node: Any) -> Any:
    """A span marked in a language (`[Bore da]{lang=cy}`) wrapped in typst's `text(lang:)`,
    which pandoc's typst writer does not write: the PDF then tags it in that language. Only a
    language `span_language` accepts (letters) reaches the markup."""
    if isinstance(node, list):
        out: list[Any] = []
        for child in node:
            lang = span_language(child["c"][0]) if _is_span(child) else None
            if lang is None:
                out.append(_typst_languages(child))
                continue
            language, region = typst_language(lang)
            # `none` said: a span without a region would take the bundle's (`de` as `de-GB`).
            region_arg = f', region: "{region}"' if region else ", region: none"
            # Right to left: isolated (RLI … PDI), so that its words keep their order around
            # a redaction mark or a pinpoint in an English paragraph (red team h162).
            isolate, end = (RLI, PDI) if text_direction(lang) == "rtl" else ("", "")
            out += [
                {
                    "t": "RawInline",
                    "c": ["typst", f'#text(lang: "{language}"{region_arg})[{isolate}'],
                },
                *_typst_languages(child["c"][1]),
                {"t": "RawInline", "c": ["typst", f"{end}]"]},
            ]
        return out
    if isinstance(node, dict):
        return {k: _typst_languages(v) for k, v in node.items()}
    return node


_OWN_NUMBERING = (
    {"t": "Plain", "c": [{"t": "RawInline", "c": ["typst", "#["]}]},
    {"t": "RawBlock", "c": ["typst", '#set enum(numbering: "1.", start: 1)']},
)
_END = {"t": "Plain", "c": [{"t": "RawInline", "c": ["typst", "]"]}]}
_PLAIN_NUMBERING = (("Decimal", "Period"), ("DefaultStyle", "DefaultDelim"))


def _typst_lists(node: Any) -> Any:
    """An ordered list numbered `1.` (or `#.`) given its own numbering, `1.` from 1, which
    pandoc's typst writer does not write: its bare `+` items took an enclosing list's
    `#set enum(numbering: "(a)", start: 3)`, so `1.` under `(c)` printed as `(c)`, `(d)`. The
    rule sits in a content block (`#[…]`, no layout of its own: spacing as before) opened in a
    Plain, so an item that starts with such a list stays tight. Only these constants are raw."""
    if isinstance(node, list):
        out: list[Any] = []
        for child in node:
            fixed = _typst_lists(child)
            if isinstance(child, dict) and child.get("t") == "OrderedList":
                start, style, delim = child["c"][0]
                if start == 1 and (style.get("t"), delim.get("t")) in _PLAIN_NUMBERING:
                    out += [*_OWN_NUMBERING, fixed, _END]
                    continue
            out.append(fixed)
        return out
    if isinstance(node, dict):
        return {k: _typst_lists(v) for k, v in node.items()}
    return node


def _is_span(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") == "Span" and special(node) is None


def tokenise(blocks: list[Any]) -> tuple[list[Any], list[Special]]:
    """The blocks with each of our nodes replaced by a token, and the nodes in token order."""
    found: list[Special] = []

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if isinstance(node, dict):
            hit = special(node) if "t" in node else None
            if hit is not None:
                found.append((hit[0], tuple(sorted(hit[1].items()))))
                return {"t": "Str", "c": f"\ufdd0{len(found) - 1}\ufdd1"}
            return {k: walk(v) for k, v in node.items()}
        return node

    return walk(blocks), found


def render(
    riches: Sequence[Rich], to: str, *, extra: Sequence[str] = (), cache: Store | None = None
) -> dict[str, Tokenised]:
    """Each distinct field written as `to`, by its key; one pandoc call for those not cached."""
    namespace = f"pandoc-{to}"
    version = markdown.pandoc_version()
    out: dict[str, Tokenised] = {}
    todo: dict[str, tuple[list[Any], list[Special]]] = {}
    for rich in riches:
        if rich.key in out or rich.key in todo:
            continue
        key = _key(rich.key, to, extra, version)
        hit = _load(cache.get(namespace, key)) if cache is not None else None
        if hit is not None:
            out[rich.key] = hit
            continue
        blocks = (
            typst_math.mark(_typst_lists(_typst_languages(rich.blocks)))
            if to == "typst"
            else rich.blocks
        )
        todo[rich.key] = tokenise(blocks)
    keys = list(todo)
    written = markdown.write_many([todo[k][0] for k in keys], to, extra)
    for rich_key, text in zip(keys, written, strict=True):
        text = typst_math.mend(text) if to == "typst" else text
        specials = tuple(todo[rich_key][1])
        out[rich_key] = Tokenised(text, specials)
        if cache is not None:
            payload = json.dumps({"text": text, "specials": specials}, ensure_ascii=False)
            cache.put(namespace, _key(rich_key, to, extra, version), payload.encode("utf-8"))
    return out


def _load(data: bytes | None) -> Tokenised | None:
    """A cached field as written, or None (a miss, also for an entry this code cannot read)."""
    if data is None:
        return None
    try:
        found = json.loads(data)
        text, specials = found["text"], found["specials"]
        if not isinstance(text, str):
            return None
        return Tokenised(text, tuple((str(k), tuple(map(tuple, a))) for k, a in specials))
    except (ValueError, TypeError, KeyError):
        return None


def _key(rich_key: str, to: str, extra: Sequence[str], version: str) -> str:
    from inquiry.cache_keys import code_digest
    from inquiry.render.fields import PREPARING

    # `rich_key` names a field's source, not its blocks: the code that makes the blocks from
    # the source (`PREPARING`, the view's pinpoints) is in the key with the code writing them.
    code = code_digest(
        "inquiry.render.richtext",
        "inquiry.render.typst_math",
        "inquiry.render.view_writer",
        *PREPARING,
    )
    text = "|".join([rich_key, to, *extra, version, code])
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
