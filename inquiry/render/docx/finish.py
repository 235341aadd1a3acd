"""What pandoc cannot write, added with python-docx: page breaks before the headings that start
a page, a section per item (for its running head), headers and footers, table header rows, the
tables that set a numbered paragraph beside its number, pictures' descriptions, the request to
update fields on opening, the compatibility setting that keeps lines ending in a manual break
from being stretched, and the bundle's language.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from inquiry.render.docx.styles import AFTER, WITNESS_INDENT
from inquiry.render.languages import text_direction

# CT_PPr is a sequence: pageBreakBefore follows these; sectPr comes last but for pPrChange.
_BEFORE_BREAK = {qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")}
# CT_Settings is a sequence: updateFields must come before these to be schema-valid.
_AFTER_UPDATE_FIELDS = {
    qn(f"w:{tag}")
    for tag in [
        *("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids"),
        *("mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping"),
        *("doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade"),
        *("captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults"),
        *("doNotEmbedSmartTags", "decimalSymbol", "listSeparator"),
    ]
} | {"{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"}
_AFTER_COMPAT = _AFTER_UPDATE_FIELDS - {
    qn(f"w:{tag}") for tag in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat")
}
# CT_Compat is a sequence too: doNotExpandShiftReturn follows these.
_BEFORE_SHIFT_RETURN = {
    qn(f"w:{tag}")
    for tag in [
        *("useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading"),
        *("spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth"),
        *("noExtraLineSpacing", "doNotLeaveBackslashAlone", "ulTrailSpace"),
    ]
}
# The sequences of CT_TblPr, CT_TcPr and CT_PPr after the elements numbered_beside sets.
_AFTER_TBL_CELL_MAR = ("tblLook", "tblCaption", "tblDescription", "tblPrChange")
_AFTER_TBL_BORDERS = ("shd", "tblLayout", "tblCellMar", *_AFTER_TBL_CELL_MAR)
_AFTER_TBL_IND = ("tblBorders", *_AFTER_TBL_BORDERS)
_AFTER_TBL_W = ("jc", "tblCellSpacing", "tblInd", *_AFTER_TBL_IND)
_AFTER_TC_W = (
    *("gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection"),
    *("tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge"),
    "tcPrChange",
)
_AFTER_IND = (
    *("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection"),
    *("textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr"),
    *("sectPr", "pPrChange"),
)
WITNESS_STYLE = "WitnessParagraph"
CONTINUATION_STYLE = "WitnessContinuation"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"


def el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key), value)
    return element


def ppr(paragraph: Any) -> Any:
    found = paragraph.find(qn("w:pPr"))
    if found is None:
        found = el("w:pPr")
        paragraph.insert(0, found)
    return found


def bookmarked(body: Any) -> dict[str, Any]:
    """Each bookmark name → the body-level element (paragraph or table) that holds it."""
    out: dict[str, Any] = {}
    for mark in body.iter(qn("w:bookmarkStart")):
        holder = mark
        while holder.getparent() is not body:
            holder = holder.getparent()
        out[str(mark.get(qn("w:name")))] = holder
    return out


def page_breaks(paragraphs: Iterable[Any]) -> None:
    """Each paragraph starts a page (instead of an empty paragraph holding a break, which
    would sit alone on a page of its own when the paragraph before it fills a page)."""
    for p in paragraphs:
        props = ppr(p)
        if props.find(qn("w:pageBreakBefore")) is not None:
            continue
        before = [c for c in props if c.tag in _BEFORE_BREAK]
        props.insert(props.index(before[-1]) + 1 if before else 0, el("w:pageBreakBefore"))


def split_sections(document: Document, firsts: Sequence[Any]) -> None:
    """A new section (starting a new page) at each of `firsts` (body-level elements), so each
    piece can have a running head of its own. The section mark goes into the last paragraph
    before each: no empty paragraph is added that could spill onto a page alone.

    Footnotes are numbered through the document, whatever the reference document says:
    restarted in each section (pandoc's reference document asks for that), LibreOffice
    numbers them per chapter and shows most of them as "0"."""
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    for restart in final.findall(f"{qn('w:footnotePr')}/{qn('w:numRestart')}"):
        notes = restart.getparent()
        notes.remove(restart)
        if len(notes) == 0:
            final.remove(notes)
    template = copy.deepcopy(final)
    for ref in template.findall(qn("w:headerReference")) + template.findall(
        qn("w:footerReference")
    ):
        template.remove(ref)
    for first in firsts:
        last = first.getprevious()
        if last is None:
            continue
        if last.tag != qn("w:p"):
            # A table cannot carry a section mark: a tiny paragraph after it does.
            last = el("w:p")
            ppr(last).append(el("w:pStyle", **{"w:val": "SectionEnd"}))
            first.addprevious(last)
        sect = copy.deepcopy(template)
        props = ppr(last)
        change = props.find(qn("w:pPrChange"))
        if change is not None:
            change.addprevious(sect)
        else:
            props.append(sect)


def tables(document: Document) -> None:
    """Every table's header rows (those pandoc marks: a table written without a header has
    none, and its first row is data, as the PDF and the HTML tag it) repeat on each page it
    runs onto; no row splits across pages (but the tables that set numbered paragraphs beside
    their numbers: see numbered_beside)."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        if _numbering(tbl):
            continue
        for row in tbl.findall(qn("w:tr")):
            trpr = row.find(qn("w:trPr"))
            if trpr is None:
                trpr = el("w:trPr")
                prior = row.find(qn("w:tblPrEx"))
                row.insert(row.index(prior) + 1 if prior is not None else 0, trpr)
            marked = trpr.findall(qn("w:tblHeader"))
            header = any(m.get(qn("w:val")) not in ("false", "0", "off") for m in marked)
            for old in trpr.findall(qn("w:cantSplit")) + marked:
                trpr.remove(old)
            trpr.insert(0, el("w:cantSplit"))
            if header:
                trpr.append(el("w:tblHeader"))


