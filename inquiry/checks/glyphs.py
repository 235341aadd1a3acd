"""Text the PDF cannot show: characters none of typst's embedded fonts has a glyph for.

The PDF is set in typst's own fonts only (Libertinus Serif, New Computer Modern, DejaVu Sans
Mono). A character none of them has is drawn as a box (glyph 0). Typst maps glyph 0 to no text
and gives each box but the first in a piece an /ActualText mark, so the first is lost to a search
and the rest are found only by readers that honour the mark; the DOCX and HTML carry the text,
left to the reader's fonts. Which characters typst draws is measured, not guessed:
`scripts/glyph_coverage.py` typesets every assigned character and reads back the glyph each one
got, into `inquiry/data/glyphs.json` (loaded once, on the first field that is not ASCII).
"""

from __future__ import annotations

import bisect
import functools
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from inquiry.checks.common import Located, at, at_character, at_submission, submission_file
from inquiry.load import Corpus, Entry
from inquiry.problems import Problem
from inquiry.shown import unseen
from inquiry.yamlnodes import Path

CODE = "text-no-glyph"
SHOWN = 3
"""How many of a field's characters a message names."""

SKIPPED = frozenset({"redact", "sha256"})
"""Fields whose text is not printed as written: a `redact` string is removed from the public
edition and otherwise printed inside the field it was taken from (reported there)."""

HINT = "attach the original document as an exhibit, and give an English translation in the item"

# YAML escapes that can write any character in a file that is all ASCII.
_ESCAPES = ("\\x", "\\u", "\\U", "\\N", "\\_", "\\L", "\\P")


@dataclass(frozen=True)
class Coverage:
    """What typst's fonts draw: characters with a glyph, those of them drawn but not shaped
    (letters left unjoined), and the Unicode blocks, for naming characters."""

    covered: frozenset[str]
    unshaped: frozenset[str]
    suspect: re.Pattern[str]  # a character that is not drawn and shaped in the BMP
    block_starts: tuple[int, ...]
    blocks: tuple[tuple[int, int, str], ...]

    def block(self, ch: str) -> str:
        """The Unicode block `ch` lies in (`CJK Unified Ideographs`)."""
        n = ord(ch)
        i = bisect.bisect_right(self.block_starts, n) - 1
        if i >= 0 and self.blocks[i][0] <= n <= self.blocks[i][1]:
            return self.blocks[i][2]
        return "no block"


def _chars(ranges: list[list[int]]) -> Iterator[str]:
    for first, last in ranges:
        yield from map(chr, range(first, last + 1))


def _runs(points: list[int]) -> Iterator[tuple[int, int]]:
    """Sorted code points as (first, last) runs."""
    start = prev = -2
    for n in points:
        if n != prev + 1:
            if start >= 0:
                yield start, prev
            start = n
        prev = n
    if start >= 0:
        yield start, prev


@functools.cache
def coverage() -> Coverage:
    """The table measured from typst (loaded once)."""
    text = resources.files("inquiry").joinpath("data", "glyphs.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    covered = frozenset(_chars(data["covered"]))
    unshaped = frozenset(_chars(data["unshaped"]))
    # A class of Basic Multilingual Plane characters only: `re` tests those against a bitmap,
    # and one astral range would make every search several times slower. Astral characters
    # then always match, and are looked up in `covered`.
    fine = sorted(ord(c) for c in covered - unshaped if c <= "\uffff")
    members = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _runs(fine))
    blocks = tuple((int(a), int(b), str(name)) for a, b, name in data["blocks"])
    return Coverage(
        covered=covered,
        unshaped=unshaped,
        suspect=re.compile(f"[^{members}]"),
        block_starts=tuple(b[0] for b in blocks),
        blocks=blocks,
    )


def _may_lack(text: str) -> bool:
    """Whether `text` (a whole file, or a value) could hold a character the fonts lack or do
    not shape: cheap, and exact enough to skip almost every file without looking further."""
    # A YAML escape may write any character, in a file that holds other letters too.
    if "\\" in text and any(e in text for e in _ESCAPES):
        return True
    if text.isascii():
        return False
    table = coverage()
    for found in table.suspect.finditer(text):
        ch = found.group()
        if ch not in table.covered or ch in table.unshaped:
            return True
    return False


def shown(ch: str) -> str:
    """A character as a message shows it: itself, or `U+200B` when it would not be seen."""
    if unseen(ch) or unicodedata.category(ch) == "Mc":  # a spacing mark: not alone either
        return f"U+{ord(ch):04X}"
    return f"{ch} U+{ord(ch):04X}"


