"""Markdown constructs shown alike in the PDF, the DOCX and the HTML (found by comparing them,
stop 28).

- A table of long rows (pandoc gives it equal percentage columns) drew ordinary long words
  ("Psychotherapeutic", "Northamptonshire") over the neighbouring cells and past the table's
  edge; a long table was never broken over pages, its last rows drawn over each other at the
  foot of the page.
- The PDF put a table's caption below it; the HTML and the DOCX put it above.
- A link written with no words (`[](https://…)`) showed nothing in any format; it shows its
  address, as an autolink does.
- DOCX notes restarted in each section (one per item), which LibreOffice 7.4 reads as per chapter
  and shows most notes as "0": they are numbered through the document, right in every reader.
- The HTML showed a formula's TeX (`$\\frac{1}{2}$`) where the PDF and the DOCX draw it: it is
  MathML now, only its presentation elements let through.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from click.testing import CliRunner
from lxml.html import fragment_fromstring, tostring

from inquiry.cli import main

MM = 72 / 25.4
TEXT_AREA = (20 * MM, 24 * MM, 595.28 - 20 * MM, 841.89 - 24 * MM)
"""An item page's text area (the template's margins: 20 mm each side, 24 mm top and bottom)."""


def add_paragraph(root: Path, paragraph: str) -> None:
    """Add a Markdown paragraph to the sample's public testimony TM-003."""
    item = root / "evidence/testimonies/TM-003.yaml"
    text = item.read_text(encoding="utf-8")
    old = "  - We were told to *discharge* people quickly.\n"
    assert old in text
    block = "".join(f"    {line}\n" if line else "\n" for line in paragraph.splitlines())
    item.write_text(text.replace(old, old + "  - |-\n" + block), encoding="utf-8")


def build(root: Path, *formats: str) -> Path:
    out = root / "out"
    args = ["build", "--root", str(root), "--out", str(out)]
    for f in formats:
        args += ["--format", f]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


# ----------------------------------------------------------------------------- PDF tables


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[float, float, float, float]  # left, bottom, right, top


def page_words(page: pdfium.PdfPage) -> Iterator[Word]:
    """The words drawn on the page, each with the box round its glyphs: a word ends at a space
    or where the next glyph is not on the same line."""
    text = page.get_textpage()
    run: list[tuple[str, tuple[float, float, float, float]]] = []
    line = (0.0, 0.0)  # the last glyph's line: the vertical middle of its loose box, its left
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        box = text.get_charbox(i, loose=False)
        loose = text.get_charbox(i, loose=True)
        middle = (loose[1] + loose[3]) / 2
        same_line = abs(line[0] - middle) < 1 and box[0] >= line[1] - 1
        if run and (ch.isspace() or not same_line):
            yield Word("".join(c for c, _ in run), _union([b for _, b in run]))
            run = []
        if not ch.isspace():
            run.append((ch, box))
        line = (middle, box[0])
    if run:
        yield Word("".join(c for c, _ in run), _union([b for _, b in run]))


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def column_rules(page: pdfium.PdfPage) -> list[tuple[float, float, float]]:
    """The vertical rules drawn on the page (a table's cell borders): x, bottom, top."""
    rules = []
    for obj in page.get_objects():
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = obj.get_bounds()
            if right - left < 1.5 and top - bottom > 5:
                rules.append(((left + right) / 2, bottom, top))
    return rules


def misplaced_words(pdf: Path, marker: str) -> tuple[int, list[str]]:
    """On the pages holding `marker`: (how many table words were checked, and each word that
    crosses a cell border, leaves the text area or is drawn over another word)."""
    problems: list[str] = []
    checked = 0
    doc = pdfium.PdfDocument(pdf)
    for n in range(len(doc)):
        page = doc[n]
        if marker not in page.get_textpage().get_text_range():
            continue
        rules = column_rules(page)
        assert rules, f"page {n + 1}: no table drawn"
        low, high = min(r[1] for r in rules), max(r[2] for r in rules)
        words = [w for w in page_words(page) if low < (w.box[1] + w.box[3]) / 2 < high]
        checked += len(words)
        for w in words:
            left, bottom, right, top = w.box
            middle = (bottom + top) / 2
            for x, rule_bottom, rule_top in rules:
                if rule_bottom < middle < rule_top and left + 0.3 < x < right - 0.3:
                    problems.append(f"page {n + 1}: {w.text!r} crosses the border at x={x:.1f}")
            x0, y0, x1, y1 = TEXT_AREA
            if left < x0 - 0.5 or right > x1 + 0.5 or bottom < y0 - 0.5 or top > y1 + 0.5:
                problems.append(f"page {n + 1}: {w.text!r} is outside the text area: {w.box}")
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                dx = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                dy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
                if dx > 0.5 and dy > 0.5:
                    problems.append(f"page {n + 1}: {a.text!r} and {b.text!r} overlap")
    return checked, problems


