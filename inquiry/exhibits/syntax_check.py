"""What `prepare` checks before it trusts an exhibit's PDF, each thing at the cost of what it is.

qpdf's syntax check (`qpdf --check`, `check_syntax`), inflation bombs (`check_damage`,
`check_inflated_size`) and nesting deeper than the bundle's page hash reads (`check_depth`).
pikepdf's `Pdf.check_pdf_syntax` follows `QPDFJob::doCheck`: the document's structures, every
stream decoded, then every page's content parsed — once per page, through a Python callback for
each token. A page's content is its `/Contents` stream or streams and nothing else, so pages
drawing the same streams (a 22 KB file of 80 pages sharing one stream of 200,000 operators, red
team h110) parse the same and report the same: here they are parsed once, and the check finds
what qpdf's does at the cost of the distinct content (that file: 61 s before, about 2 s now).
`content_key` and `page_keys` say which pages are the same, for the other steps to read once.
"""

from __future__ import annotations

import zlib
from io import BytesIO, StringIO
from pathlib import Path

import pikepdf

from inquiry.exhibits.errors import ExhibitError, describe
from inquiry.pagehash import EXHIBIT_DEPTH, TooDeep, check_nesting
from inquiry.pagehash_values import name_text

MAX_CONTENT_BYTES = 256 * 1024 * 1024
"""The most a page's content may inflate to: a few kilobytes of compressed stream can claim
gigabytes; it is measured by inflating in bounded steps before anything is decoded whole."""
MAX_STREAM_BYTES = 512 * 1024 * 1024
"""The most any one stream may inflate to."""

MAX_IMAGE_PIXELS = 250_000_000
"""The most pixels an image inside a PDF exhibit may have (ocrmypdf's own limit; an A1 sheet
scanned at 600 dpi is 216 million). A larger one decodes to gigabytes: qpdf's check, pdfium's
reading and OCR run out of their memory limits on it, and pdfium then draws nothing at all."""

ContentKey = tuple[tuple[int, int], ...]


class _Discarding(pikepdf.StreamParser):
    def __init__(self) -> None:
        super().__init__()  # required by the C++ side

    def handle_object(self, *_args: object) -> None:
        pass

    def handle_eof(self) -> None:
        pass


def content_key(page: pikepdf.Object) -> ContentKey | None:
    """What a page's content is, by the object numbers of its content streams in order; None
    when one is not a numbered stream (then it is nothing to share)."""
    contents = page.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    key = []
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream) or not stream.is_indirect:
            return None
        key.append(stream.objgen)
    return tuple(key)


def check_syntax(pdf: pikepdf.Pdf) -> list[str]:
    """The problems `qpdf --check` reports ("WARNING: …", "ERROR: page N: …"), in its order;
    a page drawing the content streams of an earlier page is not parsed again. Raises
    `pikepdf.PikepdfError` where pikepdf's check does (structures that cannot be read)."""
    problems: list[str] = []

    def collect() -> None:
        problems.extend("WARNING: " + w for w in pdf.get_warnings())

    if pdf.is_linearized:
        pending = pdf.get_warnings()
        pdf.check_linearization(StringIO())
        found = pdf.get_warnings()
        repeated = set(found)
        problems += ["WARNING: " + w for w in [w for w in pending if w not in repeated] + found]
    pdf._check_document_structures()
    if len(pdf.pages) == 0:
        collect()
        problems.append("ERROR: file does not contain any pages")
    pdf._decode_all_streams_and_discard(None)
    parser = _Discarding()
    parsed: set[ContentKey] = set()
    for number, page in enumerate(pdf.pages, start=1):
        key = content_key(page.obj)
        if key is not None:
            if key in parsed:
                continue
            parsed.add(key)
        try:
            page.parse_contents(parser)
        except pikepdf.PdfError as exc:
            collect()
            problems.append(f"ERROR: page {number}: {exc}")
    collect()
    return problems


PageKey = tuple[tuple[str, object], ...]


def page_keys(pdf: Path | bytes) -> list[PageKey | None]:
    """For each page, what it is made of: every entry but `/Parent`, a numbered object by its
    number, any other value as written (references inside it by number too). Two pages with
    the same key draw exactly the same and read the same, so a reading of the first serves
    the second. None for a page with annotations (read on their own) or when the file cannot
    be read here (each page is then read)."""
    try:
        with pikepdf.open(pdf if isinstance(pdf, Path) else BytesIO(pdf)) as doc:
            return [page_key(page.obj) for page in doc.pages]
    except (pikepdf.PikepdfError, OSError, ValueError, RecursionError):
        return []


def page_key(page: pikepdf.Object) -> PageKey | None:
    """One page's key (see `page_keys`)."""
    if "/Annots" in page:
        return None
    key: list[tuple[str, object]] = []
    for name, value in sorted(page.items()):
        if name == "/Parent":
            continue
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            key.append((name, value.objgen))
        elif isinstance(value, pikepdf.Object):
            key.append((name, bytes(value.unparse())))
        else:
            key.append((name, repr(value)))
    return tuple(key)