def _named(chars: list[str], table: Coverage) -> str:
    """`我 U+6211, 们 U+4EEC, 的 U+7684 and 2 more (CJK Unified Ideographs, Emoticons)`."""
    first = ", ".join(shown(c) for c in chars[:SHOWN])
    more = f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else ""
    blocks = ", ".join(dict.fromkeys(table.block(c) for c in chars))
    return f"{first}{more} ({blocks})"


def problem_text(text: str) -> str | None:
    """What the PDF will do to `text`, for a message; None when it shows all of it."""
    if not _may_lack(text):
        return None
    table = coverage()
    distinct = list(dict.fromkeys(text))
    missing = [c for c in distinct if c not in table.covered]
    unshaped = [c for c in distinct if c in table.unshaped]
    parts = []
    if missing:
        parts.append(
            f"the PDF's fonts have no glyph for {_named(missing, table)}: the PDF shows boxes"
            " in their place, and its text loses some of them, so a search may not find the words"
        )
    if unshaped:
        parts.append(
            f"the PDF draws {_named(unshaped, table)} letter by letter, without the joined"
            " forms the script needs"
        )
    if not parts:
        return None
    return "; ".join(parts) + " (the DOCX and HTML carry the text as written)"


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """Every text value under `value` (a file's data as read), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, str) and key not in SKIPPED:
                yield from _texts(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _texts(inner, (*path, i))


def _field_problems(data: Any) -> Iterator[tuple[Path, str]]:
    for path, text in _texts(data, ()):
        message = problem_text(text)
        if message is not None:
            yield path, message


OVERRIDE = "text-bidi-override"
_OVERRIDES = re.compile("[\u202d\u202e]")
"""Left-to-right and right-to-left overrides: they draw the letters after them in reverse, so
what a reader sees (`Thera<U+202E>gnp.exe` shows as `Theraexe.png`) is not what the bundle holds
and a search finds. Embeddings and isolates, which word processors leave in right-to-left text,
are left alone."""
OVERRIDE_HINT = (
    "remove it and write the words in the order they are read: the bundle sets right-to-left "
    "scripts in their own direction"
)


def _overridden(where: Located, data: Any) -> Iterator[Problem]:
    """An error at each text that holds an override, where the override is written."""
    for path, text in _texts(data, ()):
        # As pandoc reads it: a character reference (`&#x202E;`) is the character itself.
        found = _OVERRIDES.search(html.unescape(text) if "&#" in text else text)
        if found is not None:
            ch = found.group()
            message = (
                f"the text holds {shown(ch)} ({unicodedata.name(ch).lower()}), which draws"
                " the letters after it in reverse: a reader would see text the bundle does"
                " not hold, and a search would not find what is seen"
            )
            yield at_character(where, path, ch, OVERRIDE, message, OVERRIDE_HINT)


def _has_override(text: str) -> bool:
    """Whether a file's text may hold an override: as a character, a YAML escape (`\\u202E`,
    `\\U0000202E`) or a character reference pandoc reads (`&#x202E;`, `&#8238;`)."""
    if _OVERRIDES.search(text) is not None:
        return True
    lower = text.lower()
    # An escape may also write the `&` of a character reference (`\u0026#8238;`, `\x26#…`).
    return any(
        s in lower for s in ("\\u202", "\\u0000202", "&#", "\\u0026", "\\x26", "\\u00000026")
    )


def check_entry(entry: Entry) -> list[Problem]:
    """One warning for each text field of an item that the PDF cannot show as written; an
    error for each that holds a bidirectional override."""
    out: list[Problem] = []
    if _has_override(entry.doc.text):
        out += _overridden(entry, entry.fields.raw)
    if _may_lack(entry.doc.text):
        out += [
            at(entry, path, CODE, message, HINT, "warning")
            for path, message in _field_problems(entry.fields.raw)
        ]
    return out


def check(corpus: Corpus) -> list[Problem]:
    """The same for submission.yaml's text (titles, lines of inquiry, tab titles)."""
    sub, located = corpus.submission_fields, submission_file(corpus)
    if sub is None or located is None:
        return []
    doc = located.doc
    out: list[Problem] = []
    if _has_override(doc.text):
        out += _overridden(located, sub.raw)
    if _may_lack(doc.text):
        out += [
            at_submission(corpus, path, CODE, message, HINT, "warning")
            for path, message in _field_problems(sub.raw)
        ]
    return out
