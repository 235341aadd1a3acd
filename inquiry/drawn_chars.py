"""The characters the drawn reading (`inquiry.name_readings.drawn_text`) takes for letters, and
the words of a text holding one beside a letter, found in one pass."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from inquiry.folding import DRAWN_MARK_OF, char_class, unseen
from inquiry.folding_chars import DASHES, LINE_ENDS

DIGIT_FORMS = {
    "0": "0⁰₀０𝟎𝟘𝟢𝟬𝟶🯰",
    "1": "1¹₁１𝟏𝟙𝟣𝟭𝟷🯱",
    "3": "3³₃３𝟑𝟛𝟥𝟯𝟹🯳",
    "4": "4⁴₄４𝟒𝟜𝟦𝟰𝟺🯴",
    "5": "5⁵₅５𝟓𝟝𝟧𝟱𝟻🯵",
}
"""Each digit the drawn reading reads, and every character that decomposes to it but a circled
one: raised, lowered, full-width, mathematical and segmented (`Wr𝟑nfield`, `Wr³nfield`; stop 35,
red team h124). A test holds this against Unicode's decompositions."""
AS_LETTER = {
    digit: DRAWN_MARK_OF[letter]
    for plain, letter in (("0", "o"), ("3", "e"), ("4", "a"), ("5", "s"))
    for digit in DIGIT_FORMS[plain]
}
"""What it puts for a 0, 3, 4 or 5 read as `o`, `e`, `a`, `s`."""
ONE_LIKE = DIGIT_FORMS["1"] + "\u0661\u06f1|｜¦│∣ǀ⏽￨"
BANG = "!¡"
LOOK = ONE_LIKE + BANG + "".join(AS_LETTER)
LOOK_BMP = "".join(ch for ch in LOOK if ord(ch) <= 0xFFFF)
ONE_BMP = "".join(ch for ch in ONE_LIKE if ord(ch) <= 0xFFFF)
"""The expressions' classes: a text's characters beyond the plane are first written as ones
within it (`words`)."""


_SOFT_HYPHEN = "\u00ad"
_DASH_CLASS = re.escape("".join(sorted(DASHES))) + _SOFT_HYPHEN
_LINE_END_CLASS = re.escape("".join(sorted(LINE_ENDS)))
_SPACES = " \t\u00a0"


@functools.cache
def words() -> tuple[re.Pattern[str], re.Pattern[str], dict[int, str]]:
    """(A look-alike beside a letter, a word as the drawn reading reads it, the table that
    writes a character beyond the Basic Multilingual Plane as one within it that reads the same
    here), with whatever folding reads as nothing inside a word between (`folding.unseen`:
    invisible and format characters, narrow spaces, every mark drawn on the character before;
    stop 35, red team h126: `Wrenf\u20661eld` and `Wr3\u0483nfield` were read as written), and
    a word broken across lines. Made on first use: the set is read from the whole of Unicode.
    The expressions hold no character beyond the plane: a class that does is tried one range
    at a time, three times slower here."""
    hidden = unseen()
    astral = {ord(ch): "\u200b" for ch in hidden if ord(ch) > 0xFFFF}
    for digits in DIGIT_FORMS.values():
        wide = next(ch for ch in digits if "\uff10" <= ch <= "\uff19")
        astral |= {ord(ch): wide for ch in digits if ord(ch) > 0xFFFF}
    astral |= {ord(mark): letter for letter, mark in DRAWN_MARK_OF.items()}
    hidden_class = f"[{char_class(sorted(c for c in hidden if ord(c) <= 0xFFFF))}]"
    # A word broken across lines: a dash (or soft hyphen) ending one, the rest of the word
    # starting the next; spaces and what folding reads as nothing either side of the line end.
    gap = f"(?:[{_SPACES}]|{hidden_class})*"
    broken = f"[{_DASH_CLASS}]{gap}(?:\\r\\n|[{_LINE_END_CLASS}]){gap}"
    between = f"(?:{broken}|{hidden_class})*"  # a break first: a soft hyphen may start one
    # A letter that folding reads as something (a tatweel is a letter read as nothing), and
    # what lies between taken whole once it is a run of what folding reads as nothing: a run of
    # 50,000 tatweels or soft hyphens was tried from each of its characters (stop 38, h150).
    letter = f"(?!{hidden_class})[^\\W\\d_]"
    beside = re.compile(
        f"[{LOOK_BMP}](?<=[^\\W\\d_][{LOOK_BMP}])|[{LOOK_BMP}](?={between}{letter})"
        f"|{letter}(?:{broken}|{hidden_class}++)*+[{LOOK_BMP}]"
    )
    word = re.compile(f"(?:[^\\W_]|[{ONE_BMP}{BANG}]|{broken}|{hidden_class})+")
    return beside, word, astral


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def look_words(
    text: str, beside: re.Pattern[str], word: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Each word of `text` (as `word` reads one) holding a look-alike beside a letter, once:
    found from each such look-alike, walked back to its word's start (each character is walked
    once: a search for such words from every word's start was quadratic in a chain of words
    broken across lines, 24 KB in 5.5 s; stop 35, red team h126)."""
    end = 0
    for seed in beside.finditer(text):
        if seed.start() < end:
            continue
        start = _word_start(text, seed.start(), end)
        found = word.match(text, start)
        if found is not None:
            end = found.end()
            yield found


def _word_start(text: str, at: int, floor: int) -> int:
    """Where the word holding `text[at]` starts, not before `floor`."""
    while at > floor:
        ch = text[at - 1]
        if ch.isalnum() or ch in ONE_LIKE or ch in BANG or ch in unseen():
            at -= 1
            continue
        broken = _broken_before(text, at, floor)
        if broken is None:
            break
        at = broken
    return at


def _broken_before(text: str, at: int, floor: int) -> int | None:
    """Where a word's break across lines (see `words`) ending at `at` starts, if one does: the
    leftmost dash or soft hyphen it can start with."""
    hidden = unseen()

    def gap(ch: str) -> bool:
        return ch in _SPACES or ch in hidden

    j = at
    while j > floor and gap(text[j - 1]):
        j -= 1
    if j <= floor or text[j - 1] not in LINE_ENDS:
        return None
    j -= 1
    if text[j] == "\n" and j > floor and text[j - 1] == "\r":
        j -= 1
    soft = None
    while j > floor and gap(text[j - 1]):
        j -= 1
        if text[j] == _SOFT_HYPHEN:
            soft = j
    if j > floor and (text[j - 1] in DASHES or text[j - 1] == _SOFT_HYPHEN):
        return j - 1
    return soft
