"""`validate` opens every exhibit the build will open: a warning about how its path is written
or that it is attached twice does not keep it closed (stop 29: a damaged PDF attached as
`./exhibits//report.pdf` passed `validate`, and only the build refused it)."""

from __future__ import annotations

from pathlib import Path

from exhibit_helpers import zero_pages

from inquiry.validate import validate


def _attach(sample: Path, written: str, *, twice: bool = False) -> None:
    (sample / "evidence/exhibits/report.pdf").write_bytes(zero_pages())
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8").replace("file: exhibits/report.pdf", f"file: {written}")
    if twice:
        text = text.replace(
            "  - {file: exhibits/photo.png",
            f"  - {{file: {written}, description: Again}}\n  - {{file: exhibits/photo.png",
        )
    sf.write_text(text, encoding="utf-8")


def _codes(sample: Path) -> dict[str, str]:
    _, report = validate(sample)
    return {p.code: p.severity for p in report.problems if p.file.endswith("SF-001.yaml")}


def test_a_path_not_written_plainly_is_still_opened(sample: Path) -> None:
    _attach(sample, "./exhibits//report.pdf")
    codes = _codes(sample)
    assert codes.get("exhibit-path-form") == "warning"
    assert codes.get("exhibit-no-pages") == "error", codes


def test_a_file_attached_twice_is_still_opened(sample: Path) -> None:
    _attach(sample, "exhibits/report.pdf", twice=True)
    codes = _codes(sample)
    assert codes.get("exhibit-repeated") == "warning", codes
    assert codes.get("exhibit-no-pages") == "error", codes
