"""An exhibit file made into bundle-ready pages: checked, sanitised, upright, with room below.

`prepare(data, strip=…)` returns a small PDF whose every page is one page of the exhibit as the
reader sees it (CropBox applied, /Rotate turned upright, tiny pages scaled up to A6, huge ones
down to what viewers accept), drawn as a Form XObject above an empty strip `strip` points tall
where assembly puts the caption and the bundle page number — so nothing is ever drawn over the
exhibit. A picture's page is A4 with the picture inside margins wider than the strip, so it
stays A4 and the strip lies in its blank bottom margin. The same function runs for `validate`
and `build` (in a worker, under limits), so validation refuses exactly what the build would.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

import pikepdf

from inquiry.exhibits.errors import ExhibitError, describe, no_pages
from inquiry.exhibits.files import sniff
from inquiry.exhibits.geometry import (
    MAX_SIDE,
    MIN_SIDE,
    crop,
    fmt,
    num,
    placement,
    rotation,
    strip_scale,
    visible_size,
)
from inquiry.exhibits.images import IMAGE_MARGIN, image_pdf
from inquiry.exhibits.sanitise import decode_contents, flatten, left_out, sanitise
from inquiry.exhibits.syntax_check import (
    ContentKey,
    PageKey,
    check_damage,
    check_depth,
    check_inflated_size,
    damaged,
    page_key,
)
from inquiry.exhibits.unused import drop_unused

MAX_PAGES = 20_000
"""The most pages one exhibit may have."""
VERSION = "prepare-18"
UNMAPPED_RUN = 3
"""Characters in a row without a Unicode mapping that make a page's text unreadable to
redaction (a name's shortest word; a stray symbol or two in a maths font is common)."""
"""Changes whenever preparation changes what it makes (part of every cache key)."""


Region = tuple[int, tuple[float, float, float, float], str | None]


@dataclass(frozen=True)
class Options:
    """What shapes a prepared exhibit besides its bytes: the strip below each page, OCR
    ("auto": pages without text, when the tools are installed; "always": the same, and missing
    tools are an error; "never"), and the public edition's redactions — every redacted string of
    the edition (text, code) and this exhibit's own regions (page, box, code)."""

    strip: float
    ocr: str = "auto"
    ocr_tools: bool = False  # decided once, by the build, so the cache key says it
    strings: tuple[tuple[str, str | None], ...] = ()
    regions: tuple[Region, ...] = ()
    language: str = "eng"


@dataclass(frozen=True)
class Prepared:
    """A prepared exhibit: its kind, its original hash, the bundle-ready PDF and page sizes
    (each including the strip); the pages left without text (1-based); each redaction made
    (page, code); the strings asked for and found nowhere; pages whose OCR could not be
    verified after redaction."""

    kind: str
    sha256: str
    pdf: bytes
    sizes: tuple[tuple[float, float], ...]
    no_text: tuple[int, ...] = ()
    marks: tuple[tuple[int, str | None], ...] = ()
    missing: tuple[str, ...] = ()
    unverified: tuple[int, ...] = ()
    left_out: tuple[str, ...] = ()  # what the exhibit held that the bundle does not carry
    unsearched: tuple[int, ...] = ()  # pictures, or fonts without Unicode, OCR not at hand
    redacted: bool = False  # a redacted string or region was taken out (`pdf` is not the source)
    turned: tuple[int, ...] = ()  # pages whose text reads sideways or upside down, 1-based
    cropped: tuple[int, ...] = ()  # pages holding text outside what they show, 1-based


Pictured = dict[int, tuple[tuple[float, float, float, float], ...]]
"""A page's pictures no text layer reads (0-based page → boxes in page space)."""


def prepare(data: bytes, *, strip: float | Options) -> Prepared:
    """Bundle-ready pages for an exhibit's bytes; ExhibitError says why it cannot be."""
    options = strip if isinstance(strip, Options) else Options(strip)
    kind = sniff(data[:1024])
    if kind is None:
        raise ExhibitError(
            "is not a PDF, PNG or JPEG file (its contents are not recognised)", code="exhibit-type"
        )
    try:
        if kind == "pdf":
            source, dropped = _open_pdf(data)
        else:
            source, dropped = image_pdf(data, jpeg=kind == "jpeg"), ()
        clean = _save(source)
        turned: list[int] = []
        cropped: list[int] = []
        clean, no_text, texts, unreadable, pictured = _ocr(
            clean, options, picture=kind != "pdf", turned=turned, cropped=cropped
        )
        unredacted = clean
        clean, marks, missing, unverified, unsearched, remade = _redact(
            clean, options, texts, unreadable, pictured
        )
        if marks or remade:
            # A page redacted from pixels was given OCR's text layer: it may have one now. A
            # page that had text has none when OCR was off (or kept reading a redacted string:
            # `unverified`, said on its own): it is said to be left without text too.
            from inquiry.exhibits.ocr import read_pages

            before, after = read_pages(unredacted), read_pages(clean)
            rebuilt = {page for page in remade if not before[page - 1].needs_ocr}
            pages = {*no_text, *(rebuilt - set(unverified))}
            no_text = tuple(sorted(n for n in pages if after[n - 1].needs_ocr))
        redacted = bool(marks or remade)
        cropped = [page for page in cropped if page not in remade]  # those are pixels now
        if options.strings:
            from inquiry.exhibits.hidden import scrub
            from inquiry.redaction import Matcher

            scrubbed = scrub(clean, Matcher.of(options.strings))
            redacted = redacted or scrubbed != clean
            clean = scrubbed
        # A picture's A4 page has room for the strip in its own margin: it stays A4.
        extend = kind == "pdf" or options.strip > IMAGE_MARGIN
        out, sizes = _place_all(pikepdf.open(io.BytesIO(clean)), options.strip, extend=extend)
        check_depth(out)
    except ExhibitError:
        raise
    except (pikepdf.PikepdfError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise ExhibitError(f"could not be prepared ({describe(exc)})") from exc
    return Prepared(
        kind,
        hashlib.sha256(data).hexdigest(),
        out,
        sizes,
        no_text,
        marks,
        missing,
        unverified,
        dropped,
        unsearched,
        redacted,
        tuple(turned),
        tuple(cropped),
    )


def _save(pdf: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buf.getvalue()


def _ocr(
    pdf: bytes,
    options: Options,
    *,
    picture: bool = False,
    turned: list[int] | None = None,
    cropped: list[int] | None = None,
) -> tuple[bytes, tuple[int, ...], list[str] | None, tuple[int, ...], Pictured]:
    """OCR the pages without a text layer (never a page that has one); the pages still
    without text afterwards, 1-based; the text of each page (for redaction, which need not
    read it again); when the edition redacts strings, the pages (0-based) drawing words their
    fonts cannot name, and the pictures (by page, 0-based) that no text layer reads — not those
    of a page OCR has just read whole. A `picture` (PNG, JPEG) OCR found no words on is a
    photograph, not a page left unsearchable. `turned` is given the pages (1-based) whose text
    reads sideways or upside down, `cropped` those holding text outside what they show."""
    from inquiry.exhibits.ocr import OcrFailed, add_text_layer, read_pages

    unmapped = _unmapped_run(options.strings)
    redacting = bool(options.strings)
    try:
        pages = read_pages(pdf, unmapped=unmapped, pictures=redacting)
    except OcrFailed as exc:
        raise ExhibitError(f"could not be read ({exc})") from exc
    texts = [page.text for page in pages]
    if turned is not None:
        turned += [i + 1 for i, page in enumerate(pages) if page.turned]
    if cropped is not None:
        cropped += [i + 1 for i, page in enumerate(pages) if page.cropped]
    unreadable = tuple(i for i, page in enumerate(pages) if page.unreadable)
    pictured = {i: page.pictures for i, page in enumerate(pages) if page.pictures}
    bare = [index for index, page in enumerate(pages) if page.needs_ocr]
    if not bare or options.ocr == "never":
        return pdf, tuple(i + 1 for i in bare), texts, unreadable, pictured
    if not options.ocr_tools:
        if options.ocr == "always":
            raise ExhibitError(
                "needs OCR (it has pages without text) and --ocr always was given, but "
                "Tesseract or ocrmypdf is not installed",
                code="exhibit-ocr",
            )
        return pdf, tuple(i + 1 for i in bare), texts, unreadable, pictured
    try:
        pdf = add_text_layer(pdf, bare, language=options.language)
        after = read_pages(pdf, unmapped=unmapped, pictures=redacting)
    except OcrFailed as exc:
        raise ExhibitError(f"could not be read by OCR ({exc})", code="exhibit-ocr") from exc
    # A scanned PDF page OCR found no words on is still one a search cannot find words on
    # (text too faint, handwritten or sideways for Tesseract): said, never passed over. A
    # picture with no words is taken for a photograph.
    unread = () if picture else tuple(i + 1 for i in bare if after[i].needs_ocr)
    unreadable = tuple(i for i, page in enumerate(after) if page.unreadable)
    done = set(bare)
    pictured = {i: p.pictures for i, p in enumerate(after) if p.pictures and i not in done}
    return pdf, unread, [p.text for p in after], unreadable, pictured


def _unmapped_run(strings: tuple[tuple[str, str | None], ...]) -> int:
    """How many unmapped characters in a row make a page unreadable to these strings (0 for
    none): `UNMAPPED_RUN`, or fewer when a word of one is shorter (`Li`, `Wu`)."""
    words = [len(w) for text, _ in strings for w in re.findall(r"[^\W\d_]+|\d+", text)]
    return max(2, min(UNMAPPED_RUN, *words)) if words else 0


def _redact(
    pdf: bytes,
    options: Options,
    texts: list[str] | None,
    unreadable: tuple[int, ...] = (),
    pictured: Pictured | None = None,
) -> tuple[
    bytes,
    tuple[tuple[int, str | None], ...],
    tuple[str, ...],
    tuple[int, ...],
    tuple[int, ...],
    tuple[int, ...],
]:
    """Remove the edition's redacted strings and this exhibit's regions, pixels and all; the
    `unreadable` pages (0-based) are searched by OCR of their rendering. Also the 1-based
    pages rebuilt from pixels (those marked, and those whose fonts' text could not be trusted)."""
    if not options.strings and not options.regions:
        return pdf, (), (), (), (), ()
    from inquiry.exhibits.redact import (
        RedactionFailed,
        RegionRedaction,
        StringRedaction,
        redact_pdf,
    )

    try:
        result = redact_pdf(
            pdf,
            [StringRedaction(text, code) for text, code in options.strings],
            [RegionRedaction(page, box, code) for page, box, code in options.regions],
            ocr=options.ocr != "never",
            language=options.language,
            texts=texts,
            unreadable=unreadable,
            pictures=pictured or {},
        )
    except RedactionFailed as exc:
        raise ExhibitError(str(exc), code="exhibit-redaction") from exc
    marks = tuple((m.page, m.code) for m in result.marks)
    missing, unverified = tuple(result.missing), tuple(result.unverified)
    return result.pdf, marks, missing, unverified, tuple(result.unsearched), tuple(result.rebuilt)


def _open_pdf(data: bytes) -> tuple[pikepdf.Pdf, tuple[str, ...]]:
    """Open (with qpdf's repair), check, flatten and sanitise a PDF exhibit; say what it held
    that the bundle leaves out (`sanitise.left_out`)."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise ExhibitError(
            "is encrypted with a password; supply an unencrypted copy", code="exhibit-encrypted"
        ) from exc
    except pikepdf.PikepdfError as exc:
        raise damaged(exc) from exc
    try:
        count = len(pdf.pages)
    except (pikepdf.PikepdfError, RecursionError) as exc:
        raise damaged(exc) from exc
    if count == 0:
        raise no_pages(pdf)
    if count > MAX_PAGES:
        raise ExhibitError(
            f"has {count:,} pages, over the limit of {MAX_PAGES:,}", code="exhibit-too-large"
        )
    check_damage(pdf, data)
    dropped = left_out(pdf)
    flatten(pdf)
    sanitise(pdf)
    decoded: dict[ContentKey, pikepdf.Object] = {}
    for number, page in enumerate(pdf.pages, start=1):
        check_inflated_size(page, number)
        decode_contents(pdf, page, number, decoded)
    drop_unused(pdf)  # what no page draws no search of the pages sees, and no reader needs
    return pdf, dropped


def _place_all(
    source: pikepdf.Pdf, strip: float, *, extend: bool = True
) -> tuple[bytes, tuple[tuple[float, float], ...]]:
    """Each page drawn upright into a new page of its visible size plus the strip (`extend`),
    or of its visible size alone when its own bottom margin, blank, holds the strip."""
    base = strip if extend else 0.0
    out = pikepdf.new()
    sizes = []
    forms: dict[tuple[PageKey, tuple[float, ...]], pikepdf.Object] = {}
    for number, page in enumerate(source.pages, start=1):
        width, height = visible_size(page)
        strip = base * strip_scale(width, height)  # a larger page gets a larger strip
        if height + strip > MAX_SIDE:  # at the viewers' limit already: the strip must fit too
            width, height = width * (MAX_SIDE - strip) / height, MAX_SIDE - strip
            strip = base * strip_scale(width, height)  # no larger than before: still fits
        if width < MIN_SIDE or height < MIN_SIDE:
            raise ExhibitError(
                f"page {number} is {width:g} × {height:g} points once scaled to what viewers "
                "accept: too thin to show",
                code="exhibit-page-size",
            )
        box = crop(page)
        # Pages made of the same objects (h110: 80 sharing one 7 MB stream) share one form.
        key = page_key(page.obj)
        shared = forms.get((key, box)) if key is not None else None
        if shared is None:
            form = page.as_form_xobject(handle_transformations=False)
            form.BBox = pikepdf.Array([num(v) for v in box])
            if "/Matrix" in form:
                del form["/Matrix"]
            shared = out.copy_foreign(form)
            if key is not None:
                forms[key, box] = shared
        matrix = placement(
            box, rotation(page.obj.get("/Rotate")), (0, strip, width, height + strip)
        )
        clip = f"0 {fmt((strip,))} {fmt((width, height))} re W n"
        target = out.add_blank_page(page_size=(width, height + strip))
        target.obj.MediaBox = pikepdf.Array([0, 0, num(width), num(height + strip)])
        target.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Exh0=shared))
        target.obj.Contents = out.make_stream(f"q {clip} {fmt(matrix)} cm /Exh0 Do Q\n".encode())
        sizes.append((float(num(width)), float(num(height + strip))))
    buf = io.BytesIO()
    out.save(
        buf,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )
    return buf.getvalue(), tuple(sizes)
