"""Plain strings made literal Markdown, and the public edition's redactions.

Everything the bundle shows goes through one Markdown document, so a title such as `<b>x</b>`,
`\\input{}` or `*x*` must be escaped to reach the page as typed. Redaction happens here, on the
text, before pandoc sees it: a redacted string never enters the document, so it cannot survive
in any part of the package.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from inquiry.redaction import REDACTED, compile_patterns

__all__ = ["MARK", "REDACTED", "Redactor", "escape", "paragraphs"]

# A character style (white on black) makes the mark visible wherever it lands.
MARK = '[\\[REDACTED\\]]{custom-style="Redaction"}'

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def escape(text: str) -> str:
    """`text` as Markdown that reads back as exactly `text` (runs of whitespace made one space,
    so a line break cannot start a new block)."""
    return _PUNCT.sub(r"\\\1", _SPACE.sub(" ", text))


def paragraphs(text: str) -> list[str]:
    """`text` split at blank lines, each paragraph's whitespace collapsed."""
    return [" ".join(p.split()) for p in _BLANK_LINES.split(text.strip()) if p.strip()]


class Redactor:
    """Removes the public edition's `redact` strings; a no-op for the restricted edition."""

    def __init__(self, strings: Iterable[str]) -> None:
        patterns = compile_patterns(strings)
        self.strings: tuple[str, ...] = patterns.strings
        self._plain = patterns.plain
        self._md = patterns.markdown

    def __bool__(self) -> bool:
        return bool(self.strings)

    def plain(self, text: str) -> str:
        """`text` with each redacted string replaced by the literal mark (for metadata, images)."""
        return self._plain.sub(REDACTED, text) if self._plain else text

    def text(self, text: str) -> str:
        """`text` as escaped Markdown, each redacted string replaced by the visible mark."""
        if self._plain is None:
            return escape(text)
        text = _SPACE.sub(" ", text)
        pieces = self._plain.split(text)
        return MARK.join(_PUNCT.sub(r"\\\1", p) for p in pieces)

    def markdown(self, text: str) -> str:
        """A Markdown field with each redacted string replaced by the visible mark."""
        return self._md.sub(MARK, text) if self._md else text
