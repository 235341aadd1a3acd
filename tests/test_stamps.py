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
            # A till receipt; one narrow enough to be scaled up to A6's width; a landscape page
            "evidence/exhibits/till-receipt.pdf": make_pdf(3, size=(300, 2000), text="Till"),
            "evidence/exhibits/slip.pdf": make_pdf(1, size=(200, 2000), text="Slip"),
            "evidence/exhibits/wide.pdf": make_pdf(1, size=(842, 595), text="Wide"),
        },
    )
    append(
        root,
        "evidence/statistics/ST-001.yaml",
        "exhibits:\n  - {file: exhibits/plan.pdf, description: An A0 plan}\n"
        "  - {file: exhibits/narrow.pdf, description: A long narrow strip}\n"
        "  - {file: exhibits/till-receipt.pdf, description: A till receipt}\n"
        "  - {file: exhibits/slip.pdf, description: A narrow slip}\n"
        "  - {file: exhibits/wide.pdf, description: A landscape page}\n",
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
    for n, text in enumerate(texts, 1):  # the cover's example is no pinpoint (h111)
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
    [plan, narrow, *_] = items["ST-001"]["exhibits"]
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


# ------------------------------------------------------------- captions on narrow pages


def _strip_height(width: float, total: float) -> float:
    from inquiry.exhibits.geometry import strip_scale_of
    from inquiry.render.pdf.stamps import STRIP

    return STRIP * strip_scale_of(width, total, STRIP)


def said_beside(
    pdf: Path, n: int, first_word: str, size: tuple[float, float], stamp: int | None = None
) -> str:
    """The caption of page `n` (from `first_word` to the stamp `Page n`, or `Page stamp`) as
    its words read, after checking each lies in the strip below the page, left of the boxed
    number."""
    width, height = size
    ws = words(pdf, n)
    number = str(stamp or n)
    [at] = [j for j, w in enumerate(ws[:-1]) if w.text == "Page" and ws[j + 1].text == number]
    starts = [j for j, w in enumerate(ws) if w.text == first_word]
    assert starts and starts[-1] < at, (n, "the caption does not read before the page number")
    top = height - _strip_height(width, height)
    for w in ws[starts[-1] : at]:
        assert w.x0 >= 0 and w.x1 < ws[at].x0 - 2, (n, width, w)
        assert top <= w.y0 and w.y1 <= height, (n, width, w)
    return " ".join(w.text for w in ws[starts[-1] : at])


def test_every_exhibit_page_has_its_whole_caption_beside_its_number(bundle: Built) -> None:
    """A till receipt (300 × 2,000 points), a slip scaled up to A6's width (200 × 2,000), a
    150-point-wide strip, an A0 plan, landscape and A4 pages: on each, the caption reads whole
    and in order (item, exhibit, page of count, then the file name where it fits), before the
    page number, and every word of it lies in the strip below the page, left of the boxed
    number: shrunk or wrapped, never clipped or run under the box."""
    with pikepdf.open(bundle.pdf) as pdf:
        sizes = [(float(p.mediabox[2]), float(p.mediabox[3])) for p in pdf.pages]
    widths: set[float] = set()
    for item in bundle.manifest["items"]:
        for k, exhibit in enumerate(item["exhibits"], 1):
            first, last = exhibit["first_page"], exhibit["last_page"]
            name = exhibit["file"].rsplit("/", 1)[-1]
            for i, n in enumerate(range(first, last + 1), 1):
                widths.add(round(sizes[n - 1][0]))
                said = said_beside(bundle.pdf, n, item["number"], sizes[n - 1])
                count = last - first + 1
                caption = f"{item['number']} ({item['id']}) · Exhibit {k} · page {i} of {count}"
                assert said in (caption, f"{caption} · {name}"), (n, sizes[n - 1], said)
                if sizes[n - 1][0] >= 595:  # room to spare: nothing is left out
                    assert said == f"{caption} · {name}", (n, said)
    assert {149, 298, 300, 595, 842, 2384} <= widths


def test_a_long_caption_fits_the_narrowest_strip_with_a_five_digit_number(
    tmp_path: Path,
) -> None:
    """Captions of the restricted and draft editions (more parts), with five-digit page
    numbers, stamped on blank pages of the sizes preparation makes (the narrowest a strip
    can be, a till receipt, A6's width, A4 and landscape): each reads whole, in order."""
    from inquiry.render import wording
    from inquiry.render.pdf.compile import Task, compile_task
    from inquiry.render.pdf.stamps import Stamper, glyph_source, spared

    before, _, after = wording.exhibit_caption("B12", "TM-001", 3, "till-receipt.pdf")
    restricted = "".join(f"{m} · " for m in wording.RESTRICTED_MARKS)
    marks = ["", restricted, f"DRAFT · {restricted}"]
    glyphs = compile_task(Task(glyph_source([(m + before, after) for m in marks]), False, ()))
    sizes = [(149.4531, 14399.8086), (300, 2063.3484), (297.6378, 3070.6524), (595, 870)]
    sizes.append((842, 623))
    target = pikepdf.new()
    with pikepdf.open(io.BytesIO(glyphs.pdf)) as sheet:
        spare = [spared(m + before, after) for m in marks]
        stamper = Stamper(target, sheet, len(marks), spare)
        for k in range(len(marks)):
            for size in sizes:
                page = target.add_blank_page(page_size=size)
                stamper.decorate(page, 12344 + len(target.pages), (k, 7, 12))
    path = tmp_path / "stamped.pdf"
    target.save(path)
    caption = "B12 (TM-001) · Exhibit 3 · page 7 of 12"
    for n, page in enumerate(target.pages, 1):
        mark = marks[(n - 1) // len(sizes)]
        size = (float(page.mediabox[2]), float(page.mediabox[3]))
        said = said_beside(path, n, (mark or "B12").split()[0], size, 12344 + n)
        boxed = mark.replace(" · ", " ")  # a mark is boxed: no dot after it
        whole = f"{boxed}{caption} · till-receipt.pdf"
        short = boxed.replace("NOT FOR PUBLICATION ", "") + caption  # a narrow strip
        assert said in (f"{boxed}{caption}", short, whole), (n, size, said)
        if size[0] >= 595:
            assert said == whole
    with pytest.raises(ValueError, match="captions"), pikepdf.open(io.BytesIO(glyphs.pdf)) as sheet:
        Stamper(pikepdf.new(), sheet, 2)


def test_the_caption_fits_every_strip_width() -> None:
    """Pure layout, from the widths of the glyph pieces (at 7 points: the caption's parts, the
    page number's box with five digits): the full caption on one line where there is room; on
    narrower strips shrunk, wrapped, then shortened, in that order; on every strip width down
    to the narrowest (80 points at the strip's scale) every line fits beside the box and the
    lines fit the strip's height; the exhibit and its page numbers are never left out."""
    from inquiry.render.pdf.strip_fit import PAD, SIZE, SIZES, block_height, fit

    head, exhibit, page_n, of_m, dot, name = 39.0, 29.1, 21.7, 30.6, 5.6, 34.0
    gap, line, stamp, margin = 2.6, 7.98, 55.0, 8.0
    variants = [
        [head, exhibit, page_n + gap + of_m + gap + dot, name],
        [head, exhibit, page_n + gap + of_m],
        [head, exhibit, page_n, of_m],
    ]
    one_line = sum(variants[0]) + 3 * gap
    wide = fit(
        variants, gap=gap, line_height=line, strip=(595, 28), stamp_width=stamp, margin=margin
    )
    assert wide is not None and wide.lines == ((0, 1, 2, 3),) and wide.size == SIZE
    seen = []
    for width in [80 + 0.5 * i for i in range(1040)]:
        how = fit(
            variants, gap=gap, line_height=line, strip=(width, 28), stamp_width=stamp, margin=margin
        )
        assert how is not None, width
        scale = how.size / SIZE
        units = variants[how.variant]
        assert [u for ln in how.lines for u in ln] == list(range(len(units))), (width, how)
        room = width - stamp * how.stamp_scale - 2.5 * margin
        for ln in how.lines:
            assert (sum(units[u] for u in ln) + gap * (len(ln) - 1)) * scale <= room + 1e-9
        assert block_height(len(how.lines), line * scale) <= 28 - 2 * PAD
        seen.append((how.stamp_scale, -how.variant, len(how.lines) == 1, how.size))
        if width - stamp - 2.5 * margin >= one_line:
            assert how == wide, width
    # Narrower strips never get a larger caption, a fuller one or a larger number.
    ranks = [(s, v) for s, v, _, _ in seen]
    assert ranks == sorted(ranks)
    assert min(size for *_, size in seen) < SIZES[-1]  # the narrowest go below the minimum
    assert {v for _, v, _, _ in seen} == {0, -1, -2}


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
