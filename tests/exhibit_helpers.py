"""Builders and inspectors for the exhibit tests: hand-made PDFs and images, preparing them,
rendering, object walks, and hostile files of every class the build must refuse."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from PIL import Image

from inquiry.exhibits.prepare import Options, Prepared, prepare

FORBIDDEN = frozenset(
    {"/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/OpenAction", "/AA", "/XFA"}
)

Box = tuple[float, float, float, float]


def prepared(data: bytes, *, strip: float = 0.0, ocr: str = "never") -> Prepared:
    """`data` prepared as the build prepares an exhibit (without OCR unless asked)."""
    return prepare(data, strip=Options(strip, ocr))


def pdf_bytes(pdf: pikepdf.Pdf, **options: object) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, **options)  # type: ignore[arg-type]
    return buf.getvalue()


def opened(exhibit: Prepared) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(exhibit.pdf))


def helvetica() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )


def one_page_pdf(
    content: bytes,
    *,
    mediabox: Box = (0, 0, 300, 500),
    **page_keys: object,
) -> pikepdf.Pdf:
    """A PDF with one page drawing `content`, with a Helvetica /F1 and any extra page keys."""
    pdf = pikepdf.new()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array(list(mediabox)),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica())),
        Contents=pdf.make_stream(content),
    )
    for key, value in page_keys.items():
        page[f"/{key}"] = value
    pdf.pages.append(pikepdf.Page(page))
    return pdf


def save(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def walk(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    """(key, value) for every dictionary entry of every object in the file, names as values too."""
    for obj in pdf.objects:
        yield from _entries(obj)


def _entries(obj: pikepdf.Object) -> Iterator[tuple[str, pikepdf.Object]]:
    """Direct objects form a tree, so recursing into them (not indirect ones) always ends."""
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key, value in obj.items():
            yield key, value
            if _is_direct_container(value):
                yield from _entries(value)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            yield "", value
            if _is_direct_container(value):
                yield from _entries(value)


def forbidden_found(source: Path | bytes) -> set[str]:
    """Every forbidden key, or name value (e.g. /S /JavaScript), anywhere in the file."""
    found: set[str] = set()
    with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        for key, value in walk(pdf):
            if key in FORBIDDEN:
                found.add(key)
            if isinstance(value, pikepdf.Name) and str(value) in FORBIDDEN | {
                "/Launch",
                "/SubmitForm",
                "/ImportData",
                "/GoToR",
                "/FileAttachment",
            }:
                found.add(str(value))
    return found


def decoded_streams(source: bytes) -> bytes:
    """Every stream of the file, decoded where it can be, joined."""
    out = []
    with pikepdf.open(io.BytesIO(source)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    out.append(obj.read_bytes())
                except pikepdf.PdfError:
                    out.append(obj.read_raw_bytes())
    return b"\n".join(out)


_KEEP_OPEN: list[pikepdf.Pdf] = []
"""Files whose objects a test still holds (a pikepdf object dies with its file)."""


def image_streams(source: Path | bytes) -> list[pikepdf.Stream]:
    """Every image XObject in the file (however deeply its forms nest it)."""
    found = []
    pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    _KEEP_OPEN.append(pdf)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            found.append(obj)
    return found


def only_image(exhibit: Prepared) -> pikepdf.Stream:
    [image] = image_streams(exhibit.pdf)
    return image


def _is_direct_container(value: object) -> bool:
    containers = pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array
    return isinstance(value, containers) and not value.is_indirect


def has(tool: str) -> bool:
    return shutil.which(tool) is not None


def render(source: bytes | Path, tmp: Path, *, dpi: int = 30, page: int = 1) -> Image.Image:
    """A page rendered by poppler, in greyscale."""
    path = source if isinstance(source, Path) else save(source, tmp / "render.pdf")
    subprocess.run(
        [
            *("pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page)),
            *(str(path), str(tmp / "r")),
        ],
        check=True,
        capture_output=True,
    )
    with Image.open(tmp / "r.png") as image:
        return image.convert("L")


def text_of(source: Path | bytes, page: int = 1) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"]
        if isinstance(source, bytes)
        else ["pdftotext", "-f", str(page), "-l", str(page), str(source), "-"],
        input=source if isinstance(source, bytes) else None,
        capture_output=True,
        check=False,
    )
    return result.stdout.decode("utf-8", "replace")


def darkness(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Mean darkness (0 white, 1 black) of a region in fractions (left, top, right, bottom)."""
    w, h = image.size
    region = image.crop(
        (int(box[0] * w), int(box[1] * h), max(int(box[2] * w), 1), max(int(box[3] * h), 1))
    )
    pixels = region.tobytes()
    return 1 - sum(pixels) / (255 * len(pixels))


