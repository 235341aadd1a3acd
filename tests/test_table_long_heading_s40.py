"""Stop 40, red team h166 A1: a statistic whose unit is many words heads its series table's
column of figures with "Value (…)"; that column was as wide as its heading, so the period
column had no room and "Period" and the heading were printed over each other, the periods
running into the figures — the table the chart sends its reader to."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

UNIT = (
    "people waiting more than eighteen weeks for a first appointment after their referral "
    "to the service in the area"
)


def words_on(pdf: Path, page: int) -> list[tuple[str, tuple[float, ...]]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (w.text_content(), tuple(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")))
        for w in lxml.html.fromstring(html.encode()).iter("word")
    ]


def apart(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5


def test_a_long_unit_leaves_the_period_column_its_room(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    root = tmp_path / "repo"
    init(root)
    st = root / "evidence/statistics/ST-001.yaml"
    text = st.read_text(encoding="utf-8").replace("unit: referrals", f"unit: {UNIT}")
    st.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--format", "pdf", "-q"]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    [item] = [i for i in manifest["items"] if i["id"] == "ST-001"]
    words = [
        w
        for page in range(item["first_page"], item["last_page"] + 1)
        for w in words_on(out / "bundle.pdf", page)
    ]
    headings = [w for w in words if w[0] in ("Period", "Value")]
    assert len(headings) >= 2, words
    for (word, box), (other, box2) in itertools.permutations(words, 2):
        if word in ("Period", "Value") and box is not box2:
            assert apart(box, box2), f"{word!r} overlaps {other!r}"
