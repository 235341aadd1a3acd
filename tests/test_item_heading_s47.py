"""Stop 47, red team h192: an item's tagged heading (H3) held its title alone, its number and id
beside it untagged, so a screen reader moving by headings heard "Survey respondents' theme: …"
eight times and no number a pinpoint such as [A3/6] names. The heading now holds the number, the
id and kind line and the title, laid out exactly as before (checked pixel by pixel on the sample
bundle when it changed)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from test_pdf import Built, build_pdf, make_sample


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("heading-s47")
    return build_pdf(make_sample(base), base / "out", cache=build_cache, ocr="never")


def _headings(pdf: pikepdf.Pdf) -> list[Dictionary]:
    found: list[Dictionary] = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if node.get("/S") == Name.H3:
            found.append(node)
        kids = node.get("/K")
        stack += [
            k
            for k in (list(kids) if isinstance(kids, Array) else [kids])
            if isinstance(k, Dictionary)
        ]
    return found


def test_each_items_heading_holds_its_number_id_and_title(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        titles = [str(h.get("/T", "")) for h in _headings(pdf)]
    items = bundle.manifest["items"]
    assert len(titles) == len(items)
    for item in items:
        [title] = [t for t in titles if item["title"] in t]
        assert title.startswith(f"{item['number']} {item['id']} · "), title
