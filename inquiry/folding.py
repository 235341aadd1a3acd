"""How matching reads a character: the folding behind `inquiry.redaction`'s matcher.

A text is read as a reader would see it: compatibility forms decomposed, accents dropped, case
folded, invisible characters dropped, every kind of space, dash, apostrophe and slash made one,
a hyphen at a line end joined up. `normalise` keeps the map back to the original text (for
cutting a name out); `normalise_fast` gives the same text at C speed (for searching outputs).
Either can also take letters of other alphabets drawn like Latin ones for those letters
(`inquiry.look_alikes`). The characters read specially are listed in `inquiry.folding_chars`.
"""

from __future__ import annotations

import re
import unicodedata

from inquiry.folding_chars import (
    BLANKS,
    DASHES,
    INVISIBLE,
    LETTERS,
    LINE_ENDS,
    NARROW,
    NARROW_MARK,
    QUOTES,
    SLASHES,
)
from inquiry.look_alikes import LOOK_ALIKES, LOOK_BLOCKS


def normalise(
    text: str, *, look_alike: bool = False, keep_narrow: bool = False
) -> tuple[str, list[int]]:
    """`text` as matching sees it, and for each of its characters the index in `text` it came
    from (so a match can be cut out of the original). With `look_alike`, letters of other
    alphabets drawn like Latin ones are taken for them (`LOOK_ALIKES`); with `keep_narrow`, a
    narrow space is `NARROW_MARK`, not a space."""
    chars: list[str] = []
    origin: list[int] = []
    folds = _FOLDS[look_alike]
    text = _line_end_breaks(text)
    for i, ch in enumerate(text):
        folded = folds.get(ch)
        if folded is None:
            folded = _fold(ch, look_alike)
            if len(folds) < _FOLDS_KEPT:
                folds[ch] = folded
        if len(folded) == 1:
            chars.append(folded)
            origin.append(i)
        else:
            for part in folded:
                chars.append(part)
                origin.append(i)
    if NARROW_MARK in chars:
        chars, origin = _close_up(chars, origin)
    norm, origin = _join_line_end_hyphens(chars, origin)
    if not keep_narrow and NARROW_MARK in norm:
        norm = norm.replace(NARROW_MARK, " ")
    return norm, origin


_FOLDS: dict[bool, dict[str, str]] = {False: {}, True: {}}
"""Characters seen, folded (see `_fold`), without and with look-alikes: folding does not depend
on the neighbours."""
_FOLDS_KEPT = 1 << 16


def look_forms(ch: str) -> frozenset[str]:
    """What the look-alike reading may make of `ch` written in any case: the reading follows
    each letter's own case (Greek `Ν` is an n, `ν` a v), so a redacted string's letter must
    match whichever case the text writes it in."""
    forms = {ch, ch.upper(), ch.lower()}
    return frozenset("".join(_fold(c, True) for c in form) for form in forms)


def _fold(ch: str, look_alike: bool = False) -> str:
    """One character as matching sees it: "" for an invisible one, "\\n" for a line end, " ",
    "-" or "'" for any space, dash or quote, otherwise its compatibility decomposition without
    combining marks, case-folded. A decomposition's parts are folded again (a compatibility form
    may decompose to a space or a dash), as `normalise_fast` does. With `look_alike`, a letter
    drawn like a Latin one (before or after case-folding) is that Latin letter."""
    simple = _simple(ch)
    if simple is not None:
        return simple
    if look_alike and ch in LOOK_ALIKES:  # before decomposing: `Ϲ` decomposes to `Σ`
        return LOOK_ALIKES[ch]
    digit = _digit(ch)
    if digit is not None:
        return digit
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if is_mark(part):
            continue
        simple = _simple(part)
        if simple is not None:
            out.append(simple)
        elif look_alike and part in LOOK_ALIKES:
            out.append(LOOK_ALIKES[part])
        elif _digit(part) is not None:
            out.append(str(_digit(part)))
        elif look_alike:
            out.append("".join(LOOK_ALIKES.get(c, c) for c in part.casefold()))
        else:
            out.append(part.casefold())
    return "".join(out)


