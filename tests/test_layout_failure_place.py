"""A piece typst cannot lay out (or that runs out of its worker's memory) names the items it
held, and the file when it held one (red-team stop 25: 'laying out the bundle failed: ran out
of memory' named nothing, after `validate` had said valid)."""

from __future__ import annotations

import pytest

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
    assert "items TM-004" in str(failed.value)
    assert failed.value.file == "evidence/testimonies/TM-004.yaml"


def test_a_chunk_of_several_names_them_all() -> None:
    broken = "#let y = (\n"
    with Pool(jobs=1, memory=1 << 30) as pool, pytest.raises(BuildFailed) as failed:
        compile_batch([broken], pool, None, False, None, held={broken: ["SF-001", "SF-002"]})
    assert "items SF-001, SF-002" in str(failed.value) and failed.value.file is None
