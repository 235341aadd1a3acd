"""Stop 37 (red team h143): in the DOCX, a block of facts (an item's source: title, publisher,
address, published, accessed) could break across a page, leaving "Accessed 1 July 2025" alone
at the top of the next. Each row but the last of a block is now kept with the next (set on
the paragraph, so a coalition's own reference document needs no new style)."""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from docx.oxml.ns import qn

from inquiry.cli import main
from inquiry.scaffold import init

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_fact_but_a_blocks_last_is_kept_with_the_next(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "docx"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(root / "build/bundle.docx"))
    facts = [
        (p.paragraph_format.keep_with_next, p._p.getnext())
        for p in document.paragraphs
        if p.style is not None and p.style.name == "Fact"
    ]
    assert len(facts) >= 10
    for kept, following in facts:
        style = following.find(f"{W}pPr/{W}pStyle") if following is not None else None
        followed = style is not None and style.get(qn("w:val")) == "Fact"
        assert kept is (True if followed else None), (kept, followed)
