"""Other readings of a text, in which a name written to slip past the plain search is read as
a reader reads it: words run together by their capitals (`JusticeForMarjorieWrenfield`), and
letters typed for the ones they are drawn like (`WrenfieId`, `Wrenf1eld`, `Wrenfie!d`).

Each reading maps every character back to its place in the text, so what is found in it is cut
from the text itself (see `inquiry.redaction.Matcher.find`); a matcher's forms for the drawn
reading are laid out in `inquiry.name_drawn`.
"""

from __future__ import annotations

import bisect
import functools
import re

from inquiry.drawn_chars import (
    AS_LETTER,
    ASTRAL,
    BANG,
    LOOK,
    LOOK_BMP,
    ONE_BMP,
    ONE_LIKE,
    look_words,
    words,
)
from inquiry.folding import DRAWN_MARK_OF, char_class, unseen
from inquiry.folding_chars import DASHES, LINE_ENDS, glued_symbols
from inquiry.name_spaced import SPACED_GAP, stretches


def _case_class(upper: bool) -> str:
    """A character class of the capitals (or small letters) of the Latin, Greek and Cyrillic
    alphabets and of the full-width Latin ones: where a name is run into the word before."""
    chars = [
        chr(cp)
        for first, last in ((0x41, 0x52F), (0xFF21, 0xFF5A))
        for cp in range(first, last + 1)
        if (chr(cp).isupper() if upper else chr(cp).islower())
    ]
    runs: list[list[int]] = []
    for cp in map(ord, chars):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs
    )


_CAMEL_CUT = re.compile(
    # The capital first, then what is behind it: found at C speed (a look-behind first is not).
    f"[{_case_class(True)}](?<=[{_case_class(False)}][{_case_class(True)}])"
)
"""Where a capital follows a small letter inside a word: a word boundary run together
(`JusticeForJaneSmith`, `MarjWrenfield`, `WrenfieldJustice`, `MarjorieŠimková`)."""
_CAMEL_REACH = 120
"""How many letters either side of such a boundary are read with it (a name is shorter)."""
_CAPS_RUN = re.compile(r"[A-Z](?<![^\W\d_][A-Z])(?:[A-Z]|[01345|](?=[A-Z])){11,119}(?![^\W\d_])")
"""A word of twelve capitals or more: words run together in capitals (a campaign's name), a
character drawn like a letter among them (`JUSTICEFORWRENF1ELD`)."""
_CAMEL_WINDOW = 1_000
"""The longest stretch read as one: a longer run of such words is read in overlapping parts."""


def _in_word(ch: str) -> bool:
    """A letter, or a character a name may be drawn with (`JusticeForWrenf1eld`)."""
    return ch.isalpha() or ch in LOOK or ch in DRAWN_MARKS


def camel_readings(text: str) -> list[tuple[str, list[int]]]:
    """Each word of `text` that runs words together by their capitals, read with a space at
    each such boundary, with the index in `text` of each of its characters: a campaign's name
    or a handle copied without its `#` or `@` (`JusticeForMarjorieWrenfield` reads `Justice For
    Marjorie Wrenfield`), so a name inside it is found as a whole word (stop 33, red team
    h112). A very long word is read `_CAMEL_REACH` letters either side of each boundary. Empty
    for a text with no such word."""
    windows: list[list[int]] = []
    for cut in _CAMEL_CUT.finditer(text):
        at = cut.start()
        last = windows[-1] if windows else None
        if last is not None and at < last[1] and at + _CAMEL_REACH - last[0] <= _CAMEL_WINDOW:
            # Read with the boundary before: its stretch goes on (each letter walked once).
            end = last[1]
            while end < len(text) and end - at < _CAMEL_REACH and _in_word(text[end]):
                end += 1
            last[1] = end
            continue
        start = at
        while start > 0 and at - start < _CAMEL_REACH and _in_word(text[start - 1]):
            start -= 1
        end = at
        while end < len(text) and end - at < _CAMEL_REACH and _in_word(text[end]):
            end += 1
        windows.append([start, end])
    out: list[tuple[str, list[int]]] = []
    for caps in _CAPS_RUN.finditer(text):
        # Capitals only (`JUSTICEFORWRENFIELD`): no boundary to read; read as a hashtag is,
        # a name of five letters or more anywhere in it.
        out.append(("#" + caps.group().lower(), [caps.start(), *range(caps.start(), caps.end())]))
    for start, end in windows:
        chars: list[str] = []
        origin: list[int] = []
        for i in range(start, end):
            if i > start and text[i - 1].islower() and text[i].isupper():
                chars.append(" ")
                origin.append(i)
            chars.append(text[i])
            origin.append(i)
        out.append(("".join(chars), origin))
    return out


