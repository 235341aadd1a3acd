"""Red team h110: what an exhibit costs to validate is bounded by what it holds, not by how many
pages draw it; the sum over a submission's exhibits is bounded; a page nested deep is refused by
`validate` or builds, never fails the build; a resource entry that is not a dictionary is absent.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from pikepdf import Array, Dictionary, Name

from inquiry import limits
from inquiry.exhibits import stage
from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.prepare import Options, prepare
from inquiry.pagehash import MAX_DEPTH, PageHashError, page_hashes
from inquiry.workers import Failure, Pool


def _save(pdf: pikepdf.Pdf) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True)
    return buf.getvalue()


def _shared(pages: int, ops: int) -> bytes:
    """`pages` pages all drawing one content stream of `ops` text operators (h110's mkheavy)."""
    pdf = pikepdf.new()
    content = pdf.make_stream(b"BT /F1 1 Tf 72 720 Td (Hello) Tj ET\n" * ops)
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font)))
    for _ in range(pages):
        page = Dictionary(
            Type=Name.Page, MediaBox=[0, 0, 612, 792], Contents=content, Resources=resources
        )
        pdf.pages.append(pikepdf.Page(page))
    return _save(pdf)


def _chain(depth: int) -> bytes:
    """One page drawing a chain of `depth` forms, each drawing the next (h110's chain.py)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    box = Array([0, 0, 612, 792])
    form = pdf.make_stream(
        b"BT /F1 12 Tf 72 720 Td (deep text at the end of the chain) Tj ET",
        Type=Name.XObject,
        Subtype=Name.Form,
        BBox=box,
        Resources=Dictionary(Font=Dictionary(F1=font)),
    )
    for _ in range(depth):
        form = pdf.make_stream(
            b"/X Do",
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=box,
            Resources=Dictionary(XObject=Dictionary(X=form)),
        )
    page = Dictionary(
        Type=Name.Page,
        MediaBox=[0, 0, 612, 792],
        Contents=pdf.make_stream(b"/X Do"),
        Resources=Dictionary(XObject=Dictionary(X=form)),
    )
    pdf.pages.append(pikepdf.Page(page))
    return _save(pdf)


# --------------------------------------------------------------------------- shared content


def test_a_content_stream_many_pages_draw_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """h110's 22 KB file of 80 pages sharing one stream took 60 s: qpdf's syntax check parsed
    the stream once a page, through a Python callback a token. Now once."""
    calls: list[int] = []
    parse = pikepdf.Page.parse_contents

    def counting(self: pikepdf.Page, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return parse(self, *args, **kwargs)

    monkeypatch.setattr(pikepdf.Page, "parse_contents", counting)
    exhibit = prepare(_shared(12, 200), strip=Options(28.0, "never"))
    assert len(exhibit.sizes) == 12
    assert len(calls) == 1


def test_pages_made_of_the_same_objects_are_read_by_pdfium_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pdfium parses a page's content when it loads the page: 80 loads of one 7 MB stream were
    30 s. A page made of exactly the objects of an earlier one is given that page's reading."""
    loads: list[int] = []
    get_page = pdfium.PdfDocument.get_page

    def counting(self: pdfium.PdfDocument, index: int) -> Any:
        loads.append(index)
        return get_page(self, index)

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", counting)
    exhibit = prepare(_shared(12, 200), strip=Options(28.0, "never"))
    assert exhibit.no_text == () and len(exhibit.sizes) == 12
    assert loads == [0]
    # The prepared pages keep their own text, page by page.
    with pdfium.PdfDocument(exhibit.pdf) as doc:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert all("Hello" in text for text in texts)


