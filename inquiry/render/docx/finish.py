"""The package-level parts of the DOCX pandoc leaves to us: footer and header, settings,
core properties, table header rows, and picture descriptions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from inquiry.numbering import Plan
from inquiry.render.docx.fields import _el, _run, field_runs
from inquiry.render.docx.text import Redactor

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


def edition(plan: Plan) -> str:
    name = "Public edition" if plan.audience == "public" else "Restricted edition"
    return name + (" (with drafts)" if plan.include_drafts else "")


def _clear(part: Any) -> Any:
    """The first paragraph of a header or footer, emptied, with every other one removed."""
    paragraphs = part.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = paragraphs[0]
    for child in list(paragraph._p):
        paragraph._p.remove(child)
    return paragraph


def _text_run(text: str, bold: bool = False) -> Any:
    t = _el("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    rpr = None
    if bold:
        rpr = _el("w:rPr")
        rpr.append(_el("w:b"))
    return _run(t, rpr)


def footers(document: Document, plan: Plan, *, pages: int, title: str) -> None:
    """`Page N of M` at the bottom right of every page; the edition (and, for the panel's copy,
    a restriction warning) in the header, so nothing shares the footer with the page number."""
    for section in document.sections:
        margins = section._sectPr.find(qn("w:pgMar"))
        if margins is not None and margins.get(qn("w:gutter")) is None:
            margins.set(qn("w:gutter"), "0")  # required by the schema; pandoc omits it
        section.different_first_page_header_footer = False
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = _clear(footer)
        if _has(document, "Footer"):
            paragraph.style = document.styles["Footer"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p = paragraph._p
        p.append(_text_run("Page "))
        for run in field_runs("PAGE", "1"):
            p.append(run)
        p.append(_text_run(" of "))
        for run in field_runs("NUMPAGES", str(pages)):
            p.append(run)
        header = section.header
        header.is_linked_to_previous = False
        paragraph = _clear(header)
        if _has(document, "Header"):
            paragraph.style = document.styles["Header"]
        room = 70 if plan.audience == "public" else 36  # leave room for the warning
        short = title if len(title) <= room else title[: room - 1].rstrip() + "…"
        paragraph._p.append(_text_run(f"{edition(plan)} · {short}"))
        if plan.audience == "restricted":
            paragraph._p.append(_run(_el("w:tab")))
            paragraph._p.append(_text_run("RESTRICTED: NOT FOR PUBLICATION", bold=True))


def update_fields_on_open(document: Document) -> None:
    """Ask Word to refresh PAGEREF, PAGE and NUMPAGES when the bundle is opened."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    flag = _el("w:updateFields", **{"w:val": "true"})
    later = [c for c in settings if c.tag in _AFTER_UPDATE_FIELDS]
    if later:
        later[0].addprevious(flag)
    else:
        settings.append(flag)


def core_properties(
    document: Document, plan: Plan, *, epoch: int, commit: str | None, redact: Redactor
) -> None:
    sub = plan.submission
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = document.core_properties
    props.title = redact.plain(sub.title)
    props.author = props.last_modified_by = redact.plain(sub.submitted_by)
    props.subject = redact.plain(sub.inquiry)
    props.keywords = redact.plain(
        "; ".join(f"{loi.id}: {loi.title}" for loi in sub.lines_of_inquiry)
    )
    props.category = "Evidence bundle"
    props.content_status = edition(plan)
    props.comments = f"Built by inquiry from {commit}" if commit else "Built by inquiry"
    props.identifier = commit or ""
    props.language = "en-GB"
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def tables(document: Document) -> None:
    """Every table's first row repeats on each page it runs onto; rows do not split."""
    table_text = document.styles["Table Text"].style_id if _has(document, "Table Text") else None
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        for i, row in enumerate(rows):
            trpr = row.find(qn("w:trPr"))
            if trpr is None:
                trpr = _el("w:trPr")
                tblpr_ex = row.find(qn("w:tblPrEx"))
                row.insert(row.index(tblpr_ex) + 1 if tblpr_ex is not None else 0, trpr)
            for old in trpr.findall(qn("w:cantSplit")) + trpr.findall(qn("w:tblHeader")):
                trpr.remove(old)
            trpr.insert(0, _el("w:cantSplit"))
            if i == 0:
                trpr.append(_el("w:tblHeader"))
        if table_text:
            for style in table.iter(qn("w:pStyle")):
                if style.get(qn("w:val")) == "Compact":
                    style.set(qn("w:val"), table_text)


def _has(document: Document, name: str) -> bool:
    return any(s.name == name for s in document.styles)


def pictures(document: Document) -> None:
    """pandoc copies an image's source (here a data URI) into its description: use the alt
    text instead, which is what a screen reader should say."""
    body = document.element.body
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    pic = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
    for inline in body.iter(f"{wp}inline", f"{wp}anchor"):
        doc_pr = inline.find(f"{wp}docPr")
        alt = doc_pr.get("descr", "") if doc_pr is not None else ""
        for c_nv_pr in inline.iter(f"{pic}cNvPr"):
            c_nv_pr.set("descr", alt)