def image_bytes(image: Image.Image, fmt: str, **options: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **options)
    return buf.getvalue()


def secret_images(size: tuple[int, int], exif_tags: dict[int, str]) -> tuple[bytes, bytes]:
    """A JPEG and a PNG of noise carrying every kind of metadata, each value starting SECRET:
    the EXIF `exif_tags`, a JPEG comment and XMP packet, PNG tEXt, iTXt and zTXt chunks."""
    from PIL import PngImagePlugin

    exif = Image.Exif()
    for tag, value in exif_tags.items():
        exif[tag] = value
    photo = Image.effect_noise(size, 40).convert("RGB")
    jpeg = image_bytes(
        photo, "JPEG", exif=exif.tobytes(), comment=b"SECRETCOMMENT", xmp=b"<x>SECRETXMP</x>"
    )
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRETPNGTEXT")
    info.add_itxt("Comment", "SECRETITXT")
    info.add_text("Software", "SECRETZTXT", zip=True)
    return jpeg, image_bytes(photo, "PNG", pnginfo=info, exif=exif.tobytes())


# --------------------------------------------------------------------------- hostile files


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(side: int = 13_000) -> bytes:
    """A real, complete PNG of side × side black-and-white pixels: a few hundred KB that
    decode to hundreds of megabytes."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    squeeze = zlib.compressobj(9)
    data = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int = 12_000, height: int = 12_000) -> bytes:
    """A small JPEG whose frame header claims `width` × `height` pixels."""
    data = bytearray(image_bytes(Image.new("RGB", (16, 16), "grey"), "JPEG"))
    i = 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            data[i + 5 : i + 9] = struct.pack(">HH", height, width)
            return bytes(data)
        i += 2 + length
    raise AssertionError("no frame header")


def flate_bomb(inflated: int = 4 << 30) -> bytes:
    """A one-page PDF whose content stream, a few megabytes, claims to inflate to `inflated`
    bytes (4 GiB): one compressed mebibyte of spaces, fully flushed (so it stands alone),
    repeated. (Its checksum is wrong, but nothing reads that far without inflating it all.)"""
    squeeze = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    head = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    body = head + block * ((inflated >> 20) - 1) + squeeze.flush()
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, body)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 300, 300], Contents=stream)
        )
    )
    return pdf_bytes(
        pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
    )


def page_tree_cycle() -> bytes:
    """A PDF whose page tree contains itself."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >> endobj\n"
        b"trailer << /Root 1 0 R /Size 4 >>\n%%EOF\n"
    )


def zero_pages() -> bytes:
    return pdf_bytes(pikepdf.new())


def truncated_pdf() -> bytes:
    """A real two-page PDF cut off half-way: no cross-reference table, no end-of-file marker."""
    from conftest import make_pdf

    whole = make_pdf(2, text="Truncated")
    return whole[: len(whole) // 2]


def black_scan(width: int = 40, height: int = 56) -> pikepdf.Pdf:
    """A one-page A4 PDF that is a black grey-scale image from edge to edge (a dark scan)."""
    pdf = pikepdf.new()
    image = pdf.make_stream(
        Image.new("L", (width, height), 0).tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=width,
        Height=height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
                Contents=pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            )
        )
    )
    return pdf


def gray_image(
    pdf: pikepdf.Pdf, data: bytes, size: tuple[int, int], **keys: object
) -> pikepdf.Stream:
    """An 8-bit greyscale image XObject of `size` holding `data` (with any further keys)."""
    return pdf.make_stream(
        data,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=size[0],
        Height=size[1],
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        **keys,
    )