def is_mark(ch: str) -> bool:
    """Whether `ch` is a mark drawn on the letter before it: any combining class, and every
    nonspacing or enclosing mark (`Wren\u20ddfield`, a circle around one letter, reads
    `Wrenfield`; U+20DD's combining class is 0, stop 33, red team h112)."""
    return bool(unicodedata.combining(ch)) or unicodedata.category(ch) in _MARKS


_MARKS = frozenset({"Mn", "Me"})


def _simple(ch: str) -> str | None:
    """What an invisible character, a line end, a space, a dash or a quote folds to ("" for
    nothing); None for any other character."""
    if ch in INVISIBLE:
        return ""
    if ch in NARROW:
        return NARROW_MARK
    if ch in LETTERS:
        return LETTERS[ch]
    if ch in LINE_ENDS:
        return "\n"
    if ch.isspace() or ch in BLANKS:
        return " "
    if ch in DASHES:
        return "-"
    if ch in QUOTES:
        return "'"
    if ch in SLASHES:
        return "/"
    return None


def _digit(ch: str) -> str | None:
    """The ASCII digit a decimal digit of another script is (`٠٧٧٠٠`, `۰۷۷۰۰`, `०७७००` are
    `07700`, stop 38, red team h146), or None. After the look-alike table in that reading, as
    `normalise_fast` translates (a Malayalam zero, drawn as an o, is an o there)."""
    return str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else None


