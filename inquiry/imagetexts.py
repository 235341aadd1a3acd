"""The texts a picture carries besides its pixels: a JPEG's application and comment segments,
a PNG's text chunks. Searched for redacted strings wherever a picture reaches an output."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator

from inquiry.embedded import Span, readings, span_text


def jpeg_parts(data: bytes) -> list[tuple[int, int, int]]:
    """A JPEG cut into its parts, `(marker, start, end)` each: every marker segment (`0xDA`,
    start of scan, without its image data), each scan's image data (marker 0), the end marker,
    and whatever follows it (marker -1: cameras append data there). ValueError when damaged."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    out = [(0xD8, 0, 2)]
    n, i = len(data), 2
    while i < n:
        if data[i] != 0xFF:
            raise ValueError("JPEG segments are damaged")
        while i + 1 < n and data[i + 1] == 0xFF:  # fill bytes
            i += 1
        if i + 1 >= n:
            raise ValueError("JPEG ends inside a marker")
        marker = data[i + 1]
        if marker == 0xD9:
            out.append((0xD9, i, i + 2))
            if i + 2 < n:
                out.append((-1, i + 2, n))
            return out
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out.append((marker, i, i + 2))
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2 or i + 2 + length > n:
            raise ValueError("JPEG segment runs past the end of the file")
        out.append((marker, i, i + 2 + length))
        i += 2 + length
        if marker == 0xDA:  # image data, up to the next marker that is not a restart
            k = i
            while True:
                k = data.find(b"\xff", k)
                if k < 0 or k + 1 >= n:
                    out.append((0, i, n))
                    return out
                follower = data[k + 1]
                if follower == 0x00 or follower == 0xFF or 0xD0 <= follower <= 0xD7:
                    k += 1
                    continue
                break
            out.append((0, i, k))
            i = k
    return out


IMAGE_SEGMENTS = frozenset(range(0xC0, 0xD0)) - {0xC8} | {0xDA, 0xDB, 0}
"""The parts of a JPEG that make its image: frame headers, Huffman and arithmetic-coding
tables, quantisation tables, scan headers and their data (marker 0). Every other segment —
application segments (EXIF, XMP, ICC profiles, JFIF's thumbnail), comments, and whatever a
decoder skips (a DNL or DRI segment longer than its four bytes, an unknown marker) — and
whatever follows the end is where a producer keeps words."""
SHORT_SEGMENTS = frozenset({0xDC, 0xDD})
"""DNL and DRI: a two-byte number (a segment of six bytes); a longer one is read whole."""


def jpeg_spans(data: bytes) -> list[Span]:
    """Where a JPEG keeps text (`IMAGE_SEGMENTS`), read every way words are written
    (`embedded.readings`: EXIF's Windows fields and ICC profiles are UTF-16, XMP UTF-8); all
    of it when its segments are damaged."""
    try:
        parts = jpeg_parts(data)
    except ValueError:
        return readings(0, len(data))
    out: list[Span] = []
    for marker, start, end in parts:
        if marker in IMAGE_SEGMENTS or (marker in SHORT_SEGMENTS and end - start <= 6):
            continue
        if marker == -1 or start + 4 < end:
            out += readings(start + 4 if marker > 0 else start, end)
    return out


def jpeg_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The texts of `jpeg_spans`, each named by where it starts and how it was read."""
    for span in jpeg_spans(data):
        yield f"{span[2]} at {span[0]}", span_text(data, span)


_PNG_PIXELS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sBIT"})
"""A PNG's chunks of pixels and numbers: every other chunk (its texts, an ICC profile's name and
descriptions, a program's private chunk) is read for words."""


def png_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The texts a PNG carries besides its pixels: every chunk that is not pixels or numbers
    (its text chunks, EXIF, its ICC profile, a program's private chunk), and a compressed one's
    text inflated too, each read every way words are written (`embedded.readings`: an ICC
    profile's descriptions and EXIF's Windows fields are UTF-16, iTXt UTF-8)."""
    i = 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        body = data[i + 8 : i + 8 + length]
        label = kind.decode("latin-1")
        if kind not in _PNG_PIXELS:
            held = [body]
            if kind in (b"zTXt", b"iCCP"):
                with contextlib.suppress(zlib.error):
                    held.append(zlib.decompress(body.partition(b"\0")[2][1:]))
            for text in held:
                for span in readings(0, len(text)):
                    yield label, span_text(text, span)
        i += 12 + length


def image_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The texts a PNG or JPEG file carries besides its pixels."""
    if data.startswith(b"\x89PNG"):
        yield from png_texts(data)
    elif data.startswith(b"\xff\xd8"):
        yield from jpeg_texts(data)


__all__ = [
    "IMAGE_SEGMENTS",
    "SHORT_SEGMENTS",
    "image_texts",
    "jpeg_parts",
    "jpeg_spans",
    "jpeg_texts",
    "png_texts",
]