def test_the_syntax_check_still_finds_what_qpdf_finds() -> None:
    """Parsing shared content once keeps the check's findings: a page whose content cannot be
    decoded is refused still, shared or not."""
    from inquiry.exhibits.syntax_check import check_syntax

    pdf = pikepdf.new()
    broken = pdf.make_stream(b"x")
    broken.write(b"not zlib data at all", filter=Name.FlateDecode)
    for _ in range(3):
        pdf.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=[0, 0, 612, 792])))
        pdf.pages[-1].obj.Contents = broken
    data = _save(pikepdf.open(io.BytesIO(_save(pdf))))
    with pikepdf.open(io.BytesIO(data)) as one, pikepdf.open(io.BytesIO(data)) as other:
        ours = {_plain(m) for m in check_syntax(one)}
        assert ours == {_plain(str(m)) for m in other.check_pdf_syntax()}
        assert any("decoding" in m for m in ours)
    with pytest.raises(ExhibitError, match="damaged"):
        prepare(data, strip=Options(28.0, "never"))


def _plain(message: str) -> str:
    """A finding without where (the file object's address, which page of those drawing it)."""
    return re.sub(r"page \d+", "page", re.sub(r"<[^<>]* at 0x[0-9a-f]+>", "the file", message))


# --------------------------------------------------------------------------- the submission


def _requests(tmp_path: Path, names: list[str], data: bytes) -> list[stage.Request]:
    out = []
    for name in names:
        (tmp_path / name).write_bytes(data)
        out.append(stage.Request(tmp_path / name, name, Options(28.0, "never")))
    return out


def test_the_same_bytes_attached_twice_are_prepared_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte-identical copy cost another full minute: a failed result was not reused."""
    from inquiry.cache import Cache

    ran: list[str] = []

    def in_process(self: Pool, fn: Any, tasks: Any, **kwargs: Any) -> list[Any]:
        out: list[Any] = []
        for task in tasks:
            ran.append(task.name)
            try:
                out.append(fn(task))
            except ExhibitError as exc:
                out.append(Failure("error", str(exc), exc))
        return out

    monkeypatch.setattr(Pool, "run", in_process)
    good = _requests(tmp_path, ["a.pdf", "copy-a.pdf"], _shared(2, 5))
    bad = _requests(tmp_path, ["b.pdf", "copy-b.pdf"], b"%PDF-1.4\n" + b"\0" * 64)
    with Pool(jobs=1, memory=limits.EXHIBIT_MEMORY) as pool:
        results = stage.prepare_many(
            good + bad, pool=pool, seconds=60.0, cache=Cache(enabled=False), workdir=tmp_path
        )
    assert ran == ["a.pdf", "b.pdf"]
    first, copy, refused, again = results
    assert isinstance(first, stage.Ready) and isinstance(copy, stage.Ready)
    assert (first.name, copy.name) == ("a.pdf", "copy-a.pdf") and copy.pages == 2
    assert isinstance(refused, stage.Refused) and isinstance(again, stage.Refused)
    assert again.name == "copy-b.pdf" and (again.code, again.message) == (
        refused.code,
        refused.message,
    )


def test_all_exhibits_together_have_a_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 files each costing the full minute reached CI's 15-minute timeout with no output: an
    exhibit started when the budget is nearly spent gets what is left, and is refused saying
    so, at its line."""
    from inquiry.cache import Cache

    given: dict[str, float] = {}

    def timed_out(self: Pool, fn: Any, tasks: Any, **kwargs: Any) -> list[Any]:
        out: list[Any] = []
        for task in tasks:
            given[task.name] = kwargs["seconds"](task)
            out.append(Failure("time", "did not finish within its time limit"))
        return out

    monkeypatch.setattr(Pool, "run", timed_out)
    requests = _requests(tmp_path, ["a.pdf"], _shared(1, 1))
    requests += _requests(tmp_path, ["b.pdf"], _shared(1, 2))
    with Pool(jobs=1, memory=limits.EXHIBIT_MEMORY) as pool:
        a, b = stage.prepare_many(
            requests,
            pool=pool,
            seconds=60.0,
            cache=Cache(enabled=False),
            workdir=tmp_path,
            budget=0.0,
        )
    assert given == {"a.pdf": 1.0, "b.pdf": 1.0}
    assert isinstance(a, stage.Refused) and isinstance(b, stage.Refused)
    assert a.code == "exhibit-limit" and "time budget of 0 s" in a.message
    # The bound: 30 files of 22 KB get 340 s; a megabyte a minute more, up to 20 minutes in
    # all, under the validate job's 30 (stop 38, h147: padding bought crafted files time).
    assert limits.exhibits_budget(30 * 22_000) < 15 * 60
    assert limits.exhibits_budget(5_000_000) == 10 * 60
    assert limits.exhibits_budget(10**12) == limits.EXHIBITS_SECONDS_MAX < 25 * 60


