"""The PDF and the DOCX show the same thing: every label and value of every item's view, and of
the front matter's, is found in the text of both formats, item by item.

The PDF's text is read per item from the pages manifest.json gives it; the DOCX's between the
item's heading and the next one. Texts are compared without white space and hyphens (line
breaks, hyphenation and table cells lay words out differently in each format), with quotation
marks made alike, and with the page numbers of pinpoints left out of that comparison; they are
compared on their own: every pinpoint reads the same in both, the PDF bundle's page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx_helpers import Built, front_text, item_text, make

from inquiry.render.nodes import (
    Chart,
    Facts,
    Headline,
    ItemLink,
    ItemView,
    Lines,
    Link,
    Mark,
    NumberedParagraphs,
    Pin,
    Prose,
    Quote,
    Rich,
    Statement,
    Table,
    Text,
    TotalPages,
)
from inquiry.render.rich import special

REPO = Path(__file__).resolve().parents[1]
_DROP = re.compile(r"[\s\-\u00ad\u2010\u2011\x02\ufffe]+")  # pdfium: \ufffe, \x02 at line ends
_PIN = re.compile(r"(\[[A-Z]+\d+/)\d+(\])")
_CONTAINERS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _DROP.sub("", _PIN.sub(r"\1#\2", text))


def plain(text: Text, total: int) -> str:
    out = []
    for p in text.parts:
        if isinstance(p, str):
            out.append(p)
        elif isinstance(p, Mark):
            out.append(p.label)
        elif isinstance(p, ItemLink | Link):
            out.append(p.text)
        elif isinstance(p, Pin):
            out.append(f"[{p.number}/0]")
        elif isinstance(p, TotalPages):
            out.append(str(total))
    return "".join(out)


def rich_texts(rich: Rich) -> Iterator[str]:
    """The text of each paragraph of a Markdown field (footnotes aside: each format puts them
    elsewhere on the page)."""

    def inline(nodes: list[Any]) -> str:
        out = []
        for node in nodes:
            t = node.get("t")
            found = special(node) if t == "Span" else None
            if found and found[0] == "redacted":
                out.append(inline(node["c"][1]))
            elif found:
                out.append(f"[{found[1].get('number', '?')}/0]")
            elif t == "Str":
                out.append(node["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Code", "Math"):
                out.append(node["c"][1])
            elif t == "Quoted":
                mark = '"' if node["c"][0]["t"] == "DoubleQuote" else "'"
                out.append(mark + inline(node["c"][1]) + mark)
            elif t in ("Span", "Link"):
                out.append(inline(node["c"][1]))
            elif t in _CONTAINERS:
                out.append(inline(node["c"]))
        return "".join(out)

    def blocks(nodes: list[Any]) -> Iterator[str]:
        for node in nodes:
            t = node.get("t")
            if t in ("Para", "Plain"):
                yield inline(node["c"])
            elif t == "Header":
                yield inline(node["c"][2])
            elif t == "BlockQuote":
                yield from blocks(node["c"])
            elif t == "BulletList":
                for item in node["c"]:
                    yield from blocks(item)
            elif t == "OrderedList":
                for item in node["c"][1]:
                    yield from blocks(item)

    yield from blocks(rich.blocks)


def expected(view: ItemView, total: int) -> Iterator[str]:
    """Every label and value the item's view shows."""
    yield from (view.number, view.id, view.kind_name, plain(view.title, total))
    for fact in view.head:
        yield from (fact.label, plain(fact.value, total))
    for section in view.sections:
        if section.title:
            yield section.title
        for b in section.blocks:
            if isinstance(b, Facts):
                for fact in b.rows:
                    yield from (fact.label, plain(fact.value, total))
            elif isinstance(b, Prose):
                yield from rich_texts(b.rich)
            elif isinstance(b, Quote):
                yield from (plain(line, total) for p in b.paragraphs for line in p)
            elif isinstance(b, NumberedParagraphs):
                for n, paragraph in enumerate(b.paragraphs, 1):
                    yield f"{n}."
                    yield from rich_texts(paragraph)
            elif isinstance(b, Headline):
                yield from (plain(b.label, total), b.value, plain(b.unit, total))
            elif isinstance(b, Table):
                yield from (c.label for c in b.columns)
                yield from (plain(cell, total) for row in b.rows for cell in row)
            elif isinstance(b, Chart):
                yield from (b.title, b.source)
            elif isinstance(b, Statement):
                yield from (b.text, plain(b.note, total))
            elif isinstance(b, Lines):
                yield from (plain(line, total) for line in b.lines)


