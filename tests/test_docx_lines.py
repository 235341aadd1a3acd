"""Lines in the DOCX: a line ending in a manual break (a verbatim extract's line, a Markdown
line block or hard break) is never stretched to the margin, whatever the paragraph's alignment.

Word and LibreOffice spread the words of such a line across a justified paragraph unless the
document sets `w:doNotExpandShiftReturn`; the PDF (typst's `linebreak()`) never does.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx_helpers import W_NS, W, body_paragraphs, document, make, style_id

from inquiry.render.docx import finish

JUSTIFIED = {"both", "distribute", "mediumKashida", "highKashida", "lowKashida", "thaiDistribute"}
_ON = {None, "1", "true", "on"}


def alignment(paragraph: Any, styles: dict[str, Any]) -> str:
    """The paragraph's alignment: its own, else its style's (through `basedOn`), else left."""
    jc = paragraph.find(f"{W}pPr/{W}jc")
    sid = style_id(paragraph)
    while jc is None and sid in styles:
        style = styles[sid]
        jc = style.find(f"{W}pPr/{W}jc")
        based = style.find(f"{W}basedOn")
        sid = None if based is None else based.get(qn("w:val"))
    return "left" if jc is None else str(jc.get(qn("w:val")))


def shift_return_unexpanded(path: Path) -> bool:
    """Whether the document keeps lines ending in a manual break unstretched."""
    with zipfile.ZipFile(path) as z:
        settings = parse_xml(z.read("word/settings.xml"))
    flags = settings.findall(f"{W}compat/{W}doNotExpandShiftReturn")
    return len(flags) == 1 and flags[0].get(qn("w:val")) in _ON


def test_no_justified_line_ending_in_a_break_is_stretched(sample: Path, tmp_path: Path) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text("utf-8").replace(
            "extract: The exact words of the policy, copied verbatim.",
            "extract: |-\n  The programme includes:\n  - more people\n  - fewer people",
        ),
        "utf-8",
    )
    tm = sample / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text("utf-8").replace(
            "- We were told to *discharge* people quickly.",
            '- "We were told:\\\\\\nDischarge them.\\n\\n| A line block\\n| of two lines"',
        ),
        "utf-8",
    )
    built = make(sample, tmp_path / "out", formats=("docx",))
    styles = {
        str(s.get(qn("w:styleId"))): s
        for s in document(built.docx).styles.element.iter(qn("w:style"))
    }
    broken = [p for p in body_paragraphs(built.docx) if p.find(f".//{W}br") is not None]
    justified = {style_id(p) for p in broken if alignment(p, styles) in JUSTIFIED}
    # The extract, a witness's hard break and a line block after it: each a paragraph holding
    # a manual break. None is justified any more (stop 29: ragged right throughout, for
    # readability); should one ever be, Word must not stretch the line before its break.
    assert {"BlockText", "WitnessParagraph"} <= {style_id(p) for p in broken}
    assert len(broken) >= 3
    assert justified == set(), justified
    assert shift_return_unexpanded(built.docx)


def _settings(compat: str) -> Any:
    d = docx.Document()
    settings = d.settings.element
    for old in settings.findall(qn("w:compat")):
        settings.remove(old)
    if compat:
        settings.find(qn("w:rsids")).addprevious(
            parse_xml(f'<w:compat xmlns:w="{W_NS}">{compat}</w:compat>')
        )
    return d


def test_the_setting_goes_where_the_schema_puts_it_and_overrides_the_templates() -> None:
    d = _settings('<w:noLeading/><w:doNotExpandShiftReturn w:val="0"/><w:spacingInWholePoints/>')
    finish.keep_broken_lines_unstretched(d)
    finish.keep_broken_lines_unstretched(d)  # twice: still one flag
    compat = d.settings.element.find(qn("w:compat"))
    assert [c.tag.removeprefix(W) for c in compat] == [
        "noLeading",
        "doNotExpandShiftReturn",
        "spacingInWholePoints",
    ]
    assert compat[1].get(qn("w:val")) is None  # on

    d = _settings("")
    finish.update_fields_on_open(d)
    finish.keep_broken_lines_unstretched(d)
    tags = [c.tag.removeprefix(W) for c in d.settings.element]
    assert tags.count("compat") == 1
    assert tags.index("updateFields") < tags.index("compat") < tags.index("rsids")
    assert [c.tag.removeprefix(W) for c in d.settings.element.find(qn("w:compat"))] == [
        "doNotExpandShiftReturn"
    ]
