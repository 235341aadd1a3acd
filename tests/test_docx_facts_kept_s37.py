"""Stop 37 (red team h143): in the DOCX, a block of facts (an item's source: title, publisher,
address, published, accessed) could break across a page, leaving "Accessed 1 July 2025" alone
at the top of the next. Each row but the last of a block is now kept with the next."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

FACTS = ("Fact", "Fact Kept")


def test_every_fact_but_a_blocks_last_is_kept_with_the_next(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "docx"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(root / "build/bundle.docx"))
    style = document.styles["Fact Kept"]
    assert style.paragraph_format.keep_with_next is True
    assert style.base_style is not None and style.base_style.name == "Fact"
    names = [p.style.name if p.style is not None else "" for p in document.paragraphs]
    blocks, run = [], []
    for name in [*names, ""]:
        if name in FACTS:
            run.append(name)
        elif run:
            blocks.append(run)
            run = []
    assert len(blocks) >= 4, names
    for block in blocks:
        assert block == ["Fact Kept"] * (len(block) - 1) + ["Fact"], block
