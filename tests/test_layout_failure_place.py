"""A piece typst cannot lay out (or that runs out of its worker's memory) names the items it
held, and the file when it held one (red-team stop 25: 'laying out the bundle failed: ran out
of memory' named nothing, after `validate` had said valid)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.errors import BuildFailed
from inquiry.render.pdf.batch import compile_batch
from inquiry.workers import Pool


def test_a_piece_that_cannot_be_laid_out_names_its_item_and_file() -> None:
    broken = "#let x = (\n"  # typst cannot read this
    with Pool(jobs=1, memory=1 << 30) as pool, pytest.raises(BuildFailed) as failed:
        compile_batch(
            [broken],
            pool,
            None,
            False,
            None,
            files={"TM-004": "evidence/testimonies/TM-004.yaml"},
            held={broken: ["TM-004"]},
        )
    assert "item TM-004" in str(failed.value)
    assert failed.value.file == "evidence/testimonies/TM-004.yaml"


def test_a_chunk_of_several_names_them_all() -> None:
    broken = "#let y = (\n"
    with Pool(jobs=1, memory=1 << 30) as pool, pytest.raises(BuildFailed) as failed:
        compile_batch([broken], pool, None, False, None, held={broken: ["SF-001", "SF-002"]})
    assert "items SF-001, SF-002" in str(failed.value) and failed.value.file is None


def test_the_item_that_fails_alone_is_named_not_its_chunk_mates(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item whose typst does not compile, in a chunk with others: the build named every item
    of the chunk (innocent ones too) and no file, with a temporary path (red-team h86, whose
    `$\\frac{}{}$` builds since stop 29; the typst an item could once make is made broken
    here instead)."""
    from inquiry.render.pdf import typst_source

    made = typst_source.item

    def broken(view: Any, *args: Any) -> str:
        source = made(view, *args)
        return source[:-1] + "#undefined-in-typst()]" if view.id == "TM-003" else source

    monkeypatch.setattr(typst_source, "item", broken)
    args = ["build", "--root", str(sample), "--out", str(sample / "out"), "--format", "pdf"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert "evidence/testimonies/TM-003.yaml" in result.output
    assert "lay out item TM-003:" in result.output and "lay out items" not in result.output
    assert "inquiry-typst-" not in result.output and "main.typ" not in result.output