WIDE_TABLE = """\
Wide tables follow.

| Region | Referrals | Recovery | Waiting | Commissioner | Provider | Notes |
|---|---|---|---|---|---|---|
| Northamptonshire | 12,000 | 50% | 6 weeks | Integrated Care Board | {long} |

| {h} |
|{rule}
| {c} |
""".format(
    long="Psychotherapeutic Services | Underperformance",
    h=" | ".join(f"L04h{n}" for n in range(14)),
    rule="---|" * 14,
    c=" | ".join(f"L04c{n}value" for n in range(14)),
)


def test_a_wide_tables_words_stay_in_their_cells_in_the_pdf(sample: Path) -> None:
    add_paragraph(sample, WIDE_TABLE)
    out = build(sample, "pdf")
    checked, problems = misplaced_words(out / "bundle.pdf", "Wide tables follow.")
    assert checked >= 7 + 7 + 28, checked  # both tables' words were found
    assert problems == []


def test_a_long_table_runs_on_over_pages_in_the_pdf(sample: Path) -> None:
    rows = "".join(f"| LongRow{n} | {n} | Gloucestershire |\n" for n in range(120))
    add_paragraph(sample, f"A long table.\n\n| Row | Number | Place |\n|---|---|---|\n{rows}")
    out = build(sample, "pdf")
    doc = pdfium.PdfDocument(out / "bundle.pdf")
    seen: list[str] = []
    for n in range(len(doc)):
        for w in page_words(doc[n]):
            if w.text.startswith("LongRow"):
                seen.append(w.text)
                _, y0, _, y1 = TEXT_AREA
                assert y0 - 0.5 <= w.box[1] and w.box[3] <= y1 + 0.5, (n + 1, w)
    assert seen == [f"LongRow{n}" for n in range(120)]
    _, problems = misplaced_words(out / "bundle.pdf", "LongRow")
    assert problems == []


def test_a_tables_caption_is_above_it_in_the_pdf_as_in_the_html_and_docx(sample: Path) -> None:
    """The PDF put a table's caption below it; the HTML and the DOCX put it above."""
    add_paragraph(
        sample, "| Cap1 | Cap2 |\n|---|---|\n| cellone | celltwo |\n\n: Tablecaption words"
    )
    out = build(sample, "pdf", "docx", "html")
    doc = pdfium.PdfDocument(out / "bundle.pdf")
    pages = [doc[n] for n in range(len(doc))]
    page = next(p for p in pages if "Tablecaption" in p.get_textpage().get_text_range())
    caption = next(w for w in page_words(page) if w.text == "Tablecaption")
    cell = next(w for w in page_words(page) if w.text == "cellone")
    middle = (cell.box[1] + cell.box[3]) / 2
    top_rule = max(top for _, bottom, top in column_rules(page) if bottom < middle < top)
    assert caption.box[1] > top_rule > cell.box[3]
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert body.index("Tablecaption") < body.index("cellone")
    page_html = (out / "html").rglob("*.html")
    shown = next(t for t in (p.read_text("utf-8") for p in page_html) if "Tablecaption" in t)
    assert shown.index("Tablecaption") < shown.index("cellone")


# ----------------------------------------------------------------------------- links


def test_a_link_with_no_words_shows_its_address_in_every_format(sample: Path) -> None:
    """`[](https://…)` was an empty link in every format: nothing for a reader to see or click."""
    add_paragraph(
        sample, "Before [](https://example.org/k26g) between [](mailto:w03@example.org) after."
    )
    out = build(sample, "pdf", "docx", "html")
    shown = "Before https://example.org/k26g between w03@example.org after."
    pdf_words = " ".join(
        " ".join(w.text for w in page_words(page))
        for page in pdfium.PdfDocument(out / "bundle.pdf")
    )
    assert shown in pdf_words
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    docx_words = " ".join(re.sub(r"<[^>]+>", "", body).split())
    assert shown in docx_words
    assert re.search(r"<w:hyperlink [^>]*>(?:(?!</w:hyperlink>).)*k26g", body)
    pages = [p.read_text("utf-8") for p in (out / "html").rglob("*.html")]
    page = next(p for p in pages if "Before" in p)
    assert shown in " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
    assert '<a href="https://example.org/k26g">https://example.org/k26g</a>' in page
    assert '<a href="mailto:w03@example.org">w03@example.org</a>' in page


# ----------------------------------------------------------------------------- DOCX notes


NOTES = "Alpha note.[^a] Beta note.[^b]\n\n[^a]: Noteone words.\n\n[^b]: Notetwo words."