def _numbering(tbl: Any) -> bool:
    """Whether `tbl` sets numbered paragraphs beside their numbers (translate._numbered): each
    row's first cell is a "Witness Paragraph", a style no field's own table can ask for."""
    rows = tbl.findall(qn("w:tr"))
    return bool(rows) and all(
        row.find(f"{_W}tc/{_W}p/{_W}pPr/{_W}pStyle[@{_W}val='{WITNESS_STYLE}']") is not None
        for row in rows
    )


def _set(parent: Any, child: Any, later: Sequence[str]) -> None:
    """`child` in `parent` in place of one of its tag, else before the first of `later`."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    _insert_before(parent, child, {qn(f"w:{tag}") for tag in later})


def numbered_beside(document: Document) -> None:
    """The tables that set a numbered paragraph holding a table, a heading or a list beside
    its number, made to look like the paragraphs of text around them: no borders or cell
    margins, the number's column as wide as their hanging indent, the text beside it as far in
    as theirs, its first line level with the number, and rows that break across pages (a
    paragraph may be long) and never repeat."""
    section = document.sections[-1]
    sizes = (section.page_width, section.left_margin, section.right_margin, section.gutter)
    page, left, right, gutter = (0 if v is None else v.twips for v in sizes)
    columns = (WITNESS_INDENT, max(page - left - right - gutter - WITNESS_INDENT, WITNESS_INDENT))
    for tbl in document.element.body.iter(qn("w:tbl")):
        if not _numbering(tbl):
            continue
        _borderless(tbl.find(qn("w:tblPr")), sum(columns))
        grid = tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        for col, w in zip(grid, columns, strict=True):
            col.set(qn("w:w"), str(w))
        for row in tbl.findall(qn("w:tr")):
            cells = row.findall(qn("w:tc"))
            for cell, w in zip(cells, columns, strict=True):
                cell_props = cell.find(qn("w:tcPr"))
                if cell_props is None:
                    cell_props = el("w:tcPr")
                    cell.insert(0, cell_props)
                _set(cell_props, el("w:tcW", **{"w:w": str(w), "w:type": "dxa"}), _AFTER_TC_W)
            _beside_number(cells[1])


def _borderless(props: Any, width: int) -> None:
    _set(props, el("w:tblW", **{"w:w": str(width), "w:type": "dxa"}), _AFTER_TBL_W)
    _set(props, el("w:tblInd", **{"w:w": "0", "w:type": "dxa"}), _AFTER_TBL_IND)
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", **{"w:val": "nil"}))
    _set(props, borders, _AFTER_TBL_BORDERS)
    margins = el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(el(f"w:{side}", **{"w:w": "0", "w:type": "dxa"}))
    _set(props, margins, _AFTER_TBL_CELL_MAR)


def _spacing(paragraph: Any, **attrs: str) -> None:
    """Some of a paragraph's spacing set directly (the rest is its style's)."""
    props = ppr(paragraph)
    found = props.find(qn("w:spacing"))
    if found is None:
        found = el("w:spacing")
        _insert_before(props, found, {qn(f"w:{tag}") for tag in ("ind", *_AFTER_IND)})
    for key, value in attrs.items():
        found.set(qn(f"w:{key}"), value)


def _beside_number(cell: Any) -> None:
    """A paragraph's blocks in the cell beside its number."""
    blocks = [c for c in cell if c.tag in (qn("w:p"), qn("w:tbl"))]
    for p in blocks:
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(qn("w:val")) == CONTINUATION_STYLE:
            # The cell is as far in as the style's indent: none of its own.
            _set(ppr(p), el("w:ind", **{"w:left": "0"}), _AFTER_IND)
    if blocks and blocks[0].tag == qn("w:p"):  # a heading's space above it: not beside "2."
        _spacing(blocks[0], before="0")
    if len(blocks) > 1 and blocks[-2].tag == qn("w:tbl") and blocks[-1].find(qn("w:r")) is None:
        # The empty paragraph a cell must end with after a table: as tall as the space
        # between two paragraphs, not a blank line.
        _spacing(blocks[-1], before="0", after="0", line=str(AFTER), lineRule="exact")


