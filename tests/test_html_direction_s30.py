"""Which way the bundle's text runs, and pages that never scroll sideways (stop 30, red team
h90).

The direction came from a list of primary language subtags (typst's), so `ckb` (Sorani Kurdish),
`prs` (Dari) and `ku-Arab` ran left to right and `pa-Guru` (Punjabi in Gurmukhi) and `ar-Latn`
right to left; the script subtag now decides, and the PDF's text is set in the same direction as
the HTML's. Every right-to-left page was 160,000 pixels wide: the skip link waited 9,999 rem to
the left, where a right-to-left page scrolls. A neighbouring item's long id did not wrap.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_html import axe, make_edition, parse, too_wide, violations

from inquiry.render.languages import text_direction
from inquiry.render.pdf import typst_source as ts


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("he", "rtl"),
        ("ar-SA", "rtl"),
        ("ckb", "rtl"),
        ("prs", "rtl"),
        ("syr", "rtl"),
        ("ku-Arab", "rtl"),
        ("az-Arab-IR", "rtl"),
        ("pa-Arab-PK", "rtl"),
        ("pa", "ltr"),
        ("pa-Guru", "ltr"),
        ("ar-Latn", "ltr"),
        ("en-GB", "ltr"),
        ("cy", "ltr"),
        ("sr-Cyrl-RS", "ltr"),
        ("es-419", "ltr"),
        # A region implying the script (red team h94).
        ("pa-PK", "rtl"),
        ("az-IR", "rtl"),
        ("uz-AF", "rtl"),
        ("sd-IN", "ltr"),
        ("az-AZ", "ltr"),
        ("ota", "rtl"),
    ],
)
def test_the_script_decides_then_the_language(tag: str, direction: str) -> None:
    assert text_direction(tag) == direction
    assert f"dir: {direction}" in ts.preamble(restricted=None, language=tag)


def _language(sample: Path, language: str) -> None:
    path = sample / "evidence/submission.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", path.read_text(encoding="utf-8"))
    assert f"language: {language}" in text
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("language", "direction"), [("ckb", "rtl"), ("pa-Guru", None)])
def test_the_html_runs_as_its_script_does(
    sample: Path, tmp_path: Path, language: str, direction: str | None
) -> None:
    _language(sample, language)
    ed = make_edition(sample, tmp_path)
    for page in ed.html_files():
        assert parse(page).get("dir") == direction, page


def test_right_to_left_pages_and_long_ids_reflow_at_320_css_pixels(
    sample: Path, tmp_path: Path
) -> None:
    _language(sample, "he")
    long_id = "SF-" + "0" * 40 + "1"
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    sf.write_text(sf.read_text(encoding="utf-8").replace("SF-001", long_id), encoding="utf-8")
    sf.rename(sf.with_name(f"{long_id}.yaml"))
    for path in (sample / "evidence").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("SF-001", long_id))
    ed = make_edition(sample, tmp_path)
    pages = sorted(ed.dest.rglob("*.html"))
    assert any(long_id in p.read_text(encoding="utf-8") for p in pages)
    result = axe(pages, width=320)
    assert list(violations(result)) == []
    assert too_wide(result) == {}