def test_docx_notes_are_numbered_in_libreoffice_too(sample: Path, tmp_path: Path) -> None:
    """Each section (one per item) restarted its notes (pandoc's reference document says so),
    which LibreOffice reads as per chapter: notes after the first in an item showed "0"."""
    add_paragraph(sample, NOTES)
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text("utf-8")
    old = "commentary: Why these words matter to the inquiry."
    assert old in text
    pe.write_text(text.replace(old, "commentary: Why.^[Notethree words.]"), "utf-8")
    out = build(sample, "docx")
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert body.count("<w:sectPr") > 2  # a section per item
    assert "numRestart" not in body
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are needed to print the DOCX")
    profile = (tmp_path / "lo-profile").as_uri()
    args = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*args, "--outdir", str(tmp_path), str(out / "bundle.docx")], check=True,
                   capture_output=True, timeout=180)  # fmt: skip
    printed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bundle.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Alpha note.1 Beta note.2" in " ".join(printed.split())
    assert "Why.3" in printed
    lines = [line.strip() for line in printed.splitlines() if line.strip()]
    for n, note in enumerate(("Noteone", "Notetwo", "Notethree"), 1):
        at = lines.index(f"{note} words.")
        assert lines[at - 1] == str(n), lines[at - 3 : at + 1]  # the note's own number


# ----------------------------------------------------------------------------- HTML math

MATH = "Half is $\\frac{1}{2}$ of it.\n\n$$\\sum_{i=1}^{n} x_i^2 \\le \\sqrt{y}$$"


def test_a_formula_is_drawn_in_the_html_as_in_the_pdf_and_docx(sample: Path) -> None:
    """The HTML showed a formula's TeX (`\\frac{1}{2}`), where the PDF and the DOCX draw it."""
    add_paragraph(sample, MATH)
    out = build(sample, "docx", "html")
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        assert "<m:f>" in docx.read("word/document.xml").decode("utf-8")  # drawn there too
    page = next(
        p.read_text("utf-8") for p in (out / "html").rglob("*.html") if "Half is" in p.read_text()
    )
    start = page.index("Half is")
    fragment = page[start : page.index("</math>", page.index("</math>", start) + 1) + 7]
    shown = re.sub(r"<annotation\b.*?</annotation>", "", fragment, flags=re.DOTALL)
    assert "\\frac" not in shown and "$" not in shown, shown
    assert re.search(r"<math display=\"inline\"><semantics><mfrac><mn>1</mn><mn>2</mn>", shown)
    assert '<math display="block">' in shown and "<msqrt>" in shown
    # in a region that scrolls on a narrow screen, as a table is
    assert re.search(r'<span aria-label="Formula 1" class="scroll" role="region" tabindex="0">'
                     r'<math display="block">', shown)  # fmt: skip
    assert "<munderover>" in shown


def test_only_presentation_mathml_reaches_the_html() -> None:
    """What the sanitiser keeps of a formula: drawing elements and attributes, nothing that
    loads, links or runs (the HTML pandoc writes is parsed the same way)."""
    from inquiry.render.html import fields

    root = fragment_fromstring(
        '<p><math display="block" xmlns="http://www.w3.org/1998/Math/MathML" href="https://x.org"'
        ' onclick="alert(1)"><semantics><mrow><mi mathvariant="normal" style="color:red">a</mi>'
        '<mglyph src="https://x.org/i.png"></mglyph><maction actiontype="toggle"><mi>b</mi>'
        '</maction></mrow><annotation-xml encoding="text/html"><a href="https://x.org">x</a>'
        '</annotation-xml><annotation encoding="application/x-tex">a</annotation></semantics>'
        "</math></p>",
        create_parent="div",
    )
    fields._clean(root)
    assert tostring(root, encoding="unicode") == (
        '<div><p><math display="block"><semantics><mrow><mi mathvariant="normal">a</mi></mrow>'
        '<annotation encoding="application/x-tex">a</annotation></semantics></math></p></div>'
    )


def test_a_page_with_formulas_passes_axe_and_reflows(sample: Path) -> None:
    """A long displayed formula scrolls within itself at 320 CSS pixels (WCAG 1.4.10)."""
    from test_html import axe, violations

    wide = " + ".join(f"\\frac{{a_{{{k}}}}}{{b_{{{k}}}}}" for k in range(40))
    add_paragraph(sample, f"{MATH}\n\n$$ {wide} $$")
    out = build(sample, "html")
    page = next(p for p in (out / "html").rglob("*.html") if "Half is" in p.read_text())
    for width in (0, 320):
        result = axe([page], width=width)
        assert list(violations(result)) == []
        reflow = result["pages"][0]["reflow"]  # type: ignore[index]
        assert reflow["scrollWidth"] <= reflow["clientWidth"], reflow
