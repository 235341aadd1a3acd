"""Stop 44 (h176 F6, left open at stop 42): a redaction added to an exhibit served unredacted
made the build warn `served-exhibit-replaced` ("restore the served file") though the file was
the one served: the build compared the redacted copy's hash with the file's. It now compares
the file's own, as `validate` does; another file, redacted or not, is still warned of."""

from __future__ import annotations

from pathlib import Path

from conftest import make_pdf
from test_served_loi import run

from inquiry.scaffold import init

NAME = "Jane Doe"
LISTED = "exhibits:\n  - {file: exhibits/report.pdf, description: The report}\n"
REDACTED = (
    f"exhibits:\n  - {{file: exhibits/report.pdf, description: The report, redact: [{NAME}]}}\n"
)


def _served(tmp_path: Path) -> tuple[Path, Path, str]:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/report.pdf").write_bytes(
        make_pdf(3, text=f"Served report by {NAME}")
    )
    item = root / "evidence/survey_findings/SF-001.yaml"
    base = item.read_text(encoding="utf-8")
    item.write_text(base + LISTED, encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return root, item, base


def test_the_served_file_redacted_since_is_not_said_to_be_replaced(tmp_path: Path) -> None:
    root, item, base = _served(tmp_path)
    item.write_text(base + REDACTED, encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-exhibit-replaced" not in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "served-exhibit-replaced" not in out, out
    # The pages show the redacted copy: the name is gone from them.
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(root / "build/bundle.pdf")
    try:
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "Served report by" in text and NAME not in text


def test_another_file_redacted_is_still_said_to_be_replaced(tmp_path: Path) -> None:
    root, item, base = _served(tmp_path)
    (root / "evidence/exhibits/report.pdf").write_bytes(
        make_pdf(3, text=f"Another document by {NAME}")
    )
    item.write_text(base + REDACTED, encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    warned = [line for line in out.splitlines() if "served-exhibit-replaced" in line]
    assert len(warned) == 1 and "exhibit 1 of SF-001" in warned[0], out
