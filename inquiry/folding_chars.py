"""The characters folding (`inquiry.folding`) reads specially: those drawn as nothing, narrow
spaces, letters without a decomposition a reader takes for plain ones, and every kind of blank,
dash, apostrophe, slash and line end.
"""

from __future__ import annotations

import functools
import unicodedata

from inquiry.look_alikes import LOOK_ALIKES
from inquiry.marked_letters import marked_letters

IGNORABLE_RANGES = (
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
FORMAT_RANGES = (
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
)
"""Unicode's other format characters (category Cf): the interlinear annotation marks
(U+FFF9–FFFB) are drawn as nothing by browsers and dropped by Word, so `Wren\ufff9field` reads
`Wrenfield` (stop 33, red team h112); the rest are signs no name is spelt with. A test holds
this and `IGNORABLE_RANGES` against every Cf code point."""
INVISIBLE = frozenset(
    [
        chr(cp)
        for first, last in (*IGNORABLE_RANGES, *FORMAT_RANGES)
        for cp in range(first, last + 1)
    ]
    + ["\x02"]  # U+0002: how some PDF extractors report a soft hyphen
    + ["\u0640"]  # the Arabic tatweel: it only draws a join longer (`مـحـمـد` is `محمد`)
)
LETTERS = {
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
    **dict.fromkeys("þÞ", "th"),
    "\ua78f": "\u00b7",  # the sinological dot, a letter to Unicode, is a middle dot to a reader
    # Arabic letters as Persian and Urdu write them (their keyboards type their own): Farsi
    # yeh and yeh barree are yeh; heh goal and heh doachashmee are heh; teh marbuta goal is
    # teh marbuta; keheh and swash kaf are kaf; alef wasla is alef. Alef maksura and teh
    # marbuta are other letters (`على` "on" is not `علي` Ali): a whole name takes them for yeh
    # and heh (`name_patterns.WHOLE_NAME_LETTERS`), a single word does not.
    **dict.fromkeys("\u06cc\u06d2", "\u064a"),
    **dict.fromkeys("\u06c1\u06be", "\u0647"),
    "\u06c3": "\u0629",
    **dict.fromkeys("\u06a9\u06aa", "\u0643"),
    "\u0671": "\u0627",
}
"""Letters that Unicode gives no decomposition but a reader (and a search box) takes for
plain ones: a stroke or a missing dot is an accent to them (`Łukasz` is `Lukasz`, the Turkish
`Aydın` is `AYDIN`), and a thorn is `th` (`Þórsdóttir` is `Thorsdottir`); an Arabic letter
spelt as Persian or Urdu write it (`علی` is `علي`, stop 38, red teams h146 and h150)."""


LETTERS.update(marked_letters(keep=LETTERS.keys() | LOOK_ALIKES.keys()))
NARROW = frozenset("\u2006\u2008\u2009\u200a\u202f\ufffe")
"""Spaces drawn so narrow (six-per-em, punctuation, thin, hair, narrow no-break) that
`Quor<hair>vath` reads as one word: matching reads a text holding one both with it as a space
and without it. So too U+FFFE, how pdfium reports a hyphen at a line's end, the two lines' words
joined up: `Exam\ufffeple` (`Exam-` / `ple`) is one word, `Somerset\ufffebased` two (stop 29,
red team h88: read only as one, a name before a hyphenated compound was missed); and a hyphen
with a line end after it (`_join_line_end_hyphens`)."""
NARROW_MARK = "\x1a"
"""What a narrow space folds to when asked to be kept (`keep_narrow`): no text holds it (a
control character), so a caller can make either reading of it."""
BLANKS = frozenset("\u2800")
"""Characters drawn blank that Unicode does not call spaces (the braille blank): a space."""
DASHES = frozenset(
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a"
    "\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"
    "\u2212\u2043\u02d7"  # minus signs and the hyphen bullet, drawn as dashes
)
"""Every dash (Unicode's category Pd, a test holds this), and what is drawn like one."""
QUOTES = frozenset(
    "'\u2018\u2019\u201a\u201b\u02bc\u2032\uff07`\u00b4"
    "\u02b9\u02bb\u02bd\u02c8\u055a\u2035\ua78b\ua78c"  # modifier letters drawn as apostrophes
    "\u05f3\u05f4"  # the Hebrew geresh and gershayim
    "\u201e\u02cb"  # a low double quotation mark, a modifier grave accent
)
"""Apostrophes and what is drawn like one: `O'Brien` typed with a turned comma (ʻ), a prime
(ʹ), a saltillo (ꞌ), a low quotation mark (‚ „), a modifier grave (ˋ) or a Hebrew geresh or
gershayim (׳ ״) reads as `O'Brien`."""
SLASHES = frozenset("\u2044\u2215\u2571\u29f8")
"""Fraction, division and big slashes, drawn as `/` (the fullwidth one decomposes to it)."""
LINE_ENDS = frozenset("\n\r\u2028\u2029\x0b\x0c\x85")


_GLUED_FORMS = frozenset({"<super>", "<sub>", "<circle>", "<square>"})
_SPACED_SCRIPTS = 0x600
"""Where the alphabets a name's words are spaced in end (Latin, Greek, Cyrillic, Armenian,
Hebrew): a sign standing for letters past them (a Kangxi radical, a squared katakana word) is
read in a script written without spaces, where no boundary is wanted."""


GLUED_RANGES = (
    (0xA0, 0x3400),
    (0xA000, 0xAC00),
    (0xF900, 0x10000),
    (0x10780, 0x107C0),
    (0x1D400, 0x1D800),
    (0x1F100, 0x1F300),
)
"""Where `glued_symbols` may stand (a test holds this against the whole of Unicode): not among
the ideographs, the Hangul syllables or the other planes' scripts."""


@functools.cache
def glued_symbols() -> frozenset[str]:
    """Signs folding reads as letters that are no letters of a word to a reader: a symbol that
    decomposes to letters of the alphabets written with spaces (`™ ℠ ℡ ㏒ ⓐ`, `Ⅱ`) and a
    letter written raised, lowered, circled or squared (`ᵃ ᵇ ⁿ ª º`). Glued to a word's start
    or end they are a note's marker or a trade mark, not its letters (`Hallam™` is read
    `hallamtm`, `Hallamᵃ` `hallama`; red team h171 L4): `name_readings.glued_readings` reads
    them so as well. Read from `GLUED_RANGES` on first use."""
    out = []
    for cp in (cp for first, last in GLUED_RANGES for cp in range(first, last)):
        ch = chr(cp)
        decomposed = unicodedata.normalize("NFKD", ch)
        letters = [c for c in decomposed if c.isalpha()]
        if decomposed == ch or not letters or max(map(ord, letters)) >= _SPACED_SCRIPTS:
            continue
        form = unicodedata.decomposition(ch).split(" ")[0]
        if form in _GLUED_FORMS or not unicodedata.category(ch).startswith("L"):
            out.append(ch)
    return frozenset(out)
