"""The DOCX bundle read back with python-docx and zipfile: structure, fields, audience rules,
properties and reproducibility."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import write_tree
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from inquiry import numbering
from inquiry.build import build
from inquiry.render.docx import render_docx
from inquiry.render.wording import long_date
from inquiry.validate import validate

EPOCH = 1_750_000_000  # 2025-06-15T15:06:40Z
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    build(root, out=out, formats=("docx",), **options)
    return out / "bundle.docx"


def plan_of(root: Path, **options: Any) -> numbering.Plan:
    corpus, report = validate(root)
    assert report.valid()
    return numbering.plan(corpus, **options)


@pytest.fixture
def public(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make(sample, tmp_path / "public", monkeypatch)


@pytest.fixture
def restricted(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make(sample, tmp_path / "restricted", monkeypatch, audience="restricted")


@pytest.fixture
def drafts(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make(sample, tmp_path / "drafts", monkeypatch, include_drafts=True)


def style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pStyle")
    return None if style is None else str(style.get(qn("w:val")))


def body_paragraphs(path: Path) -> list[Any]:
    return list(docx.Document(str(path)).element.body.iterchildren(qn("w:p")))


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def headings(path: Path, level: int) -> list[Any]:
    return [p for p in body_paragraphs(path) if style_id(p) == f"Heading{level}"]


def bookmarks_in(element: Any) -> list[str]:
    return [str(b.get(qn("w:name"))) for b in element.iter(qn("w:bookmarkStart"))]


def all_text(path: Path) -> str:
    return text_of(docx.Document(str(path)).element.body)


def instructions(element: Any) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


# Structure ----------------------------------------------------------------------------------


def test_item_headings_in_plan_order_with_bookmarks_and_page_breaks(
    sample: Path, public: Path
) -> None:
    plan = plan_of(sample)
    found = headings(public, 2)
    assert [text_of(p) for p in found] == [
        f"{n.number} · {n.item.id} · {n.item.title}" for n in plan.items
    ]
    assert [n.number for n in plan.items] == ["A1", "B1", "B2", "C1", "D1"]
    for paragraph, numbered in zip(found, plan.items, strict=True):
        assert bookmarks_in(paragraph) == [f"item_{numbered.number}"]
        assert paragraph.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pageBreakBefore") is not None


def test_each_tab_starts_with_a_heading_in_submission_order(sample: Path, public: Path) -> None:
    texts = [text_of(p) for p in headings(public, 1)]
    assert texts == [
        "Index",
        "Lines of inquiry",
        "Tab A: Survey findings",
        "Tab B: Testimonies",
        "Tab C: Statistics",
        "Tab D: Policy extracts",
    ]


def test_bookmark_names_are_unique_and_ids_distinct(public: Path) -> None:
    body = docx.Document(str(public)).element.body
    names = bookmarks_in(body)
    assert len(names) == len(set(names))
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_footer_has_page_and_numpages_fields_at_the_right(public: Path) -> None:
    document = docx.Document(str(public))
    for section in document.sections:
        footer = section.footer._element
        assert instructions(footer) == ["PAGE", "NUMPAGES"]
        (paragraph,) = section.footer.paragraphs
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert paragraph.text.startswith("Page ") and " of " in paragraph.text
        assert "Public edition" in text_of(section.header._element)


def index_table(path: Path) -> Any:
    return docx.Document(str(path)).tables[0]


def test_index_lists_every_item_with_a_pageref_to_its_bookmark(sample: Path, public: Path) -> None:
    plan = plan_of(sample)
    table = index_table(public)
    header = [c.text for c in table.rows[0].cells]
    assert header == ["No.", "Id", "Title", "Kind", "Date", "Lines of inquiry", "Page"]
    rows = table.rows[1:]
    assert len(rows) == len(plan.items)
    marks = set(bookmarks_in(docx.Document(str(public)).element.body))
    previous = 0
    for row, numbered in zip(rows, plan.items, strict=True):
        cells = row.cells
        assert cells[0].text == numbered.number
        assert cells[1].text == numbered.item.id
        assert cells[2].text == numbered.item.title
        assert cells[4].text == long_date(numbered.item.date)
        assert cells[5].text == ", ".join(numbered.item.lines_of_inquiry)
        page_cell = cells[6]._tc
        assert instructions(page_cell) == [f"PAGEREF item_{numbered.number} \\h"]
        assert f"item_{numbered.number}" in marks
        cached = int(page_cell.xpath("string(.//w:r[w:t][last()]/w:t)"))
        assert cached > previous  # a plausible, increasing page before fields refresh
        previous = cached


def test_lines_of_inquiry_table_names_the_items_bearing_on_each(sample: Path, public: Path) -> None:
    table = docx.Document(str(public)).tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Id", "Title", "Question", "Items"]
    rows = {r.cells[0].text: r.cells for r in table.rows[1:]}
    assert set(rows) == {"LOI-1", "LOI-2"}
    assert rows["LOI-1"][3].text == "A1, B1, B2, C1"
    assert rows["LOI-2"][3].text == "B1, D1"
    assert rows["LOI-1"][2].text.startswith("How have service targets")


def test_every_table_repeats_its_header_row(public: Path) -> None:
    document = docx.Document(str(public))
    assert len(document.tables) >= 4  # index, lines of inquiry, figures, series
    for table in document.tables:
        first = table._tbl.findall(qn("w:tr"))[0]
        assert first.find(f"{{{W_NS}}}trPr/{{{W_NS}}}tblHeader") is not None
        for row in table._tbl.findall(qn("w:tr"))[1:]:
            assert row.find(f"{{{W_NS}}}trPr/{{{W_NS}}}tblHeader") is None


def test_settings_ask_word_to_update_fields(public: Path) -> None:
    with zipfile.ZipFile(public) as z:
        settings = z.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings


# Layouts per kind ---------------------------------------------------------------------------


def section_text(path: Path, number: str) -> str:
    """The text of one item, from its heading to the next item or tab heading."""
    out, inside = [], False
    for p in body_paragraphs(path):
        style = style_id(p)
        if style in ("Heading1", "Heading2"):
            inside = style == "Heading2" and text_of(p).startswith(f"{number} · ")
        if inside:
            out.append(text_of(p))
    return "\n".join(out)


def test_testimony_numbers_paragraphs_and_gives_the_statement_of_truth(
    public: Path,
) -> None:
    b1 = section_text(public, "B1")
    assert "1.My manager" in b1 or "1.\tMy manager" in b1
    assert "2.We were told to discharge people quickly." in b1
    assert "I believe that the facts stated in this witness statement are true." in b1
    assert "W-03" in b1 and "High-intensity therapist" in b1
    assert "Published by the author on a public forum" in b1
    b2 = section_text(public, "B2")  # statement_of_truth: false
    assert "No statement of truth was given" in b2
    assert "I believe that the facts" not in b2


def test_paragraph_numbers_are_followed_by_a_tab(public: Path) -> None:
    body = docx.Document(str(public)).element.body
    numbers = [
        r
        for r in body.iter(qn("w:r"))
        if r.find(f"{{{W_NS}}}rPr/{{{W_NS}}}rStyle[@{{{W_NS}}}val='ParagraphNumber']") is not None
    ]
    assert [text_of(r) for r in numbers] == ["1.", "2.", "1.", "2."]
    for run in numbers:
        assert run.getnext().find(qn("w:tab")) is not None


def test_survey_finding_shows_survey_question_finding_and_figures(public: Path) -> None:
    a1 = section_text(public, "A1")
    for expected in (
        "Example workforce survey",
        "1 April 2025 – 31 May 2025",
        "What should change in the service?",
        "Most respondents asked for fewer targets.",
    ):
        assert expected in a1
    figures = docx.Document(str(public)).tables[2]
    assert [c.text for c in figures.rows[0].cells] == [
        "Figure",
        "Value",
        "Unit",
        "Base (respondents)",
    ]
    assert [c.text for c in figures.rows[1].cells] == [
        "Asked for fewer targets",
        "60%",
        "Percentage",
        "100",
    ]


def test_statistic_shows_value_and_a_chart_image(public: Path) -> None:
    c1 = section_text(public, "C1")
    assert "120 referrals" in c1
    assert "April 2024 – March 2025" in c1 and "Example area" in c1
    assert "Example figures, for illustration only." in c1
    values = [
        p
        for p in body_paragraphs(public)
        if style_id(p) == "StatisticValue" and text_of(p) == "120 referrals"
    ]
    assert len(values) == 1
    with zipfile.ZipFile(public) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        charts = [z.read(n) for n in pngs if z.read(n).startswith(b"\x89PNG")]
    assert len(charts) == 2  # the chart and the PNG exhibit
    from PIL import Image

    sizes = {Image.open(io.BytesIO(c)).size for c in charts}
    assert (1600, 900) in sizes


def test_policy_extract_is_a_block_quotation(public: Path) -> None:
    quotes = [p for p in body_paragraphs(public) if style_id(p) == "BlockText"]
    texts = [text_of(p) for p in quotes]
    assert "The exact words of the policy, copied verbatim." in texts
    d1 = section_text(public, "D1")
    assert "Why these words matter to the inquiry." in d1 and "Section 1" in d1


def test_extract_keeps_its_verbatim_line_breaks(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8").replace(
            "extract: The exact words of the policy, copied verbatim.",
            "extract: |-\n  The list:\n  - first\n  - second\n\n  A new paragraph.",
        ),
        encoding="utf-8",
    )
    path = make(sample, tmp_path / "out", monkeypatch)
    quotes = [p for p in body_paragraphs(path) if style_id(p) == "BlockText"]
    extract = [p for p in quotes if text_of(p).startswith("The list:")]
    assert len(extract) == 1
    assert text_of(extract[0]) == "The list:- first- second"
    assert len(extract[0].findall(f".//{{{W_NS}}}br")) == 2
    assert "A new paragraph." in [text_of(p) for p in quotes]


def test_sources_and_related_items_end_each_item(public: Path) -> None:
    a1 = section_text(public, "A1")
    assert "Example survey report" in a1 and "1 July 2025" in a1
    assert "B1 · TM-003 · A public testimony with a redaction" in a1
    body = docx.Document(str(public)).element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))}
    assert "item_B1" in anchors


def test_source_url_is_a_hyperlink(sample: Path, tmp_path: Path, monkeypatch: Any) -> None:
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text(encoding="utf-8")
    text = text.replace(
        '  published: "2024"\n  accessed:',
        '  published: "2024"\n  url: https://example.org/a_(b)?q=1&r=2\n  accessed:',
        1,
    )
    pe.write_text(text, encoding="utf-8")
    path = make(sample, tmp_path / "out", monkeypatch)
    document = docx.Document(str(path))
    rels = {
        r.rId: r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")
    }
    assert "https://example.org/a_%28b%29?q=1&r=2" in rels.values()
    assert "https://example.org/a_(b)?q=1&r=2" in all_text(path)


def test_exhibits_picture_embedded_and_pdf_described(sample: Path, public: Path) -> None:
    import hashlib

    a1 = section_text(public, "A1")
    report = (sample / "evidence/exhibits/report.pdf").read_bytes()
    assert "A1 · Exhibit 1 · report.pdf" in a1
    assert "The survey report" in a1
    assert "exhibits/report.pdf" in a1
    assert hashlib.sha256(report).hexdigest() in a1
    assert "reproduced in full in the PDF bundle" in a1
    assert "Pages3" in a1.replace("\t", "") or "Pages\t3" in a1
    assert "A photograph of the infographic" in a1
    inline = docx.Document(str(public)).inline_shapes
    widths = sorted(shape.width.cm for shape in inline)
    assert len(widths) == 2
    assert all(w <= 16.01 for w in widths)


def test_exhibit_headings_start_pages_and_are_bookmarked(public: Path) -> None:
    found = [p for p in headings(public, 3) if "Exhibit" in text_of(p)]
    assert [bookmarks_in(p) for p in found] == [["item_A1_exhibit_1"], ["item_A1_exhibit_2"]]
    for paragraph in found:
        assert paragraph.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pageBreakBefore") is not None


def test_cover_carries_title_inquiry_submitter_date_edition_and_commit(
    sample: Path, tmp_path: Path
) -> None:
    plan = plan_of(sample)
    dest = tmp_path / "bundle.docx"
    render_docx(plan, root=sample, dest=dest, epoch=EPOCH, commit="0123456789abcdef")
    cover = []
    for p in body_paragraphs(dest):
        if style_id(p) == "Heading1":
            break
        cover.append(text_of(p))
    text = "\n".join(cover)
    assert plan.submission.title in text
    assert plan.submission.inquiry in text
    assert "Submitted by Example Coalition" in text
    assert "15 January 2026" in text
    assert "Public edition" in text
    assert "0123456789abcdef" in text


# Audience rules -----------------------------------------------------------------------------


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_public_edition_redacts_in_every_zip_member(public: Path) -> None:
    for name, data in members(public).items():
        assert b"jane placeholder" not in data.lower(), name
        assert b"Placeholder" not in data, name
    b1 = section_text(public, "B1")
    assert "My manager [REDACTED] set the targets." in b1
    marks = [
        r
        for r in docx.Document(str(public)).element.body.iter(qn("w:r"))
        if text_of(r) == "[REDACTED]"
    ]
    assert marks and all(
        r.find(f"{{{W_NS}}}rPr/{{{W_NS}}}rStyle").get(qn("w:val")) == "Redaction" for r in marks
    )


def test_redaction_reaches_titles_properties_and_other_items(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        sample,
        {
            "evidence/submission.yaml": (sample / "evidence/submission.yaml")
            .read_text(encoding="utf-8")
            .replace("submitted_by: Example Coalition", "submitted_by: Jane Placeholder"),
        },
    )
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8")
        .replace("title: Example policy extract", "title: JANE placeholder's extract")
        .replace("commentary: Why", "commentary: Jane *Placeholder* asked why"),
        encoding="utf-8",
    )
    path = make(sample, tmp_path / "out", monkeypatch)
    for name, data in members(path).items():
        assert b"placeholder" not in data.lower(), name
    assert docx.Document(str(path)).core_properties.author == "[REDACTED]"


def test_restricted_items_absent_in_public_present_in_restricted(
    public: Path, restricted: Path
) -> None:
    public_text = all_text(public)
    assert "TM-002" not in public_text
    assert "RESTRICTEDWORDS" not in public_text
    for data in members(public).values():
        assert b"RESTRICTEDWORDS" not in data
    restricted_text = all_text(restricted)
    assert "TM-002" in restricted_text and "RESTRICTEDWORDS" in restricted_text
    # The panel's edition is not redacted, and says what it is.
    assert "Jane Placeholder" in restricted_text
    assert "[REDACTED]" not in restricted_text
    header = docx.Document(str(restricted)).sections[0].header._element
    assert "RESTRICTED" in text_of(header)


def test_drafts_left_out_unless_asked_and_then_marked(public: Path, drafts: Path) -> None:
    assert "ST-002" not in all_text(public)
    c_headings = [text_of(p) for p in headings(drafts, 2) if text_of(p).startswith("C")]
    assert c_headings == [
        "C1 · ST-002 · A draft statistic",
        "C2 · ST-001 · Example statistic — replace with a published figure",
    ]
    marks = [p for p in body_paragraphs(drafts) if style_id(p) == "DraftMark"]
    assert len(marks) == 1 and "DRAFT" in text_of(marks[0])
    assert "DRAFT" in section_text(drafts, "C1")
    assert "DRAFT" not in section_text(drafts, "C2")


# Escaping and hostile Markdown --------------------------------------------------------------


def test_plain_strings_appear_literally(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = r"<b>x</b> \input{} *x* [a](b) # _y_ `z` | 1. @cite ~~s~~ $m$"
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text(encoding="utf-8").replace(
        "title: Example policy extract — replace with verbatim words from a policy document",
        "title: '" + title + "'",
    )
    pe.write_text(text, encoding="utf-8")
    path = make(sample, tmp_path / "out", monkeypatch)
    assert [text_of(p) for p in headings(path, 2)][-1] == f"D1 · PE-001 · {title}"
    assert index_table(path).rows[-1].cells[2].text == title


def test_markdown_fields_cannot_embed_local_files_or_add_headings(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.png"
    from conftest import allow_markdown_links, make_png

    allow_markdown_links(monkeypatch)  # validation refuses the image; the renderer must cope too

    secret.write_bytes(make_png(133, 117))
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8").replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: |\n  # A heading in a field\n\n  ![leak](" + str(secret) + ")\n\n"
            "  ```\n  unclosed fence\n",
        ),
        encoding="utf-8",
    )
    path = make(sample, tmp_path / "out", monkeypatch)
    assert len(docx.Document(str(path)).inline_shapes) == 2  # chart and exhibit only
    levels = {style_id(p) for p in body_paragraphs(path) if text_of(p) == "A heading in a field"}
    assert levels == {"Heading4"}
    # The unclosed fence did not swallow what follows: the source is still there.
    assert "Example policy document" in section_text(path, "D1").split("unclosed fence")[-1]


# Properties and reproducibility --------------------------------------------------------------


def test_core_properties(sample: Path, public: Path) -> None:
    props = docx.Document(str(public)).core_properties
    plan = plan_of(sample)
    when = dt.datetime.fromtimestamp(EPOCH, dt.UTC)
    assert props.title == plan.submission.title
    assert props.author == "Example Coalition"
    assert props.subject == plan.submission.inquiry
    assert "LOI-1" in props.keywords and "LOI-2" in props.keywords
    assert props.created == when and props.modified == when and props.last_printed == when
    assert props.revision == 1
    with zipfile.ZipFile(public) as z:
        core = z.read("docProps/core.xml").decode()
    assert core.count("2025-06-15T15:06:40Z") == 3


def test_same_sources_and_epoch_give_the_same_bytes(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make(sample, tmp_path / "one", monkeypatch, include_drafts=True).read_bytes()
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(sample, copy)
    second = make(copy, tmp_path / "two", monkeypatch, include_drafts=True).read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2025, 6, 15, 15, 6, 40)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_epoch_before_1980_is_clamped(sample: Path, tmp_path: Path) -> None:
    dest = tmp_path / "bundle.docx"
    render_docx(plan_of(sample), root=sample, dest=dest, epoch=0, commit=None)
    with zipfile.ZipFile(dest) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_random_ids_in_the_package(public: Path) -> None:
    for name, data in members(public).items():
        if name.endswith(".xml") or name.endswith(".rels"):
            assert not re.search(rb"w:rsid\w*=", data), name
    media = [n for n in members(public) if n.startswith("word/media/")]
    assert media == sorted(media) and all(re.fullmatch(r"word/media/rId\d+\.png", n) for n in media)


def test_build_uses_the_submissions_reference_doc(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inquiry.render.docx import reference

    assert (sample / "templates/reference.docx").read_bytes() == reference.build()
    ref = docx.Document(str(sample / "templates/reference.docx"))
    ref.styles["Block Text"].font.size = docx.shared.Pt(15)
    ref.save(str(sample / "templates/reference.docx"))
    path = make(sample, tmp_path / "out", monkeypatch)
    assert docx.Document(str(path)).styles["Block Text"].font.size == docx.shared.Pt(15)


def test_reference_document_is_regenerated_by_its_script() -> None:
    from inquiry.render.docx import reference

    repo = Path(__file__).resolve().parents[1]
    built = reference.build()
    assert (repo / "templates/reference.docx").read_bytes() == built
    assert (repo / "inquiry/data/reference.docx").read_bytes() == built


def test_reference_document_sets_page_body_headings_quotes_and_tables() -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    from inquiry.render.docx import reference

    document = docx.Document(io.BytesIO(reference.build()))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        assert getattr(section, margin) >= Cm(2.5)
    styles = document.styles.element
    defaults = styles.find(f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr")
    assert defaults.find(f"{{{W_NS}}}sz").get(qn("w:val")) == "24"  # 12 pt
    assert defaults.find(f"{{{W_NS}}}rFonts").get(qn("w:ascii")) == "Times New Roman"
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        outline = style.element.find(f"{{{W_NS}}}pPr/{{{W_NS}}}outlineLvl")
        assert outline is not None and outline.get(qn("w:val")) == str(level - 1)
    assert document.styles["Block Text"].paragraph_format.left_indent > 0
    table = document.styles["Table"]
    assert table.type == WD_STYLE_TYPE.TABLE
    assert table.element.find(f"{{{W_NS}}}tblStylePr[@{{{W_NS}}}type='firstRow']") is not None
    for name in ("Cover Title", "Draft Mark", "Witness Paragraph", "Statistic Value"):
        assert document.styles[name].type == WD_STYLE_TYPE.PARAGRAPH
    assert document.styles["Redaction"].type == WD_STYLE_TYPE.CHARACTER
    assert document.styles["Table Text"].font.size == Pt(10)


def test_leak_scan_finds_names_split_across_runs_and_in_any_part() -> None:
    from inquiry.render.docx.scan import leaks

    def package(files: dict[str, str]) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for name, text in files.items():
                z.writestr(name, text)
        return buf.getvalue()

    split = "<w:p><w:r><w:t>JANE </w:t></w:r><w:r><w:t>Placeholder</w:t></w:r></w:p>"
    assert leaks(package({"word/document.xml": split}), ["Jane Placeholder"]) == [
        ("word/document.xml", "Jane Placeholder")
    ]
    props = "<cp:coreProperties><dc:title>O&apos;Brien</dc:title></cp:coreProperties>"
    assert leaks(package({"docProps/core.xml": props}), ["O'Brien"])
    clean = package({"word/document.xml": "<w:p><w:r><w:t>[REDACTED]</w:t></w:r></w:p>"})
    assert leaks(clean, ["Jane Placeholder"]) == []
    assert leaks(clean, []) == []


def test_markdown_fields_cannot_pose_as_the_bundles_structure(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tm = sample / "evidence/testimonies/TM-001.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8").replace(
            "  - The second paragraph.",
            "  - |-\n    Intro.\n\n    # Posing {.inq}\n\n"
            '    ::: {custom-style="Heading 1"}\n    Styled\n'
            "    :::\n\n    :::\n\n    Footnote[^1].\n\n    [^1]: First note.\n"
            "  - |-\n    Another[^1].\n\n    [^1]: Second note.",
        ),
        encoding="utf-8",
    )
    path = make(sample, tmp_path / "out", monkeypatch)
    outline = [text_of(p) for p in body_paragraphs(path) if style_id(p) == "Heading1"]
    assert "Styled" not in outline
    posing = [p for p in body_paragraphs(path) if text_of(p) == "Posing"]
    assert [style_id(p) for p in posing] == ["Heading4"]
    with zipfile.ZipFile(path) as z:
        notes = z.read("word/footnotes.xml").decode()
    assert "First note." in notes and "Second note." in notes


def test_builds_with_pandocs_plain_reference_doc(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submission's own reference document may lack our styles; the bundle still builds."""
    from inquiry.render.docx import reference

    (sample / "templates/reference.docx").write_bytes(reference.pandoc_default())
    path = make(sample, tmp_path / "out", monkeypatch)
    assert len(headings(path, 2)) == 5
    assert instructions(docx.Document(str(path)).sections[0].footer._element) == [
        "PAGE",
        "NUMPAGES",
    ]
