"""Stop 39, red team h162: an index row is kept whole on a page, so an item citing 200 lines of
inquiry (the format allows it) ran off the page's foot: lines of inquiry 66 to 200 were printed
nowhere in the index, and a lawyer reading it would never know. A row that tall may now break
across pages."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

COUNT = 200


def test_an_index_row_taller_than_a_page_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    more = "".join(
        f"  - id: LOI-{n}\n    title: Line {n}\n    question: What happened in area {n}?\n"
        for n in range(10, COUNT + 1)
    )
    text = text.replace("lines_of_inquiry:\n", f"lines_of_inquiry:\n{more}", 1)
    submission.write_text(text, encoding="utf-8")
    item = next((root / "evidence/statistics").glob("*.yaml"))
    body = item.read_text(encoding="utf-8")
    cited = ", ".join(f"LOI-{n}" for n in range(10, COUNT + 1))
    body = re.sub(r"(?m)^lines_of_inquiry: .*$", f"lines_of_inquiry: [{cited}]", body)
    item.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pages = subprocess.run(
        ["pdftotext", "-layout", str(root / "build/bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    # The index's pages: from its heading to the lines of inquiry's table.
    first = next(i for i, p in enumerate(pages) if re.search(r"(?m)^\s*Index\s*$", p))
    last = next(i for i, p in enumerate(pages) if i > first and "Lines of inquiry" in p[:200])
    index = "\n".join(pages[first:last])
    shown = {int(n) for n in re.findall(r"LOI-(\d+)", index)}
    assert set(range(10, COUNT + 1)) <= shown, sorted(set(range(10, COUNT + 1)) - shown)[:5]
