"""Stop 44: a failure in a piece of the index (laid out in several since stop 43) or of the
annex said "the front matter" whatever the piece; it now names the piece."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.errors import BuildFailed
from inquiry.render.pdf import typst_front
from inquiry.render.pdf.batch import compile_batch
from inquiry.render.pdf.layout import ANNEX
from inquiry.workers import Pool


def test_each_piece_is_named_by_its_index_and_part() -> None:
    groups = [0, 0, 0, 1, 2, 2, ANNEX]
    sources = [f"s{i}" for i in range(len(groups))]
    names = typst_front.piece_names(groups, sources)
    assert [names[s] for s in sources] == [
        "the front matter (part 1 of 3)",
        "the front matter (part 2 of 3)",
        "the front matter (part 3 of 3)",
        "supplementary index 1",
        "supplementary index 2 (part 1 of 2)",
        "supplementary index 2 (part 2 of 2)",
        "the annex",
    ]


def test_a_named_piece_that_fails_is_named() -> None:
    broken = "#let z = (\n"
    with Pool(jobs=1, memory=1 << 30) as pool, pytest.raises(BuildFailed) as failed:
        compile_batch([broken], pool, None, False, None, named={broken: "the annex (part 2 of 3)"})
    assert "could not lay out the annex (part 2 of 3):" in str(failed.value)


def test_the_build_names_the_annex_when_it_fails(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = typst_front.annex

    def broken(*args: Any, **kwargs: Any) -> list[str]:
        return [source[:-1] + "#undefined-in-typst()\n" for source in made(*args, **kwargs)]

    monkeypatch.setattr(typst_front, "annex", broken)
    args = ["build", "--root", str(sample), "--out", str(sample / "out"), "--format", "pdf"]
    result = CliRunner().invoke(main, [*args, "--audience", "restricted"])
    assert result.exit_code == 3, result.output
    assert "could not lay out the annex:" in result.output, result.output