def pictures(document: Document) -> None:
    """pandoc copies a picture's source (here a data URI) into its second description: give
    both the alternative text a screen reader should say."""
    for inline in document.element.body.iter(f"{_WP}inline", f"{_WP}anchor"):
        doc_pr = inline.find(f"{_WP}docPr")
        if doc_pr is None:
            continue
        alt, title = doc_pr.get("descr", ""), doc_pr.get("title", "")
        for c_nv_pr in inline.iter(f"{_PIC}cNvPr"):
            c_nv_pr.set("descr", alt)
            if title:
                c_nv_pr.set("title", title)
            else:
                c_nv_pr.attrib.pop("title", None)


def _insert_before(parent: Any, child: Any, later: set[str]) -> None:
    """`child` into `parent` before its first element whose tag is in `later` (else last)."""
    found = [c for c in parent if c.tag in later]
    if found:
        found[0].addprevious(child)
    else:
        parent.append(child)


def update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh the fields when the bundle is opened: the cover's page count
    (NUMPAGES) is this document's own, which only Word's layout knows."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    _insert_before(settings, el("w:updateFields", **{"w:val": "true"}), _AFTER_UPDATE_FIELDS)


def facts_kept(document: Document) -> None:
    """A block of facts (an item's source: title, publisher, address, dates) stays on one
    page: each "Fact" paragraph followed by another is kept with it (red team h143 found
    "Accessed 1 July 2025" alone at the top of a page). Set on the paragraphs, not in a
    style, so a coalition's own reference document needs no new style."""
    body = document.element.body
    paragraphs = [c for c in body if c.tag == qn("w:p")]
    for p in paragraphs:
        following = p.getnext()
        if _style(p) != FACT_STYLE or following is None or _style(following) != FACT_STYLE:
            continue
        props = ppr(p)
        if props.find(qn("w:keepNext")) is None:
            style = props.find(qn("w:pStyle"))
            props.insert(props.index(style) + 1 if style is not None else 0, el("w:keepNext"))