_I_LIKE = "IΙІӀ"
"""A capital I, and the Greek and Cyrillic letters drawn as one (and the Cyrillic palochka)."""
_SMALL = _case_class(False)
_SUSPECT_I = re.compile(
    # Each branch starts with the letter it cuts (found at C speed; a look-behind first is not).
    f"[{_I_LIKE}](?<=[{_SMALL}][{_I_LIKE}])[{_I_LIKE}]*"
    f"|[{_I_LIKE}](?<=[^\\W\\d_][{_I_LIKE}])(?<![{_I_LIKE}][{_I_LIKE}])[{_I_LIKE}]*(?=[{_SMALL}])"
    "|l(?<=[A-Z]l)(?=[A-Z])"
)
"""Capital I's inside a word after a small letter, or between a letter and a small one
(`WrenfieId`, `HiII`, `AIi`, `EIIis`): in a sans-serif font an `l`, to a reader; and a small l
between capitals (`WRENFlELD`). Not at a word's start: `lan` may be `Ian`, but `lain` is a
word, and `Iola`, `Iain` are other people's names than `Lola`, `Lain`."""
STROKE = DRAWN_MARK_OF["l"]
"""What the drawn reading puts for a character drawn as an `l` or `i` (a private-use character,
kept by folding): it matches an `i` or an `l` of a name, and makes the match one."""
_HEX_WORD = re.compile(r"(?:0x)?(?=[a-f]*\d)[0-9a-f]+")
_SHORT_CODE = 5
"""A word in capitals shorter than this, with a digit, is a code (`NE1`, `SW1A`, `D3L`,
`MAX4`), not a name drawn with look-alikes (`MARJ0RIE` is)."""
_GAP = SPACED_GAP
_LETTER_ALONE = r"[^\W\d_](?<![^\W_][^\W_])(?![^\W_])"
_LOOK_ALONE = re.compile(f"[{LOOK_BMP}](?<![^\\W_][{LOOK_BMP}])(?![^\\W_])")
_EITHER_ALONE = f"(?:{_LETTER_ALONE}|{_LOOK_ALONE.pattern})"
_SPACED_LOOK = re.compile(
    "|".join(
        _GAP.join(three)
        for three in (
            (_LETTER_ALONE, _LOOK_ALONE.pattern, _EITHER_ALONE),
            (_EITHER_ALONE, _LOOK_ALONE.pattern, _LETTER_ALONE),
            (_LETTER_ALONE, _EITHER_ALONE, _LOOK_ALONE.pattern),
            (_EITHER_ALONE, _LETTER_ALONE, _LOOK_ALONE.pattern),
            (f"[{ONE_BMP}](?<![^\\W_][{ONE_BMP}])", _LETTER_ALONE, _LETTER_ALONE),
        )
    )
)
"""A look-alike letter-spaced beside a letter, with a letter or another look-alike on its
other side (`F 1 E`, `B 0 0 T H`), after two such (`J A N 3`), or a bar before two letters
(`| A N E`), each standing alone, with `_GAP` between (`W/R/E/N/F/1/E/L/D`): read
when the letters are read together (`Drawn.spans`). Not a look-alike beside a word or after one
letter (`page 1 of`, `LOI-4`, `1. A`, `p. 3`): most texts hold one."""
_SPACED_REACH = 16
"""How far either side of a look-alike standing alone `_SPACED_LOOK` can reach (two letters and
two gaps of at most six characters)."""


def _spaced_look(text: str) -> bool:
    """Whether `text` holds `_SPACED_LOOK`: looked for around each look-alike standing alone
    with a letter standing alone near it (searching the whole text for it took longer than the
    rest of `drawn_text`; around every look-alike alone, a 500-page exhibit of numbered lines
    took 0.3 s)."""
    alone: list[int] | None = None
    for m in _LOOK_ALONE.finditer(text):
        low, high = max(0, m.start() - _SPACED_REACH), m.end() + _SPACED_REACH
        if alone is None:  # the letters standing alone, found once (each window: 0.1 ms a page)
            alone = [letter.start() for letter in _ONE_LETTER.finditer(text)]
        k = bisect.bisect_left(alone, low)
        # A letter alone in the window; or its last, alone as the window cuts the text there.
        near = (k < len(alone) and alone[k] < high) or _edge_alone(text, high - 1)
        if near and _SPACED_LOOK.search(text, low, high):
            return True
    return False


