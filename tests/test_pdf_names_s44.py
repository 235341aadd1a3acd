"""Stop 44: a PDF name need not be UTF-8. A Japanese font's `/BaseFont` written in Shift JIS
(`/#82l#82r#83S#83V#83b#83N`, MS Gothic), common from Windows producers, made the page hash
raise a Python codec error: such an exhibit was refused as `exhibit-damaged` ("'utf-8' codec
can't decode byte 0x82"), and `verify` called such a received PDF unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_pagehash import raw_pdf
from test_served_loi import run

from inquiry.pagehash import page_hashes
from inquiry.pagehash_values import name_text
from inquiry.scaffold import init

SJIS = b"/#82l#82r#83S#83V#83b#83N"


def pdf_with(base_font: bytes, extra: bytes = b"") -> bytes:
    """A one-page PDF whose font is named `base_font`, written by hand (pikepdf would not)."""
    content = b"BT /F1 12 Tf 20 100 Td (A report in Japanese fonts) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" >> " + extra + b">> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont " + base_font + b" /Encoding /WinAnsiEncoding"
        b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return raw_pdf(*objects)


@pytest.mark.parametrize("written", [SJIS, b"/\x82l\x82r\x83S\x83V\x83b\x83N"])
def test_a_name_that_is_not_utf8_is_hashed(tmp_path: Path, written: bytes) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_with(written))
    other = tmp_path / "b.pdf"
    other.write_bytes(pdf_with(b"/#82l#82r#83S#83V#83b#83O"))
    plain = tmp_path / "c.pdf"
    plain.write_bytes(pdf_with(b"/Helvetica"))
    hashes = [page_hashes(p) for p in (path, other, plain)]
    assert all(len(h) == 1 for h in hashes)
    assert len({h[0] for h in hashes}) == 3  # each name its own


def test_name_text_keeps_the_bytes_as_a_key_does(tmp_path: Path) -> None:
    import pikepdf

    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_with(SJIS, extra=SJIS + b" /Z "))
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        value = page.Resources.Font.F1.BaseFont
        key = next(k for k in page.Resources if k not in ("/Font",))
        assert name_text(value) == key  # the same text for the same bytes
        assert name_text(value).encode("utf-8", "surrogateescape") == (
            b"/\x82l\x82r\x83S\x83V\x83b\x83N"
        )
        assert name_text(pikepdf.Name("/Helvetica")) == "/Helvetica"


def test_an_exhibit_with_a_shift_jis_font_name_is_bundled_and_verified(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/report.pdf").write_bytes(pdf_with(SJIS))
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/report.pdf, description: A report}\n",
        encoding="utf-8",
    )
    code, out = run("validate", "--root", root)
    assert code == 0 and "exhibit-damaged" not in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    code, out = run("verify", root / "build/bundle.pdf")
    assert code == 0 and "matches" in out, out


@pytest.mark.parametrize("written", [b"/F#E9#zz", b"/F#E9#23zz", b"/F#E9", SJIS])
def test_name_text_is_what_the_key_reads(tmp_path: Path, written: bytes) -> None:
    """Red team h181: `/F#E9#zz` (a byte not UTF-8 and an escape that is none) read from its
    printed form was `/F\\udce9#zz`, not the key's `/F\\udce9\\x00zz`, and a font was taken
    for unused and dropped."""
    import pikepdf

    path = tmp_path / "n.pdf"
    path.write_bytes(
        pdf_with(b"/Helvetica", extra=b"/Z " + written + b" /D << " + written + b" 1 >> ")
    )
    with pikepdf.open(path) as pdf:
        resources = pdf.pages[0].Resources
        (key,) = list(resources.D.keys())
        assert name_text(resources.Z) == key
