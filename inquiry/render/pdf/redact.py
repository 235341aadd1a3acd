"""Redaction for the public bundle: the words are removed before the text reaches pandoc or typst.

Covering words with a black box leaves them in the PDF's text layer, to be copied out; so a
redacted string is replaced in the source text itself, by a marker that becomes a visible
[REDACTED] box. Matching ignores case and lets any run of white space stand for a space, so a name
wrapped across lines in the YAML is still found (see `inquiry.redaction`).
"""

from __future__ import annotations

from collections.abc import Sequence

from inquiry.redaction import REDACTED, compile_patterns

MARK = "INQUIRYREDACTEDMARK"
"""What a redacted string becomes in Markdown: a plain word that pandoc passes through untouched."""

__all__ = ["MARK", "NO_REDACTION", "REDACTED", "Redactor"]


class Redactor:
    """Removes a testimony's `redact` strings; with no strings, it changes nothing."""

    def __init__(self, strings: Sequence[str]) -> None:
        patterns = compile_patterns(strings)
        self._pattern = patterns.plain
        self._markdown = patterns.markdown

    def __bool__(self) -> bool:
        return self._pattern is not None

    def markdown(self, text: str) -> str:
        """The Markdown with each redacted string replaced by MARK."""
        return self._markdown.sub(MARK, text) if self._markdown else text

    def split(self, text: str) -> list[str | None]:
        """The plain text as pieces, with None where a redacted string was."""
        if self._pattern is None:
            return [text]
        out: list[str | None] = []
        pos = 0
        for match in self._pattern.finditer(text):
            if match.start() > pos:
                out.append(text[pos : match.start()])
            out.append(None)
            pos = match.end()
        if pos < len(text):
            out.append(text[pos:])
        return out

    def plain(self, text: str) -> str:
        """The plain text with each redacted string replaced by [REDACTED] (bookmarks, manifest)."""
        return "".join(REDACTED if p is None else p for p in self.split(text))


NO_REDACTION = Redactor(())
