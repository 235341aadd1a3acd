"""The DOCX's page standing in for a PDF exhibit says at which PDF pages the bundle reproduces
it ("… reproduced in full in the PDF bundle at pages 5–7, after item A1."), read back from the
DOCX and compared with manifest.json's. (The item's own exhibit list is not paged in any
format: see `inquiry.render.view._exhibit_list`.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_pdf, write_tree
from docx_helpers import item_text
from test_pdf import Built, build_pdf, make_sample

from inquiry.render import wording


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    """The sample with a second item holding an exhibit (B1, after A1's two), in all formats."""
    base = tmp_path_factory.mktemp("exhibit-pages")
    root = make_sample(base)
    write_tree(root, {"evidence/exhibits/notes.pdf": make_pdf(2, text="Notes")})
    tm = root / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/notes.pdf, description: The witness's notes}\n",
        encoding="utf-8",
    )
    return build_pdf(root, base / "out", cache=build_cache, formats=("pdf", "docx", "html"))


def with_exhibits(built: Built) -> list[dict[str, Any]]:
    items = [i for i in built.manifest["items"] if i["exhibits"]]
    assert {i["id"] for i in items} == {"SF-001", "TM-003"}
    return items


def test_the_docx_stand_in_names_the_pdf_pages(built: Built) -> None:
    docx = built.out / "bundle.docx"
    for item in with_exhibits(built):
        text = item_text(docx, item["id"])
        for e in item["exhibits"]:
            assert f"; {wording.plural(e['last_page'] - e['first_page'] + 1, 'page')})." in text
        where = [wording.pages_phrase(e["first_page"], e["last_page"]) for e in item["exhibits"]]
        if item["id"] == "SF-001":
            assert (
                f"This PDF exhibit (3 pages) is reproduced in full in the PDF bundle at {where[0]}"
                ", after item A1."
            ) in text
            assert (
                "The image is reproduced here and, on a page of its own, in the PDF bundle at "
                f"{where[1]}."
            ) in text
        else:
            assert (
                f"This PDF exhibit (2 pages) is reproduced in full in the PDF bundle at {where[0]}"
                f", after item {item['number']}."
            ) in text
