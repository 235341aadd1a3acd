"""Found by reading SPEC.md against the built tool (stop 28).

- An exhibit's `redact` entry may be a plain string (SPEC: `redact: [string | {text, code} |
  {page, box, code}]`): the public cover's legend of marks read `.code` of every entry and every
  public build with one failed (exit 3, AttributeError).
- A Markdown autolink (`<https://…>`) was drawn as nothing in the PDF: the template's `link`
  joined a body pandoc does not give for an autolink, so the address vanished from the page (and
  its link with it) while the DOCX and HTML showed it.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render import wording

FORMATS = ["--format", "pdf", "--format", "docx", "--format", "html"]


def build(root: Path, audience: str = "public") -> Path:
    out = root / f"out-{audience}"
    args = ["build", "--root", str(root), "--out", str(out), "--audience", audience, *FORMATS]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


PARAGRAPH = "  - We were told to *discharge* people quickly.\n"
"""The sample's TM-003 paragraph that the tests add theirs after."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_paragraph(sample: Path, paragraph: str) -> None:
    """`paragraph` (a YAML list entry, indented) after TM-003's second paragraph."""
    edit(sample / "evidence/testimonies/TM-003.yaml", PARAGRAPH, PARAGRAPH + paragraph)


def test_a_plain_string_exhibit_redaction_builds_and_is_in_the_legend(sample: Path) -> None:
    edit(
        sample / "evidence/survey_findings/SF-001.yaml",
        "  - {file: exhibits/report.pdf, description: The survey report}\n",
        "  - {file: exhibits/report.pdf, description: The survey report,"
        " redact: [Report, {page: 1, box: [0, 0, 50, 50], code: PI}]}\n",
    )
    out = build(sample)
    cover = pdf_text(out / "bundle.pdf").split(wording.REDACTION_MARKS, 1)
    assert len(cover) == 2, "the public cover lists the marks"
    assert f"REDACTED: {wording.NO_REASON}" in cover[1][:600]
    assert "PI:" in cover[1][:600]
    # An exhibit's redacted string is redacted wherever it appears, as an item's is.
    assert not re.search(r"\breport\b", pdf_text(out / "bundle.pdf"), re.IGNORECASE)


def test_an_autolinks_address_is_on_the_pdf_page_and_linked(sample: Path) -> None:
    add_paragraph(
        sample, "  - 'See <https://example.org/autolinked/page> and <mailto:w03@example.org>.'\n"
    )
    out = build(sample)
    words = pdf_text(out / "bundle.pdf")
    assert "See https://example.org/autolinked/page and w03@example.org." in words
    with pikepdf.open(out / "bundle.pdf") as pdf:
        uris = {
            str(a.A.URI)
            for page in pdf.pages
            for a in page.get("/Annots", [])
            if "/A" in a and "/URI" in a.A
        }
    assert {"https://example.org/autolinked/page", "mailto:w03@example.org"} <= uris
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        docx_words = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
    page = "".join(
        html.unescape(re.sub(r"<[^>]+>", "", p.read_text("utf-8")))
        for p in sorted((out / "html").rglob("*.html"))
    )
    for where, shown in (("docx", docx_words), ("html", page)):
        assert "https://example.org/autolinked/page" in shown, where


def visible_words(pdf: Path) -> list[str]:
    """The words drawn inside each page's box (pdftotext crops to the area it is given)."""
    words: list[str] = []
    with pikepdf.open(pdf) as doc:
        sizes = [(float(p.mediabox[2]), float(p.mediabox[3])) for p in doc.pages]
    for n, (w, h) in enumerate(sizes, 1):
        args = ["pdftotext", "-f", str(n), "-l", str(n), "-x", "0", "-y", "0"]
        args += ["-W", str(int(w)), "-H", str(int(h)), str(pdf), "-"]
        words += subprocess.run(args, capture_output=True, text=True, check=True).stdout.split()
    return words


def test_words_joined_by_no_break_spaces_wrap_inside_the_page(sample: Path) -> None:
    """Sixty words joined by no-break spaces (text pasted from the web) printed 23 of them; the
    rest were drawn beyond the right edge, where no reader sees them."""
    joined = "\u00a0".join(f"nb{n:02d}" for n in range(60))
    digest = "0123456789abcdef" * 10  # a run with nothing to break at: any character may
    add_paragraph(sample, f"  - 'Pasted: {joined} end. Hash {digest} done.'\n")
    out = build(sample)
    words = visible_words(out / "bundle.pdf")
    seen = " ".join(words)
    assert all(f"nb{n:02d}" in seen for n in range(60)), seen
    assert digest in "".join(words)


def test_a_task_lists_boxes_are_in_the_html_as_in_the_pdf(sample: Path) -> None:
    add_paragraph(sample, "  - |-\n    Tasks:\n\n    - [ ] taskopen\n    - [x] taskdone\n")
    out = build(sample)
    words = pdf_text(out / "bundle.pdf")
    assert "☐ taskopen" in words and "☒ taskdone" in words
    page = "".join(p.read_text("utf-8") for p in sorted((out / "html").rglob("*.html")))
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "☐ taskopen" in shown and "☒ taskdone" in shown, shown
    assert "<input" not in page


def test_a_leak_found_in_the_typst_source_names_the_item_and_its_file(sample: Path) -> None:
    """A redacted name in a superscript joined to a word (`x^Jane\\ Placeholder^`) is read apart
    by the redaction and drawn together by typst: the piece's search stops the build. It said
    "found in typst source" with no file; it names the item and its file now."""
    add_paragraph(sample, "  - 'M23 x^Jane\\ Placeholder^ M23z'\n")
    out = sample / "out"
    args = ["build", "--root", str(sample), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(main, args)
    if result.exit_code == 0:  # redacted after all: then nothing leaked
        assert "Placeholder" not in pdf_text(out / "bundle.pdf")
        return
    assert result.exit_code == 3, result.output
    assert "evidence/testimonies/TM-003.yaml" in result.output, result.output
    assert "TM-003 (its typst source)" in result.output
    assert "Placeholder" not in result.output
