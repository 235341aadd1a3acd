"""A redacted name an exhibit wraps inside a table's cell or a column, with the next cell's or
column's words between its two lines in the page's text, is still removed (stop 29, red team
h88: pdfium reads `Jane Place- Witness, 2019 / holder Bristol`, so the name was not found, while
pdftotext and a reader read `Jane Placeholder` in the public bundle)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_pdf import build_pdf
from test_redaction_hyphen_s29 import helvetica_pages

PAGES = [
    # A two-column table drawn row by row: the first cell wraps the name, hyphenated.
    b"BT /F1 12 Tf 72 720 Td (Jane Place-) Tj ET BT /F1 12 Tf 250 720 Td (Witness, 2019) Tj ET "
    b"BT /F1 12 Tf 72 706 Td (holder) Tj ET BT /F1 12 Tf 250 706 Td (Bristol) Tj ET",
    # The same without a hyphen.
    b"BT /F1 12 Tf 72 720 Td (Jane) Tj ET BT /F1 12 Tf 250 720 Td (Witness, 2019) Tj ET "
    b"BT /F1 12 Tf 72 706 Td (Placeholder) Tj ET BT /F1 12 Tf 250 706 Td (Bristol) Tj ET",
    # Two columns, the right one's first line drawn between the left one's two.
    b"BT /F1 12 Tf 72 720 Td (Letter to Jane Place-) Tj ET "
    b"BT /F1 12 Tf 320 720 Td (Right column words here) Tj ET "
    b"BT /F1 12 Tf 320 706 Td (more right column) Tj ET "
    b"BT /F1 12 Tf 72 706 Td (holder about it) Tj ET",
]


def _exhibit() -> bytes:
    return helvetica_pages(PAGES)


def test_a_name_wrapped_in_a_cell_or_a_column_is_removed(sample: Path, build_cache: Path) -> None:
    (sample / "evidence/exhibits/report.pdf").write_bytes(_exhibit())
    built = build_pdf(sample, sample.parent / "out", cache=build_cache)
    text = subprocess.run(
        ["pdftotext", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = "".join(text.split()).lower()
    assert "placeholder" not in squashed and "place-holder" not in squashed
    redactions = json.loads((built.out / "redactions.json").read_text(encoding="utf-8"))
    first = built.items()["SF-001"]["exhibits"][0]["first_page"]
    assert {r["page"] for r in redactions if r["exhibit"] == 1} == {first, first + 1, first + 2}
    assert built.result is not None
    assert not [w for w in built.result.warnings if w.code == "exhibit-redact-not-found"]
