"""A redacted name an exhibit hyphenates at a line's end (`Jane Place-` / `holder`) is removed
(stop 29, red team h84: it stayed in the public bundle). pdfium reads such a hyphen as U+FFFE
and joins the two lines' words (`Place\\ufffeholder`), which the matcher read as two words, so
neither the exhibit's redaction nor the final search of the bundle found the name."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from test_pdf import build_pdf

from inquiry.redaction import Matcher


def helvetica_pages(contents: list[bytes]) -> bytes:
    """A PDF of A4 pages drawing `contents` (content streams) in Helvetica, as text a PDF
    producer writes: each string a Tj, with no ToUnicode map needed."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )
    for content in contents:
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pikepdf.Stream(pdf, content),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _hyphenated() -> bytes:
    return helvetica_pages(
        [b"BT /F1 12 Tf 72 720 Td (Letter to Jane Place-) Tj 0 -14 Td (holder about it) Tj ET"]
    )


def test_pdfium_reads_the_hyphen_as_the_matcher_now_does() -> None:
    doc = pdfium.PdfDocument(_hyphenated())
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "\ufffe" in text  # what the matcher must read as nothing
    assert Matcher.of((("Jane Placeholder", None),)).search(text)


def test_a_hyphenated_name_in_an_exhibit_is_removed(sample: Path, build_cache: Path) -> None:
    (sample / "evidence/exhibits/report.pdf").write_bytes(_hyphenated())
    built = build_pdf(sample, sample.parent / "out", cache=build_cache)
    text = subprocess.run(
        ["pdftotext", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    redactions = json.loads((built.out / "redactions.json").read_text(encoding="utf-8"))
    assert {(r["item"], r["exhibit"]) for r in redactions} >= {("SF-001", 1)}, redactions
    squashed = "".join(text.split()).lower()
    assert (
        "placeholder" not in squashed and "place-" not in squashed and "holderabout" not in squashed
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Read both ways (red team h88): one word across the break, or two words either side.
        ("from the Somerset\ufffebased charity", ["Somerset"]),
        ("signed by Jane Smith\ufffeJones", ["Jane Smith"]),
        ("Letter to Jane Exam\ufffeple about", ["Jane Example"]),
        ("Jane Smi\ufffe\r\nth", ["Jane Smith"]),  # pdfium's hyphen, then the line's end
        ("Jane Place\ufffe holder", ["Jane Placeholder"]),
        ("the Somerset-\n based charity", ["Somerset"]),  # as pdftotext gives it
        ("Jane Smith-\nJones", ["Jane Smith"]),
        ("Jere-\nmiah said", ["Jeremiah"]),
    ],
)
def test_a_line_end_hyphen_is_read_both_as_a_join_and_as_a_break(
    text: str, names: list[str]
) -> None:
    matcher = Matcher.of(
        [
            (n, None)
            for n in ("Somerset", "Jane Smith", "Jane Example", "Jane Placeholder", "Jeremiah")
        ]
    )
    assert [found for found, _ in matcher.search(text)] == names
    assert matcher.search(matcher.plain(text)) == []