_FAST_TABLE: dict[int, str | None] = {}
_LOOK_TABLE: dict[int, str | None] = {}
_SCANNED = (0x40000, 0xE0000, 0xE1000)
"""Planes 0–3 and the start of plane 14: every combining mark and space is in them (the other
planes are unassigned or private use; a test holds this against the whole of Unicode)."""
_COMBINING: re.Pattern[str] | None = None
_LOOKING: frozenset[str] | None = None
_MARK_CHARS: frozenset[str] = frozenset()
DRAWN_MARK_OF = {"l": "\ue001", "o": "\ue010", "e": "\ue013", "a": "\ue014", "s": "\ue015"}
"""The private-use character the drawn reading (`inquiry.name_readings`) writes for a look-alike
read as each letter (an `l` stands for `i` too): kept by folding, and a word's letters here."""
_DRAWN_MARKS = "".join(DRAWN_MARK_OF.values())
_HYPHEN_BREAK = re.compile(f"(?<=[^\\W_]|[{_DRAWN_MARKS}])-[ ]*\n[ \n]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_AFTER_MARK = re.compile(NARROW_MARK + r"[ \n]+")


def char_class(chars: list[str]) -> str:
    """A regular expression character class body for `chars` (in code point order)."""
    ranges: list[list[str]] = []
    for ch in chars:
        if ranges and ord(ch) == ord(ranges[-1][1]) + 1:
            ranges[-1][1] = ch
        else:
            ranges.append([ch, ch])
    return "".join(re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges)


def _fast_tables() -> tuple[dict[int, str | None], re.Pattern[str], frozenset[str]]:
    """Translation table and combining-mark pattern for `normalise_fast`, and the set of
    characters that fold to a look-alike letter (built on first use; a set, not a character
    class: `isdisjoint` reads a megabyte in 8 ms where the class's search took 190 ms)."""
    global _COMBINING, _LOOKING, _MARK_CHARS
    if _COMBINING is None or _LOOKING is None:
        marks, looking = [], []
        for cp in (*range(_SCANNED[0]), *range(*_SCANNED[1:])):
            ch = chr(cp)
            if is_mark(ch):
                marks.append(ch)
            elif ch.isspace() and ch not in LINE_ENDS:
                _FAST_TABLE[cp] = " "
            elif cp > 0x7F and ch.isdecimal():
                _FAST_TABLE[cp] = str(unicodedata.decimal(ch))
        for ch in BLANKS:
            _FAST_TABLE[ord(ch)] = " "
        for ch in NARROW:
            _FAST_TABLE[ord(ch)] = NARROW_MARK
        for ch, plain in LETTERS.items():
            _FAST_TABLE[ord(ch)] = plain
        for ch in INVISIBLE:
            _FAST_TABLE[ord(ch)] = None
        for ch in DASHES:
            _FAST_TABLE[ord(ch)] = "-"
        for ch in QUOTES:
            _FAST_TABLE[ord(ch)] = "'"
        for ch in SLASHES:
            _FAST_TABLE[ord(ch)] = "/"
        for ch in LINE_ENDS:
            _FAST_TABLE[ord(ch)] = "\n"
        _LOOK_TABLE.update(_FAST_TABLE)
        _LOOK_TABLE.update((ord(ch), plain) for ch, plain in LOOK_ALIKES.items())
        for first, last in LOOK_BLOCKS:
            looking += [chr(cp) for cp in range(first, last + 1) if _looks(chr(cp))]
        looking += LOOK_ALIKES  # each of them, wherever it lies (`ſ`, `Ｂ`, `K`)
        _COMBINING = re.compile(f"[{char_class(marks)}]+")
        _MARK_CHARS = frozenset(marks)
        _LOOKING = frozenset(looking)
    return _FAST_TABLE, _COMBINING, _LOOKING


def unseen() -> frozenset[str]:
    """What folding reads as nothing inside a word or as a narrow space: invisible and format
    characters (`INVISIBLE`), `NARROW` spaces, and every mark drawn on the character before
    (`is_mark`). Read from the whole of Unicode on first use."""
    global _UNSEEN
    if _UNSEEN is None:
        _fast_tables()  # finds the marks
        _UNSEEN = INVISIBLE | NARROW | _MARK_CHARS
    return _UNSEEN


_UNSEEN: frozenset[str] | None = None


def _looks(ch: str) -> bool:
    """Whether `ch` itself, decomposed, case-folded or both, holds a look-alike letter: every
    character the look-alike reading reads otherwise than the plain one (`ſ` decomposes to
    `s` but is read as the `f` it looks like; `Ώ` decomposes to an `Ω` that case-folds to the
    look-alike `ω`). A test holds this against the whole of Unicode."""
    decomposed = unicodedata.normalize("NFKD", ch)
    return any(c in LOOK_ALIKES for c in ch + decomposed + ch.casefold() + decomposed.casefold())


def has_look_alikes(text: str) -> bool:
    """Whether `text` holds a letter that matching with look-alikes reads differently. Decided
    by each character alone, so a text is read the same way whatever stands beside it: a field
    read alone and read run on into the next (`redact-across-fields`) find the same names in
    it (stop 38, red team h146: `Wrenſield` was found only when another field held a Greek
    letter)."""
    return not text.isascii() and not _fast_tables()[2].isdisjoint(text)


def normalise_fast(text: str, *, look_alike: bool = False, keep_narrow: bool = False) -> str:
    """What `normalise` gives, without the map back to the original: for searching outputs."""
    plain, combining, _ = _fast_tables()
    table = _LOOK_TABLE if look_alike else plain
    text = _line_end_breaks(text).translate(table)
    if not text.isascii():
        # Only the runs of other characters can decompose (ASCII is its own decomposition, and
        # marks reorder only among themselves); compatibility forms may decompose to new
        # spaces or dashes, so each run is mapped again. A page with a few dashes costs little.
        def run(found: re.Match[str]) -> str:
            decomposed = unicodedata.normalize("NFKD", found.group())
            return combining.sub("", decomposed).translate(table)

        text = _NON_ASCII.sub(run, text)
    text = text.casefold()
    if look_alike and not text.isascii():
        text = text.translate(_LOOK_TABLE)  # a letter that case-folds to a look-alike
    if NARROW_MARK in text:
        text = _AFTER_MARK.sub(NARROW_MARK, text)
    if "-" in text and "\n" in text:
        text = _HYPHEN_BREAK.sub(NARROW_MARK, text)
    if not keep_narrow and NARROW_MARK in text:
        text = text.replace(NARROW_MARK, " ")
    return text


_GAP_TO_LINE_END = "".join(sorted(NARROW - {"\ufffe"}))
_SOFT_HYPHEN = "\u00ad"
_BREAK_GAP = f"[ \\t{_GAP_TO_LINE_END}{char_class(sorted(INVISIBLE))}]"
_LINE_END_BREAK = re.compile(
    # From a dash, or from the start of a run of the gap (which may hold soft hyphens), the run
    # taken whole (`*+`): a run of 50,000 soft hyphens or tatweels is walked once, where one
    # tried from each of its characters was quadratic (stop 38, red team h150).
    f"(?:([{re.escape(''.join(sorted(DASHES)))}])|(?<!{_BREAK_GAP}))"
    f"({_BREAK_GAP}*+)"
    f"(?=[{re.escape(''.join(sorted(LINE_ENDS)))}])"
)
_TO_SPACE = str.maketrans(dict.fromkeys(_GAP_TO_LINE_END, " "))


def _line_end_breaks(text: str) -> str:
    """`text`, the same length, with a soft hyphen ending a line written as a hyphen, and
    narrow spaces between a line-end hyphen and the line end as spaces: a word broken across
    lines so (`Wren\u00ad⏎field`, `Wren-\u2009⏎field`) is joined as any other (stop 35, red
    team h127: both were read as two words, and the name left)."""
    if text.isascii() or (_SOFT_HYPHEN not in text and NARROW.isdisjoint(text)):
        return text
    return _LINE_END_BREAK.sub(_line_end_break, text)


def _line_end_break(m: re.Match[str]) -> str:
    """A dash and what follows it up to a line end, or a run of that ending a line: from the
    dash or the run's first soft hyphen, a hyphen, the narrow spaces after it spaces."""
    dash, run = m.group(1), m.group(2)
    if dash:
        return dash + run.translate(_TO_SPACE)
    at = run.find(_SOFT_HYPHEN)
    if at < 0:
        return run
    return run[:at] + "-" + run[at + 1 :].translate(_TO_SPACE)


def _close_up(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """White space after a `NARROW_MARK` dropped: pdfium puts its line-end hyphen (U+FFFE)
    before the line's end, or a space (`Smi\ufffe⏎th`, `Place\ufffe holder`)."""
    out: list[str] = []
    out_origin: list[int] = []
    for ch, at in zip(chars, origin, strict=True):
        if ch in " \n" and out and out[-1] == NARROW_MARK:
            continue
        out.append(ch)
        out_origin.append(at)
    return out, out_origin


def _join_line_end_hyphens(chars: list[str], origin: list[int]) -> tuple[str, list[int]]:
    """`Jere-⏎miah` reads as `Jeremiah` and `Somerset-⏎based` as `Somerset based`: a hyphen
    followed by white space holding a line end is, with that white space, one `NARROW_MARK`
    (read both ways); every other line end stays, as `normalise_fast` keeps it (a line end
    parts letter-spaced words: `J A N E` then `I saw her.` on the next line)."""
    if "\n" not in chars or "-" not in chars:
        return "".join(chars), origin
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        if chars[i] == "-" and out and (out[-1].isalnum() or out[-1] in _DRAWN_MARKS):
            j = i + 1
            while j < n and chars[j] in " \n" and chars[j] != "\n":
                j += 1
            if j < n and chars[j] == "\n":
                out.append(NARROW_MARK)
                out_origin.append(origin[i])
                while j < n and chars[j] in " \n":
                    j += 1
                i = j
                continue
        out.append(chars[i])
        out_origin.append(origin[i])
        i += 1
    return "".join(out), out_origin
