"""Where text sits inside the binary data a PDF carries: font programs, ICC profiles, JPEG and
JPEG 2000 images, and any other stream.

Searching a font or an image as if it were text would find a three-letter name somewhere in its
glyphs or pixels sooner or later; searching only where a format keeps its words (a font's name
table, its CFF strings and glyph names, and any table that is not outlines, metrics or layout
rules; a JPEG's comment segments, a JPEG 2000 file's XML boxes) finds the names a producer
wrote, and lets them be blanked in place without touching a glyph or a pixel. Each span is
`(start, end, encoding)` in the bytes given; blanking overwrites a span's bytes with spaces of
the same length, so every offset and length in the file stays right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

Span = tuple[int, int, str]
"""Start, end and encoding: "latin-1", "utf-8", "utf-16-be" or "utf-16-le" (two bytes a
character)."""


def spans(data: bytes, kind: str) -> list[Span]:
    """Where `data` (a stream's decoded bytes) keeps text, by `kind`: "truetype" (TrueType or
    OpenType), "cff", "type1" (its clear-text part), "jpx", or "data" (anything else: all of it,
    as Latin-1 and as UTF-16 at either alignment, which is how ICC profiles write text)."""
    try:
        if kind == "truetype" and not data.startswith(b"ttcf"):
            return list(_sfnt(data))
        if kind == "cff":
            return list(_cff_strings(data))
        if kind == "jpx":
            return list(_jpx_texts(data))
    except (IndexError, ValueError):
        return readings(0, len(data))  # damaged: search it all
    return readings(0, len(data))


def span_text(data: bytes, span: Span) -> str:
    """A span's text. UTF-8 keeps each byte it cannot read as a character of its own (a lone
    surrogate), so `cuts` can find every character's bytes again."""
    start, end, encoding = span
    errors = "surrogateescape" if encoding == "utf-8" else "replace"
    return data[start:end].decode(encoding, errors=errors)


