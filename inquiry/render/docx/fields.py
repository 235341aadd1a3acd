"""What pandoc does not write, added with python-docx: bookmarks on the bundle's headings, page
breaks before them, PAGEREF fields in the index, and tabs after paragraph numbers and labels.

pandoc puts its bookmarks around whole sections and on anything a field gave an identifier, so
they are all removed and ours are set inside the heading paragraphs, where Word and LibreOffice
resolve a PAGEREF to the heading's own page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from inquiry.errors import BuildFailed
from inquiry.render.docx.front import PAGE_TOKEN
from inquiry.render.docx.writer import Heading

HEADING_STYLES = {"Heading1": 1, "Heading2": 2, "Heading3": 3}
TAB_AFTER = {"DetailLabel", "ParagraphNumber"}


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    return element


def _run(child: Any, rpr: Any | None = None) -> Any:
    run = _el("w:r")
    if rpr is not None:
        run.append(rpr)
    run.append(child)
    return run


def field_runs(instruction: str, cached: str, rpr_factory: Any = None) -> list[Any]:
    """A complex field (begin, code, separate, cached result, end) as runs."""

    def rpr() -> Any:
        return rpr_factory() if rpr_factory else None

    code = _el("w:instrText")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    code.text = f" {instruction} "
    result = _el("w:t")
    result.text = cached
    return [
        _run(_el("w:fldChar", **{"w:fldCharType": "begin"}), rpr()),
        _run(code, rpr()),
        _run(_el("w:fldChar", **{"w:fldCharType": "separate"}), rpr()),
        _run(result, rpr()),
        _run(_el("w:fldChar", **{"w:fldCharType": "end"}), rpr()),
    ]


def _style(paragraph: Any) -> str | None:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return None if style is None else str(style.get(qn("w:val")))


def _ppr(paragraph: Any) -> Any:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = _el("w:pPr")
        paragraph.insert(0, ppr)
    return ppr


def _page_break_before(paragraph: Any) -> None:
    ppr = _ppr(paragraph)
    if ppr.find(qn("w:pageBreakBefore")) is None:
        # pStyle, keepNext, keepLines come first in CT_PPr; pageBreakBefore follows them.
        after = [c for c in ppr if c.tag in {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")}]
        index = ppr.index(after[-1]) + 1 if after else 0
        ppr.insert(index, _el("w:pageBreakBefore"))


def bookmark_headings(body: Any, headings: Sequence[Heading]) -> None:
    """Bookmark each of our headings (found in order) and start a page where it asks to."""
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for mark in list(body.iter(qn(tag))):
            mark.getparent().remove(mark)
    found = [p for p in body.iterchildren(qn("w:p")) if _style(p) in HEADING_STYLES]
    if len(found) != len(headings):
        raise BuildFailed(
            message=f"DOCX has {len(found)} headings where {len(headings)} were written"
        )
    for ident, (paragraph, heading) in enumerate(zip(found, headings, strict=True), 1):
        if HEADING_STYLES[str(_style(paragraph))] != heading.level:
            raise BuildFailed(message=f"heading {heading.bookmark} came out at the wrong level")
        start = _el("w:bookmarkStart", **{"w:id": str(ident), "w:name": heading.bookmark})
        paragraph.insert(paragraph.index(_ppr(paragraph)) + 1, start)
        paragraph.append(_el("w:bookmarkEnd", **{"w:id": str(ident)}))
        if heading.new_page:
            _page_break_before(paragraph)


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def page_references(body: Any, pages: dict[str, int]) -> int:
    """Replace each index cell holding a page token with a PAGEREF field; return how many."""
    done = 0
    for cell in body.iter(qn("w:tc")):
        for paragraph in cell.iterchildren(qn("w:p")):
            text = _text(paragraph)
            if not text.startswith(PAGE_TOKEN):
                continue
            name = text.removeprefix(PAGE_TOKEN)
            if name not in pages:
                continue
            for child in list(paragraph):
                if child.tag != qn("w:pPr"):
                    paragraph.remove(child)
            cached = str(pages[name])
            for run in field_runs(f"PAGEREF {name} \\h", cached):
                paragraph.append(run)
            done += 1
    return done


def tabs_after_labels(body: Any) -> None:
    """A tab after each detail label and paragraph number, so values and text line up."""
    for run in list(body.iter(qn("w:r"))):
        rpr = run.find(qn("w:rPr"))
        style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        if style is None or style.get(qn("w:val")) not in TAB_AFTER:
            continue
        parent = run.getparent()
        after = run.getnext()
        parent.insert(parent.index(run) + 1, _run(_el("w:tab")))
        # pandoc starts the next run with the space that followed the label in the Markdown.
        if after is not None and after.tag == qn("w:r"):
            first = after.find(qn("w:t"))
            if first is not None and first.text:
                first.text = first.text.lstrip(" ")
