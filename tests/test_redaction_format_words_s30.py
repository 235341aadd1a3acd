"""A witness called Main (stop 30, red team h90): `redact: [Main]` built the PDF, but the DOCX
build was refused at its final check, because the proof read the format's own namespaces
(`…/wordprocessingml/2006/main`) and content types as text, and a tag whose attributes hold a
`/` was left in the paragraphs' reading whole; and the HTML build was refused only after every
page was written ("Skip to main content"), with no place. Now the DOCX is built and still
searched in everything the evidence can reach, and the HTML's own words are checked with the
bundle's (`redact-own-wording`, at the entry's line, before anything is written)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from test_pdf import build_pdf

from inquiry.errors import InvalidEvidence
from inquiry.proof import docx_leaks, ooxml_text
from inquiry.redaction import Matcher

TM = "evidence/testimonies/TM-003.yaml"


def _witness_main(sample: Path) -> None:
    path = sample / TM
    text = path.read_text(encoding="utf-8")
    assert "redact: [Jane Placeholder]" in text
    text = text.replace("redact: [Jane Placeholder]", "redact: [Jane Placeholder, Main]")
    text = text.replace("set the targets.", "set the targets, and Dr Main agreed.")
    path.write_text(text, encoding="utf-8")


def test_the_docx_of_a_witness_called_main_is_built_without_the_name(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    _witness_main(sample)
    built = build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    data = (built.out / "bundle.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "wordprocessingml/2006/main" in body  # the format's own word is there
    assert "Dr Main" not in ooxml_text(body) and "Dr [REDACTED]" in ooxml_text(body)


def test_the_docx_proof_still_reads_what_the_evidence_can_reach() -> None:
    """A name in a hyperlink's target, a bookmark's name or a tag with a `/` in its attributes
    is found; only namespaces, content types and relationship types are the format's."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": '<Types><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "word/_rels/document.xml.rels": '<Relationships><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/main" Target="https://'
        'example.org/main" TargetMode="External"/></Relationships>',
        "word/document.xml": f'<w:document {ns}><w:body><w:p w:rsidR="a/b"><w:r><w:t>Dr Ma'
        "</w:t></w:r><w:r><w:t>in said</w:t></w:r></w:p></w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    found = {leak.where for leak in docx_leaks(out.getvalue(), "x", Matcher.of(["Main"]))}
    assert "word/_rels/document.xml.rels (attributes)" in found  # the link's target
    assert "word/document.xml (paragraphs)" in found  # `Dr Ma` `in said`: runs joined
    assert not any(w.startswith("[Content_Types].xml") for w in found), found
    assert "word/document.xml (attributes)" not in found  # the namespace alone


def test_a_redacted_word_of_the_html_is_refused_at_its_entry(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    _witness_main(sample)
    with pytest.raises(InvalidEvidence) as caught:
        build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "html"))
    problems = [p for p in caught.value.report.problems if p.code == "redact-own-wording"]
    assert [(p.file, p.line) for p in problems] == [(TM, 14)], caught.value.report.problems
    assert not (tmp_path / "out").exists()


def test_the_format_and_template_words_are_not_read_what_evidence_reaches_is() -> None:
    """Red team h94: Styles, Settings, Footer (part names, internal targets), Light, Accent,
    Calibri, Roman (theme, fonts), Normal, Compact (styles) refused every DOCX."""
    from inquiry.docx_words import reader_attributes

    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://x/styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="http://x/hyperlink" Target="https://example.org/light"'
        ' TargetMode="External"/></Relationships>'
    )
    assert list(reader_attributes("word/_rels/document.xml.rels", rels)) == [
        "https://example.org/light"
    ]
    assert list(reader_attributes("[Content_Types].xml", '<Override PartName="/a"/>')) == []
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Compact"/></w:pPr><w:r><w:rPr>'
        '<w:rFonts w:ascii="Calibri" w:hAnsi="Times New Roman"/><w:lang w:val="cy"/></w:rPr>'
        '<w:t xml:space="preserve">x</w:t></w:r><w:bookmarkStart w:id="1" w:name="item_SF_001"/>'
        '<wp:docPr id="2" name="Picture 2" descr="A chart of referrals"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:accent1="accent1"/></w:p>'
    )
    assert list(reader_attributes("word/document.xml", body)) == [
        "cy",
        "preserve",
        "1",
        "item_SF_001",
        "2",
        "Picture 2",
        "A chart of referrals",
    ]


@pytest.mark.parametrize("name", ["Styles", "Light", "Calibri", "Accent"])
def test_a_witness_named_as_a_word_of_the_format_gets_a_docx(
    sample: Path, tmp_path: Path, build_cache: Path, name: str
) -> None:
    path = sample / TM
    text = path.read_text(encoding="utf-8")
    text = text.replace("redact: [Jane Placeholder]", f"redact: [Jane Placeholder, {name}]")
    path.write_text(text.replace("set the targets.", f"set the targets, and Dr {name} agreed."))
    built = build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    with zipfile.ZipFile(built.out / "bundle.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert f"Dr {name}" not in ooxml_text(body)


def test_a_templates_own_style_font_and_theme_names_are_read() -> None:
    """Only the names of the reference document inquiry ships (and pandoc's) are format words:
    a coalition's template may name a style, a font or a theme after anyone (red team h96:
    such names reached the public DOCX once these attributes were skipped whole)."""
    from inquiry.docx_words import reader_attributes

    styles = (
        '<w:style w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:styleId="JanetQuorvath"><w:name w:val="Janet Quorvath Letterhead"/>'
        '<w:basedOn w:val="Normal"/></w:style>'
        '<w:font w:name="Janet Quorvath Sans"/><w:font w:name="Calibri"/>'
        '<a:theme name="Janet Quorvath Theme"/>'
    )
    assert list(reader_attributes("word/styles.xml", styles)) == [
        "JanetQuorvath",
        "Janet Quorvath Letterhead",
        "Janet Quorvath Sans",
        "Janet Quorvath Theme",
    ]
