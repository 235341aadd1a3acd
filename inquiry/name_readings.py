"""Other readings of a text, in which a name written to slip past the plain search is read as
a reader reads it: words run together by their capitals (`JusticeForMarjorieWrenfield`), and
letters typed for the ones they are drawn like (`WrenfieId`, `Wrenf1eld`, `Wrenfie!d`).

Each reading maps every character back to its place in the text, so what is found in it is cut
from the text itself (see `inquiry.redaction.Matcher.find`).
"""

from __future__ import annotations

import re


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


_CAMEL_CUT = re.compile(f"(?<=[{_case_class(False)}])[{_case_class(True)}]")
"""Where a capital follows a small letter inside a word: a word boundary run together
(`JusticeForJaneSmith`, `MarjWrenfield`, `WrenfieldJustice`, `MarjorieŠimková`)."""
_CAMEL_REACH = 120
"""How many letters either side of such a boundary are read with it (a name is shorter)."""
_CAPS_RUN = re.compile(r"(?<![^\W\d_])[A-Z]{12,120}(?![^\W\d_])")
"""A word of twelve capitals or more: words run together in capitals (a campaign's name)."""
_CAMEL_WINDOW = 1_000
"""The longest stretch read as one: a longer run of such words is read in overlapping parts."""


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
            while end < len(text) and end - at < _CAMEL_REACH and text[end].isalpha():
                end += 1
            last[1] = end
            continue
        start = at
        while start > 0 and at - start < _CAMEL_REACH and text[start - 1].isalpha():
            start -= 1
        end = at
        while end < len(text) and end - at < _CAMEL_REACH and text[end].isalpha():
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


_DRAWN_ALIKE = re.compile(
    r"(?<=[a-z])I(?![A-Z])|(?<=[A-Za-z])[1|](?=[A-Za-z])|(?<=[a-z])[1|]+(?![0-9A-Za-z])"
    r"|(?<=[a-z])!(?=[a-z])|(?<=[A-Za-z])[0345](?=[a-z])|(?<![0-9A-Za-z])0(?=[a-z]{2})"
)
"""Characters typed for the letters they are drawn like inside a word: a capital I after a
small letter; a 1 or a bar between letters or ending a word after a small one; an exclamation
mark between small letters (`WrenfieId`, `Wrenf1eld`, `Hi11`, `Wrenfie!d`: `l` or `i`); a 0, 3,
4 or 5 before a small letter (`R0we`, `Wr3nfield`, `Sm4ll`, `Ro5s`: `o`, `e`, `a`, `s`)."""
_AS_DRAWN = {"0": "o", "3": "e", "4": "a", "5": "s"}
"""The letter each digit is read as (any other character `_DRAWN_ALIKE` finds is an `l`)."""
_HEX_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{6,}(?![0-9A-Za-z])")
"""A hexadecimal run standing alone (a digest, a colour), not a word's end (`Wrenfie1d2024`)."""
_ONE_STROKE = str.maketrans({"i": "l", "I": "L"})
_DRAWN_REACH = 120
"""How many characters either side of a letter drawn alike are read with it (a name is
shorter)."""


def one_stroke(text: str) -> str:
    """`text` with `i` and `l` as one letter (`l`), the same length: how the drawn reading
    reads both a redacted string and the text, since a 1, a bar, an exclamation mark or a
    capital I may stand for either (`Wrenf1eld` and `Wrenfie1d` are both `Wrenfield`)."""
    return text.translate(_ONE_STROKE)


def drawn_readings(text: str) -> list[tuple[int, str, list[int]]]:
    """Each stretch of `text` around the characters `_DRAWN_ALIKE` finds, as (where it
    starts, its reading, where in the reading those characters stand): each read as the letter
    it is drawn like (`_AS_DRAWN`), then `one_stroke`; the same length, so a
    match's place in the reading is its place in the stretch. Empty when `text` has none. In a
    sans-serif font `WrenfieId` is `Wrenfield` to a reader (stop 33, red team h112); only a
    match over one of these characters counts (`All` is not `Ali`)."""
    runs: list[tuple[int, int]] | None = None
    marks: list[int] = []
    for m in _DRAWN_ALIKE.finditer(text):
        if runs is None:  # not inside a hexadecimal run (`3ed9f1c2a0b4`), which is no word
            runs = [(r.start(), r.end()) for r in _HEX_RUN.finditer(text)]
        if not any(a <= m.start() < b for a, b in runs):
            marks += range(m.start(), m.end())
    windows: list[list[int]] = []
    for at in marks:
        start, end = max(0, at - _DRAWN_REACH), min(len(text), at + 1 + _DRAWN_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    out: list[tuple[int, str, list[int]]] = []
    for start, end in windows:
        chars = list(text[start:end])
        inside = [at - start for at in marks if start <= at < end]
        for k in inside:
            chars[k] = _AS_DRAWN.get(chars[k], "l")
        out.append((start, one_stroke("".join(chars)), inside))
    return out