def cuts(data: bytes, span: Span, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The byte ranges of `data` that hold each `(start, end)` of characters found in
    `span_text(data, span)`."""
    start, _, encoding = span
    if encoding == "utf-8":
        text = span_text(data, span)

        def at(i: int) -> int:
            return start + len(text[:i].encode("utf-8", errors="surrogateescape"))

        return [(at(a), at(b)) for a, b in found]
    width = 2 if encoding.startswith("utf-16") else 1
    return [(start + width * a, start + width * b) for a, b in found]


def blank(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    """`data` with each byte range in `cuts` overwritten with spaces."""
    out = bytearray(data)
    for start, end in cuts:
        out[start:end] = b" " * (end - start)
    return bytes(out)


_NO_TEXT = frozenset(
    tag.ljust(4).encode()
    for tag in (
        *("glyf", "loca", "CFF2", "hmtx", "vmtx", "hhea", "vhea", "head", "maxp", "OS/2"),
        *("cmap", "kern", "GPOS", "GSUB", "GDEF", "BASE", "JSTF", "MATH", "fpgm", "prep"),
        *("cvt", "gasp", "hdmx", "LTSH", "VDMX", "EBDT", "EBLC", "EBSC", "CBDT", "CBLC"),
        *("sbix", "COLR", "CPAL", "fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR"),
        *("STAT", "VORG", "morx", "mort", "kerx", "trak"),
    )
)
"""The tables of a TrueType or OpenType font that hold outlines, metrics, bitmaps and layout
rules: numbers, where a short name would turn up by chance, and which blanking would break.
Every other table is searched: the `name` table's records, the `CFF ` table's strings, the
`post` table's glyph names, and the rest (a FontForge comment, a signature's certificate, an
SVG glyph's text, bytes in no table) whole."""


def _sfnt(data: bytes) -> Iterator[Span]:
    """Where a TrueType or OpenType font keeps words (`_NO_TEXT`)."""
    tables = int.from_bytes(data[4:6], "big")
    taken = [(0, 12 + 16 * tables)]
    for k in range(tables):
        entry = 12 + 16 * k
        tag = data[entry : entry + 4]
        start = int.from_bytes(data[entry + 8 : entry + 12], "big")
        end = min(start + int.from_bytes(data[entry + 12 : entry + 16], "big"), len(data))
        if start >= end:
            continue
        taken.append((start, end))
        if tag == b"CFF ":
            yield from ((start + a, start + b, e) for a, b, e in _cff_strings(data[start:end]))
        elif tag == b"post":
            yield from _glyph_names(data, start, end)
        elif tag in _NO_TEXT:
            yield from _runs(data, start, end)
        elif tag == b"name":
            yield from _names(data, start, end)
        else:
            yield from readings(start, end)
    yield from _untaken(taken, 0, len(data))


def _untaken(taken: list[tuple[int, int]], start: int, end: int) -> Iterator[Span]:
    """The bytes from `start` to `end` that no range in `taken` covers, each stretch whole."""
    at = start
    for first, last in sorted(taken):
        if first > at:
            yield from readings(at, first)
        at = max(at, last)
    if at < end:
        yield from readings(at, end)


def readings(start: int, end: int) -> list[Span]:
    """Bytes of no known format, read every way a producer writes words: as Latin-1, as UTF-8
    (XMP, an accented name), and as UTF-16 in either byte order at either alignment (ICC
    profiles, EXIF's Windows fields, PDF text strings)."""
    n = end - start
    odd = (start, end - n % 2)
    even = (start + 1, end - (n - 1) % 2)
    return [
        (start, end, "latin-1"),
        (start, end, "utf-8"),
        *((a, b, order) for a, b in (odd, even) for order in ("utf-16-be", "utf-16-le")),
    ]


def _names(data: bytes, start: int, end: int) -> Iterator[Span]:
    """A `name` table's strings, one by one (they are stored end to end: `RegularJane Doe`):
    a Macintosh record's as Latin-1, any other's as UTF-16 and as Latin-1 (a Windows record
    written in ASCII), and its storage that no record points to, whole."""
    count = int.from_bytes(data[start + 2 : start + 4], "big")
    storage = start + int.from_bytes(data[start + 4 : start + 6], "big")
    taken: list[tuple[int, int]] = []
    for r in range(count):
        record = start + 6 + 12 * r
        if record + 12 > end:
            break
        platform = int.from_bytes(data[record : record + 2], "big")
        length = int.from_bytes(data[record + 8 : record + 10], "big")
        offset = storage + int.from_bytes(data[record + 10 : record + 12], "big")
        if length and offset + length <= end:
            taken.append((offset, offset + length))
            yield offset, offset + length, "latin-1"
            if platform != 1:
                yield offset, offset + length, "utf-16-be"
    yield from _untaken(taken, min(storage, end), end)


_RUN = re.compile(rb"[\x20-\x7e]{8,}")
_RUN_16 = re.compile(rb"(?:[\x20-\x7e]\x00){8,}|(?:\x00[\x20-\x7e]){8,}")


def _runs(data: bytes, start: int, end: int) -> Iterator[Span]:
    """The runs of eight or more printable characters (ASCII, or UTF-16 in either byte order)
    in a table of numbers, as `strings` finds them: words written where no font keeps any.
    Only the runs are searched, so a short name found by chance in the numbers is rare."""
    for match in _RUN.finditer(data, start, end):
        yield match.start(), match.end(), "latin-1"
    for match in _RUN_16.finditer(data, start, end):
        yield match.start(), match.end(), "utf-16-be" if data[match.start()] == 0 else "utf-16-le"


_POST_HEADER = 32
_POST_NAMES = 34
"""Where a version 2 `post` table's glyph count is followed by its glyph name indices."""


def _glyph_names(data: bytes, start: int, end: int) -> Iterator[Span]:
    """The glyph names a version 2 `post` table spells out (Pascal strings: each name's
    letters, not its length byte); a table that does not hold together is searched whole."""
    if data[start : start + 4] != b"\x00\x02\x00\x00":
        # Versions 1, 2.5 and 3 name glyphs only by the standard Macintosh order: anything
        # past the header is not theirs, and is searched whole.
        if end > start + _POST_HEADER:
            yield from readings(start + _POST_HEADER, end)
        return
    glyphs = int.from_bytes(data[start + _POST_HEADER : start + _POST_NAMES], "big")
    at = start + _POST_NAMES + 2 * glyphs
    while at < end:
        length = data[at]
        if at + 1 + length > end:
            yield from readings(at, end)
            return
        if length:
            yield at + 1, at + 1 + length, "latin-1"
        at += 1 + length


def _cff_strings(data: bytes) -> Iterator[Span]:
    """Each string of a CFF font's Name INDEX and String INDEX (its names, notice, copyright,
    glyph names): one span each, for strings follow one another with nothing between
    (`Made by Jane DoeJane Doe`)."""
    pos = data[2]  # the header's size
    for index in range(3):  # Name INDEX, Top DICT INDEX, String INDEX
        count = int.from_bytes(data[pos : pos + 2], "big")
        if count == 0:
            pos += 2
            continue
        size = data[pos + 2]
        offsets = pos + 3
        if not 1 <= size <= 4 or offsets + (count + 1) * size > len(data):
            raise ValueError("damaged INDEX")
        at = [
            int.from_bytes(data[offsets + i * size : offsets + (i + 1) * size], "big")
            for i in range(count + 1)
        ]
        base = offsets + (count + 1) * size - 1  # offsets count from 1
        if index != 1:
            for a, b in itertools.pairwise(at):
                if not a <= b or base + b > len(data):
                    raise ValueError("damaged INDEX")
                if b > a:
                    yield base + a, base + b, "latin-1"
        pos = base + at[-1]


def _jpx_texts(data: bytes) -> Iterator[Span]:
    """Every box of a JPEG 2000 file but its codestream, whole (XML and UUID boxes with XMP,
    an intellectual-property box, the header's ICC profile, a label: red team h185), and its
    codestream's comments."""
    if data.startswith(b"\xff\x4f"):  # a bare codestream
        yield from _codestream_comments(data, 0)
        return
    pos = 0
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        header = 8
        if length == 1:
            length, header = int.from_bytes(data[pos + 8 : pos + 16], "big"), 16
        elif length == 0:
            length = len(data) - pos
        if length < header:
            raise ValueError("damaged box")
        if kind == b"jp2c":
            yield from _codestream_comments(data, pos + header)
        else:
            yield from readings(pos + header, min(pos + length, len(data)))
        pos += length


def _codestream_comments(data: bytes, pos: int) -> Iterator[Span]:
    """The COM segments of a JPEG 2000 codestream's main header and of every tile-part's header
    (red team h189: a comment after the first tile marker went unread); a codestream whose
    markers lose their place is searched whole from there."""
    pos += 2  # SOC
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            yield from readings(pos, len(data))  # damaged: the rest whole
            return
        marker = data[pos + 1]
        if marker == 0xD9:  # EOC
            return
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0x90:  # SOT: a tile-part of Psot bytes from here (0: to the end)
            size = int.from_bytes(data[pos + 6 : pos + 10], "big")
            end = pos + size if size else len(data)
            at = pos + 2 + length
            while at + 4 <= end and data[at] == 0xFF and data[at + 1] != 0x93:  # until SOD
                part = int.from_bytes(data[at + 2 : at + 4], "big")
                if data[at + 1] == 0x64:
                    yield from readings(at + 6, min(at + 2 + part, len(data)))
                at += 2 + part
            if end <= pos + 2 + length:
                yield from readings(pos, len(data))  # a tile-part that does not move on
                return
            pos = end
            continue
        if marker == 0x64:
            yield from readings(pos + 6, min(pos + 2 + length, len(data)))
        pos += 2 + length


__all__ = ["Span", "blank", "cuts", "readings", "span_text", "spans"]
