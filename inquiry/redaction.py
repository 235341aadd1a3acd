"""What a redacted string matches: one rule for every text of every output, and for the check.

A name is found as a reader would find it in the rendered bundle, not as it was typed: the text is
Unicode-normalised (compatibility forms, accents dropped), case-folded, with zero-width characters
and soft hyphens ignored, every kind of space and dash treated alike, a hyphen at a line end
joined up, Cyrillic and Greek letters drawn like Latin ones taken for them, and the words of a
name allowed to run together or be split by spaces, dashes, dots or underscores (`Anne Marie`,
`Anne-Marie`, `Anne–Marie`, `anne_marie`, `AnneMarie`). A match must
start and end at a word boundary, so a redacted `Ann` does not take the middle out of `planning`
(a digit or a letter of a script written without spaces is not a word's middle: `Rowe2`,
`Quinceさん` are found).
The same matcher removes names before rendering and searches the rendered outputs afterwards
(`inquiry.proof`), so the two can never disagree about what a name looks like. It errs towards
removing too much.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REDACTED = "[REDACTED]"

_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
"""Unicode's default-ignorable code points: drawn as nothing, so nothing to a reader (variation
selectors and tag characters among them)."""
_INVISIBLE = frozenset(
    [chr(cp) for first, last in _IGNORABLE_RANGES for cp in range(first, last + 1)]
    + ["\x02"]  # U+0002: how some PDF extractors report a soft hyphen
)
_LETTERS = {
    **dict.fromkeys("ıɨƗ", "i"),
    **dict.fromkeys("łŁ", "l"),
    **dict.fromkeys("øØ", "o"),
    **dict.fromkeys("đĐðÐ", "d"),
    **dict.fromkeys("ħĦ", "h"),
    **dict.fromkeys("ŧŦ", "t"),
    **dict.fromkeys("ƀɃ", "b"),
    **dict.fromkeys("ƶƵ", "z"),
    **dict.fromkeys("ǥǤ", "g"),
    **dict.fromkeys("æÆ", "ae"),
    **dict.fromkeys("œŒ", "oe"),
}
"""Letters that Unicode gives no decomposition but a reader (and a search box) takes for
plain ones: a stroke or a missing dot is an accent to them (`Łukasz` is `Lukasz`, the Turkish
`Aydın` is `AYDIN`)."""
LOOK_ALIKES = {
    # Cyrillic
    **dict.fromkeys("Аа", "a"),
    **dict.fromkeys("Вв", "b"),
    **dict.fromkeys("Ее", "e"),
    **dict.fromkeys("ҺһНн", "h"),
    **dict.fromkeys("ІіӀӏ", "i"),
    **dict.fromkeys("Јј", "j"),
    **dict.fromkeys("Кк", "k"),
    **dict.fromkeys("Мм", "m"),
    **dict.fromkeys("Оо", "o"),
    **dict.fromkeys("Рр", "p"),
    **dict.fromkeys("Ԛԛ", "q"),
    **dict.fromkeys("Сс", "c"),
    **dict.fromkeys("Ѕѕ", "s"),
    **dict.fromkeys("Тт", "t"),
    **dict.fromkeys("УуҮү", "y"),
    **dict.fromkeys("Ԝԝ", "w"),
    **dict.fromkeys("Хх", "x"),
    **dict.fromkeys("Ԁԁ", "d"),
    # Greek
    **dict.fromkeys("Αα", "a"),
    **dict.fromkeys("Ββ", "b"),
    **dict.fromkeys("Εε", "e"),
    **dict.fromkeys("Ζζ", "z"),
    **dict.fromkeys("Ηη", "h"),
    **dict.fromkeys("Ιι", "i"),
    **dict.fromkeys("Κκ", "k"),
    **dict.fromkeys("Μμ", "m"),
    **dict.fromkeys("Νν", "n"),
    **dict.fromkeys("Οο", "o"),
    **dict.fromkeys("Ρρ", "p"),
    **dict.fromkeys("Ττ", "t"),
    **dict.fromkeys("Υυ", "y"),
    **dict.fromkeys("Χχ", "x"),
    **dict.fromkeys("Ϲϲ", "c"),
    **dict.fromkeys("Ϳϳ", "j"),
    # Armenian and Latin letters shaped like plain ones
    **dict.fromkeys("Օօ", "o"),
    **dict.fromkeys("Սս", "u"),
    **dict.fromkeys("Հհ", "h"),
    **dict.fromkeys("Ɑɑ", "a"),
    **dict.fromkeys("Ɡɡ", "g"),
    **dict.fromkeys("ȷ", "j"),
}
"""Letters of other alphabets drawn like Latin ones: `Jаne` typed with a Cyrillic `а` (pasted
text, or a deliberate dodge) is `Jane` on the page, so it is `Jane` to matching. A letter's two
cases always fold alike, the pair taking the Latin letter its capital looks like (Greek `Ν`
and `ν` are both `n`), so matching stays blind to case; and a name written in those alphabets
folds the same way in the redacted string and in the text, so it is still found."""
_LETTERS.update(LOOK_ALIKES)
RULES = "match-3"
"""Bump when what a redacted string matches changes: cached results keyed by a matcher's
signature (prepared fields, exhibits) are then made again."""
_BLANKS = frozenset("\u2800")
"""Characters drawn blank that Unicode does not call spaces (the braille blank): a space."""
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a")
_QUOTES = frozenset("'\u2018\u2019\u201b\u02bc\u2032\uff07`\u00b4")
_LINE_ENDS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")
_GAP = r"[\s\-'._]*"
"""What may stand between the words of a name: nothing, or spaces, dashes, apostrophes, dots,
underscores (a URL slug, a file name, `Anne--Marie`)."""


_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, Han)."""
_LETTER = rf"(?![{_UNSPACED}])[^\W\d_]"
"""A letter that would make a match the middle of a longer word: a letter of a script that
puts spaces between words. A digit (`Rowe2`, `Rowe¹`), an underscore or a letter of an unspaced
script (`Quinceさん`) does not: a name followed by one is still the name."""


