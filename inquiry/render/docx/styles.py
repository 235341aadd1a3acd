"""The reference document's page, type and styles, as data: what `reference.py` writes into it.

The page and type follow the PDF bundle's density (A4, 2 cm side margins, 11 pt serif text, single
spacing, small gaps between paragraphs), so an item the PDF sets on one page fits one page here
too, instead of running a line or two onto a page of its own. The DOCX renderer shares the
dimensions (a numbered paragraph's indent, the text width). After a change, run
`python -m inquiry.render.docx.reference` to rewrite the checked-in reference documents.
"""

from __future__ import annotations

BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
PAGE_W, PAGE_H = 11906, 16838  # A4 in twentieths of a point
MARGIN_X = 1134  # 2 cm
MARGIN_Y = 1361  # 2.4 cm
HEADER_FOOTER = 680  # 1.2 cm from the edge
TEXT_WIDTH = PAGE_W - 2 * MARGIN_X  # 17 cm: the right tab stop of headers and footers
FACT_TAB = 2155  # 3.8 cm: where fact values start ("Consent to publication" fits before it)
COVER_TAB = 2552  # 4.5 cm
BODY_SIZE = 22  # half-points: 11 pt
LINE = 240  # single spacing
AFTER = 100  # 5 pt between paragraphs
WITNESS_INDENT = 567  # 1 cm: a numbered paragraph's text, after its number

_FONT = '<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>'
_BODY = _FONT.format(f=BODY_FONT)
_HEAD = _FONT.format(f=HEADING_FONT)


def _para(sid: str, name: str, ppr: str = "", rpr: str = "", based: str = "BodyText") -> str:
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _char(sid: str, name: str, rpr: str) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>'
    )


def _heading(
    level: int, size: int, before: int, extra_rpr: str = "", *, keep_lines: bool = True
) -> str:
    keep = "<w:keepLines/>" if keep_lines else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/>'
        f'<w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/>{keep}<w:spacing w:before="{before}" w:after="80"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr>{_HEAD}<w:b/><w:bCs/>{extra_rpr}"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


_RULE = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
_BORDERS = "".join(_RULE.format(side=s) for s in ("top", "left", "bottom", "right"))
_INNER = "".join(_RULE.format(side=s) for s in ("insideH", "insideV"))

