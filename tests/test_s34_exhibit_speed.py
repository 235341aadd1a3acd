"""Two measured slow spots of preparing an exhibit, made fast without changing what they give.

Pages read by eye (drawn in a font without Unicode) are OCR'd once per look: a 504-page exhibit of
one repeated form took 447 s, each page rendered and read four ways up. And the check that an
exhibit's objects do not nest deeper than the page hash reads walks the hash's own traversal
without reading stream data (an image exhibit's bytes are nearly all image).
"""

from __future__ import annotations

import io
import shutil
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import typst
from pikepdf import Array, Dictionary, Name

from inquiry.exhibits import ocr as exhibits_ocr
from inquiry.exhibits import redact
from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.redact import RedactResult, StringRedaction, redact_pdf
from inquiry.exhibits.syntax_check import check_depth
from inquiry.pagehash import EXHIBIT_DEPTH, TooDeep, check_nesting, hash_document

NAME = "Jane Placeholder"
_ADD_TEXT_LAYER = exhibits_ocr.add_text_layer
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


# --------------------------------------------------------------------------- read by eye


def repeated_letter(tmp: Path) -> bytes:
    """Four pages in a font without Unicode: the letter naming NAME three times, then another
    page. The third is drawn turned in a box of another shape (150 × 300 pt, /Rotate 90): it is
    seen exactly as the first two, but its user space is not theirs."""
    source = tmp / "letter.typ"
    letter = f"Dear colleague, about {NAME} last week."
    other = "A page about nobody in particular."
    pages = "\n#pagebreak()\n".join([letter, letter, letter, other])
    source.write_text(f"#set page(width: 300pt, height: 150pt, margin: 10pt)\n{pages}\n")
    pdf = typst.compile(source, ignore_system_fonts=True, font_paths=[], timestamp=0)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for _, face in page.Resources.get("/Font", Dictionary()).items():
                if "/ToUnicode" in face:
                    del face["/ToUnicode"]
        turned = document.pages[2]
        drawn = turned.Contents.read_bytes()
        turned.Contents = document.make_stream(b"q 0 1 -1 0 150 0 cm\n" + drawn + b"\nQ")
        turned.MediaBox = Array([0, 0, 150, 300])
        turned.Rotate = 90
        return _save(document)


def _redact(pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[RedactResult, list[int]]:
    """`redact_pdf` of every page read by eye, and how many pages each OCR run was given."""
    given: list[int] = []

    def counting(pdf: bytes, pages: Sequence[int], **options: Any) -> bytes:
        given.append(len(pages))
        return _ADD_TEXT_LAYER(pdf, pages, **options)

    monkeypatch.setattr(exhibits_ocr, "add_text_layer", counting)
    result = redact_pdf(
        pdf, [StringRedaction(NAME, "W")], [], dpi=150, ocr=True, unreadable=range(4)
    )
    return result, given


@needs_ocr
def test_pages_that_look_the_same_are_read_by_eye_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three pages of one look and one of another: two looks, each read in four turns (not
    sixteen pages), and the same result, to the byte, as reading every page."""
    pdf = repeated_letter(tmp_path)
    once, given = _redact(pdf, monkeypatch)
    assert given[0] == 2 * 4
    with monkeypatch.context() as patch:
        # Every page its own key: each read, as before pages were grouped.
        patch.setattr(
            redact, "hash_document", lambda _doc, pages: [str(i) for i in pages], raising=False
        )
        every, given_every = _redact(pdf, monkeypatch)
    assert given_every[0] == 4 * 4
    assert once == every
    # The name was found on each page that shows it, the turned one included, and only there.
    assert sorted({mark.page for mark in once.marks}) == [1, 2, 3]
    assert once.rebuilt == [1, 2, 3]


@needs_ocr
def test_a_page_seen_alike_but_stored_turned_is_boxed_in_its_own_user_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The turned page shares the first page's reading; its box is mapped back through its own
    size and /Rotate, so the redacted page shows no name (OCR of it reads none)."""
    pdf = repeated_letter(tmp_path)
    result, _ = _redact(pdf, monkeypatch)
    with pikepdf.open(io.BytesIO(result.pdf)) as done:
        assert done.pages[2].MediaBox == Array([0, 0, 300, 150])  # rebuilt as seen
    read = exhibits_ocr.read_pages(result.pdf)
    for n in (1, 2, 3):
        assert "Placeholder" not in read[n - 1].text
        assert "colleague" in read[n - 1].text  # the text around the box was read again


# --------------------------------------------------------------------------- nesting


def _chain(depth: int, *, around: str = "resources", decodes: bool = True) -> bytes:
    """One page whose objects nest `depth` dictionaries deep: a chain of forms each drawing the
    next (`around="resources"`, 3 levels a form), or a chain of dictionaries in an image's
    /DecodeParms, which the hash walks only when the image's Flate data does not decode."""
    pdf = pikepdf.new()
    box = Array([0, 0, 612, 792])
    if around == "resources":
        inner: pikepdf.Object = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=box)
        for _ in range(depth):
            inner = pdf.make_stream(
                b"/X Do",
                Type=Name.XObject,
                Subtype=Name.Form,
                BBox=box,
                Resources=Dictionary(XObject=Dictionary(X=inner)),
            )
    else:
        parms: pikepdf.Object = pdf.make_indirect(Dictionary(Colors=1))
        for _ in range(depth):
            parms = pdf.make_indirect(Dictionary(Colors=1, Next=parms))
        data = zlib.compress(bytes(64)) if decodes else b"not flate data at all"
        inner = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Image)
        inner.write(data, filter=Name.FlateDecode)
        inner.Width, inner.Height, inner.BitsPerComponent = 8, 8, 8
        inner.ColorSpace, inner.DecodeParms = Name.DeviceGray, parms
    page = Dictionary(
        Type=Name.Page,
        MediaBox=box,
        Contents=pdf.make_stream(b"/X Do"),
        Resources=Dictionary(XObject=Dictionary(X=inner)),
    )
    pdf.pages.append(pikepdf.Page(page))
    return _save(pdf)


