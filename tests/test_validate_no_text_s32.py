"""`validate` warns `exhibit-no-text` for every exhibit with pages that have no text layer (SPEC,
"OCR"), whether or not OCR tools are installed: stop 32 found it said nothing on a machine with
Tesseract, so a check run there saw a scan pass without the warning SPEC promises. The message
says what the build will do about it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.exhibits import ocr


def _no_text(sample: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(sample), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return [p for p in report["problems"] if p["code"] == "exhibit-no-text"]


def _line_of(sample: Path, needle: str) -> int:
    text = (sample / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    return next(i for i, s in enumerate(text.splitlines(), 1) if needle in s)


def test_a_picture_exhibit_is_warned_of_when_ocr_is_installed(sample: Path) -> None:
    assert ocr.ocr_available()
    [problem] = _no_text(sample)
    assert problem["severity"] == "warning"
    assert problem["file"] == "evidence/survey_findings/SF-001.yaml"
    assert problem["line"] == _line_of(sample, "exhibits/photo.png")
    message = str(problem["message"])
    assert "exhibits/photo.png" in message and "by OCR" in message


def test_without_ocr_the_warning_says_a_search_will_miss_the_words(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda language="eng": False)
    [problem] = _no_text(sample)
    assert "will miss their words" in str(problem["message"])


def test_strict_fails_on_it(sample: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(sample), "--strict"])
    assert result.exit_code == 1
    assert "warning[exhibit-no-text]" in result.output
