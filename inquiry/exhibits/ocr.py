"""OCR for exhibit pages that have no text layer, so that every page of a bundle can be searched.

The work is done by ocrmypdf (with Tesseract), run as a separate process under a time and a memory
limit: a hostile or enormous scan can then only fail its own exhibit. Only the pages that need it
are handed over, and only those pages come back: every other page of the exhibit keeps its own
objects. ocrmypdf's output is not reproducible as it stands (it stamps dates, a random document ID
and a random resource name), so we keep its pages and nothing else, rename that resource and save
with a content-derived ID: the same exhibit gives the same bytes on every run.

No Ghostscript is needed: the output type is plain PDF (`--output-type pdf`, which also leaves
the page images as they were), pages are rasterised with pypdfium2 and the text layer is drawn by
ocrmypdf's own fpdf2 renderer.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import math
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from inquiry.errors import InquiryError
from inquiry.exhibits.syntax_check import PageKey, page_keys
from inquiry.exhibits.utf8_names import utf8_names
from inquiry.limits import (
    OCR_MEMORY,
    OCR_SECONDS,
    CommandFailed,
    LimitExceeded,
    human_size,
    run_command,
)
from inquiry.pdf_file import save
from inquiry.tempdirs import private

MIN_TEXT_CHARS = 3
"""A page extracting fewer real characters than this has no usable text layer (a scanner's stray
page number, a lone unmapped glyph)."""

SECONDS_PER_PAGE = 20.0
"""Wall-clock budget per page, on top of `limits.OCR_SECONDS` for the whole run: a dense A4 page
at 300 dpi takes about 3 s, an A2 page (35 megapixels) about 19 s."""
_WHO = "OCR (ocrmypdf with Tesseract)"

_NOT_TEXT = frozenset("\ufffd\ufffe\uffff")
_NOT_TEXT_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})


class OcrFailed(InquiryError):
    """No text layer could be added: the tools are missing, the PDF cannot be read, or ocrmypdf
    failed (a limit reached is `limits.LimitExceeded` instead)."""


# --------------------------------------------------------------------------- which pages


class PageText(NamedTuple):
    """A page as pdfium reads it: its text (as a reader's software extracts it), real characters
    in it (counted up to `MIN_TEXT_CHARS`), whether it draws any text object, whether it draws
    anything at all (text, image, path, shading, form content); and, when asked, whether it
    draws words its fonts cannot name (see `read_pages`). A page with enough characters is not
    looked into further: it draws text."""

    text: str
    chars: int
    text_drawn: bool
    drawn: bool
    unreadable: bool = False
    pictures: tuple[tuple[float, float, float, float], ...] = ()
    turned: int = 0  # how far its text reads turned as shown, clockwise: 0, 90, 180 or 270
    cropped: bool = False  # it holds text outside what it shows (`exhibits.cropped`)

    @property
    def needs_ocr(self) -> bool:
        return self.drawn and self.chars < MIN_TEXT_CHARS


SAMPLED = 60
"""Characters a page's reading direction is judged by (evenly spread over its text)."""


def _turned(textpage: pdfium.PdfTextPage, rotation: int) -> int:
    """How far most of a page's text reads turned as the page is shown (clockwise, to the
    nearest quarter turn: pdfium's angle of each character plus the page's /Rotate); 0 when
    no quarter holds three quarters of the characters sampled (a table's turned headings)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    quarters = [0, 0, 0, 0]
    for i in range(0, count, max(1, count // SAMPLED)):
        if pdfium_c.FPDFText_GetUnicode(textpage, i) <= 32:
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, i)
        if angle >= 0:
            quarters[round(math.degrees(angle) / 90) % 4] += 1
    most = max(range(4), key=lambda q: quarters[q])
    if quarters[most] < 0.75 * sum(quarters) or not quarters[most]:
        return 0
    return (most * 90 + rotation) % 360


def pages_without_text(pdf: Path | bytes) -> list[int]:
    """The 0-based pages that draw something but have no usable text layer (fewer than
    `MIN_TEXT_CHARS` real characters extracted): the pages OCR should read. Blank pages and pages
    with text are never listed."""
    return [index for index, page in enumerate(read_pages(pdf)) if page.needs_ocr]


def read_pages(pdf: Path | bytes, *, unmapped: int = 0, pictures: bool = False) -> list[PageText]:
    """Every page of `pdf`, read once (see `PageText`): what OCR and redaction both look at.
    With `unmapped`, a page is `unreadable` when it draws that many characters in a row that
    its fonts give no Unicode for (a font without a ToUnicode map: a letter's code is then a
    glyph number, and a name drawn so cannot be found in the text, though a reader sees it).
    With `pictures`, each page's pictures that could hold a word no text layer has
    (`inquiry.exhibits.pictures`)."""
    from inquiry.exhibits.cropped import cropped_text
    from inquiry.exhibits.pictures import picture_boxes

    try:
        document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    except pdfium.PdfiumError as exc:
        raise OcrFailed(f"the PDF could not be read for OCR ({exc})") from exc
    keys = page_keys(pdf)  # pages made of the same objects are read once (red team h110)
    first: dict[PageKey, int] = {}
    try:
        out: list[PageText] = []
        for index in range(len(document)):
            key = keys[index] if index < len(keys) else None
            if key is not None:
                if key in first:
                    out.append(out[first[key]])
                    continue
                first[key] = index
            page = document[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                unreadable = bool(unmapped) and _unmapped_run(textpage, unmapped)
                chars = _real_chars(text)
                has_text = chars >= MIN_TEXT_CHARS
                turned = _turned(textpage, page.get_rotation()) if has_text else 0
                cropped = bool(chars) and cropped_text(page, textpage)
                textpage.close()
                boxes = picture_boxes(page) if pictures else ()
                if has_text:
                    out.append(
                        PageText(text, chars, True, True, unreadable, boxes, turned, cropped)
                    )
                    continue
                kinds = {obj.type for obj in page.get_objects()}
                drawn = pdfium_c.FPDF_PAGEOBJ_TEXT in kinds
                out.append(PageText(text, chars, drawn, bool(kinds), unreadable, boxes, 0, cropped))
            finally:
                page.close()
        return out
    finally:
        document.close()


def _unmapped_run(textpage: pdfium.PdfTextPage, length: int) -> bool:
    """Whether `length` characters in a row have no Unicode mapping (about 0.5 µs a character
    asked; asked only of an edition that redacts). Every `length`-th character is asked first:
    such a run holds one of them, and only around one without a mapping are the others asked."""
    error = pdfium_c.FPDFText_HasUnicodeMapError
    count = textpage.count_chars()
    for probe in range(length - 1, count, length):
        if error(textpage, probe) != 1:
            continue
        start = probe
        while start > 0 and probe - start < length - 1 and error(textpage, start - 1) == 1:
            start -= 1
        end = probe + 1
        while end < count and end - start < length and error(textpage, end) == 1:
            end += 1
        if end - start >= length:
            return True
    return False


def _real_chars(text: str) -> int:
    """Characters a reader could search for (not spaces, controls, or 'no mapping' marks),
    counted up to `MIN_TEXT_CHARS`."""
    count = 0
    for ch in text:
        if ch not in _NOT_TEXT and unicodedata.category(ch) not in _NOT_TEXT_CATEGORIES:
            count += 1
            if count == MIN_TEXT_CHARS:
                break
    return count


# --------------------------------------------------------------------------- tools


def ocr_available(language: str = "eng") -> bool:
    """True when Tesseract with `language` data and ocrmypdf can both be run."""
    installed = _languages()
    return bool(installed) and all(lang in installed for lang in language.split("+"))


@functools.cache
def _languages() -> frozenset[str]:
    """Tesseract's installed languages ('osd' is what page rotation needs); empty when Tesseract
    or ocrmypdf is not installed. ocrmypdf is looked up, not run: starting it to ask its version
    cost 0.7 s of every build, and one that is installed but broken fails at the exhibit, with
    its message, like any other OCR failure."""
    tesseract = shutil.which("tesseract")
    if tesseract is None or importlib.util.find_spec("ocrmypdf") is None:
        return frozenset()
    try:
        listing = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, timeout=30, check=True
        ).stdout.decode(errors="replace")
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    # "List of available languages in "…" (2):" then one language per line
    lines = [line.strip() for line in listing.splitlines()]
    return frozenset(line for line in lines if line and not line.endswith(":"))


# --------------------------------------------------------------------------- adding text


def add_text_layer(
    pdf: bytes,
    pages: Sequence[int],
    *,
    language: str = "eng",
    rotate: bool = True,
    deskew: bool = False,
    jobs: int = 1,
    seconds: float | None = None,
    memory: int = OCR_MEMORY,
) -> bytes:
    """`pdf` with an invisible OCR text layer on each of `pages` (0-based) that needs one.

    A listed page that already has a usable text layer is left alone, as is every page not
    listed (its objects are kept, not copied through ocrmypdf). `rotate` lets ocrmypdf turn a
    sideways page upright (it sets /Rotate, the image is untouched); `deskew` lets it straighten
    a skewed scan, which replaces the page image by a re-rasterised one, usually larger. The
    result is the same bytes for the same input. ocrmypdf runs under `seconds` (by default
    `limits.OCR_SECONDS` plus `SECONDS_PER_PAGE` a page) and `memory`; a limit reached raises
    `limits.LimitExceeded`, any other failure `OcrFailed`, each with a readable message."""
    survey = read_pages(pdf)
    for index in pages:
        if not 0 <= index < len(survey):
            raise OcrFailed(f"page {index + 1} does not exist (the exhibit has {len(survey)})")
    wanted = sorted({i for i in pages if survey[i].needs_ocr})
    if not wanted:
        return pdf
    if not ocr_available(language):
        raise OcrFailed(f"OCR needs Tesseract (with '{language}' data) and ocrmypdf installed")
    # A page with a few stray characters drawn as text needs ocrmypdf's 'redo' mode, which reads
    # the page's images but leaves its text objects alone; 'skip' mode would not touch it at all.
    # 'redo' cannot deskew, so those pages are only ever rotated.
    bare = [i for i in wanted if not survey[i].text_drawn]
    stray = [i for i in wanted if survey[i].text_drawn]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for group, mode in ((bare, "skip"), (stray, "redo")):
            if group:
                turn = rotate and "osd" in _languages()
                options = _options(mode, language, rotate=turn, deskew=deskew and mode == "skip")
                budget = OCR_SECONDS + SECONDS_PER_PAGE * len(group) if seconds is None else seconds
                _ocr_pages(document, pdf, group, options, jobs=jobs, seconds=budget, memory=memory)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def _options(mode: str, language: str, *, rotate: bool, deskew: bool) -> list[str]:
    """ocrmypdf's command-line options; each chosen for a plain, reproducible, Ghostscript-free
    result that changes nothing but the text layer."""
    options = [
        "--mode", mode,
        "--output-type", "pdf",  # PDF/A would rewrite the document (and may need Ghostscript)
        "--optimize", "0",  # -O1 recompresses images: a visible change to evidence, and slow
        "--rasterizer", "pypdfium",  # no Ghostscript
        "--pdf-renderer", "fpdf2",
        "--language", language,
        "--tesseract-downsample-large-images",  # a huge scan is read smaller, not given up on
        "--max-ocr-image-mpixels", "16",  # and a 48-megapixel phone photo within OCR_MEMORY
        "--invalidate-digital-signatures",  # only the page comes back; the signature never did
        "--plugin", str(Path(__file__).with_name("ocr_raster.py")),  # each page drawn ≤ 16 Mpx
        "--quiet",
    ]  # fmt: skip
    if rotate:
        options.append("--rotate-pages")
    if deskew:
        options.append("--deskew")
    return options


def _ocr_pages(
    document: pikepdf.Pdf,
    original: bytes,
    pages: list[int],
    options: list[str],
    *,
    jobs: int,
    seconds: float,
    memory: int,
) -> None:
    """Run ocrmypdf on a copy holding only `pages`, then put its pages in their places."""
    with private("ocr") as tmp:
        source, target = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        with pikepdf.open(io.BytesIO(original)) as subset:
            keep = set(pages)
            for index in reversed(range(len(subset.pages))):
                if index not in keep:
                    del subset.pages[index]
            utf8_names(subset)
            save(subset, source)
        argv = [sys.executable, "-m", "ocrmypdf", "--jobs", str(jobs), *options]
        argv += [str(source), str(target)]
        _run(argv, seconds=seconds, memory=memory, tmp=tmp)
        with pikepdf.open(target) as done:
            if len(done.pages) != len(pages):
                raise OcrFailed("ocrmypdf returned a different number of pages")
            for position, index in enumerate(pages):
                _fix_names(done, done.pages[position])
                _graft(document, document.pages[index].obj, done, done.pages[position].obj)


def _graft(
    document: pikepdf.Pdf, target: pikepdf.Dictionary, source: pikepdf.Pdf, page: pikepdf.Dictionary
) -> None:
    """Make page object `target` what `page` of `source` is, keeping the object itself (and its
    place in the page tree), so whatever refers to the page (a link, an outline) still does."""
    bare = source.make_indirect(
        pikepdf.Dictionary({k: v for k, v in page.items() if k != "/Parent"})
    )
    copied = document.copy_foreign(bare)
    for key in list(target.keys()):
        if key != "/Parent":
            del target[key]
    for key, value in copied.items():
        target[key] = value


def _fix_names(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """ocrmypdf names the text layer's XObject at random (`/OCR-x8Kq…`); give it a fixed name so
    the page's bytes do not change between runs."""
    xobjects = page.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    renames: dict[str, str] = {}
    keys: list[str] = list(xobjects.keys())
    for key in sorted(k for k in keys if k.startswith("/OCR-")):
        name = next(f"/OCR{n}" for n in range(len(xobjects) + 1) if f"/OCR{n}" not in xobjects)
        xobjects[name] = xobjects[key]
        del xobjects[key]
        renames[key] = name
    if not renames:
        return
    instructions = pikepdf.parse_content_stream(page)
    rewritten = [
        pikepdf.ContentStreamInstruction([_renamed(o, renames) for o in op.operands], op.operator)
        if isinstance(op, pikepdf.ContentStreamInstruction)
        else op
        for op in instructions
    ]
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))


