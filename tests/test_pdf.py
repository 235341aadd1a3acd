"""The PDF bundle, read back: stamps, page labels, bookmarks, links, metadata, audiences, exhibits.

One public build of the sample is shared by the read-only tests; tests that need another edition
or a changed submission build their own. The helpers here (building, reading pages, bookmarks and
links back) are shared by the other bundle tests.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import conftest
import pikepdf
import pytest

from inquiry.build import BuildResult, build
from inquiry.numbering import Audience

EPOCH = 1_700_000_000
HAVE_POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not HAVE_POPPLER, reason="pdftotext (poppler-utils) missing")


@dataclass
class Built:
    root: Path
    out: Path
    manifest: dict[str, Any]
    result: BuildResult | None = None

    @property
    def pdf(self) -> Path:
        return self.out / "bundle.pdf"

    def items(self) -> dict[str, dict[str, Any]]:
        return {i["id"]: i for i in self.manifest["items"]}


def make_sample(base: Path) -> Path:
    """The shared `sample` submission, made outside a function-scoped fixture."""
    root: Path = conftest.sample.__wrapped__(base)  # type: ignore[attr-defined]
    return root


def build_pdf(
    root: Path,
    out: Path,
    *,
    cache: Path,
    audience: Audience = "public",
    include_drafts: bool = False,
    formats: Sequence[str] = ("pdf",),
    **options: Any,
) -> Built:
    """`inquiry build` through the library, with SOURCE_DATE_EPOCH and the session's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        mp.setenv("INQUIRY_CACHE_DIR", str(cache))
        result = build(
            root,
            out=out,
            formats=formats,
            audience=audience,
            include_drafts=include_drafts,
            **options,
        )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Built(root, out, manifest, result)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("public")
    return build_pdf(make_sample(base), base / "out", cache=build_cache)


def page_text(pdf: Path, n: int, *, layout: bool = True) -> str:
    args = ["pdftotext", "-f", str(n), "-l", str(n), *(["-layout"] if layout else []), str(pdf)]
    return subprocess.run([*args, "-"], capture_output=True, text=True, check=True).stdout