def _style(element: Any) -> str | None:
    found = element.find(f"{_W}pPr/{_W}pStyle")
    return None if found is None else str(found.get(qn("w:val")))


FACT_STYLE = "Fact"


def keep_broken_lines_unstretched(document: Document) -> None:
    """A line ending in a manual break (a verbatim extract's line, a line block, a hard break)
    is not stretched to the margin in a justified paragraph: Word and LibreOffice otherwise
    spread its words across the line. The PDF sets such lines unstretched too (typst's
    `linebreak()`). One document setting covers every style, the template's own included."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = el("w:compat")
        _insert_before(settings, compat, _AFTER_COMPAT)
    for old in compat.findall(qn("w:doNotExpandShiftReturn")):
        compat.remove(old)  # a template's own, perhaps switched off
    before = [c for c in compat if c.tag in _BEFORE_SHIFT_RETURN]
    flag = el("w:doNotExpandShiftReturn")
    if before:
        before[-1].addnext(flag)
    else:
        compat.insert(0, flag)


def language(document: Document, tag: str) -> None:
    """Every language the document declares is the bundle's (`tag`, BCP 47), as the PDF's
    /Lang and the HTML's lang say: pandoc sets only one of a style's three (Latin, East Asian,
    complex script) and leaves the reference document's others (en-GB, ar-SA) in place."""
    attrs = [qn("w:val"), qn("w:eastAsia"), qn("w:bidi")]
    for root in (document.styles.element, document.element):
        for lang in root.iter(qn("w:lang")):
            properties = lang.getparent()
            run = properties.getparent() if properties is not None else None
            if root is document.element and run is not None and run.tag == qn("w:r"):
                # A passage the evidence marks in its own language (`{lang=ar}`): Word takes a
                # run's language by its letters' script (Latin `val`, Arabic or Hebrew `bidi`,
                # Chinese `eastAsia`), and pandoc sets `val` alone; the others say it too.
                own = lang.get(qn("w:val"))
                for attr in attrs[1:]:
                    if own and lang.get(attr) is None:
                        lang.set(attr, own)
                continue
            for attr in attrs:
                lang.set(attr, tag)
    # The theme fonts are chosen for this language's script: its other attributes, where a
    # template gives them, name it too.
    for theme in document.settings.element.iter(qn("w:themeFontLang")):
        theme.set(qn("w:val"), tag)
        for attr in attrs[1:]:
            if theme.get(attr) is not None:
                theme.set(attr, tag)


_BEFORE_BIDI = {
    qn(f"w:{t}")
    for t in (
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    )
}  # fmt: skip
"""What follows `w:bidi` in a paragraph's properties (ECMA-376's order)."""
_BEFORE_BIDI_VISUAL = {
    qn(f"w:{t}")
    for t in (
        "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
        "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
    )
}  # fmt: skip


def direction(document: Document, tag: str) -> None:
    """A bundle in a right-to-left language (`inquiry.render.languages`) is laid out right to
    left, as its PDF and HTML are: every paragraph's direction (the document's default) and
    every table's column order."""
    if text_direction(tag) != "rtl":
        return
    defaults = document.styles.element.find(f"{_W}docDefaults/{_W}pPrDefault/{_W}pPr")
    if defaults is not None and defaults.find(qn("w:bidi")) is None:
        _insert_before(defaults, el("w:bidi"), _BEFORE_BIDI)
    for tblpr in document.element.body.iter(qn("w:tblPr")):
        if tblpr.find(qn("w:bidiVisual")) is None:
            _insert_before(tblpr, el("w:bidiVisual"), _BEFORE_BIDI_VISUAL)


def margins(document: Document) -> None:
    """Every section's margins name a gutter: the schema requires it and pandoc omits it."""
    for sect in document.element.body.iter(qn("w:sectPr")):
        found = sect.find(qn("w:pgMar"))
        if found is not None and found.get(qn("w:gutter")) is None:
            found.set(qn("w:gutter"), "0")