def front_expected(built: Built, total: int) -> Iterator[str]:
    front = built.views.front
    yield from (plain(front.cover.kicker, total), plain(front.cover.title, total))
    for fact in front.cover.facts:
        yield from (fact.label, plain(fact.value, total))
    for section in front.index:
        yield section.title
        for row in section.rows:
            yield from (row.number, row.id, plain(row.title, total), row.kind_name, row.date)
            yield row.lines_of_inquiry
    for loi in front.lines_of_inquiry:
        yield from (loi.id, plain(loi.title, total), plain(loi.question, total))
        yield from (f"[{p.number}/0]" for p in loi.pins)


MARGIN = 24 * 72 / 25.4
"""An item page's top and bottom margins (the typst template's 24 mm): the running header and
the page's stamp, which stand between a paragraph's halves when it runs over a page."""


def pdf_pages(path: Path, first: int, last: int, *, body: bool = False) -> str:
    """The text of pages `first`..`last`; `body`: only what lies between the margins."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for i in range(first - 1, last):
            page = pdf[i]
            textpage = page.get_textpage()
            if body:
                width, height = page.get_size()
                out.append(textpage.get_text_bounded(0, MARGIN, width, height - MARGIN))
            else:
                out.append(textpage.get_text_range())
            textpage.close()
        return "\n".join(out)
    finally:
        pdf.close()


def missing(strings: Iterator[str], text: str) -> list[str]:
    haystack = norm(text)
    return [s for s in strings if norm(s) and norm(s) not in haystack]


def compare(built: Built) -> None:
    manifest = built.manifest()
    total = manifest["bundle"]["pages"]
    placed = built.placed()
    problems = []
    first_front, last_front = manifest["bundle"]["front_pages"]
    # The DOCX states its own page count (a field, cached as estimated), not the PDF's.
    own = built.own_pages()
    for fmt, text, count in (
        ("PDF", pdf_pages(built.pdf, first_front, last_front), total),
        ("DOCX", front_text(built.docx), own),
    ):
        gone = missing(front_expected(built, count), text)
        if gone:
            problems.append(f"front matter, {fmt}: {gone}")
    for view in built.views.items:
        where = placed[view.id]
        pdf = pdf_pages(built.pdf, where["first_page"], where["last_page"], body=True)
        for fmt, text in (("PDF", pdf), ("DOCX", item_text(built.docx, view.id))):
            gone = missing(expected(view, total), text)
            if gone:
                problems.append(f"{view.number} {view.id}, {fmt}: {gone}")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return make(REPO, tmp_path_factory.mktemp("own") / "out")


def test_the_repositorys_own_submission_reads_the_same_in_both_formats(own: Built) -> None:
    assert len(own.views.items) == len(own.placed()) > 20
    compare(own)


def test_the_sample_reads_the_same_in_both_formats_with_drafts(
    sample: Path, tmp_path: Path
) -> None:
    built = make(sample, tmp_path / "out", include_drafts=True)
    assert {v.kind for v in built.views.items} == {
        "survey_finding",
        "testimony",
        "statistic",
        "policy_extract",
    }
    compare(built)


def test_the_comparison_can_fail(own: Built) -> None:
    """A word the DOCX lacks is reported (the test is not vacuous)."""
    view = own.views.items[0]
    text = item_text(own.docx, view.id)
    title = plain(view.title, 0)
    assert not missing(iter([title]), text)
    assert missing(iter([title]), text.replace(title.split()[-1], "")) == [title]


_FULL_PIN = re.compile(r"\[[A-Z]+\d+/\d+\]")


def test_every_pinpoint_reads_the_same_in_both_formats(own: Built) -> None:
    """The DOCX's pinpoints are the PDF bundle's pages, as words: a lawyer citing `[B1/9]`
    from the DOCX cites the PDF's page 9 (they were fields that took the DOCX's own pages)."""
    manifest = own.manifest()
    first, last = manifest["bundle"]["front_pages"]
    front_pdf = _FULL_PIN.findall(_squeezed(pdf_pages(own.pdf, first, last)))
    pairs = [(front_pdf, _FULL_PIN.findall(_squeezed(front_text(own.docx))))]
    placed = own.placed()
    for view in own.views.items:
        where = placed[view.id]
        pdf = pdf_pages(own.pdf, where["first_page"], where["last_page"])
        pairs.append(
            (
                _FULL_PIN.findall(_squeezed(pdf)),
                _FULL_PIN.findall(_squeezed(item_text(own.docx, view.id))),
            )
        )
    assert sum(len(a) for a, _ in pairs) > 10
    for in_pdf, in_docx in pairs:
        assert in_pdf == in_docx


def _squeezed(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))
