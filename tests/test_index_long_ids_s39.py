"""Stop 39, red team h158: the index's id column had a fixed width and an id never breaks, so
a valid id longer than nine characters (`ABCDE-00001`; the schema allows `POLEX-000000123`)
printed over the title beside it. The column now widens to the longest id (and past a limit
the id is set smaller); the HTML index lets the id wrap in its cell."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.pdf.typst_code import INDEX_ID_FITS, index_id, index_id_width
from inquiry.render.wording import head_id
from inquiry.scaffold import init

LONG = ["ABCDE-00001", "POLEX-000000123", "POLEX-" + "1" * 24]


def _ends(pdf: Path, needle: str) -> tuple[float, float]:
    """The right edge of `needle` on the index page, and the left edge of what follows it on
    its line (the title's first letter)."""
    doc = pdfium.PdfDocument(str(pdf))
    for index in range(len(doc)):
        text = doc[index].get_textpage()
        chars = text.count_chars()
        whole = text.get_text_range(0, chars)
        at = whole.find(needle)
        if at < 0 or "Index" not in whole:
            continue
        right = max(text.get_charbox(i)[2] for i in range(at, at + len(needle)))
        bottom = text.get_charbox(at)[1]
        follow = [
            text.get_charbox(i)[0]
            for i in range(at + len(needle), chars)
            if whole[i].strip() and abs(text.get_charbox(i)[1] - bottom) < 4
        ]
        return right, min(follow)
    raise AssertionError(f"{needle} is not in the index")


def test_a_long_id_never_prints_over_the_title(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    folder = root / "evidence/policy_extracts"
    template = next(folder.glob("*.yaml"))
    text = template.read_text(encoding="utf-8")
    first = text.split("id: ", 1)[1].split("\n", 1)[0]
    for item_id in LONG:
        (folder / f"{item_id}.yaml").write_text(text.replace(first, item_id), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--format", "pdf", "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    for item_id in LONG:
        right, title = _ends(root / "build/bundle.pdf", item_id)
        assert right + 2 <= title, (item_id, right, title)
    css = (root / "build/html").rglob("*.css")
    assert any("td.id {\n  overflow-wrap: anywhere" in p.read_text() for p in css)


@pytest.mark.parametrize("length", [9, 10, 15, 24, 40, 60, 200])
def test_the_column_widens_then_the_rows_id_shrinks_then_wraps(length: int) -> None:
    """Red team h161: one long id set every id of the index smaller, to 0.8 pt for an id of
    200 characters. Only that row's id changes now, never below 4.5 pt, then on more lines."""
    width = index_id_width(length)
    assert (width == 46) == (length <= INDEX_ID_FITS) and width <= 110
    assert index_id("SF-001", width) == 'id: "SF-001"'  # the others stay as they are
    fields = index_id("P" * length, width)
    if length * 0.602 * 7 + 12 <= width:
        assert fields == f'id: "{"P" * length}"'
        return
    size = float(fields.split("id-size: ")[1].split("pt")[0])
    assert 4.5 <= size < 7
    lines = fields.split("id: [")[1].split("]")[0].split("#linebreak()")
    assert "".join(line.strip('#"') for line in lines) == "P" * length
    assert all(len(line.strip('#"')) * 0.602 * size + 12 <= width for line in lines)


def test_a_running_head_shows_a_long_id_shortened() -> None:
    """Red team h161: a 200-digit id made the running head wrap and print over itself."""
    assert head_id("SF-001") == "SF-001"
    assert head_id("POLEX-" + "0" * 18) == "POLEX-" + "0" * 18  # 24 characters: whole
    long = "POLEX-" + "0" * 190 + "123"
    assert head_id(long) == "POLEX-000000…00000123" and len(head_id(long)) <= 24
