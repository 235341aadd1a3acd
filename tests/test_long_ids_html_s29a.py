"""An item id of any length has its HTML page (red team h_d, stop 29, repro 10): the id pattern
has no length limit, and `SF-` with 250 digits made a page name over the file system's 255 bytes
("File name too long", build exit 3). A long name is now cut, with a hash of the whole id."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from test_numbers_s29a import scaffold
from test_pdf import build_pdf

from inquiry.render.html.site import NAME_LIMIT, page_name

# ------------------------------------------------------------------------------ long ids

LONG_ID = "SF-" + "1" * 250


def test_a_long_id_gets_a_short_stable_page_name_and_short_ids_keep_theirs() -> None:
    assert page_name("A1", "SF-001") == "A1-SF-001.html"
    name = page_name("A1", LONG_ID)
    assert len(name) <= NAME_LIMIT and name.startswith("A1-SF-111")
    assert re.fullmatch(r"A1-SF-1+-h[0-9a-f]{20}\.html", name)
    assert name == page_name("A1", LONG_ID)  # the same in every build
    assert name != page_name("A1", LONG_ID + "1")  # one digit more is another page


def test_an_item_with_a_250_digit_id_has_its_html_page(tmp_path: Path, build_cache: Path) -> None:
    root = scaffold(tmp_path)
    source = root / "evidence/survey_findings/SF-001.yaml"
    long = root / "evidence/survey_findings/SF-002.yaml"
    long.write_text(
        source.read_text(encoding="utf-8").replace("id: SF-001", f"id: {LONG_ID}"),
        encoding="utf-8",
    )
    built = build_pdf(root, tmp_path / "out", cache=build_cache, formats=("html", "pdf"))
    items = built.out / "html/items"
    long_pages = [p for p in items.iterdir() if LONG_ID[:20] in p.name]
    assert len(long_pages) == 1
    page = long_pages[0]
    assert len(page.name) <= NAME_LIMIT
    assert LONG_ID in lxml.html.parse(str(page)).getroot().text_content()
    assert (items / "A1-SF-001.html").exists()
    index = (built.out / "html/index.html").read_text(encoding="utf-8")
    assert f'href="items/{page.name}"' in index
