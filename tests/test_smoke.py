from __future__ import annotations

from pathlib import Path

from inquiry.validate import validate


def test_sample_is_valid(sample: Path) -> None:
    _, report = validate(sample)
    # Its photograph has no text layer: a warning (SPEC, "OCR"), nothing else.
    assert [(p.code, p.severity) for p in report.problems] == [("exhibit-no-text", "warning")]
    assert report.valid()
    assert report.items == 7
