"""Where text sits inside the binary data a PDF carries: font programs, ICC profiles, JPEG and
JPEG 2000 images, and any other stream.

Searching a font or an image as if it were text would find a three-letter name somewhere in its
glyphs or pixels sooner or later; searching only where a format keeps its words (a font's name
table, a JPEG's comment segments, a JPEG 2000 file's XML boxes) finds the names a producer
wrote, and lets them be blanked in place without touching a glyph or a pixel. Each span is
`(start, end, encoding)` in the bytes given; blanking overwrites a span's bytes with spaces of
the same length, so every offset and length in the file stays right.
"""

from __future__ import annotations

from collections.abc import Iterator

Span = tuple[int, int, str]


def spans(data: bytes, kind: str) -> list[Span]:
    """Where `data` (a stream's decoded bytes) keeps text, by `kind`: "truetype" (TrueType or
    OpenType), "cff", "type1" (its clear-text part), "jpx", or "data" (anything else: all of it,
    as Latin-1 and as UTF-16 at either alignment, which is how ICC profiles write text)."""
    try:
        if kind == "truetype":
            return list(_name_table(data))
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


def _name_table(data: bytes) -> Iterator[Span]:
    """The strings of a TrueType/OpenType font's `name` table."""
    tables = int.from_bytes(data[4:6], "big")
    for k in range(tables):
        entry = 12 + 16 * k
        if data[entry : entry + 4] != b"name":
            continue
        base = int.from_bytes(data[entry + 8 : entry + 12], "big")
        count = int.from_bytes(data[base + 2 : base + 4], "big")
        strings = base + int.from_bytes(data[base + 4 : base + 6], "big")
        for r in range(count):
            record = base + 6 + 12 * r
            platform = int.from_bytes(data[record : record + 2], "big")
            length = int.from_bytes(data[record + 8 : record + 10], "big")
            offset = strings + int.from_bytes(data[record + 10 : record + 12], "big")
            if offset + length <= len(data):
                yield offset, offset + length, "latin-1" if platform == 1 else "utf-16-be"


def _cff_strings(data: bytes) -> Iterator[Span]:
    """The Name INDEX and the String INDEX of a CFF font (its names, notice, copyright)."""
    pos = data[2]  # the header's size
    for index in range(3):  # Name INDEX, Top DICT INDEX, String INDEX
        count = int.from_bytes(data[pos : pos + 2], "big")
        if count == 0:
            pos += 2
            continue
        size = data[pos + 2]
        offsets = pos + 3
        last = int.from_bytes(data[offsets + count * size : offsets + (count + 1) * size], "big")
        start = offsets + (count + 1) * size - 1
        if index != 1:
            yield start + 1, min(start + last, len(data)), "latin-1"
        pos = start + last


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