# --------------------------------------------------------------------------- deep nesting


def test_a_chain_of_100_forms_hashes(tmp_path: Path) -> None:
    """`inquiry build` exited 3 on it (RecursionError in the page hash) after validate passed."""
    path = tmp_path / "chain.pdf"
    path.write_bytes(prepare(_chain(100), strip=Options(28.0, "never")).pdf)
    [digest] = page_hashes(path)
    assert len(digest) == 64


def test_a_chain_deeper_than_the_hash_reads_is_refused_by_prepare(tmp_path: Path) -> None:
    """What the build cannot hash, preparing (so `validate`) refuses first, in plain words."""
    data = _chain(MAX_DEPTH // 3 + 10)
    with pytest.raises(ExhibitError, match="nested more than") as caught:
        prepare(data, strip=Options(28.0, "never"))
    assert "Recursion" not in str(caught.value)
    path = tmp_path / "deep.pdf"
    path.write_bytes(data)
    with pytest.raises(PageHashError, match=f"nested more than {MAX_DEPTH:,} levels"):
        page_hashes(path)


# --------------------------------------------------------------------------- odd entries


@pytest.mark.parametrize("strings", [(), (("Jane Placeholder", None),)])
def test_a_resource_entry_that_is_not_a_dictionary_is_absent(
    strings: tuple[tuple[str, None], ...],
) -> None:
    """`/ExtGState << /G0 5 >>` or a null entry was refused as damaged, showing Python's own
    words (`'int' object has no attribute 'is_indirect'`); PDF reads such an entry as absent."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    resources = Dictionary(
        Font=Dictionary(F1=font, F2=7), ExtGState=Dictionary(G0=5, G1=None, G2=Name.X)
    )
    page = Dictionary(
        Type=Name.Page,
        MediaBox=[0, 0, 612, 792],
        Contents=pdf.make_stream(b"/G0 gs BT /F1 12 Tf 72 720 Td (Hello world text) Tj ET"),
        Resources=resources,
    )
    pdf.pages.append(pikepdf.Page(page))
    exhibit = prepare(_save(pdf), strip=Options(28.0, "never", strings=strings))
    assert len(exhibit.sizes) == 1 and exhibit.no_text == ()


def test_an_unexpected_error_is_not_shown_in_pythons_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever preparation did not expect is refused at the exhibit's line without Python's
    own message (`'int' object has no attribute 'is_indirect'`)."""
    from inquiry.cache import Cache

    said = "'int' object has no attribute 'is_indirect'"

    def failing(self: Pool, fn: Any, tasks: Any, **kwargs: Any) -> list[Any]:
        return [Failure("error", said, AttributeError(said)) for _ in tasks]

    monkeypatch.setattr(Pool, "run", failing)
    requests = _requests(tmp_path, ["a.pdf"], _shared(1, 1))
    with Pool(jobs=1, memory=limits.EXHIBIT_MEMORY) as pool:
        [refused] = stage.prepare_many(
            requests, pool=pool, seconds=60.0, cache=Cache(enabled=False), workdir=tmp_path
        )
    assert isinstance(refused, stage.Refused) and refused.code == "exhibit-damaged"
    assert "object has no attribute" not in refused.message and "please report" in refused.message