def all_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, in order (pdftotext separates pages with a form feed)."""
    pages = all_text(pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # poppler's coordinates: y grows downwards from the top of the page


def words(pdf: Path, n: int) -> list[Word]:
    html = subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        Word(m[4], float(m[0]), float(m[1]), float(m[2]), float(m[3]))
        for m in re.findall(pattern, html)
    ]


def page_numbers(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.objgen: i + 1 for i, page in enumerate(pdf.pages)}


def outline_entries(pdf: pikepdf.Pdf) -> list[tuple[int, str, int, pikepdf.Array]]:
    """(depth, title, page, destination) for every bookmark, depth-first."""
    pages = page_numbers(pdf)
    out: list[tuple[int, str, int, pikepdf.Array]] = []

    def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
        for item in items:
            dest = item.destination
            assert isinstance(dest, pikepdf.Array), f"{item.title}: not an explicit destination"
            out.append((depth, item.title, pages[dest[0].objgen], dest))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return out


def links(pdf: pikepdf.Pdf, page: int) -> Iterator[tuple[pikepdf.Array, pikepdf.Object]]:
    """(rect, destination) of every internal link on a 1-based page."""
    for annot in pdf.pages[page - 1].obj.get("/Annots", pikepdf.Array()):
        if annot.get("/Subtype") == pikepdf.Name.Link and "/Dest" in annot:
            yield annot.Rect, annot.Dest


def link_targets(pdf: pikepdf.Pdf, page: int) -> list[int]:
    pages = page_numbers(pdf)
    return [pages[dest[0].objgen] for _, dest in links(pdf, page)]


# --------------------------------------------------------------------------- pages and stamps


@needs_poppler
def test_every_page_is_stamped_with_its_pdf_page_number(public: Built) -> None:
    count = public.manifest["bundle"]["pages"]
    with pikepdf.open(public.pdf) as pdf:
        assert len(pdf.pages) == count
    for n in range(1, count + 1):
        lines = [line for line in page_text(public.pdf, n).splitlines() if line.strip()]
        assert re.search(rf"\bPage {n}$", lines[-1]), f"page {n}: footer is {lines[-1]!r}"


@needs_poppler
def test_the_stamp_covers_no_content(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        heights = [float(p.mediabox[3]) for p in pdf.pages]
    for n, height in enumerate(heights, 1):
        ws = words(public.pdf, n)
        label = [i for i, w in enumerate(ws[:-1]) if w.text == "Page" and ws[i + 1].text == str(n)]
        assert label, f"page {n} has no stamp"
        stamp = [ws[label[-1]], ws[label[-1] + 1]]
        x0, y0 = min(w.x0 for w in stamp), min(w.y0 for w in stamp)
        x1, y1 = max(w.x1 for w in stamp), max(w.y1 for w in stamp)
        assert y0 > height - 72, f"page {n}: the stamp is not at the foot"
        for w in ws:
            if w in stamp:
                continue
            overlaps = w.x0 < x1 and w.x1 > x0 and w.y0 < y1 and w.y1 > y0
            assert not overlaps, f"page {n}: the stamp covers {w.text!r}"


def test_page_labels_equal_page_numbers(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        assert [p.label for p in pdf.pages] == [str(i) for i in range(1, len(pdf.pages) + 1)]


@needs_poppler
def test_front_matter_then_items_each_on_its_own_pages(public: Built) -> None:
    cover = page_text(public.pdf, 1)
    assert "Example Coalition" in cover and "Public edition" in cover
    assert f"{public.manifest['bundle']['pages']} pages" in cover
    assert "Index" in page_text(public.pdf, 2)
    assert "Lines of inquiry" in page_text(public.pdf, 3)
    items = public.manifest["items"]
    assert [i["number"] for i in items] == ["A1", "B1", "B2", "C1", "D1"]
    for item in items:
        text = page_text(public.pdf, item["first_page"])
        assert item["number"] in text and item["id"] in text
    firsts = [i["first_page"] for i in items]
    assert firsts == sorted(firsts) and firsts[0] == 4
    # No tab dividers (nor any other page) between items: each tab's first item follows the
    # last page of the item before it, and the bundle ends with the last item.
    for a, b in itertools.pairwise(items):
        assert a["last_page"] + 1 == b["first_page"]
    assert items[-1]["last_page"] == public.manifest["bundle"]["pages"]


# --------------------------------------------------------------------------- navigation


def test_bookmarks_tab_item_exhibit_each_landing_on_its_page(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        entries = outline_entries(pdf)
    items = public.items()
    assert entries[0][:3] == (0, "Cover, index and lines of inquiry (p. 1)", 1)
    tabs = [(title, page) for depth, title, page, _ in entries if depth == 0][1:]
    assert [t.split(" — ")[0] for t, _ in tabs] == ["Tab A", "Tab B", "Tab C", "Tab D"]
    assert tabs[0] == ("Tab A — Survey findings (p. 4)", items["SF-001"]["first_page"])
    for item in items.values():
        [(title, page)] = [
            (t, p)
            for d, t, p, _ in entries
            if d == 1 and t.startswith(f"{item['number']} {item['id']} ")
        ]
        assert page == item["first_page"], title
        assert title.endswith(f"(p. {page})")
    exhibits = [(t, p) for d, t, p, _ in entries if d == 2]
    assert [p for _, p in exhibits] == [e["first_page"] for e in items["SF-001"]["exhibits"]]
    assert exhibits[0][0] == "Exhibit 1: The survey report (p. 5)"
    for _, _, _, dest in entries:
        assert dest[1] == pikepdf.Name.XYZ and dest[4] is None, "keeps the reader's zoom"


def test_index_rows_link_to_each_items_first_page(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        targets = link_targets(pdf, 2)
        pages = page_numbers(pdf)
        cells: dict[int, set[float]] = {}
        for rect, dest in links(pdf, 2):
            cells.setdefault(pages[dest[0].objgen], set()).add(round(float(rect[0]), 1))
    firsts = {i["first_page"] for i in public.manifest["items"]}
    assert set(targets) == firsts
    # Each row links from three cells: its number (the table's first column), its title and its
    # pages (the last column); a tab's heading row links to its first item as well.
    left = min(x for xs in cells.values() for x in xs)
    right = max(x for xs in cells.values() for x in xs)
    for first in firsts:
        assert left in cells[first] and right in cells[first], first
        assert 3 <= len(cells[first]) <= 4, (first, sorted(cells[first]))


@needs_poppler
def test_index_gives_each_item_and_its_page_range(public: Built) -> None:
    text = page_text(public.pdf, 2)
    for item in public.manifest["items"]:
        first, last = item["first_page"], item["last_page"]
        pages = f"{first}–{last}" if last > first else str(first)
        row = next(line for line in text.splitlines() if item["id"] in line)
        assert row.split()[0] == item["number"]
        assert row.rstrip().endswith(pages), row
    for kind in ("Survey", "Testimony", "Statistic", "Policy"):
        assert kind in text
    assert "Tab A — Survey findings" in text


@needs_poppler
def test_lines_of_inquiry_list_pinpoints_that_link(public: Built) -> None:
    text = page_text(public.pdf, 3, layout=False)
    items = public.items()
    for item_id in ("SF-001", "TM-003", "TM-001", "ST-001"):  # all bear on LOI-1
        assert f"[{items[item_id]['number']}/{items[item_id]['first_page']}]" in text
    assert "How have service targets shaped clinical practice" in text
    with pikepdf.open(public.pdf) as pdf:
        targets = sorted(link_targets(pdf, 3))
    expected = sorted(
        i["first_page"] for i in public.manifest["items"] for _ in i["lines_of_inquiry"]
    )
    assert targets == expected


def test_every_link_is_an_explicit_destination(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        assert "/Dests" not in pdf.Root.get("/Names", pikepdf.Dictionary())
        pages = page_numbers(pdf)
        for n in range(1, len(pdf.pages) + 1):
            for annot in pdf.pages[n - 1].obj.get("/Annots", pikepdf.Array()):
                if annot.get("/Subtype") != pikepdf.Name.Link:
                    continue
                if "/A" in annot:
                    assert annot.A.S == pikepdf.Name.URI
                    assert not str(annot.A.URI).startswith("inquiry-goto:"), "unresolved"
                    continue
                dest = annot.Dest
                assert isinstance(dest, pikepdf.Array), f"page {n}: {dest!r}"
                assert dest[0].objgen in pages and dest[1] == pikepdf.Name.XYZ


@needs_poppler
def test_related_items_and_exhibits_are_listed_and_link_to_their_pages(public: Built) -> None:
    """Related items and exhibits are named (not paged: an item's layout never depends on
    where another lands) and link to their first pages."""
    items = public.items()
    sf = items["SF-001"]
    text = " ".join(page_text(public.pdf, sf["first_page"], layout=False).split())
    tm = items["TM-003"]
    assert f"See also {tm['number']} (TM-003): A public testimony with a redaction." in text
    report, photo = sf["exhibits"]
    assert "Exhibit 1: The survey report (exhibits/report.pdf; 3 pages)." in text
    assert "Exhibit 2: A photograph of the infographic (exhibits/photo.png; 1 page)." in text
    with pikepdf.open(public.pdf) as pdf:
        targets = link_targets(pdf, sf["first_page"])
    assert {tm["first_page"], report["first_page"], photo["first_page"]} <= set(targets)


def test_opens_on_page_one_at_100_percent_with_bookmarks(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        action = pdf.Root.OpenAction
        assert action[0].objgen == pdf.pages[0].objgen
        assert list(action)[1:] == [pikepdf.Name.XYZ, None, None, 1]
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines


def test_metadata_from_the_submission_and_source_date_epoch(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "Evidence submitted in support of a public inquiry"
        assert str(info.Author) == "Example Coalition"
        assert str(info.Subject) == "The inquiry this evidence is submitted to"
        assert "LOI-1: Targets and reported data" in str(info.Keywords)
        assert str(info.CreationDate).startswith("D:20231114221320")
        assert str(info.ModDate).startswith("D:20231114221320")
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Evidence submitted in support of a public inquiry"
        assert meta["dc:creator"] == ["Example Coalition"]
        assert meta["xmp:CreateDate"].startswith("2023-11-14T22:13:20")


# --------------------------------------------------------------------------- kinds


@needs_poppler
def test_each_kind_has_its_layout(public: Built) -> None:
    items = public.items()

    def text(item_id: str) -> str:
        item = items[item_id]
        return "\n".join(
            page_text(public.pdf, n, layout=False)
            for n in range(item["first_page"], item["last_page"] + 1)
        )

    sf = text("SF-001")
    for words_ in ("Example workforce survey", "Sample size (n)", "1 April 2025 – 31 May 2025"):
        assert words_ in sf
    assert "What should change in the service?" in sf and "60%" in sf
    tm = text("TM-003")
    assert "1.\nMy manager" in tm.replace("1. ", "1.\n") and "2." in tm
    assert "I believe that the facts stated in this witness statement are true." in tm
    # A testimony ends with its statement of truth: after its source and exhibit list.
    truth = tm.index("I believe that the facts stated")
    assert 0 < tm.index("\nSource\n") < truth, tm
    assert "Exhibits\n" not in tm[truth:] and "\nSource\n" not in tm[truth:]
    none = text("TM-001")
    assert none.index("\nSource\n") < none.index("No statement of truth was given")
    assert "W-03" in tm and "High-intensity therapist" in tm
    assert "No statement of truth was given" in text("TM-001")
    st = text("ST-001")
    for words_ in ("120", "referrals", "April 2024 – March 2025", "Example area", "2021-22"):
        assert words_ in st
    assert "Source: Example statistical release" in st
    pe = text("PE-001")
    assert "The exact words of the policy, copied verbatim." in pe and "Section 1" in pe
    assert "Why these words matter to the inquiry." in pe
    for item_id in items:
        assert "Accessed" in text(item_id)


# --------------------------------------------------------------------------- exhibits


@needs_poppler
def test_exhibits_follow_their_item_on_their_own_pages(public: Built) -> None:
    report, photo = public.items()["SF-001"]["exhibits"]
    assert report["file"] == "exhibits/report.pdf"
    assert (report["first_page"], report["last_page"]) == (5, 7)
    for k in range(3):
        assert f"Report page {k + 1}" in page_text(public.pdf, 5 + k)
    with pikepdf.open(public.pdf) as pdf:
        box = pdf.pages[photo["first_page"] - 1].mediabox
        assert float(box[2]) > float(box[3]), "a wide image becomes a landscape page"
        a4 = pdf.pages[4].mediabox
        assert float(a4[2]) == pytest.approx(595, abs=1)
        assert float(a4[3]) == pytest.approx(842 + 28, abs=1), "extended by a strip, not shrunk"


@needs_poppler
def test_every_exhibit_page_is_captioned_in_its_strip(public: Built) -> None:
    report, photo = public.items()["SF-001"]["exhibits"]
    for k, page in enumerate(range(report["first_page"], report["last_page"] + 1), 1):
        caption = f"A1 (SF-001) · Exhibit 1 · page {k} of 3 · report.pdf"
        assert caption in " ".join(page_text(public.pdf, page).split()), page
    photo_text = " ".join(page_text(public.pdf, photo["first_page"]).split())
    assert "A1 (SF-001) · Exhibit 2 · page 1 of 1 · photo.png" in photo_text


@needs_poppler
def test_exhibit_text_stays_above_the_strip(public: Built) -> None:
    with pikepdf.open(public.pdf) as pdf:
        height = float(pdf.pages[4].mediabox[3])
    found = [w for w in words(public.pdf, 5) if w.text == "Report"]
    assert found
    for w in found:
        assert w.y1 < height - 28


def hostile_exhibit() -> bytes:
    """A wide page with a JavaScript open action, an attachment and a JavaScript link."""
    import io

    hostile = pikepdf.open(io.BytesIO(conftest.make_pdf(1, size=(842, 595), text="Wide")))
    hostile.Root.OpenAction = hostile.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    embedded = hostile.make_stream(b"secret attachment")
    embedded.Type = pikepdf.Name.EmbeddedFile
    hostile.Root.Names = pikepdf.Dictionary(
        EmbeddedFiles=pikepdf.Dictionary(
            Names=pikepdf.Array(
                [
                    pikepdf.String("secret.txt"),
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Filespec,
                        F=pikepdf.String("secret.txt"),
                        EF=pikepdf.Dictionary(F=embedded),
                    ),
                ]
            )
        )
    )
    hostile.pages[0].obj.Annots = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[0, 0, 100, 100],
                A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("x()")),
            )
        ]
    )
    buf = io.BytesIO()
    hostile.save(buf)
    return buf.getvalue()


def test_landscape_exhibits_stay_landscape_and_hostile_ones_are_sanitised(
    tmp_path: Path, build_cache: Path
) -> None:
    root = make_sample(tmp_path)
    (root / "evidence/exhibits/wide.pdf").write_bytes(hostile_exhibit())
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/wide.pdf, description: A wide table}\n",
        encoding="utf-8",
    )
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    [exhibit] = built.items()["PE-001"]["exhibits"]
    with pikepdf.open(built.pdf) as pdf:
        page = pdf.pages[exhibit["first_page"] - 1]
        assert float(page.mediabox[2]) == pytest.approx(842, abs=0.5)
        assert float(page.mediabox[3]) == pytest.approx(595 + 28, abs=0.5)
        found = set()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                found |= {k for k in obj if k in ("/JS", "/JavaScript", "/EmbeddedFile")}
                if obj.get("/S") == pikepdf.Name.JavaScript:
                    found.add("JavaScript action")
        assert not found
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", pikepdf.Dictionary())
    assert b"secret attachment" not in built.pdf.read_bytes()
    if HAVE_POPPLER:
        assert "Wide page 1" in page_text(built.pdf, exhibit["first_page"])
        assert "secret attachment" not in all_text(built.pdf)


# --------------------------------------------------------------------------- audiences


@needs_poppler
def test_public_edition_redacts_and_leaves_out_restricted_and_drafts(public: Built) -> None:
    text = all_text(public.pdf)
    assert "Placeholder" not in text and "Jane" not in text
    tm = public.items()["TM-003"]
    assert "[REDACTED]" in page_text(public.pdf, tm["first_page"])
    assert "RESTRICTEDWORDS" not in text and "TM-002" not in text
    assert "ST-002" not in text and "DRAFT" not in text
    assert set(public.items()) == {"SF-001", "TM-001", "TM-003", "ST-001", "PE-001"}


@needs_poppler
def test_restricted_edition_with_drafts(tmp_path: Path, build_cache: Path) -> None:
    built = build_pdf(
        make_sample(tmp_path),
        tmp_path / "out",
        cache=build_cache,
        audience="restricted",
        include_drafts=True,
    )
    items = built.items()
    assert {"TM-002", "ST-002"} <= set(items)
    text = all_text(built.pdf)
    assert "RESTRICTEDWORDS" in text
    assert "Jane Placeholder" in text and "[REDACTED]" not in text
    assert "Restricted edition — not for publication" in page_text(built.pdf, 1)
    draft = items["ST-002"]
    assert "DRAFT" in page_text(built.pdf, draft["first_page"])
    assert "DRAFT" not in page_text(built.pdf, items["ST-001"]["first_page"])
    assert built.manifest["bundle"]["audience"] == "restricted"
    assert not (built.out / "redactions.json").exists(), "the schedule is the public edition's"


@needs_poppler
def test_hostile_text_is_shown_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build_cache: Path
) -> None:
    conftest.allow_markdown_links(monkeypatch)  # validation refuses it; the renderer copes too
    root = make_sample(tmp_path)
    st = root / "evidence/statistics/ST-001.yaml"
    text = st.read_text(encoding="utf-8")
    text = text.replace(
        "title: Example statistic — replace with a published figure",
        "title: '#import \"x\": * ] [ $x$ <inq item SF-001> \\ @ref'",
    )
    text = text.replace(
        "summary: An example statistic with a series, drawn as a chart in the bundle.",
        "summary: 'See [elsewhere](#nowhere), ![img](x.png) and *fine* text.'",
    )
    st.write_text(text, encoding="utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    page = page_text(built.pdf, built.items()["ST-001"]["first_page"], layout=False)
    assert '#import "x": * ] [ $x$ <inq item SF-001> \\ @ref' in page
    assert "See elsewhere," in page and "fine text" in page
    assert built.items()["SF-001"]["first_page"] == 4


@needs_poppler
def test_a_bare_at_name_is_text_and_a_bare_at_id_a_reference(
    tmp_path: Path, build_cache: Path
) -> None:
    """`@name` is pandoc's citation syntax, but only an item's id makes it a reference: a
    quoted post's handle (`@NHSEngland`) is shown as written, with no problem to fix, while
    `@SF-001` is cited as `[@SF-001]` would be, and `\\@SF-001` is words."""
    from inquiry.validate import validate

    root = make_sample(tmp_path)
    st = root / "evidence/statistics/ST-001.yaml"
    original = st.read_text(encoding="utf-8")
    summary = "summary: An example statistic with a series, drawn as a chart in the bundle."
    line = next(n for n, s in enumerate(original.splitlines(), 1) if s.startswith("summary:"))
    st.write_text(original.replace(summary, "summary: Follow us at @XX-999 for news."), "utf-8")
    # (the sample's photograph has no text layer: `exhibit-no-text`, a warning, is not at issue)
    problems = [p for p in validate(root)[1].problems if p.code != "exhibit-no-text"]
    assert [(p.code, p.line) for p in problems] == [("ref-unknown-item", line)]
    written = "summary: Follow @NHSEngland, as @SF-001 and \\@SF-001 say."
    st.write_text(original.replace(summary, written), "utf-8")
    assert [p for p in validate(root)[1].problems if p.code != "exhibit-no-text"] == []
    built = build_pdf(root, tmp_path / "out", cache=build_cache, ocr="never")
    items = built.items()
    page = " ".join(page_text(built.pdf, items["ST-001"]["first_page"], layout=False).split())
    pin = f"[{items['SF-001']['number']}/{items['SF-001']['first_page']}]"
    assert f"Follow @NHSEngland, as {pin} and @SF-001 say." in page, page


@needs_poppler
def test_a_word_too_long_for_its_line_wraps_and_stays_whole(
    tmp_path: Path, build_cache: Path
) -> None:
    """A hash or a long identifier breaks between characters rather than run off the page:
    every character is on the page (pdftotext reads only what is on it), nothing is added
    between them, and a long URL in the text and a long title wrap the same way."""
    digest = "a4abd4448c49562d828115d13a1fccea927f52b4d5459297f8b43e42" * 2 + "0123456789abcdef"
    word = "Z" * 300
    url = "https://example.org/" + "/".join(["a-rather-long-path-segment"] * 6)
    title = "Overlong" + "X" * 150
    root = make_sample(tmp_path)
    st = root / "evidence/statistics/ST-001.yaml"
    text = st.read_text(encoding="utf-8")
    text = text.replace(
        "title: Example statistic — replace with a published figure", f"title: {title}"
    )
    text = text.replace(
        "summary: An example statistic with a series, drawn as a chart in the bundle.",
        f"summary: 'The digest {digest} and {word} end, at {url} too.'",
    )
    st.write_text(text, encoding="utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    first, last = built.items()["ST-001"]["first_page"], built.items()["ST-001"]["last_page"]
    shown = "".join(page_text(built.pdf, n, layout=False) for n in range(first, last + 1))
    squashed = "".join(shown.split())
    for whole in (digest, word, title):
        assert whole in squashed, whole[:20]
    # The URL breaks at its own hyphens, which pdftotext joins up as a hyphenated word.
    assert url.replace("-", "") in squashed.replace("-", "")
    assert "\u200b" not in shown and "\u00ad" not in shown
    index = "".join(page_text(built.pdf, n, layout=False) for n in (2, 3))
    assert title in "".join(index.split()), "the index row holds the whole title"


@needs_poppler
def test_a_page_past_the_cited_items_last_is_a_warning_at_its_line(
    tmp_path: Path, build_cache: Path
) -> None:
    """`[@TM-003, p. 9]` of a one-page item: the build goes on, shows the item's last page,
    and says so at the field that cites it (CLI: a warning on stderr, exit 0)."""
    from click.testing import CliRunner

    from inquiry.cli import main

    root = make_sample(tmp_path)
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text(encoding="utf-8")
    assert "commentary: Why these words matter to the inquiry." in text
    # An earlier field cites the same item's first page: the warning is at the field that
    # cites page 9 (stop 29: it went to the first field naming the item).
    assert "summary: An example policy extract." in text
    pe.write_text(
        text.replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: See [@TM-003, p. 9] and [@SF-001].",
        ).replace("summary: An example policy extract.", "summary: As [@TM-003] says."),
        encoding="utf-8",
    )
    line = next(
        n for n, s in enumerate(pe.read_text("utf-8").splitlines(), 1) if s.startswith("comm")
    )
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    [warning] = [w for w in built.result.warnings if w.code == "ref-page-beyond"]
    assert (warning.file, warning.line, warning.severity) == (
        "evidence/policy_extracts/PE-001.yaml",
        line,
        "warning",
    )
    assert "page 9 of `TM-003`" in warning.message
    written = pe.read_text("utf-8").splitlines()[line - 1]
    assert warning.column == written.index("@TM-003") + 1  # at the reference, not the field
    tm = built.items()["TM-003"]
    assert tm["first_page"] == tm["last_page"], "the sample's TM-003 has one page"
    page = page_text(built.pdf, built.items()["PE-001"]["first_page"], layout=False)
    assert f"[B1/{tm['last_page']}]" in " ".join(page.split())

    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(tmp_path / "cli"), "--format", "pdf"],
        env={"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(build_cache)},
    )
    assert result.exit_code == 0, result.output
    assert f"PE-001.yaml:{line}:" in result.output and "ref-page-beyond" in result.output


def test_citing_an_item_this_edition_leaves_out_refuses_the_citing_item(
    tmp_path: Path, build_cache: Path
) -> None:
    """`[@TM-002]` (restricted) in a public item: the build refuses it at the reference's own
    line and column, as `validate` reports references (stop 30, red team h90: at the start of
    the block), saying why (`ref-excluded-item`, exit 1), and writes nothing; the restricted
    edition builds it."""
    from click.testing import CliRunner

    from inquiry.cli import main

    root = make_sample(tmp_path)
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8").replace(
            "commentary: Why these words matter to the inquiry.",
            "commentary: |\n  As the witness said\n  at length [@TM-002] and [@ST-002].",
        ),
        encoding="utf-8",
    )
    line, written = next(
        (n, s) for n, s in enumerate(pe.read_text("utf-8").splitlines(), 1) if "[@TM" in s
    )
    columns = [written.index(ref) + 1 for ref in ("@TM-002", "@ST-002")]
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(build_cache)}
    out = tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 1, result.output
    found = [s for s in result.output.splitlines() if "ref-excluded-item" in s]
    assert len(found) == 2, found
    assert all(f"PE-001.yaml:{line}:{c}:" in s for s, c in zip(found, columns, strict=True)), found
    assert "`TM-002` is not in the public edition (it is restricted)" in found[0]
    assert "`ST-002` is not in the public edition (it is a draft)" in found[1]
    assert "A restricted testimony" not in result.output
    assert not (out / "bundle.pdf").exists()
    drafts = CliRunner().invoke(main, [*args, "--audience", "restricted"], env=env)
    assert drafts.exit_code == 1, "the draft is still left out"
    assert "`ST-002` is not in the restricted edition (it is a draft)" in drafts.output
    everything = CliRunner().invoke(
        main, [*args, "--audience", "restricted", "--include-drafts"], env=env
    )
    assert everything.exit_code == 0, everything.output


@needs_poppler
def test_a_redacted_string_in_a_tab_title_is_redacted_everywhere(
    tmp_path: Path, build_cache: Path
) -> None:
    """The tab title is a text of the bundle like any other: the index, the running line,
    the bookmarks, the DOCX and the HTML show the mark (the build is not refused)."""
    root = make_sample(tmp_path)
    sub = root / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    assert "title: Testimonies" in text
    sub.write_text(
        text.replace("title: Testimonies", "title: Testimonies heard by Jane Placeholder"), "utf-8"
    )
    built = build_pdf(root, tmp_path / "out", cache=build_cache, formats=("pdf", "docx", "html"))
    shown = all_text(built.pdf)
    assert "Testimonies heard by [REDACTED]" in shown and "Placeholder" not in shown
    with pikepdf.open(built.pdf) as pdf:
        titles = [t for _, t, _, _ in outline_entries(pdf)]
    assert any(t.startswith("Tab B — Testimonies heard by [REDACTED] (p. ") for t in titles)
    for path in built.out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json"):
            assert "Placeholder" not in path.read_text(encoding="utf-8"), path
    from zipfile import ZipFile

    with ZipFile(built.out / "bundle.docx") as docx:
        assert not any(b"Placeholder" in docx.read(n) for n in docx.namelist())


@needs_poppler
def test_an_edition_with_no_items_says_so_in_plain_words(tmp_path: Path, build_cache: Path) -> None:
    """Every item a draft: the bundle is its front matter, and the index says why it is empty
    (as words, not as a quoted literal)."""
    root = make_sample(tmp_path)
    for path in (root / "evidence").rglob("*.yaml"):
        if path.name != "submission.yaml":
            path.unlink()
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    index = page_text(built.pdf, 2, layout=False)
    assert "This edition holds no items." in index
    assert "“This edition" not in index and '"This edition' not in index
