"""Stop 36 (red team h133): a served exhibit replaced by a shorter file is warned of with the
pages it was served on (5–7), not the pages the new file fills (5–6, then a blank page)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_pdf
from test_served_exhibit_replaced_s33 import _served_with_exhibit
from test_served_loi import run


def test_the_warning_names_the_pages_the_exhibit_was_served_on(tmp_path: Path) -> None:
    root = _served_with_exhibit(tmp_path)  # a 3-page exhibit
    (root / "evidence/exhibits/report.pdf").write_bytes(make_pdf(2, text="A shorter document"))
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    (warned,) = [line for line in out.splitlines() if "served-exhibit-replaced" in line]
    found = re.search(r"served on pages (\d+)–(\d+)", warned)
    assert found is not None, warned
    first, last = map(int, found.groups())
    assert last - first + 1 == 3, warned