STYLES = [
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>",
    '<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/>'
    '<w:basedOn w:val="Normal"/><w:qFormat/>'
    f'<w:pPr><w:spacing w:before="0" w:after="{AFTER}" w:line="{LINE}" w:lineRule="auto"/></w:pPr>'
    "</w:style>",
    _para("FirstParagraph", "First Paragraph"),
    _para("Compact", "Compact", '<w:spacing w:before="30" w:after="30"/>'),
    _heading(1, 28, 0, keep_lines=True),
    _heading(2, 26, 0),
    _heading(3, 22, 180),
    _heading(4, 21, 140, "<w:i/>"),
    _heading(5, 21, 120, "<w:i/>"),
    _heading(6, 21, 120, "<w:i/>"),
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="1200" w:after="360"/></w:pPr>'
    f'<w:rPr>{_HEAD}<w:b/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="BlockText"><w:name w:val="Block Text"/>'
    '<w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:qFormat/>'
    '<w:pPr><w:pBdr><w:left w:val="single" w:sz="12" w:space="10" w:color="969696"/></w:pBdr>'
    '<w:spacing w:before="60" w:after="100"/><w:ind w:left="397" w:right="283"/>'
    "</w:pPr></w:style>",
    *(
        _para(
            f"BlockText{n}",
            f"Block Text {n}",
            '<w:pBdr><w:left w:val="single" w:sz="12" w:space="10" w:color="969696"/></w:pBdr>'
            f'<w:spacing w:before="60" w:after="100"/><w:ind w:left="{397 * n}" w:right="283"/>',
            based="BlockText",
        )
        for n in (2, 3)
    ),
    _para("Question", "Question", '<w:ind w:left="340"/>', "<w:i/><w:iCs/>"),
    '<w:style w:type="table" w:default="1" w:styleId="Table"><w:name w:val="Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:qFormat/>'
    f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_BORDERS}{_INNER}</w:tblBorders>'
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/></w:tcPr></w:tblStylePr>'
    "</w:style>",
    _para(
        "TableText",
        "Table Text",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    _para(
        "IndexText",
        "Index Text",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:rPr><w:color w:val="1F4E9A"/><w:u w:val="single"/></w:rPr></w:style>',
    _para(
        "Caption",
        "Caption",
        '<w:spacing w:before="60" w:after="160"/><w:jc w:val="center"/>',
        '<w:i/><w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    _para("ImageCaption", "Image Caption", based="Caption"),
    _para("TableCaption", "Table Caption", based="Caption"),
    _para(
        "Figure",
        "Figure",
        '<w:keepNext/><w:spacing w:before="60" w:after="60"/><w:jc w:val="center"/>',
    ),
    _para("CaptionedFigure", "Captioned Figure", "<w:keepNext/>", based="Figure"),
    _para(
        "ChartTitle",
        "Chart Title",
        '<w:keepNext/><w:spacing w:before="60" w:after="60"/>',
        f'{_HEAD}<w:b/><w:sz w:val="18"/><w:szCs w:val="18"/>',
    ),
    _para(
        "ChartSource",
        "Chart Source",
        '<w:spacing w:before="40" w:after="160"/>',
        '<w:color w:val="5F5F5F"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _para(
        "CoverKicker",
        "Cover Kicker",
        '<w:spacing w:before="960" w:after="360"/>',
        f'{_HEAD}<w:b/><w:smallCaps/><w:color w:val="555555"/><w:sz w:val="20"/>'
        '<w:szCs w:val="20"/>',
    ),
    _para(
        "CoverTitle",
        "Cover Title",
        '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="12" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="360"/><w:outlineLvl w:val="9"/>',
        f'{_HEAD}<w:b/><w:sz w:val="44"/><w:szCs w:val="44"/>',
    ),
    _para(
        "CoverFact",
        "Cover Fact",
        f'<w:tabs><w:tab w:val="left" w:pos="{COVER_TAB}"/></w:tabs>'
        f'<w:spacing w:before="0" w:after="140"/><w:ind w:left="{COVER_TAB}" '
        f'w:hanging="{COVER_TAB}"/>',
        "<w:b/>",
    ),
    _para(
        "CoverNote",
        "Cover Note",
        '<w:pBdr><w:top w:val="single" w:sz="8" w:space="12" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="480" w:after="0"/>',
        '<w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _para(
        "DraftNote",
        "Draft Note",
        '<w:pBdr><w:top w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        '<w:left w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        '<w:right w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="240" w:after="120"/>',
    ),
    _para(
        "ItemKind",
        "Item Kind",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="100"/>',
        f'{_HEAD}<w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _para(
        "ItemHead",
        "Item Head",
        f'<w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{FACT_TAB}"/></w:tabs>'
        f'<w:spacing w:before="0" w:after="20"/><w:ind w:left="{FACT_TAB}" '
        f'w:hanging="{FACT_TAB}"/>',
    ),
    _para(
        "ItemHeadLast",
        "Item Head Last",
        '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="160"/>',
        based="ItemHead",
    ),
    _para(
        "Fact",
        "Fact",
        f'<w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{FACT_TAB}"/></w:tabs>'
        f'<w:spacing w:before="0" w:after="30"/><w:ind w:left="{FACT_TAB}" '
        f'w:hanging="{FACT_TAB}"/>',
    ),
    _para(
        "HeadlineLabel",
        "Headline Label",
        '<w:keepNext/><w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>'
        '<w:spacing w:before="60" w:after="0"/><w:ind w:left="113" w:right="113"/>',
        '<w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _para(
        "StatisticValue",
        "Statistic Value",
        '<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>'
        '<w:spacing w:before="0" w:after="120"/><w:ind w:left="113" w:right="113"/>',
        f'{_HEAD}<w:b/><w:sz w:val="48"/><w:szCs w:val="48"/>',
    ),
    _para(
        "WitnessParagraph",
        "Witness Paragraph",
        f'<w:tabs><w:tab w:val="left" w:pos="{WITNESS_INDENT}"/></w:tabs>'
        f'<w:ind w:left="{WITNESS_INDENT}" w:hanging="{WITNESS_INDENT}"/>',
    ),
    _para(
        "WitnessContinuation",
        "Witness Continuation",
        f'<w:ind w:left="{WITNESS_INDENT}"/>',
    ),
    _para(
        "StatementOfTruth",
        "Statement of Truth",
        '<w:keepLines/><w:pBdr><w:left w:val="single" w:sz="16" w:space="8" w:color="000000"/>'
        '</w:pBdr><w:spacing w:before="60" w:after="120"/><w:ind w:left="170"/>',
    ),
    _para("Line", "Line", '<w:spacing w:before="0" w:after="60"/>'),
    _para(
        "ExhibitNote",
        "Exhibit Note",
        '<w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:left w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/>'
        '<w:right w:val="single" w:sz="4" w:space="6" w:color="7F7F7F"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
        '<w:spacing w:before="240" w:after="120"/><w:ind w:left="170" w:right="170"/>',
    ),
    _para(
        "SectionEnd",
        "Section End",
        '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
        '<w:sz w:val="2"/><w:szCs w:val="2"/>',
    ),
    _para(
        "Header",
        "header",
        '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="2" w:color="969696"/></w:pBdr>'
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        f'{_HEAD}<w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        based="Normal",
    ),
    _para(
        "Footer",
        "footer",
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>',
        f'{_HEAD}<w:sz w:val="17"/><w:szCs w:val="17"/>',
        based="Normal",
    ),
    _char(
        "Redaction",
        "Redaction",
        '<w:b/><w:color w:val="FFFFFF"/><w:shd w:val="clear" w:color="auto" w:fill="000000"/>',
    ),
    _char(
        "Hash",
        "Hash",
        '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
        '<w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _char(
        "FactLabel",
        "Fact Label",
        f'{_HEAD}<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    _char("ParagraphNumber", "Paragraph Number", "<w:b/>"),
    _char("ItemReference", "Item Reference", ""),
    _char("RunningItem", "Running Item", '<w:b/><w:color w:val="000000"/>'),
    _char("StrongText", "Strong Text", "<w:b/><w:bCs/>"),
    _char(
        "DraftLabel",
        "Draft Label",
        f'{_HEAD}<w:b/><w:sz w:val="16"/><w:szCs w:val="16"/>'
        '<w:bdr w:val="single" w:sz="8" w:space="0" w:color="000000"/>',
    ),
    _char(
        "StatementNote",
        "Statement Note",
        '<w:b w:val="0"/><w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
    ),
    _char(
        "StatisticUnit", "Statistic Unit", '<w:b w:val="0"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
    ),
]

DOC_DEFAULTS = (
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_BODY}<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
    '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    f'<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="{AFTER}"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
)
