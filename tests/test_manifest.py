"""manifest.json: the shape SPEC.md fixes, hashes anyone can check, and the PDF's page numbers."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path

import pikepdf
import pytest
from test_pdf import Built, build_pdf, make_sample

BUNDLE_KEYS = ["title", "pages", "sha256", "audience"]
ITEM_KEYS = [
    "id",
    "number",
    "tab",
    "title",
    "kind",
    "first_page",
    "last_page",
    "lines_of_inquiry",
    "source_sha256",
    "exhibits",
]
EXHIBIT_KEYS = ["file", "sha256", "first_page", "last_page"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("manifest")
    return build_pdf(make_sample(base), base / "out", cache=build_cache)


def in_order(keys: list[str], wanted: list[str]) -> bool:
    """`wanted` are all in `keys`, in that order (more keys may be added, SPEC says)."""
    positions = [keys.index(k) for k in wanted if k in keys]
    return len(positions) == len(wanted) and positions == sorted(positions)


def test_shape_has_every_key_the_spec_fixes(built: Built) -> None:
    manifest = built.manifest
    assert list(manifest)[:2] == ["bundle", "items"]
    assert in_order(list(manifest["bundle"]), BUNDLE_KEYS), list(manifest["bundle"])
    for item in manifest["items"]:
        assert in_order(list(item), ITEM_KEYS), list(item)
        for exhibit in item["exhibits"]:
            assert in_order(list(exhibit), EXHIBIT_KEYS), list(exhibit)


def test_bundle_facts_match_the_pdf(built: Built) -> None:
    bundle = built.manifest["bundle"]
    assert bundle["sha256"] == hashlib.sha256(built.pdf.read_bytes()).hexdigest()
    assert bundle["title"] == "Evidence submitted in support of a public inquiry"
    assert bundle["audience"] == "public"
    with pikepdf.open(built.pdf) as doc:
        assert bundle["pages"] == len(doc.pages)
    assert built.manifest["items"][-1]["last_page"] == bundle["pages"]
    assert len(bundle["page_sha256"]) == bundle["pages"]
    assert len(set(bundle["page_sha256"])) == bundle["pages"], "every page is told apart"


def test_items_in_bundle_order_with_source_and_exhibit_hashes(built: Built) -> None:
    items = built.manifest["items"]
    assert [(i["number"], i["id"], i["tab"]) for i in items] == [
        ("A1", "SF-001", "A"),
        ("B1", "TM-003", "B"),
        ("B2", "TM-001", "B"),
        ("C1", "ST-001", "C"),
        ("D1", "PE-001", "D"),
    ]
    sf = items[0]
    source = (built.root / "evidence/survey_findings/SF-001.yaml").read_bytes()
    assert sf["source_sha256"] == hashlib.sha256(source).hexdigest()
    assert sf["kind"] == "survey_finding" and sf["lines_of_inquiry"] == ["LOI-1"]
    report, photo = sf["exhibits"]
    report_bytes = (built.root / "evidence/exhibits/report.pdf").read_bytes()
    assert {k: report[k] for k in EXHIBIT_KEYS} == {
        "file": "exhibits/report.pdf",
        "sha256": hashlib.sha256(report_bytes).hexdigest(),
        "first_page": 5,
        "last_page": 7,
    }
    assert photo["first_page"] == photo["last_page"] == 8
    assert (sf["first_page"], sf["last_page"]) == (4, 8)
    for a, b in itertools.pairwise(items):
        assert b["first_page"] == a["last_page"] + 1


def test_file_is_deterministic_text(built: Built) -> None:
    text = (built.out / "manifest.json").read_text(encoding="utf-8")
    assert text == json.dumps(built.manifest, indent=2, ensure_ascii=False) + "\n"


def test_redacted_words_stay_out_of_a_public_manifest(tmp_path: Path, build_cache: Path) -> None:
    """A redacted name in another item's title and in an exhibit's file name: the manifest
    shows the mark, and the restricted edition's manifest the name."""
    root = make_sample(tmp_path)
    (root / "evidence/exhibits/report.pdf").rename(
        root / "evidence/exhibits/Jane Placeholder notes.pdf"
    )
    sf = root / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8")
    text = text.replace("exhibits/report.pdf", "exhibits/Jane Placeholder notes.pdf")
    text = text.replace(
        "title: Example finding — replace with a finding from your survey",
        "title: What Jane Placeholder's team found",
    )
    sf.write_text(text, encoding="utf-8")
    public = build_pdf(root, tmp_path / "public", cache=build_cache, ocr="never")
    raw = (public.out / "manifest.json").read_text(encoding="utf-8")
    assert "Placeholder" not in raw and "Jane" not in raw
    sf_item = public.items()["SF-001"]
    assert sf_item["title"] == "What [REDACTED]'s team found"
    assert sf_item["exhibits"][0]["file"] == "exhibits/[REDACTED] notes.pdf"
    restricted = build_pdf(
        root, tmp_path / "restricted", cache=build_cache, audience="restricted", ocr="never"
    )
    assert restricted.items()["SF-001"]["title"] == "What Jane Placeholder's team found"
    assert (
        restricted.items()["SF-001"]["exhibits"][0]["file"] == "exhibits/Jane Placeholder notes.pdf"
    )
