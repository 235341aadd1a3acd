"""The texts a picture carries besides its pixels: a JPEG's application and comment segments,
a PNG's text chunks. Searched for redacted strings wherever a picture reaches an output."""

from __future__ import annotations

import zlib
from collections.abc import Iterator


def jpeg_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The payloads of a JPEG's application and comment segments (EXIF, XMP, comments)."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            payload = data[i + 4 : i + 2 + length]
            yield f"segment {marker:02X}", payload.decode("latin-1")
        i += 2 + length


def png_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The text chunks of a PNG (tEXt, zTXt, iTXt, eXIf)."""
    i = 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        body = data[i + 8 : i + 8 + length]
        if kind in (b"tEXt", b"iTXt", b"eXIf"):
            yield kind.decode(), body.decode("latin-1")
        elif kind == b"zTXt":
            _, _, rest = body.partition(b"\0")
            try:
                yield "zTXt", zlib.decompress(rest[1:]).decode("latin-1")
            except zlib.error:
                yield "zTXt", rest.decode("latin-1")
        i += 12 + length


def image_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """The texts a PNG or JPEG file carries besides its pixels."""
    if data.startswith(b"\x89PNG"):
        yield from png_texts(data)
    elif data.startswith(b"\xff\xd8"):
        yield from jpeg_texts(data)


__all__ = ["image_texts", "jpeg_texts", "png_texts"]