def check_depth(pdf: bytes) -> None:
    """Refuse prepared pages whose objects nest deeper than the bundle's page hash reads (a
    chain of hundreds of forms, each drawing the next, red team h110): the build would fail on
    them (`pagehash.MAX_DEPTH`), so `validate` refuses them first, at the exhibit's line. The
    hash's own walk measures the depth, without reading the images' data."""
    with pikepdf.open(BytesIO(pdf)) as doc:
        try:
            check_nesting(doc, depth=EXHIBIT_DEPTH)
        except TooDeep as exc:
            raise ExhibitError(f"has {exc} (forms drawing forms)") from None


def damaged(exc: BaseException) -> ExhibitError:
    """The message for a PDF that qpdf could not repair, with qpdf's reason in plain words."""
    reason = describe(exc)
    if "pages tree" in reason or "/Kids" in reason or "/Pages" in reason:
        reason = f"no page tree: {reason}"
    return ExhibitError(f"is damaged beyond repair ({reason})")


def check_damage(pdf: pikepdf.Pdf, data: bytes) -> None:
    """Refuse what `qpdf --check` would: streams that cannot be decoded, a file cut short.

    Every Flate stream is first inflated in bounded steps (a compression bomb stops here, not in
    qpdf), then qpdf's own syntax check runs. A file whose cross-reference table had to be
    rebuilt is a common, harmless repair — unless it also lacks its end-of-file marker: then it
    was cut short, and would otherwise show as blank pages."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            _check_pixels(pdf, obj)
            if _filters(obj) == ["/FlateDecode"]:
                _inflated_size(obj.read_raw_bytes(), MAX_STREAM_BYTES, None)
    try:
        messages = check_syntax(pdf)
    except pikepdf.PikepdfError as exc:
        raise damaged(exc) from exc
    memory = [m for m in messages if "bad_alloc" in m or "memory" in m.lower()]
    if memory:  # not damage: a stream too large to decode within the limit
        reason = describe(Exception(memory[0]))
        raise ExhibitError(
            f"holds a stream too large to decode within the memory limit ({reason})",
            code="exhibit-too-large",
        )
    rebuilt = any("reconstruct" in m or "startxref" in m for m in messages)
    if rebuilt and b"%%EOF" not in data[-4096:]:
        raise ExhibitError("is truncated: the file ends before its end-of-file marker")
    broken = [m for m in messages if "decod" in m.lower() or "unexpected EOF" in m]
    if broken:
        raise ExhibitError(f"is damaged beyond repair ({describe(Exception(broken[0]))})")


def _check_pixels(pdf: pikepdf.Pdf, stream: pikepdf.Stream) -> None:
    """Refuse an image of more than `MAX_IMAGE_PIXELS` (its /Width and /Height as written)."""
    if stream.get("/Subtype") != pikepdf.Name.Image:
        return
    width, height = stream.get("/Width"), stream.get("/Height")
    if not isinstance(width, int) or not isinstance(height, int):
        return
    if width > 0 and height > 0 and width * height > MAX_IMAGE_PIXELS:
        page = _page_showing(pdf, stream.objgen)
        where = f" on page {page}" if page else ""
        raise ExhibitError(
            f"holds an image of {width:,} × {height:,} pixels{where}, over the limit of "
            f"{MAX_IMAGE_PIXELS:,} pixels: it cannot be read or drawn within the memory "
            "limits; supply a copy scanned at a lower resolution (300 dpi is plenty)",
            code="exhibit-too-large",
        )


def _page_showing(pdf: pikepdf.Pdf, objgen: tuple[int, int]) -> int | None:
    """The first page (1-based) whose own resources name the object `objgen`, if any does."""
    for number, page in enumerate(pdf.pages, 1):
        xobjects = page.obj.get("/Resources", pikepdf.Dictionary()).get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary) and any(
            isinstance(v, pikepdf.Object) and v.is_indirect and v.objgen == objgen
            for v in xobjects.values()
        ):
            return number
    return None


def _filters(stream: pikepdf.Stream) -> list[str]:
    filters = stream.get("/Filter")
    if filters is None:
        return []
    if isinstance(filters, pikepdf.Array):
        return [name_text(f) for f in filters]
    return [name_text(filters)]


def check_inflated_size(page: pikepdf.Page, number: int) -> None:
    contents = page.obj.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    total = 0
    for stream in streams:
        if isinstance(stream, pikepdf.Stream) and _filters(stream) == ["/FlateDecode"]:
            total += _inflated_size(stream.read_raw_bytes(), MAX_CONTENT_BYTES - total, number)


def _inflated_size(raw: bytes, room: int, number: int | None) -> int:
    """How many bytes `raw` inflates to, stopping as soon as it passes `room`."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data:
            chunk = inflater.decompress(data, 1 << 20)
            size += len(chunk)
            if size > room:
                what = f"page {number}'s content" if number else "a stream"
                raise ExhibitError(
                    f"{what} inflates past {room // (1 << 20)} MiB (a compression bomb?)",
                    code="exhibit-too-large",
                )
            data = inflater.unconsumed_tail
            if not chunk and not data:
                break
    except zlib.error as exc:
        where = f"page {number}: " if number else ""
        raise ExhibitError(f"is damaged beyond repair ({where}{exc})") from exc
    return size


__all__ = [
    "MAX_CONTENT_BYTES",
    "MAX_STREAM_BYTES",
    "ContentKey",
    "PageKey",
    "check_damage",
    "check_depth",
    "check_inflated_size",
    "check_syntax",
    "content_key",
    "damaged",
    "page_key",
    "page_keys",
]
