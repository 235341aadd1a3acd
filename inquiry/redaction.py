"""What a `redact` string matches, shared by the PDF and the DOCX renderers.

Both renderers remove redacted strings from the text before pandoc or typst sees it, so the words
never enter the bundle. Matching ignores case, lets any run of white space stand for a space,
treats straight and curly apostrophes alike and, in Markdown, lets emphasis markers sit between
the words ("Jane *Placeholder*"): it errs towards removing too much.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

REDACTED = "[REDACTED]"
_QUOTES = "'\u2018\u2019"
_PLAIN_GAP = r"\s+"
_MARKDOWN_GAP = r"(?:[\s*_~]|\\\n)+"


def _pattern(words: str, gap: str) -> str:
    return gap.join(
        "".join(f"[{_QUOTES}]" if c in _QUOTES else re.escape(c) for c in word)
        for word in words.split()
    )


@dataclass(frozen=True)
class Patterns:
    """The redacted strings (longest first, so "Jane Placeholder" goes before "Jane") and the
    expressions that find them in plain text and in Markdown; None when nothing is redacted."""

    strings: tuple[str, ...]
    plain: re.Pattern[str] | None
    markdown: re.Pattern[str] | None


def compile_patterns(strings: Iterable[str]) -> Patterns:
    words = sorted({" ".join(s.split()) for s in strings if s.strip()}, key=len, reverse=True)
    if not words:
        return Patterns((), None, None)
    plain = re.compile("|".join(_pattern(w, _PLAIN_GAP) for w in words), re.IGNORECASE)
    markdown = re.compile("|".join(_pattern(w, _MARKDOWN_GAP) for w in words), re.IGNORECASE)
    return Patterns(tuple(words), plain, markdown)
