"""A line of inquiry added after serving whose evidence is only among the served front matter's
items: the served front matter keeps the lines it was served with, so the line is listed in a
supplementary index (one of its own when nothing else was added), with the served items'
pinpoints; a supplement listing it for items added since shows the served items on it too.
Found by stop 30's red team (r6): the line was listed nowhere, though the item's index row and
heading named it."""

from __future__ import annotations

import json
from pathlib import Path

from test_served_loi import pages, run, served


def add_line(root: Path) -> None:
    path = root / "evidence/submission.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("tabs:")
    line = "  - id: LOI-3\n    title: A line added later\n    question: What now?\n"
    path.write_text(text[:at] + line + text[at:], encoding="utf-8")


def give_line(root: Path, path: str, old: str, new: str) -> None:
    file = root / "evidence" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def manifest(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "build/manifest.json").read_text("utf-8"))
    return data


def number_of(root: Path, item_id: str) -> tuple[str, int]:
    items = manifest(root)["items"]
    assert isinstance(items, list)
    found = next(i for i in items if i["id"] == item_id)
    return found["number"], found["first_page"]


def loi3_rows(root: Path) -> list[str]:
    return [line for line in "".join(pages(root)).splitlines() if line.startswith("LOI-3")]


def test_a_new_line_on_a_served_item_alone_gets_a_supplementary_index(tmp_path: Path) -> None:
    root = served(tmp_path)
    add_line(root)
    give_line(root, "survey_findings/SF-001.yaml", "[LOI-1]", "[LOI-1, LOI-3]")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    bundle = manifest(root)["bundle"]
    assert isinstance(bundle, dict)
    ((first, last),) = bundle["supplement_pages"]
    number, page = number_of(root, "SF-001")
    supplement = "".join(pages(root)[first - 1 : last])
    assert "LOI-3" in supplement and "A line added later" in supplement
    assert f"[{number}/{page}]" in supplement.replace(" ", "")
    # It says why it has no items; not that the edition has none (it did).
    flat = " ".join(supplement.split())
    assert "holds no items" not in flat and "No evidence was added with this supplement" in flat
    # Served as it is, and built again: the same supplementary index, nothing changed.
    code, out = run("serve", "--root", root)
    assert code == 0, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    code, out = run("diff", root / "served/public.json", root / "build/manifest.json")
    assert code == 0, out


def test_a_supplement_listing_a_new_line_shows_the_served_items_on_it(tmp_path: Path) -> None:
    root = served(tmp_path)
    add_line(root)
    give_line(root, "survey_findings/SF-001.yaml", "[LOI-1]", "[LOI-1, LOI-3]")
    example = (root / "evidence/testimonies/TM-001.yaml").read_text(encoding="utf-8")
    item = example.replace("TM-001", "TM-009")
    item = (
        item[: item.index("lines_of_inquiry:")]
        + "lines_of_inquiry: [LOI-3]\n"
        + item[item.index("\n", item.index("lines_of_inquiry:")) + 1 :]
    )
    (root / "evidence/testimonies/TM-009.yaml").write_text(item, encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    (row,) = [r.replace(" ", "") for r in loi3_rows(root)]
    for item_id in ("SF-001", "TM-009"):
        number, page = number_of(root, item_id)
        assert f"[{number}/{page}]" in row


def test_the_docx_lists_a_line_added_since_serving_too(tmp_path: Path) -> None:
    """The PDF and the HTML list the new line in the supplementary index; the DOCX listed the
    served front matter's lines only, so the line was in no table of it (review h93)."""
    import re
    import zipfile

    root = served(tmp_path)
    add_line(root)
    give_line(root, "survey_findings/SF-001.yaml", "[LOI-1]", "[LOI-1, LOI-3]")
    code, out = run("build", "--root", root, "--format", "pdf", "--format", "docx")
    assert code == 0, out
    number, page = number_of(root, "SF-001")
    with zipfile.ZipFile(root / "build/bundle.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    rows = [r for r in re.findall(r"<w:tr[ >].*?</w:tr>", body, re.S) if "LOI-3" in r]
    shown = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]
    assert any("A line added later" in s and f"[{number}/{page}]" in s for s in shown), shown
