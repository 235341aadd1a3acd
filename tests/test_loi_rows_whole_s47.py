"""Stop 47, red team h192: a line of inquiry's row broke across pages, its question's last lines
standing alone at the top of the next page under an empty ID cell, a reader left to guess whose
they were. A row is kept on one page unless it could be taller than a page (`LOI_WHOLE_PINS`,
`LOI_WHOLE_CHARS`), when losing none of it matters more."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

WORDS = (
    "How have service targets, recovery rates and waiting-time measures shaped what clinicians "
    "offer, what patients are told, how referrals are closed and how the data reported to "
    "commissioners is gathered, checked and published in area {n}, and what did people who "
    "used or worked in the service say about it at the time (end {n})?"
)
COUNT = 30


def test_a_line_of_inquirys_row_is_never_split_across_pages(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    submission = root / "evidence/submission.yaml"
    more = "".join(
        f"  - id: LOI-{n}\n    title: Line {n}\n    question: {WORDS.format(n=n)}\n"
        for n in range(10, 10 + COUNT)
    )
    text = submission.read_text(encoding="utf-8")
    submission.write_text(text.replace("lines_of_inquiry:\n", f"lines_of_inquiry:\n{more}", 1))
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pages = subprocess.run(
        ["pdftotext", str(root / "build/bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    table = [p for p in pages if "(end " in p]
    assert len(table) >= 3, "the table spans pages, or the test shows nothing"
    for n in range(10, 10 + COUNT):
        [ends] = [p for p in table if re.search(rf"\(end\s+{n}\)", p)]
        assert re.search(rf"LOI-{n}\b", ends), f"LOI-{n}'s question ends on a page without it"
