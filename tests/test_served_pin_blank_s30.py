"""A pinpoint `[@ID, p. N]` to a page of a served item's span that its re-rendering in place
left blank (its exhibit removed) is warned (`ref-page-blank`), at the reference: the bundle
shows the pinpoint to "This page is intentionally left blank". Found by stop 30's red team
(r9): only a page past the span was warned (`ref-page-beyond`)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from test_served_loi import run

from inquiry.scaffold import init


def with_exhibit(tmp_path: Path, pages: int) -> tuple[Path, Path, str]:
    """A new repository whose SF-001 attaches a blank exhibit of `pages` pages: the root, the
    item's file and its text without the exhibit."""
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    pdf.save(root / "evidence/exhibits/report.pdf")
    finding = root / "evidence/survey_findings/SF-001.yaml"
    text = finding.read_text(encoding="utf-8")
    finding.write_text(
        text + "exhibits:\n  - {file: exhibits/report.pdf, description: The report}\n",
        encoding="utf-8",
    )
    return root, finding, text


def test_a_pinpoint_to_a_page_left_blank_is_warned(tmp_path: Path) -> None:
    root, finding, text = with_exhibit(tmp_path, 3)
    testimony = root / "evidence/testimonies/TM-001.yaml"
    said = testimony.read_text(encoding="utf-8")
    assert "\nsummary: An example testimony;" in said
    testimony.write_text(
        said.replace("\nsummary: An example testimony;", "\nsummary: See [@SF-001, p. 3];"),
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
        assert "ref-page-" not in out, out
    finding.write_text(text, encoding="utf-8")  # the exhibit taken out: its pages left blank
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "evidence/testimonies/TM-001.yaml:7:" in out, out
    assert "warning[ref-page-blank] page 3 of `SF-001` (A1) is cited" in out, out
