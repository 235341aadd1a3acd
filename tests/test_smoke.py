from __future__ import annotations

from pathlib import Path

from inquiry.validate import validate


def test_sample_is_valid(sample: Path) -> None:
    _, report = validate(sample)
    assert report.problems == ()
    assert report.items == 7