def _refused(check: Any, data: bytes) -> str | None:
    with pikepdf.open(io.BytesIO(data)) as doc:
        try:
            check(doc, depth=EXHIBIT_DEPTH)
        except TooDeep as exc:
            return str(exc)
    return None


@pytest.mark.parametrize(
    ("depth", "around", "decodes"),
    [(n, "resources", True) for n in range(EXHIBIT_DEPTH // 3 - 3, EXHIBIT_DEPTH // 3 + 3)]
    + [(n, "parms", d) for n in (EXHIBIT_DEPTH - 10, EXHIBIT_DEPTH + 10) for d in (True, False)],
)
def test_the_nesting_check_refuses_exactly_where_the_hash_would(
    depth: int, around: str, decodes: bool
) -> None:
    """Chains around the limit, and one hidden in /DecodeParms (walked by the hash only when
    the data does not decode): refused by the walk exactly when the hash refuses them."""
    data = _chain(depth, around=around, decodes=decodes)
    assert _refused(check_nesting, data) == _refused(hash_document, data)
    if around == "parms":
        deep = depth > EXHIBIT_DEPTH and not decodes
        assert (_refused(check_nesting, data) is not None) is deep
        if deep:
            with pytest.raises(ExhibitError, match="forms drawing forms"):
                check_depth(data)


def test_the_boundary_chains_straddle_the_limit() -> None:
    """The chains above do reach the limit: the shortest passes, the longest is refused."""
    low, high = EXHIBIT_DEPTH // 3 - 3, EXHIBIT_DEPTH // 3 + 2
    assert _refused(check_nesting, _chain(low)) is None
    assert _refused(check_nesting, _chain(high)) is not None
    check_depth(_chain(low))
    with pytest.raises(ExhibitError, match="forms drawing forms"):
        check_depth(_chain(high))


def test_the_nesting_check_reads_no_image_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """An image exhibit is nearly all image data: the nesting check reads none of it."""
    pdf = pikepdf.new()
    for shade in range(6):
        image = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Image)
        image.write(zlib.compress(bytes([shade * 40]) * 600 * 600), filter=Name.FlateDecode)
        image.Width, image.Height, image.BitsPerComponent = 600, 600, 8
        image.ColorSpace = Name.DeviceGray
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, 600, 600]),
            Contents=pdf.make_stream(b"q 600 0 0 600 0 0 cm /Im0 Do Q"),
            Resources=Dictionary(XObject=Dictionary(Im0=image)),
        )
        pdf.pages.append(pikepdf.Page(page))
    data = _save(pdf)
    read: list[str] = []
    for method in ("read_bytes", "read_raw_bytes"):
        real = getattr(pikepdf.Object, method)

        def counting(self: pikepdf.Object, *args: Any, _real: Any = real, **kw: Any) -> bytes:
            read.append(repr(self.objgen))
            return _real(self, *args, **kw)  # type: ignore[no-any-return]

        monkeypatch.setattr(pikepdf.Object, method, counting)
    check_depth(data)
    assert read == []