_ONE_LETTER = re.compile(_LETTER_ALONE)


def _edge_alone(text: str, last: int) -> bool:
    """Whether `_ONE_LETTER` finds the letter at `last` when the text is cut after it: one with
    no letter or digit before it (most windows end inside a word)."""
    return (
        last < len(text)
        and (last == 0 or not text[last - 1].isalnum())
        and _ONE_LETTER.match(text, last, last + 1) is not None
    )


_MARK = re.compile(f"[{''.join(DRAWN_MARK_OF.values())}]")
"""A mark the drawn reading already made (a camel-case reading of a drawn text)."""
DRAWN_MARKS = frozenset(DRAWN_MARK_OF.values())
"""What makes a drawn match one: a match without any is a name as written, or one that differs
from it only by an `i` for an `l` (`All` is not `Ali`)."""


def drawn_text(text: str) -> str | None:
    """`text` for the drawn reading, the same length, each character a reader takes for a
    letter in its word made the mark of that letter (`STROKE` for an `l` or `i`; `AS_LETTER`);
    None when `text` has none. Read so, in a word that is no number or code
    (`_is_number`), a digit only in a run of at most two (`_DIGIT_RUN`):
    - a capital I inside a word of small letters, a small l between capitals (`WrenfieId`,
      `AIi`, `WRENFlELD`);
    - a 1, a bar or (between small letters) an exclamation mark with letters or others of
      them either side (`Wrenf1eld`, `Wi11iam`, `Wrenfie!d`), a bar starting a word of small
      letters (`|ily`);
    - a 0, 3, 4 or 5 inside a word (`M00re`, `Wr3nfield`), or ending one after two small
      letters (`Jan3`, `Elli5`).
    Not a 1 or a bar ending a word (`dan1`, `NE1`, `a||`), nor a digit starting one (`1in`,
    `5am`), nor an exclamation mark after a word (`Ha!`): those are how words are written."""
    look_beside, look_word, astral = words()
    # Read with a mark already made as its letter (a camel-case reading of a drawn text, a
    # letter-spaced run), and beyond the plane as within it: the same length.
    marked = _MARK.search(text) is not None
    scan = text.translate(astral) if marked or ASTRAL.search(text) else text
    beside = look_beside.search(scan) is not None
    suspect = _SUSPECT_I.search(text) is not None
    spaced = None
    if not (beside or suspect or marked):
        spaced = _spaced_look(scan)
        if not spaced:
            return None
    chars = list(_SUSPECT_I.sub(lambda m: STROKE * len(m.group()), text) if suspect else text)
    for token in look_words(scan, look_beside, look_word) if beside else ():
        word = token.group()
        seen = [(i, ch) for i, ch in enumerate(word, token.start()) if not _unseen(ch)]
        plain = "".join(ch for _, ch in seen)
        if _is_number(plain, scan[token.start() - 1 : token.start()]):
            continue
        runs = _digit_runs(plain)
        for k, (i, ch) in enumerate(seen):
            if ch in LOOK and runs[k] <= _DIGIT_RUN and _read_as_letter(plain, k):
                chars[i] = AS_LETTER.get(ch, STROKE)
    out = "".join(chars)
    # Nothing read as a letter: no drawn reading to search (most texts with a digit by a letter).
    if any(mark in out for mark in DRAWN_MARKS):
        return out
    return out if (_spaced_look(scan) if spaced is None else spaced) else None


_DIGIT_RUN = 2
"""The most digits in a row a word may have for them to be read as letters (`M00re`, `Wi11iam`):
a longer run is a number (`ME102500C`, `KB0114079`, `INV143115`)."""