def mark_label(code: str | None) -> str:
    """The visible mark that stands where a redacted string was: `[GRO-B]` or `[REDACTED]`."""
    return f"[{code}]" if code else REDACTED


def normalise(text: str) -> tuple[str, list[int]]:
    """`text` as matching sees it, and for each of its characters the index in `text` it came
    from (so a match can be cut out of the original)."""
    chars: list[str] = []
    origin: list[int] = []
    folds = _FOLDS
    for i, ch in enumerate(text):
        folded = folds.get(ch)
        if folded is None:
            folded = _fold(ch)
            if len(folds) < _FOLDS_KEPT:
                folds[ch] = folded
        if len(folded) == 1:
            chars.append(folded)
            origin.append(i)
        else:
            for part in folded:
                chars.append(part)
                origin.append(i)
    return _join_line_end_hyphens(chars, origin)


_FOLDS: dict[str, str] = {}
"""Characters seen, folded (see `_fold`): folding does not depend on the neighbours."""
_FOLDS_KEPT = 1 << 16


def _fold(ch: str) -> str:
    """One character as matching sees it: "" for an invisible one, "\\n" for a line end, " ",
    "-" or "'" for any space, dash or quote, otherwise its compatibility decomposition without
    combining marks, case-folded. A decomposition's parts are folded again (a compatibility form
    may decompose to a space or a dash), as `normalise_fast` does."""
    simple = _simple(ch)
    if simple is not None:
        return simple
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part):
            continue
        simple = _simple(part)
        out.append(part.casefold() if simple is None else simple)
    return "".join(out)


def _simple(ch: str) -> str | None:
    """What an invisible character, a line end, a space, a dash or a quote folds to ("" for
    nothing); None for any other character."""
    if ch in _INVISIBLE:
        return ""
    if ch in _LETTERS:
        return _LETTERS[ch]
    if ch in _LINE_ENDS:
        return "\n"
    if ch.isspace() or ch in _BLANKS:
        return " "
    if ch in _DASHES:
        return "-"
    if ch in _QUOTES:
        return "'"
    return None


