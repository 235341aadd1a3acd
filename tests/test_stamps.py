"""Page numbers stamped at assembly, read back from the bundle: every page says `Page N` where N
is its PDF page number, the labels agree, every link lands on a page that exists, and every
pinpoint names the page the manifest gives.

The bundle runs past 100 pages (a long exhibit), so stamps of one, two and three digits are all
composed from their glyph pieces; a full-page black scan checks the stamp stays visible.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import make_pdf, write_tree
from exhibit_helpers import black_scan, darkness, render
from test_pdf import (
    Built,
    build_pdf,
    make_sample,
    needs_poppler,
    page_numbers,
    page_texts,
    words,
)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

PIN = re.compile(r"\[([A-Z]\d+)/(\d+)\]")


def black_scan_pdf() -> bytes:
    """A one-page PDF that is a black image from edge to edge."""
    buf = io.BytesIO()
    black_scan().save(buf)
    return buf.getvalue()


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("stamps")
    root = make_sample(base)
    write_tree(
        root,
        {
            "evidence/exhibits/long.pdf": make_pdf(95, text="Long"),
            "evidence/exhibits/scan.pdf": black_scan_pdf(),
            "evidence/exhibits/plan.pdf": make_pdf(1, size=(2384, 3370), text="Plan"),
            "evidence/exhibits/narrow.pdf": make_pdf(1, size=(150, 14400), text="Narrow"),
        },
    )
    append(
        root,
        "evidence/statistics/ST-001.yaml",
        "exhibits:\n  - {file: exhibits/plan.pdf, description: An A0 plan}\n"
        "  - {file: exhibits/narrow.pdf, description: A long narrow strip}\n",
    )
    append(
        root,
        "evidence/policy_extracts/PE-001.yaml",
        "exhibits:\n  - {file: exhibits/long.pdf, description: A long report}\n",
    )
    append(
        root,
        "evidence/testimonies/TM-001.yaml",
        "exhibits:\n  - {file: exhibits/scan.pdf, description: A scanned page}\n",
    )
    st = root / "evidence/statistics/ST-001.yaml"
    st.write_text(
        st.read_text(encoding="utf-8").replace(
            "summary: An example statistic with a series, drawn as a chart in the bundle.",
            "summary: 'As the survey [@SF-001] and its report [@SF-001, p. 2] show, and a "
            "witness [@TM-003]; the long report starts at [@PE-001, p. 2].'",
        ),
        encoding="utf-8",
    )
    return build_pdf(root, base / "out", cache=build_cache, ocr="never")


@pytest.fixture(scope="module")
def texts(bundle: Built) -> list[str]:
    return page_texts(bundle.pdf)


def test_the_bundle_runs_past_a_hundred_pages(bundle: Built, texts: list[str]) -> None:
    pages = bundle.manifest["bundle"]["pages"]
    assert pages > 100
    assert len(texts) == pages


def test_every_page_says_page_n_where_n_is_its_pdf_page(texts: list[str]) -> None:
    for n, text in enumerate(texts, 1):
        assert re.findall(r"\bPage (\d+)\b", text) == [str(n)], f"page {n}: {text[-200:]!r}"


def test_page_labels_equal_page_numbers(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        assert [p.label for p in pdf.pages] == [str(i) for i in range(1, len(pdf.pages) + 1)]
        labels = pdf.Root.PageLabels
        assert int(labels.Nums[0]) == 0 and labels.Nums[1].S == pikepdf.Name.D


def test_every_stamp_is_a_pagination_artifact(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            ops = pikepdf.parse_content_stream(page)
            artifacts = [
                i
                for i, (operands, op) in enumerate(ops)
                if op == pikepdf.Operator("BDC")
                and operands[0] == pikepdf.Name.Artifact
                and operands[1].get("/Type") == pikepdf.Name.Pagination
            ]
            assert artifacts, f"page {n}: the stamp is not marked as an artifact"
            # The stamp is drawn last, over everything else: nothing follows its marked content.
            tail = [op for _, op in ops[artifacts[-1] :]]
            assert tail[-1] == pikepdf.Operator("EMC") or tail[-2:] == [
                pikepdf.Operator("EMC"),
                pikepdf.Operator("Q"),
            ], f"page {n}"


def test_every_link_lands_on_a_page_that_exists(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        pages = page_numbers(pdf)
        count = 0
        for n, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                if annot.get("/Subtype") != pikepdf.Name.Link:
                    continue
                if "/A" in annot:
                    assert annot.A.S == pikepdf.Name.URI, f"page {n}"
                    assert not str(annot.A.URI).startswith("inquiry-"), f"page {n}: unresolved"
                    continue
                dest = annot.Dest
                assert isinstance(dest, pikepdf.Array), f"page {n}"
                assert dest[0].objgen in pages, f"page {n}: a link to a page not in the file"
                assert str(annot.Contents) == f"Go to page {pages[dest[0].objgen]}"
                count += 1
        # at least the index's three links a row (number, title, pages)
        assert count >= 3 * len(bundle.manifest["items"]) and count > 20
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                assert item.destination[0].objgen in pages, item.title
                stack.extend(item.children)


def _number_pages(manifest: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {i["number"]: (i["first_page"], i["last_page"]) for i in manifest["items"]}


def test_pinpoints_in_the_index_lines_and_related_text_are_first_pages(
    bundle: Built, texts: list[str]
) -> None:
    pages = _number_pages(bundle.manifest)
    loi = texts[2]
    found = PIN.findall(loi)
    assert len(found) == sum(len(i["lines_of_inquiry"]) for i in bundle.manifest["items"])
    for number, page in found:
        assert int(page) == pages[number][0], (number, page)
    numbers = {i["id"]: i["number"] for i in bundle.manifest["items"]}
    seen = 0
    for item in bundle.manifest["items"]:
        own = " ".join(texts[item["first_page"] - 1].split())
        # "See also B1 (TM-003): …" names the item by the number it has in this bundle.
        for number, item_id in re.findall(r"See also ([A-Z]\d+) \(([A-Z]{2,5}-\d{3,})\)", own):
            assert numbers[item_id] == number, (item["id"], number, item_id)
            seen += 1
    assert seen >= 2


def test_references_in_prose_name_the_right_pages(bundle: Built, texts: list[str]) -> None:
    items = {i["id"]: i for i in bundle.manifest["items"]}
    sf, tm, pe = items["SF-001"], items["TM-003"], items["PE-001"]
    st = " ".join(texts[items["ST-001"]["first_page"] - 1].split())
    expected = (
        f"As the survey [A1/{sf['first_page']}] and its report [A1/{sf['first_page'] + 1}] "
        f"show, and a witness [B1/{tm['first_page']}]; the long report starts at "
        f"[D1/{pe['first_page'] + 1}]."
    )
    assert expected in st
    references = json.loads((bundle.out / "references.json").read_text(encoding="utf-8"))
    assert references == [
        {"from": "ST-001", "to": "SF-001", "page": sf["first_page"]},
        {"from": "ST-001", "to": "SF-001", "page": sf["first_page"] + 1},
        {"from": "ST-001", "to": "TM-003", "page": tm["first_page"]},
        {"from": "ST-001", "to": "PE-001", "page": pe["first_page"] + 1},
    ]
    with pikepdf.open(bundle.pdf) as pdf:
        numbers = page_numbers(pdf)
        targets = {
            numbers[a.Dest[0].objgen]
            for a in pdf.pages[items["ST-001"]["first_page"] - 1].obj.get("/Annots", [])
            if "/Dest" in a
        }
    assert {r["page"] for r in references} <= targets


def test_every_pinpoint_anywhere_falls_within_its_item(bundle: Built, texts: list[str]) -> None:
    pages = _number_pages(bundle.manifest)
    seen = 0
    for n, text in enumerate(texts[1:], 2):  # the cover explains the form with `[A1/34]`
        for number, page in PIN.findall(text):
            first, last = pages[number]
            assert first <= int(page) <= last, (n, number, page)
            seen += 1
    assert seen >= 10


def test_the_stamp_shows_over_a_black_scan(bundle: Built, tmp_path: Path) -> None:
    [scan] = {i["id"]: i for i in bundle.manifest["items"]}["TM-001"]["exhibits"]
    n = scan["first_page"]
    with pikepdf.open(bundle.pdf) as pdf:
        width, height = (float(v) for v in pdf.pages[n - 1].mediabox[2:])
    ws = words(bundle.pdf, n)
    [at] = [i for i, w in enumerate(ws[:-1]) if w.text == "Page" and ws[i + 1].text == str(n)]
    box = (ws[at].x0, ws[at].y0, ws[at + 1].x1, ws[at + 1].y1)
    image = render(bundle.pdf, tmp_path, dpi=72, page=n)
    region = (box[0] / width, box[1] / height, box[2] / width, box[3] / height)
    assert 0.05 < darkness(image, region) < 0.6, "the stamp is hidden or missing"
    assert darkness(image, (0.2, 0.2, 0.8, 0.8)) > 0.95, "the scan itself is shown"


def test_a_large_pages_number_is_as_legible_as_an_a4_pages(bundle: Built) -> None:
    """On an A0 plan (3,370 points high) a 9-point number would be a speck when the page is
    shown whole or printed on A4: the strip and the number in it grow with the page, and the
    number stays within the strip, below the plan."""
    from inquiry.exhibits.geometry import STRIP_SCALE_FROM

    items = {i["id"]: i for i in bundle.manifest["items"]}
    [plan, narrow] = items["ST-001"]["exhibits"]
    [long, *_] = items["PE-001"]["exhibits"]

    def stamp(n: int) -> tuple[float, float, float]:
        """The height of "Page" on page `n`, its bottom's distance from the page's foot, and
        the page's height."""
        ws = words(bundle.pdf, n)
        [at] = [i for i, w in enumerate(ws[:-1]) if w.text == "Page" and ws[i + 1].text == str(n)]
        with pikepdf.open(bundle.pdf) as pdf:
            height = float(pdf.pages[n - 1].mediabox[3])
        return ws[at].y1 - ws[at].y0, height - ws[at].y1, height

    big, big_gap, big_height = stamp(plan["first_page"])
    a4, _, _ = stamp(long["first_page"])
    scale = 3370 / STRIP_SCALE_FROM
    assert big / a4 == pytest.approx(scale, rel=0.02)
    strip = big_height - 3370
    assert strip == pytest.approx(28 * scale, rel=0.001)
    assert big_gap > 0 and big_gap + big < strip
    # A long, narrow page (150 points wide) is long enough for a large number, but has room
    # for one only so wide: the number is scaled to fit across it, whole.
    n = narrow["first_page"]
    ws = words(bundle.pdf, n)
    [at] = [i for i, w in enumerate(ws[:-1]) if w.text == "Page" and ws[i + 1].text == str(n)]
    assert ws[at].x0 >= 0 and ws[at + 1].x1 <= 150