def _is_number(word: str, before: str) -> bool:
    """Whether a word holding look-alikes is a number or a code, not a name drawn with them:
    fewer than two letters (`a||`, `i1`); a hexadecimal number — after `#` or `0x`, or
    starting with a digit, or holding two digits or more (`#a11`, `3.2e11`'s `2e11`, a UUID's
    `e5a1`; not `Da1e`); a code in capitals under five characters with a digit (`NE1`, `D3L`;
    not `HI|L`)."""
    if sum(ch.isalpha() for ch in word) < 2:
        return True
    folded = word.casefold()
    if _HEX_WORD.fullmatch(folded) and (
        before == "#"
        or folded.startswith("0x")
        or folded[0].isdigit()
        or sum(ch.isdigit() for ch in folded) >= 2
    ):
        return True
    return (
        not any(ch.islower() for ch in word)
        and len(word) < _SHORT_CODE
        and any(ch.isdigit() for ch in word)
    )


def _digit_runs(word: str) -> list[int]:
    """For each character of `word`, the length of the run of digits it stands in (0 for
    another character): one pass."""
    out = [0] * len(word)
    start = 0
    while start < len(word):
        if not word[start].isdigit():
            start += 1
            continue
        end = start
        while end < len(word) and word[end].isdigit():
            end += 1
        out[start:end] = [end - start] * (end - start)
        start = end
    return out


def _unseen(ch: str) -> bool:
    """Drawn as nothing inside a word (`folding.unseen`), or the dash, spaces and line end of a
    word broken across lines (`Wrenf1-` / `eld`): inside a word (`drawn_chars.words`), a dash
    or a line end is only ever one."""
    return ch in "\t \u00a0" or ch in DASHES or ch in LINE_ENDS or ch in unseen()


def _read_as_letter(word: str, k: int) -> bool:
    """Whether `word[k]` (a character `LOOK` holds) is read as a letter in `word` (see
    `drawn_text`)."""
    ch = word[k]
    before, after = word[k - 1 : k], word[k + 1 : k + 2]

    def letterish(c: str) -> bool:
        return c.isalpha() or (c in LOOK and c not in BANG)

    if ch in BANG:  # between small letters, or between capitals
        pair = before + after
        return len(pair) == 2 and pair.isalpha() and pair in (pair.lower(), pair.upper())
    if letterish(before) and letterish(after):
        return True
    if ch in ONE_LIKE and not ch.isdigit() and not before:
        return word[k + 1 : k + 3].isalpha() and word[k + 1 : k + 3].islower()
    if ch in AS_LETTER and not after:
        return len(word) > 2 and word[k - 2 : k].isalpha() and word[k - 2 : k].islower()
    return False


def capital_i_read(text: str) -> bool:
    """Whether `drawn_text` reads a capital I of `text` as an l (or a small l as an I)."""
    return _SUSPECT_I.search(text) is not None


def glued_readings(text: str) -> list[tuple[int, str]]:
    """The stretches of `text` around each run of signs read as letters (`glued_symbols`:
    `™`, `ᵃ`) glued to a word's start or end, each with the run as spaces, and where it starts
    in `text` (the same length): a trade mark or a note's marker after a name is no letter of
    it (`Priya Hallam™`, `Hallamᵃ`, `™Priya Hallam`; red team h171 L4). A run between two
    letters stays a letter (`Hᵃllam`, found as written). Empty when there is none."""
    if text.isascii():
        return []
    signs = glued_symbols()
    if signs.isdisjoint(text):
        return []
    runs = [
        (m.start(), m.end())
        for m in _glued_run(signs).finditer(text)
        if _letter_beside(text, m.start() - 1, -1, signs) != _letter_beside(text, m.end(), 1, signs)
    ]
    out = []
    for low, high, inside in stretches(text, runs):
        chars = list(text[low:high])
        for start, end in inside:
            chars[start - low : end - low] = " " * (end - start)
        out.append((low, "".join(chars)))
    return out


@functools.cache
def _glued_run(signs: frozenset[str]) -> re.Pattern[str]:
    return re.compile(f"[{char_class(sorted(signs))}]+")


def _letter_beside(text: str, at: int, step: int, signs: frozenset[str]) -> bool:
    """Whether the first character seen from `at` on (by `step`), past those drawn as nothing
    (`unseen`: a mark, a zero-width or narrow space), is a letter, not a sign `signs` holds."""
    hidden = unseen()
    while 0 <= at < len(text) and text[at] in hidden:
        at += step
    return 0 <= at < len(text) and text[at].isalpha() and text[at] not in signs
