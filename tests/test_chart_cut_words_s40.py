"""Stop 40, red team h168: a chart's period label or unit too long for its room was cut letter
by letter, so a public word could be cut down to a redacted one (`Daybreak House` to `Day…`
for a witness called Day, `Ward 70` to `Ward 7…`): the PDF's check refused the build (exit 3,
naming no cause an editor could find) and the DOCX's picture, which no check can read, showed
the redacted string. A label is cut after whole words now."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from inquiry.cli import main
from inquiry.render.cut import shorten
from inquiry.scaffold import init


def by_letters(text: str) -> float:
    return float(len(text))


def test_a_label_is_cut_after_whole_words() -> None:
    label = "January 2018 to March 2019 at Daybreak House"
    for room in range(12, len(label)):
        cut = shorten(label, room, by_letters)
        assert cut.endswith("…") and len(cut) <= room
        kept = cut[:-1]
        assert label.startswith(kept) and label[len(kept)] in " ,", (room, cut)
    assert shorten("Ward 70 and Ward 71", 9, by_letters) == "Ward 70…"


@given(st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=2, max_size=8))
def test_no_word_is_cut_inside_when_a_whole_one_fits(words: list[str]) -> None:
    label = " ".join(words)
    room = len(words[0]) + 1 + len(label) // 3
    cut = shorten(label, room, by_letters)
    if cut != label:
        kept = cut[:-1]
        assert kept.split(" ") == words[: len(kept.split(" "))]


def test_a_public_word_is_not_cut_down_to_a_redacted_one(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(tm.read_text(encoding="utf-8") + "redact: [Ward 7, Day]\n", encoding="utf-8")
    st_file = root / "evidence/statistics/ST-001.yaml"
    text = st_file.read_text(encoding="utf-8")
    head, _, _ = text.partition("series:")
    series = "".join(
        f'  - {{period: "January {2018 + i} to March {2019 + i} at Daybreak House",'
        f" value: {10 + i}}}\n"
        for i in range(6)
    )
    st_file.write_text(head + "series:\n" + series, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(out), "--format", "pdf", "--format", "docx"],
    )
    assert result.exit_code == 0, result.output
    assert (out / "bundle.pdf").exists() and (out / "bundle.docx").exists()
