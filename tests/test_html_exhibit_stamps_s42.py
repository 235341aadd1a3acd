"""The HTML edition's copies of exhibits (`html/exhibits/`) are stamped and captioned as the
bundle's pages are (red team h174): a page printed from a restricted edition's copy says
`RESTRICTED` and `NOT FOR PUBLICATION`, a draft's says `DRAFT`, and each says whose exhibit it
is and the bundle page it is — the same words the bundle's page carries, whether or not the
PDF was built beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_pdf import page_text as pdf_page_text
from test_pdf import page_texts

from inquiry.build import build


def page_text(pdf: Path, page: int) -> str:
    return " ".join(pdf_page_text(pdf, page).split())


def copies(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "html" / "exhibits").glob("*.pdf"))}


def with_a_draft_exhibit(sample: Path) -> Path:
    st = sample / "evidence/statistics/ST-002.yaml"
    st.write_text(
        st.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/report.pdf, description: The draft table}\n",
        encoding="utf-8",
    )
    return sample


def test_a_restricted_editions_copies_carry_the_bundles_stamps_and_marks(
    sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(sample, out=out, formats=("pdf", "html"), audience="restricted", use_cache=False, jobs=1)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    seen = 0
    for item in manifest["items"]:
        for k, exhibit in enumerate(item["exhibits"], 1):
            copy = out / "html" / "exhibits" / f"{item['number']}-{k}.pdf"
            first, last = exhibit["first_page"], exhibit["last_page"]
            for i, number in enumerate(range(first, last + 1), 1):
                said = page_text(copy, i)
                assert said == page_text(out / "bundle.pdf", number), (copy.name, i)
                assert f"Page {number}" in said and f"page {i} of" in said, said
                assert "RESTRICTED" in said and "NOT FOR PUBLICATION" in said, said
                assert f"Exhibit {k}" in said and item["id"] in said, said
                seen += 1
    assert seen >= 4, "the sample's exhibits have pages"


def test_a_drafts_copy_says_draft_on_every_page_and_a_public_copy_does_not(
    sample: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = with_a_draft_exhibit(sample)
    build(root, out=out, formats=("pdf", "html"), include_drafts=True, use_cache=False, jobs=1)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    drafts = 0
    for item in manifest["items"]:
        for k in range(1, len(item["exhibits"]) + 1):
            copy = out / "html" / "exhibits" / f"{item['number']}-{k}.pdf"
            sheets = [" ".join(s.split()) for s in page_texts(copy) if s.strip()]
            assert sheets, copy.name
            for said in sheets:
                assert ("DRAFT" in said) == (item["id"] == "ST-002"), (copy.name, said)
                assert "RESTRICTED" not in said, said
            drafts += item["id"] == "ST-002"
    assert drafts == 1


def test_the_copies_are_the_same_without_the_pdf(sample: Path, tmp_path: Path) -> None:
    both, alone = tmp_path / "both", tmp_path / "alone"
    build(sample, out=both, formats=("pdf", "html"), use_cache=False, jobs=1)
    build(sample, out=alone, formats=("html",), use_cache=False, jobs=1)
    made = copies(both)
    assert made and made == copies(alone)


def test_the_glyph_sheet_is_read_once_for_every_copy(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red team h175: each copy read the whole sheet (every caption's pieces) again, so an
    HTML edition of 2,000 exhibits took 564 s where it had taken 3 s. The sheet is read once,
    and a copy takes in the fixed pieces and its own caption's only."""
    import pikepdf

    from inquiry.render.pdf import stamps

    made: list[int] = []
    real = stamps.Sheet.__init__

    def counted(self: stamps.Sheet, glyphs: pikepdf.Pdf, captions: int) -> None:
        made.append(captions)
        real(self, glyphs, captions)

    monkeypatch.setattr(stamps.Sheet, "__init__", counted)
    out = tmp_path / "out"
    build(sample, out=out, formats=("html",), use_cache=False, jobs=1)
    assert made == [2], made  # the sample's two exhibits, one sheet
    for k, name in enumerate(["A1-1.pdf", "A1-2.pdf"]):
        with pikepdf.open(out / "html" / "exhibits" / name) as pdf:
            stamp = pdf.pages[0].Resources.XObject["/InqStamp"]
            names = set(stamp.Resources.XObject.keys())
        captions = {n for n in names if n.startswith("/InqX")}
        assert captions and {n.split("_")[0] for n in captions} == {f"/InqX{k}"}, names
        assert len(names - captions) == 23, names  # "Page", 20 digits, "of", the dot
