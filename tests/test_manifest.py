"""manifest.json: the shape SPEC.md fixes, hashes anyone can check, and the PDF's page numbers."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from test_pdf import EPOCH, make_sample

from inquiry.build import build
from inquiry.manifest import write_manifest
from inquiry.numbering import plan
from inquiry.render.pdf import ExhibitPages, ItemPages, PdfLayout
from inquiry.validate import validate

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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    base = tmp_path_factory.mktemp("manifest")
    root = make_sample(base)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        build(root, out=base / "out", formats=("pdf",))
    path = base / "out/manifest.json"
    return root, base / "out", json.loads(path.read_text(encoding="utf-8"))


def test_shape_is_exactly_the_spec(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, _, manifest = built
    assert list(manifest) == ["bundle", "items"]
    assert list(manifest["bundle"]) == ["title", "pages", "sha256", "audience"]
    for item in manifest["items"]:
        assert list(item) == ITEM_KEYS
        for exhibit in item["exhibits"]:
            assert list(exhibit) == ["file", "sha256", "first_page", "last_page"]


def test_bundle_facts_match_the_pdf(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, manifest = built
    pdf = out / "bundle.pdf"
    bundle = manifest["bundle"]
    assert bundle["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert bundle["title"] == "Evidence submitted in support of a public inquiry"
    assert bundle["audience"] == "public"
    with pikepdf.open(pdf) as doc:
        assert bundle["pages"] == len(doc.pages)
    assert manifest["items"][-1]["last_page"] == bundle["pages"]


def test_items_in_bundle_order_with_source_and_exhibit_hashes(
    built: tuple[Path, Path, dict[str, Any]],
) -> None:
    root, _, manifest = built
    items = manifest["items"]
    assert [(i["number"], i["id"], i["tab"]) for i in items] == [
        ("A1", "SF-001", "A"),
        ("B1", "TM-003", "B"),
        ("B2", "TM-001", "B"),
        ("C1", "ST-001", "C"),
        ("D1", "PE-001", "D"),
    ]
    sf = items[0]
    source = (root / "evidence/survey_findings/SF-001.yaml").read_bytes()
    assert sf["source_sha256"] == hashlib.sha256(source).hexdigest()
    assert sf["kind"] == "survey_finding" and sf["lines_of_inquiry"] == ["LOI-1"]
    report, photo = sf["exhibits"]
    assert report == {
        "file": "exhibits/report.pdf",
        "sha256": hashlib.sha256((root / "evidence/exhibits/report.pdf").read_bytes()).hexdigest(),
        "first_page": 5,
        "last_page": 7,
    }
    assert photo["first_page"] == photo["last_page"] == 8
    assert (sf["first_page"], sf["last_page"]) == (4, 8)
    for a, b in itertools.pairwise(items):
        assert b["first_page"] == a["last_page"] + 1


def test_file_is_deterministic_text(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, manifest = built
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert text == json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def test_redacted_words_stay_out_of_a_public_manifest(tmp_path: Path) -> None:
    root = make_sample(tmp_path)
    corpus, _ = validate(root)
    the_plan = plan(corpus)
    tm = next(n for n in the_plan.items if n.item.id == "TM-003")
    titled = tm.item.model_copy(update={"title": "What Jane Placeholder said"})
    entry = tm.entry.__class__(titled, tm.entry.file, tm.entry.doc, tm.entry.sha256)
    sections = tuple(
        s.__class__(
            s.tab,
            tuple(n.__class__(n.number, n.tab, entry) if n is tm else n for n in s.items),
        )
        for s in the_plan.sections
    )
    redacting = the_plan.__class__(the_plan.submission, "public", False, sections)
    pdf = tmp_path / "bundle.pdf"
    pdf.write_bytes(b"%PDF-1.7 stand-in")
    layout = PdfLayout(
        pages=9,
        items={
            n.item.id: ItemPages(
                i + 1,
                i + 1,
                tuple(ExhibitPages(e.file, "0" * 64, 9, 9) for e in n.item.exhibits),
            )
            for i, n in enumerate(redacting.items)
        },
    )
    write_manifest(redacting, layout, pdf=pdf, dest=tmp_path / "manifest.json")
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert "Placeholder" not in text and "What [REDACTED] said" in text