def _renamed(operand: pikepdf.Object, renames: dict[str, str]) -> pikepdf.Object:
    if isinstance(operand, pikepdf.Name) and str(operand) in renames:
        return pikepdf.Name(renames[str(operand)])
    return operand


# --------------------------------------------------------------------------- running


def _run(argv: list[str], *, seconds: float, memory: int, tmp: str) -> None:
    """Run ocrmypdf under the build's limits; a limit or a failure becomes a readable error."""
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TESSDATA_PREFIX")
    env = {k: v for k, v in os.environ.items() if k in kept}
    # One OpenMP thread: Tesseract's threads each reserve memory and fight over the cores.
    env.update(TMPDIR=tmp, OMP_THREAD_LIMIT="1", PYTHONHASHSEED="0")
    try:
        run_command(argv, seconds=seconds, memory=memory, cwd=tmp, env=env)
    except LimitExceeded as exc:  # named after the program, which here is only "python"
        raise LimitExceeded(kind=exc.kind, limit=exc.limit, detail=_WHO) from None
    except CommandFailed as exc:
        if "failed to map segment" in exc.stderr:  # the interpreter could not even load
            raise LimitExceeded(kind="memory", limit=human_size(memory), detail=_WHO) from None
        last = exc.stderr.strip().splitlines()[-1:] or [f"exit status {exc.returncode}"]
        raise OcrFailed(f"ocrmypdf failed: {last[0].strip()}") from None
