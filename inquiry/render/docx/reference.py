"""Regenerate the reference document pandoc takes its styles and page setup from.

Run `python -m inquiry.render.docx.reference` after changing a style here: it rewrites
`templates/reference.docx` and the copy `inquiry init` ships (`inquiry/data/reference.docx`).
It starts from pandoc's own reference document, so every style pandoc's writer expects exists,
then sets the page (A4, 2.5 cm margins), a 12 pt serif body, headings Word's navigation pane lists,
a block-quotation style, a ruled table style, and the custom styles the bundle's Markdown names.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

from inquiry.render.docx.package import normalize

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
PAGE_W, PAGE_H = 11906, 16838  # A4 in twentieths of a point
MARGIN = 1418  # 2.5 cm, rounded up
TEXT_WIDTH = PAGE_W - 2 * MARGIN  # the right tab stop of headers and footers

_FONT = '<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>'
_BODY = _FONT.format(f=BODY_FONT)
_HEAD = _FONT.format(f=HEADING_FONT)


def _para(sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "BodyText") -> str:
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _heading(level: int, size: int, before: int, extra_rpr: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{_HEAD}<w:b/><w:bCs/><w:color w:val="1F2A44"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>{extra_rpr}</w:rPr></w:style>'
    )


_RULE = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
_BORDERS = "".join(_RULE.format(side=s) for s in ("top", "left", "bottom", "right"))
_INNER = "".join(_RULE.format(side=s) for s in ("insideH", "insideV"))

STYLES = [
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>",
    '<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/>'
    '<w:basedOn w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="160" w:line="276" w:lineRule="auto"/></w:pPr>'
    "</w:style>",
    _para("FirstParagraph", "First Paragraph"),
    _para("Compact", "Compact", '<w:spacing w:before="40" w:after="40"/>'),
    _heading(1, 36, 0),
    _heading(2, 30, 0),
    _heading(3, 25, 240),
    _heading(4, 24, 200, "<w:i/>"),
    _heading(5, 24, 160, "<w:i/>"),
    _heading(6, 24, 160, "<w:i/>"),
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="2400" w:after="480"/><w:jc w:val="center"/></w:pPr>'
    f'<w:rPr>{_HEAD}<w:b/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="BlockText"><w:name w:val="Block Text"/>'
    '<w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:qFormat/>'
    '<w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="12" w:color="7F7F7F"/></w:pBdr>'
    '<w:spacing w:before="120" w:after="120"/><w:ind w:left="851" w:right="567"/></w:pPr>'
    "</w:style>",
    '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:qFormat/>'
    f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_BORDERS}{_INNER}</w:tblBorders>'
    '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E3E6EC"/></w:tcPr></w:tblStylePr>'
    "</w:style>",
    _para(
        "TableText",
        "Table Text",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:rPr><w:color w:val="1F4E9A"/><w:u w:val="single"/></w:rPr></w:style>',
    _para(
        "Caption",
        "Caption",
        '<w:spacing w:before="60" w:after="200"/><w:jc w:val="center"/>',
        '<w:i/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    _para("ImageCaption", "Image Caption", based="Caption"),
    _para("TableCaption", "Table Caption", based="Caption"),
    _para("Figure", "Figure", '<w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/>'),
    _para("CaptionedFigure", "Captioned Figure", "<w:keepNext/>", based="Figure"),
    _para(
        "CoverTitle",
        "Cover Title",
        '<w:spacing w:before="2000" w:after="480"/><w:jc w:val="center"/>',
        f'{_HEAD}<w:b/><w:color w:val="1F2A44"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
    ),
    _para(
        "CoverSubtitle",
        "Cover Subtitle",
        '<w:spacing w:before="0" w:after="960"/><w:jc w:val="center"/>',
        f'{_HEAD}<w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    _para(
        "CoverDetail",
        "Cover Detail",
        '<w:spacing w:before="0" w:after="120"/><w:jc w:val="center"/>',
    ),
    _para(
        "CoverEdition",
        "Cover Edition",
        '<w:pBdr><w:top w:val="single" w:sz="8" w:space="6" w:color="1F2A44"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="6" w:color="1F2A44"/></w:pBdr>'
        '<w:spacing w:before="720" w:after="240"/><w:ind w:left="567" w:right="567"/>'
        '<w:jc w:val="center"/>',
        f'{_HEAD}<w:b/><w:caps/><w:sz w:val="24"/><w:szCs w:val="24"/>',
    ),
    _para(
        "CoverCommit",
        "Cover Commit",
        '<w:spacing w:before="480" w:after="0"/><w:jc w:val="center"/>',
        '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
        '<w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    _para(
        "DraftMark",
        "Draft Mark",
        '<w:pBdr><w:top w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
        '<w:left w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
        '<w:bottom w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
        '<w:right w:val="single" w:sz="12" w:space="4" w:color="C00000"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="240"/><w:jc w:val="center"/>',
        f'{_HEAD}<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    _para(
        "ItemDetails",
        "Item Details",
        '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="6" w:color="A0A0A0"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="240"/>',
        '<w:color w:val="404040"/><w:sz w:val="22"/><w:szCs w:val="22"/>',
    ),
    _para(
        "Detail",
        "Detail",
        '<w:tabs><w:tab w:val="left" w:pos="1985"/></w:tabs>'
        '<w:spacing w:before="0" w:after="60"/><w:ind w:left="1985" w:hanging="1985"/>',
    ),
    _para(
        "StatisticValue",
        "Statistic Value",
        '<w:spacing w:before="120" w:after="240"/><w:jc w:val="center"/>',
        f'{_HEAD}<w:b/><w:color w:val="1F2A44"/><w:sz w:val="56"/><w:szCs w:val="56"/>',
    ),
    _para(
        "WitnessParagraph",
        "Witness Paragraph",
        '<w:tabs><w:tab w:val="left" w:pos="709"/></w:tabs>'
        '<w:spacing w:before="0" w:after="160"/><w:ind w:left="709" w:hanging="709"/>'
        '<w:jc w:val="both"/>',
    ),
    _para(
        "StatementOfTruth",
        "Statement of Truth",
        '<w:spacing w:before="120" w:after="160"/>',
        "<w:b/>",
    ),
    _para(
        "ExhibitNote",
        "Exhibit Note",
        '<w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:left w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:right w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
        '<w:spacing w:before="240" w:after="240"/><w:ind w:left="284" w:right="284"/>',
    ),
    _para("TabEntry", "Tab Entry", '<w:spacing w:before="0" w:after="80"/><w:ind w:left="567"/>'),
    _para(
        "Header",
        "header",
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:before="0" w:after="0"/>',
        f'{_HEAD}<w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        based="Normal",
    ),
    _para(
        "Footer",
        "footer",
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:before="0" w:after="0"/>',
        f'{_HEAD}<w:sz w:val="18"/><w:szCs w:val="18"/>',
        based="Normal",
    ),
    '<w:style w:type="character" w:customStyle="1" w:styleId="Redaction">'
    '<w:name w:val="Redaction"/><w:rPr><w:b/><w:color w:val="FFFFFF"/>'
    '<w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:rPr></w:style>',
    '<w:style w:type="character" w:customStyle="1" w:styleId="Hash"><w:name w:val="Hash"/>'
    '<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
    '<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    '<w:style w:type="character" w:customStyle="1" w:styleId="DetailLabel">'
    '<w:name w:val="Detail Label"/><w:rPr><w:b/><w:color w:val="404040"/></w:rPr></w:style>',
    '<w:style w:type="character" w:customStyle="1" w:styleId="ParagraphNumber">'
    '<w:name w:val="Paragraph Number"/><w:rPr><w:b/></w:rPr></w:style>',
]

DOC_DEFAULTS = (
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_BODY}<w:sz w:val="24"/><w:szCs w:val="24"/>'
    '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="160"/></w:pPr></w:pPrDefault></w:docDefaults>'
)


def _q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _parse(xml: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(f'<root xmlns:w="{W_NS}">{xml}</root>')[0]


def pandoc_default() -> bytes:
    """pandoc's own reference.docx, the starting point."""
    import pypandoc

    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def restyle(styles: Any) -> None:
    """Replace docDefaults and every style in STYLES within a styles.xml root."""
    old = styles.find(_q("docDefaults"))
    new = _parse(DOC_DEFAULTS)
    if old is not None:
        styles.replace(old, new)
    else:
        styles.insert(0, new)
    by_id = {s.get(_q("styleId")): s for s in styles.findall(_q("style"))}
    for xml in STYLES:
        style = _parse(xml)
        found = by_id.get(style.get(_q("styleId")))
        if found is not None:
            styles.replace(found, style)
        else:
            styles.append(style)


def build() -> bytes:
    """The reference document's bytes (deterministic)."""
    import docx
    from docx.shared import Twips

    document = docx.Document(io.BytesIO(pandoc_default()))
    restyle(document.styles.element)
    body = document.element.body
    for child in list(body):
        if child.tag != _q("sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(709)
    section.gutter = Twips(0)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = "inquiry reference document", "", ""
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return normalize(buf.getvalue(), epoch=0)


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the repository's two copies (or to the paths given)."""
    package = Path(__file__).resolve().parents[2]
    targets = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [
        package.parent / "templates" / "reference.docx",
        package / "data" / "reference.docx",
    ]
    data = build()
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