_FAST_TABLE: dict[int, str | None] = {}
_SCANNED = (0x40000, 0xE0000, 0xE1000)
"""Planes 0–3 and the start of plane 14: every combining mark and space is in them (the other
planes are unassigned or private use; a test holds this against the whole of Unicode)."""
_COMBINING: re.Pattern[str] | None = None
_HYPHEN_BREAK = re.compile(r"(?<=[^\W_])-[ ]*\n[ \n]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fast_tables() -> tuple[dict[int, str | None], re.Pattern[str]]:
    """Translation table and combining-mark pattern for `normalise_fast` (built on first use)."""
    global _COMBINING
    if _COMBINING is None:
        marks = []
        for cp in (*range(_SCANNED[0]), *range(*_SCANNED[1:])):
            ch = chr(cp)
            if unicodedata.combining(ch):
                marks.append(ch)
            elif ch.isspace() and ch not in _LINE_ENDS:
                _FAST_TABLE[cp] = " "
        for ch in _BLANKS:
            _FAST_TABLE[ord(ch)] = " "
        for ch, plain in _LETTERS.items():
            _FAST_TABLE[ord(ch)] = plain
        for ch in _INVISIBLE:
            _FAST_TABLE[ord(ch)] = None
        for ch in _DASHES:
            _FAST_TABLE[ord(ch)] = "-"
        for ch in _QUOTES:
            _FAST_TABLE[ord(ch)] = "'"
        for ch in _LINE_ENDS:
            _FAST_TABLE[ord(ch)] = "\n"
        ranges: list[list[str]] = []
        for ch in marks:
            if ranges and ord(ch) == ord(ranges[-1][1]) + 1:
                ranges[-1][1] = ch
            else:
                ranges.append([ch, ch])
        body = "".join(
            re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges
        )
        _COMBINING = re.compile(f"[{body}]+")
    return _FAST_TABLE, _COMBINING


def normalise_fast(text: str) -> str:
    """What `normalise` gives, without the map back to the original: for searching outputs."""
    table, combining = _fast_tables()
    text = text.translate(table)
    if not text.isascii():
        # Only the runs of other characters can decompose (ASCII is its own decomposition, and
        # marks reorder only among themselves); compatibility forms may decompose to new
        # spaces or dashes, so each run is mapped again. A page with a few dashes costs little.
        def run(found: re.Match[str]) -> str:
            decomposed = unicodedata.normalize("NFKD", found.group())
            return combining.sub("", decomposed).translate(table)

        text = _NON_ASCII.sub(run, text)
    text = text.casefold()
    if "-" in text and "\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    return text


def _join_line_end_hyphens(chars: list[str], origin: list[int]) -> tuple[str, list[int]]:
    """`Jere-⏎miah` reads as `Jeremiah`: a hyphen followed by white space holding a line end is
    dropped with that white space; every other line end becomes a space."""
    if "\n" not in chars:
        return "".join(chars), origin
    if "-" not in chars:
        return "".join(chars).replace("\n", " "), origin
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        if chars[i] == "-" and out and out[-1].isalnum():
            j = i + 1
            while j < n and chars[j] in " \n" and chars[j] != "\n":
                j += 1
            if j < n and chars[j] == "\n":
                while j < n and chars[j] in " \n":
                    j += 1
                i = j
                continue
        out.append(" " if chars[i] == "\n" else chars[i])
        out_origin.append(origin[i])
        i += 1
    return "".join(out), out_origin


def _tokens(text: str) -> list[str]:
    """The words of a redacted string, normalised: what must appear, in order."""
    norm, _ = normalise(text)
    return [t for t in re.split(r"[\s\-'._]+", norm) if t]


@dataclass(frozen=True)
class Entry:
    """One redacted string and the reason code its mark shows (None: `[REDACTED]`)."""

    text: str
    code: str | None = None


@dataclass(frozen=True)
class Hit:
    """Where a redacted string was found: `text[start:end]`, and its code."""

    start: int
    end: int
    code: str | None


class Matcher:
    """Finds an edition's redacted strings in any text; with none, finds nothing."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_tokens: dict[tuple[str, ...], Entry] = {}
        for entry in entries:
            tokens = tuple(_tokens(entry.text))
            if tokens and tokens not in by_tokens:
                by_tokens[tokens] = entry
        # Longest first, so that "Jane Placeholder" is taken whole before "Jane".
        ordered = sorted(by_tokens.items(), key=lambda kv: (-len("".join(kv[0])), kv[0]))
        self.entries: tuple[Entry, ...] = tuple(e for _, e in ordered)
        self._words = [tokens for tokens, _ in ordered]
        self._codes = [e.code for e in self.entries]
        self._pattern: re.Pattern[str] | None = None
        if ordered:
            alternatives = "|".join(
                f"({_GAP.join(re.escape(t) for t in tokens)})" for tokens, _ in ordered
            )
            self._pattern = re.compile(rf"(?<!{_LETTER})(?:{alternatives})(?!{_LETTER})")

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str | None] | Entry | str]) -> Matcher:
        """A matcher from entries given as `Entry`, `(text, code)` or plain strings."""
        out = []
        for e in entries:
            if isinstance(e, Entry):
                out.append(e)
            elif isinstance(e, str):
                out.append(Entry(e))
            else:
                out.append(Entry(e[0], e[1]))
        return cls(out)

    def __bool__(self) -> bool:
        return self._pattern is not None

    @property
    def signature(self) -> str:
        """A digest of the entries: what a cache key needs to know of the redactions."""
        text = RULES + "\x1f".join(f"{e.text}\x1e{e.code or ''}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]

    @property
    def strings(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.entries)

    def find(self, text: str) -> list[Hit]:
        """Every redacted string in `text`, as spans of `text` itself."""
        if self._pattern is None or not text:
            return []
        norm, origin = normalise(text)
        hits = []
        for m in self._pattern.finditer(norm):
            if m.end() == m.start():
                continue
            assert m.lastindex is not None
            hits.append(
                Hit(origin[m.start()], origin[m.end() - 1] + 1, self._codes[m.lastindex - 1])
            )
        return _widen(text, hits)

    def search(self, text: str) -> list[tuple[str, int]]:
        """(redacted string, offset in the normalised text) for each occurrence: for checking
        large outputs, where only whether and what matters. Same matching as `find`, at C speed."""
        out: list[tuple[str, int]] = []
        if self._pattern is None or not text:
            return out
        for m in self._pattern.finditer(normalise_fast(text)):
            assert m.lastindex is not None
            out.append((self.entries[m.lastindex - 1].text, m.start()))
        return out

    def words_present(self, text: str) -> bool:
        """Whether every word of some redacted string is somewhere in `text`, in any order: a
        page where a name could be drawn out of reading order."""
        if not self._words or not text:
            return False
        norm = normalise_fast(text)
        return any(all(word in norm for word in words) for words in self._words)

    def in_url(self, url: str) -> bool:
        """True when a redacted string appears in a link target, percent-encoded or not."""
        if self._pattern is None:
            return False
        decoded = urllib.parse.unquote_plus(url)
        return bool(self.find(decoded) or self.find(url))

    def split(self, text: str) -> list[str | Hit]:
        """`text` as pieces: the text kept, and a Hit where a redacted string was removed."""
        out: list[str | Hit] = []
        pos = 0
        for hit in self.find(text):
            if hit.start > pos:
                out.append(text[pos : hit.start])
            out.append(hit)
            pos = hit.end
        if pos < len(text):
            out.append(text[pos:])
        return out

    def plain(self, text: str) -> str:
        """`text` with each redacted string replaced by its mark (bookmarks, metadata, names)."""
        return "".join(p if isinstance(p, str) else mark_label(p.code) for p in self.split(text))


def _widen(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """Take invisible characters touching a hit with it, so no fragment of a name is left."""
    out = []
    for hit in hits:
        start, end = hit.start, hit.end
        while start > 0 and text[start - 1] in _INVISIBLE:
            start -= 1
        while end < len(text) and (text[end] in _INVISIBLE or unicodedata.combining(text[end])):
            end += 1
        out.append(Hit(start, end, hit.code))
    return out


NOTHING = Matcher(())
