"""Every problem code the tool can report is in docs/format.md, which editors read to learn
what a code means (a red-team pass found sixteen codes nowhere in the docs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = (
    "file|folder|yaml|schema|submission|text|markdown|exhibit|redact|served|template|ref|id|loi"
    "|tab|kind|date|figure|consent"
)
CODE = re.compile(rf'"((?:{FAMILIES})-[a-z0-9]+(?:-[a-z0-9]+)*)"')
NOT_CODES = {
    "exhibit-meta",  # a cache namespace
    "text-anchor",  # an SVG attribute
    "tab-line",  # an HTML class
}


def test_every_code_is_documented() -> None:
    used = set()
    for path in (ROOT / "inquiry").rglob("*.py"):
        used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    docs = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    missing = sorted(c for c in used - NOT_CODES if f"`{c}`" not in docs)
    assert missing == []
    assert len(used) > 60
