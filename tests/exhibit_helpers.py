"""Builders and inspectors for the exhibit tests: hand-made PDFs, rendering, object walks."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from PIL import Image

from inquiry.render.pdf.exhibits import PreparedExhibit, place_page

FORBIDDEN = frozenset(
    {"/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/OpenAction", "/AA", "/XFA"}
)

Box = tuple[float, float, float, float]


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


def save(pdf: pikepdf.Pdf, path: Path, **options: object) -> Path:
    pdf.save(path, **options)  # type: ignore[arg-type]
    return path


def place_all(exhibit: PreparedExhibit, *, strip: float = 0.0) -> pikepdf.Pdf:
    """A new PDF with one page per exhibit page, sized as `sizes` says plus a strip below."""
    target = pikepdf.new()
    for index, (width, height) in enumerate(exhibit.sizes):
        target.add_blank_page(page_size=(width, height + strip))
        place_page(target, target.pages[-1], exhibit, index, box=(0, strip, width, height + strip))
    return target


def blank_target(size: tuple[float, float], content: bytes = b"") -> pikepdf.Pdf:
    """A target PDF with one page whose existing content (the 'stamp') is `content`."""
    target = pikepdf.new()
    target.add_blank_page(page_size=size)
    if content:
        target.pages[0].obj.Contents = target.make_stream(content)
    return target


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


def forbidden_found(path: Path) -> set[str]:
    """Every forbidden key, or name value (e.g. /S /JavaScript), anywhere in the saved file."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
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


def _is_direct_container(value: object) -> bool:
    containers = pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array
    return isinstance(value, containers) and not value.is_indirect


def has(tool: str) -> bool:
    return shutil.which(tool) is not None


def render(pdf: pikepdf.Pdf, tmp: Path, *, dpi: int = 30) -> Image.Image:
    """The first page rendered by poppler, in greyscale."""
    source = tmp / "render.pdf"
    pdf.save(source)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", str(source), str(tmp / "r")],
        check=True,
        capture_output=True,
    )
    with Image.open(tmp / "r.png") as image:
        return image.convert("L")


def text_of(path: Path, page: int = 1) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
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
