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
from collections.abc import Iterator

Span = tuple[int, int, str]


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
        return [(0, len(data), "latin-1")]  # damaged: search it all
    n = len(data)
    return [(0, n, "latin-1"), (0, n - n % 2, "utf-16-be"), (1, n - (n - 1) % 2, "utf-16-be")]


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
        if tag == b"name":
            yield from _name_records(data, start)
        elif tag == b"CFF ":
            yield from ((start + a, start + b, e) for a, b, e in _cff_strings(data[start:end]))
        elif tag == b"post":
            yield from _glyph_names(data, start, end)
        elif tag not in _NO_TEXT:
            yield from _whole(start, end)
    at = 0
    for start, end in sorted(taken):
        if start > at:
            yield from _whole(at, start)
        at = max(at, end)
    if at < len(data):
        yield from _whole(at, len(data))


def _whole(start: int, end: int) -> list[Span]:
    """Bytes of no known format: as Latin-1, and as UTF-16 at either alignment."""
    n = end - start
    return [
        (start, end, "latin-1"),
        (start, end - n % 2, "utf-16-be"),
        (start + 1, end - (n - 1) % 2, "utf-16-be"),
    ]


def _name_records(data: bytes, base: int) -> Iterator[Span]:
    """The strings of a TrueType/OpenType font's `name` table, at `base`."""
    count = int.from_bytes(data[base + 2 : base + 4], "big")
    strings = base + int.from_bytes(data[base + 4 : base + 6], "big")
    for r in range(count):
        record = base + 6 + 12 * r
        platform = int.from_bytes(data[record : record + 2], "big")
        length = int.from_bytes(data[record + 8 : record + 10], "big")
        offset = strings + int.from_bytes(data[record + 10 : record + 12], "big")
        if offset + length <= len(data):
            yield offset, offset + length, "latin-1" if platform == 1 else "utf-16-be"


_POST_NAMES = 34
"""Where a version 2 `post` table's glyph count is followed by its glyph name indices."""


def _glyph_names(data: bytes, start: int, end: int) -> Iterator[Span]:
    """The glyph names a version 2 `post` table spells out (Pascal strings: each name's
    letters, not its length byte); a table that does not hold together is searched whole."""
    if data[start : start + 4] != b"\x00\x02\x00\x00":
        return  # versions 1, 2.5 and 3 name glyphs only by the standard Macintosh order
    glyphs = int.from_bytes(data[start + 32 : start + 34], "big")
    at = start + _POST_NAMES + 2 * glyphs
    while at < end:
        length = data[at]
        if at + 1 + length > end:
            yield from _whole(at, end)
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
    """A JPEG 2000 file's XML and UUID boxes (XMP among them) and its codestream's comments."""
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
        if kind in (b"xml ", b"uuid"):
            yield pos + header, min(pos + length, len(data)), "latin-1"
        elif kind == b"jp2c":
            yield from _codestream_comments(data, pos + header)
        pos += length


def _codestream_comments(data: bytes, pos: int) -> Iterator[Span]:
    """The COM segments of a JPEG 2000 codestream's main header."""
    pos += 2  # SOC
    while pos + 4 <= len(data) and data[pos] == 0xFF and data[pos + 1] != 0x90:  # until SOT
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if data[pos + 1] == 0x64:
            yield pos + 6, min(pos + 2 + length, len(data)), "latin-1"
        pos += 2 + length


__all__ = ["Span", "blank", "spans"]
