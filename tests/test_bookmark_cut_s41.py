"""A bookmark's title cut short never shows a redacted string, and such a bundle still verifies.

Stop 41: a title with no space in its first 69 characters was cut inside a word. Cut to
`…-at-RoyalHallam…` it named a witness called Hallam in the PDF's bookmarks (the outputs' check
reads a format's names without taking words run together by capitals apart, so the build
installed it); cut to `…-at-Roy-Hallams…` the check refused the build (exit 3) for a title
that was valid."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.redaction import Matcher
from inquiry.render.pdf.typst_code import short_title
from inquiry.scaffold import init

MATCHER = Matcher.of(["Hallam"])
TITLES = [
    "Referrals-to-the-South-Yorkshire-ICB-and-its-providers-at-RoyalHallamshire-Trust-in-2019",
    "Referrals-to-the-South-Yorkshire-ICB-and-its-providers-at-Roy-Hallamshire-Trust-in-2019",
    "Referrals-to-the-South-Yorkshire-ICB-and-its-providers-at-Roy-" + "x" * 40,
    "Referrals to the South Yorkshire ICB and its providers, for the whole of 2019 and 2020",
]


def _shows(text: str) -> bool:
    return bool(MATCHER.search(text))


@pytest.mark.parametrize("title", TITLES)
def test_a_cut_title_is_a_beginning_of_it_and_names_no_one(title: str) -> None:
    for limit in range(8, 80):
        cut = short_title(title, limit, _shows)
        assert len(cut) <= limit and not _shows(cut), (limit, cut)
        assert cut.endswith("…") and title.startswith(cut[:-1])


def test_a_title_with_spaces_is_cut_after_a_word() -> None:
    assert short_title(TITLES[3], 40) == "Referrals to the South Yorkshire ICB…"


def _outline(pdf: Path) -> list[str]:
    out: list[str] = []
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            mark = stack.pop()
            out.append(str(mark.title))
            stack += list(mark.children)
    return out


@pytest.mark.parametrize("title", TITLES[:2])
def test_the_bundle_bookmarks_no_redacted_name_and_verifies(tmp_path: Path, title: str) -> None:
    root = tmp_path / "repo"
    init(root)
    extract = root / "evidence/policy_extracts/PE-001.yaml"
    text = extract.read_text(encoding="utf-8")
    extract.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M))
    testimony = root / "evidence/testimonies/TM-001.yaml"
    text = testimony.read_text(encoding="utf-8")
    testimony.write_text(
        text.replace("  - The second paragraph.", "  - The second paragraph, about Dr Hallam.")
        + "redact: [Hallam]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pdf = root / "build/bundle.pdf"
    marks = _outline(pdf)
    assert any(m.startswith("D1 PE-001 Referrals-to") and "…" in m for m in marks), marks
    for mark in marks:
        assert not _shows(mark), mark
    result = CliRunner().invoke(main, ["verify", str(pdf)])
    assert result.exit_code == 0, result.output