# ------------------------------------------------------------------- one file, two places


def array_filter_exhibit() -> bytes:
    """A page whose image has two filters and one /DecodeParms dictionary for both: qpdf reads
    it (the parameters apply to every filter), pikepdf's own write check refuses it."""
    import zlib

    pdf = pikepdf.new()
    raw = bytes([0, 0, 0, 255, 255, 255] * 2)
    image = pdf.make_stream(zlib.compress(raw).hex().encode() + b">")
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 2, 2, 8
    image.ColorSpace = pikepdf.Name.DeviceRGB
    image.Filter = pikepdf.Array([pikepdf.Name.ASCIIHexDecode, pikepdf.Name.FlateDecode])
    image.DecodeParms = pikepdf.Dictionary()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    contents = b"BT /F1 18 Tf 72 700 Td (Two filters) Tj ET q 100 0 0 100 100 100 cm /Im0 Do Q"
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(
            XObject=pikepdf.Dictionary(Im0=image), Font=pikepdf.Dictionary(F1=font)
        ),
        Contents=pdf.make_stream(contents),
    )
    pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    """One exhibit file attached to two items (the copier hands back the first copy of a page
    it has copied before), and an exhibit whose filters pikepdf's write check would refuse."""
    base = tmp_path_factory.mktemp("twice")
    root = make_sample(base)
    write_tree(root, {"evidence/exhibits/filters.pdf": array_filter_exhibit()})
    append(
        root,
        "evidence/policy_extracts/PE-001.yaml",
        "exhibits:\n  - {file: exhibits/report.pdf, description: The same survey report}\n"
        "  - {file: exhibits/filters.pdf, description: A page with two filters}\n",
    )
    return build_pdf(root, base / "out", cache=build_cache, ocr="never")


@needs_poppler
def test_an_exhibit_attached_twice_is_stamped_and_captioned_in_each_place(twice: Built) -> None:
    items = twice.items()
    first = items["SF-001"]["exhibits"][0]
    again = items["PE-001"]["exhibits"][0]
    assert first["file"] == again["file"] == "exhibits/report.pdf"
    texts = page_texts(twice.pdf)
    for item, exhibit in (("SF-001", first), ("PE-001", again)):
        number = items[item]["number"]
        for k, page in enumerate(range(exhibit["first_page"], exhibit["last_page"] + 1), 1):
            text = " ".join(texts[page - 1].split())
            assert f"{number} ({item}) · Exhibit 1 · page {k} of 3" in text, (item, page, text)
            assert re.findall(r"\bPage (\d+)\b", text) == [str(page)], (item, page, text)
    with pikepdf.open(twice.pdf) as pdf:
        objects = [pdf.pages[n - 1].objgen for n in range(1, len(pdf.pages) + 1)]
    assert len(set(objects)) == len(objects), "a page object appears twice in the page tree"
    hashes = twice.manifest["bundle"]["page_sha256"]
    assert hashes[first["first_page"] - 1] != hashes[again["first_page"] - 1]


@needs_poppler
def test_an_exhibit_with_one_parameter_dictionary_for_two_filters_is_assembled(
    twice: Built,
) -> None:
    exhibit = twice.items()["PE-001"]["exhibits"][1]
    assert "Two filters" in page_texts(twice.pdf)[exhibit["first_page"] - 1]
