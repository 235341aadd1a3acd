"""A long index is laid out in pieces (stop 43): typst holds a document's whole layout in memory,
and the index of 10,000 items as one document needed 4.8 GB, past the 1 GiB a typst compile may
use, so such a submission could not be built at all.

`index_parts` is checked as a function (every row kept, in order, no piece too long, whole tabs
where they fit). The build is checked on what it wrote, with the piece size made tiny so the
shared sample's index is cut after every row: the index still lists and links every item with
its pages, each piece begins a page under the column headings, the bookmarks land on the index
and the lines of inquiry, `verify` accepts the bundle, one worker or two give the same bytes,
and once served the pieces are laid out again in place when an item is added.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from test_pdf import EPOCH, link_targets, make_sample, outline_entries, page_text, page_texts
from test_served_build import LATE

from inquiry.cli import main
from inquiry.render.nodes import IndexRow, IndexSection, PageRange, Text
from inquiry.render.pdf import typst_front
from inquiry.render.pdf.typst_front import index_parts

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def section(tab: str, rows: int) -> IndexSection:
    made = tuple(
        IndexRow(f"{tab}{n}", f"{tab}-{n:03d}", Text(), "Kind", "", "", False, PageRange(""))
        for n in range(1, rows + 1)
    )
    return IndexSection(tab, f"Tab {tab}", made[0].id if made else "", made)


@given(st.lists(st.integers(1, 40), max_size=8), st.integers(1, 30))
def test_index_parts_keep_every_row_in_order_and_no_piece_is_too_long(
    sizes: list[int], limit: int
) -> None:
    sections = [section(chr(ord("A") + k), n) for k, n in enumerate(sizes)]
    parts = index_parts(sections, limit)
    rows = [r for s in sections for r in s.rows]
    assert [r for part in parts for s in part for r in s.rows] == rows
    if len(rows) <= limit:
        assert parts == [sections], "an index that fits is one document, as before"
        return
    for part in parts:
        assert part and 0 < sum(len(s.rows) for s in part) <= limit
    for s in sections:
        holding = [part for part in parts if any(p.tab == s.tab for p in part)]
        if len(s.rows) <= limit:
            assert len(holding) == 1, f"tab {s.tab} fits a piece: it is not cut"
        else:
            # Cut into the fewest parts of about equal length, each a piece of its own.
            lengths = [len(part[0].rows) for part in holding]
            assert all(len(part) == 1 for part in holding)
            assert len(lengths) == -(-len(s.rows) // limit)
            assert max(lengths) - min(lengths) <= len(lengths)
    # Whole tabs are packed: no two pieces of whole tabs in a row could have been one.
    whole = {s.tab for s in sections if len(s.rows) <= limit}
    for a, b in itertools.pairwise(parts):
        if a[-1].tab in whole and b[0].tab in whole:
            assert sum(len(s.rows) for s in [*a, *b]) > limit


def test_the_first_tab_fills_its_piece_before_the_next_begins() -> None:
    parts = index_parts([section("A", 2), section("B", 2), section("C", 5), section("D", 1)], 4)
    assert [[(s.tab, len(s.rows)) for s in p] for p in parts] == [
        [("A", 2), ("B", 2)],
        [("C", 3)],
        [("C", 2)],
        [("D", 1)],
    ]


# --------------------------------------------------------------------------- the built bundle


def invoke(cache: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(
        main,
        [str(a) for a in args],
        env={"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(cache)},
    )


@pytest.fixture(scope="module")
def one_row_pieces() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typst_front, "INDEX_PIECE_ROWS", 1)
        yield


@pytest.fixture(scope="module")
def cut(
    tmp_path_factory: pytest.TempPathFactory, build_cache: Path, one_row_pieces: None
) -> tuple[Path, Path]:
    """The sample built with an index piece of one row: (submission, bundle folder)."""
    base = tmp_path_factory.mktemp("cut")
    root = make_sample(base)
    result = invoke(build_cache, "build", "--root", root, "--out", base / "out", "-q")
    assert result.exit_code == 0, result.output
    return root, base / "out"


def manifest(out: Path) -> dict[str, object]:
    import json

    data: dict[str, object] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def items(out: Path) -> list[dict[str, object]]:
    found = manifest(out)["items"]
    assert isinstance(found, list)
    return found


def test_the_index_lists_and_links_every_item_across_its_pieces(cut: tuple[Path, Path]) -> None:
    pdf_path = cut[1] / "bundle.pdf"
    texts = page_texts(pdf_path)
    listed = items(cut[1])
    # The sample's tabs hold 1, 2, 1 and 1 public items: five pieces of one row, each its
    # own page, after the cover; then the lines of inquiry, then the items.
    index = list(range(2, 7))
    assert "Lines of inquiry" in texts[6]
    assert listed[0]["first_page"] == 8
    assert texts[1].lstrip().startswith("Index")
    for n in index:
        assert "No." in texts[n - 1] and "Title" in texts[n - 1], f"page {n}: column headings"
        if n > 2:
            assert not texts[n - 1].lstrip().startswith("Index"), f"page {n}: no new heading"
    shown = "\n".join(page_text(pdf_path, n) for n in index)
    for item in listed:
        first, last = item["first_page"], item["last_page"]
        assert isinstance(first, int) and isinstance(last, int)
        pages = f"{first}–{last}" if last > first else str(first)
        row = next(line for line in shown.splitlines() if str(item["id"]) in line)
        assert row.split()[0] == item["number"] and row.rstrip().endswith(pages), row
    # Tab B's two rows are cut apart: its row heads both pages.
    assert [n for n in index if "Tab B" in texts[n - 1]] == [3, 4]
    with pikepdf.open(pdf_path) as pdf:
        targets = {t for n in index for t in link_targets(pdf, n)}
        marks = outline_entries(pdf)
    assert targets == {item["first_page"] for item in listed}
    titles = {title: page for depth, title, page, _ in marks if depth == 1}
    assert titles["Index (p. 2)"] == 2 and titles["Lines of inquiry (p. 7)"] == 7


def test_verify_accepts_the_bundle_and_every_page_is_stamped(
    cut: tuple[Path, Path], build_cache: Path
) -> None:
    result = invoke(build_cache, "verify", cut[1] / "bundle.pdf")
    assert result.exit_code == 0, result.output
    for n, text in enumerate(page_texts(cut[1] / "bundle.pdf"), 1):
        assert f"Page {n}" in text, n


def test_one_worker_and_no_cache_give_the_same_bytes(
    cut: tuple[Path, Path], tmp_path: Path, build_cache: Path
) -> None:
    out = tmp_path / "one"
    args = ("build", "--root", cut[0], "--out", out, "-q", "--jobs", "1", "--no-cache")
    result = invoke(build_cache, *args)
    assert result.exit_code == 0, result.output
    for name in ("bundle.pdf", "bundle.docx", "manifest.json"):
        a, b = (hashlib.sha256((d / name).read_bytes()).hexdigest() for d in (cut[1], out))
        assert a == b, name


def build_and_serve(cache: Path, root: Path, out: Path) -> None:
    result = invoke(cache, "build", "--root", root, "--out", out, "-q")
    assert result.exit_code == 0, result.output
    served = invoke(cache, "serve", "--root", root, "--out", out)
    assert served.exit_code == 0, served.output


def add_and_build(cache: Path, root: Path, first: Path, again: Path) -> tuple[list[str], list[str]]:
    """SF-990 added to the submission served from `first`, built again into `again`: the texts
    of both bundles' pages, once every served item is found on its served pages."""
    (root / "evidence/survey_findings/SF-990.yaml").write_text(LATE, encoding="utf-8")
    result = invoke(cache, "build", "--root", root, "--out", again, "-q", "--format", "pdf")
    assert result.exit_code == 0, result.output
    before = {i["id"]: (i["first_page"], i["last_page"]) for i in items(first)}
    after = {i["id"]: (i["first_page"], i["last_page"]) for i in items(again)}
    assert {k: after[k] for k in before} == before
    old, new = page_texts(first / "bundle.pdf"), page_texts(again / "bundle.pdf")
    # Listed in the supplementary index, after the last served page.
    assert "SF-990" in "".join(new[len(old) : after["SF-990"][0] - 1])
    return old, new


def test_served_pieces_are_laid_out_again_in_place(
    cut: tuple[Path, Path], tmp_path: Path, build_cache: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(cut[0], root)
    build_and_serve(build_cache, root, tmp_path / "b0")
    old, new = add_and_build(build_cache, root, tmp_path / "b0", tmp_path / "b1")
    assert new[1:6] == old[1:6], "the served index, in pieces, is unchanged"
    result = invoke(build_cache, "verify", tmp_path / "b1" / "bundle.pdf")
    assert result.exit_code == 0, result.output


def test_a_long_annex_is_laid_out_in_pieces(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restricted edition's annex, cut after every row: each row's pinpoint is still on
    its pages and links to the item, the heading and note only on its first page."""
    root = make_sample(tmp_path)
    tm = root / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    for n in (4, 5):  # two more testimonies, each redacting a name: three rows in all
        fresh = text.replace("TM-003", f"TM-00{n}").replace("W-03", f"W-0{n}")
        tm.with_name(f"TM-00{n}.yaml").write_text(fresh, encoding="utf-8")
    out = {}
    for rows in (10_000, 1):
        monkeypatch.setattr(typst_front, "ANNEX_PIECE_ROWS", rows)
        out[rows] = tmp_path / f"out-{rows}"
        args = ("build", "--root", root, "--out", out[rows], "-q", "--format", "pdf")
        result = invoke(build_cache, *args, "--audience", "restricted")
        assert result.exit_code == 0, result.output
    whole, cut = (manifest(out[r])["bundle"] for r in (10_000, 1))
    assert isinstance(whole, dict) and isinstance(cut, dict)
    (a0, a1), (c0, c1) = whole["annex_pages"], cut["annex_pages"]
    assert a1 == a0, "the sample's annex fits a page"
    texts = page_texts(out[1] / "bundle.pdf")
    pieces = texts[c0 - 1 : c1]
    rows = [line for line in page_text(out[10_000] / "bundle.pdf", a0).splitlines() if "/" in line]
    assert len(pieces) == len(rows) == 3, "a page for each row"
    assert "Annex" in pieces[0] and all("Annex" not in p for p in pieces[1:])
    assert all("Where" in p and "Code" in p for p in pieces), "the column headings on each"
    with pikepdf.open(out[1] / "bundle.pdf") as pdf:
        marks = outline_entries(pdf)
        targets = [link_targets(pdf, n) for n in range(c0, c1 + 1)]
    assert [(d, p) for d, t, p, _ in marks if t.startswith("Annex")] == [(0, c0)]
    assert all(len(t) == 1 for t in targets)
    with pikepdf.open(out[10_000] / "bundle.pdf") as pdf:
        assert sorted(t for ts in targets for t in ts) == sorted(link_targets(pdf, a0))


def test_the_docx_index_and_annex_are_several_tables(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the DOCX, an index too long for one table (pandoc writes the front matter's pieces
    apart) is several, each under the column headings, one begun inside a tab under that tab's
    row again; every item still listed and linked once, in order."""
    import zipfile

    from lxml import etree

    from inquiry.render.docx import front

    monkeypatch.setattr(front, "TABLE_PIECE_ROWS", 2)
    root = make_sample(tmp_path)
    tm = root / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    for n in (4, 5):  # two more testimonies, each redacting a name: three annex rows
        fresh = text.replace("TM-003", f"TM-00{n}").replace("W-03", f"W-0{n}")
        tm.with_name(f"TM-00{n}.yaml").write_text(fresh, encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", "--root", root, "--out", out, "-q", "--format", "pdf", "--format", "docx")
    result = invoke(build_cache, *args, "--audience", "restricted")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "bundle.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def rows(tbl: etree._Element) -> list[str]:
        return ["".join(r.itertext()) for r in tbl.iter(f"{w}tr")]

    tables = [rows(t) for t in body.iter(f"{w}tbl")]
    index = [t for t in tables if t and t[0].startswith("No.ID")]
    # A row for each tab and each item, in tables of 2 (the header and a repeated tab's row
    # apart): the restricted sample's 8 items in 4 tabs make 6 tables.
    ids = [i["id"] for i in items(out)]
    tabs = {i["tab"] for i in items(out)}
    assert len(index) == -(-(len(tabs) + len(ids)) // 2) == 6, index
    listed = [r for t in index for r in t[1:] if not r.startswith("Tab ")]
    assert [next(i for i in ids if i in r) for r in listed] == ids
    for t in index:
        assert t[1].startswith("Tab "), "each table begins with its tab's row"
    annex = [t for t in tables if t and t[0].startswith("ItemWhere")]
    assert [len(t) - 1 for t in annex] == [2, 1], "three rows: tables of two and one"
    assert all(re.search(r"\[B\d+/\d+\]", r) for t in annex for r in t[1:])


def test_an_index_served_whole_is_laid_out_whole_again(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle served by a version that laid the index out as one document: in pieces (each
    beginning a page) it would take more pages than were served, so it is laid out whole, as
    served, and the build goes on. Only that index: the supplementary index of the items added
    since is laid out in pieces, as any new index (red team h177)."""
    root = make_sample(tmp_path)
    monkeypatch.setattr(typst_front, "INDEX_PIECE_ROWS", 10_000)  # as before stop 43
    build_and_serve(build_cache, root, tmp_path / "b0")
    monkeypatch.setattr(typst_front, "INDEX_PIECE_ROWS", 1)
    other = root / "evidence/survey_findings/SF-991.yaml"
    other.write_text(LATE.replace("SF-990", "SF-991"), encoding="utf-8")
    old, new = add_and_build(build_cache, root, tmp_path / "b0", tmp_path / "b1")
    assert new[1] == old[1] and "Tab D" in new[1], "the served index, whole, on its one page"
    added = new[len(old) :]
    [first] = [k for k, text in enumerate(added) if "SF-990" in text and "Supplementary" in text]
    assert "SF-991" not in added[first] and "SF-991" in added[first + 1], "a piece a row"


@pytest.mark.parametrize("number", ["A1251", "C10000"])
def test_a_long_number_stays_inside_its_column(number: str) -> None:
    """A tab of a thousand items or more numbers them `A1000` on: the number column widens for
    them (at its usual 26 points `A1251` ran over the rule into the id beside it)."""
    from test_pdf import Word

    from inquiry.render.pdf import typst_source as ts
    from inquiry.render.pdf.compile import Task, compile_task
    from inquiry.render.pdf.typst_code import index_number_width

    def laid_out(width: float | None) -> tuple[Word, Word]:
        row = (
            f'(number: "{number}", id: "SF-5008", title: [An item], kind: "Survey finding", '
            f'date: "May 2024", lois: "LOI-1", draft: false, pages: "3645–3646", '
            f'dest: "{ts.goto(item="SF-5008")}")'
        )
        section = f'(title: "Tab A — Things", dest: "{ts.goto(item="SF-5008")}", rows: ({row},))'
        more = f", number-width: {width:g}pt" if width is not None else ""
        source = ts.preamble(restricted=None, language="en-GB") + (
            f'#index-page("Index", ("No.", "ID", "Title", "Kind", "Date", "Lines", "Pages"), '
            f'({section},), "empty"{more})\n'
        )
        pdf = compile_task(Task(source, False)).pdf
        bbox = subprocess.run(
            ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        found = [
            Word(m[4], float(m[0]), float(m[1]), float(m[2]), float(m[3]))
            for m in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>",
                bbox,
            )
        ]
        by_text = {w.text: w for w in found}
        return by_text[number], by_text["SF-5008"]

    # The column's rule stands a cell's inset (5 points) before the id.
    assert index_number_width(len("A999")) is None, "a usual index is laid out as before"
    shown, ident = laid_out(None)
    assert shown.x1 > ident.x0 - 5, "at the usual width it runs over the column's rule"
    shown, ident = laid_out(index_number_width(len(number)))
    assert shown.x1 < ident.x0 - 5 - 2, (shown, ident)


@pytest.mark.parametrize(
    ("numbers", "wider"), [(["A1", "A99"], 0), (["A9", "A112"], 1), (["C10000"], 3)]
)
def test_the_docx_number_column_holds_its_longest_number(numbers: list[str], wider: int) -> None:
    """Word and LibreOffice broke `A112` across two lines (`A11`, `2`) in the DOCX index's
    number column: it widens for numbers past three characters, taking from the title's."""
    from types import SimpleNamespace

    from inquiry.render.docx import front
    from inquiry.render.docx.translate import Context

    rows = tuple(
        IndexRow(n, f"SF-{k:03d}", Text(), "Kind", "", "", False, PageRange(""))
        for k, n in enumerate(numbers)
    )
    view = SimpleNamespace(index=(IndexSection("A", "Tab A", rows[0].id, rows),), supplements=())
    ctx = Context(numbers=None, chart_png=lambda chart: b"", own_pages=1)
    [[_, table]] = front.index(ctx, view)  # type: ignore[arg-type]
    widths = [spec[1]["c"] for spec in table["c"][2]]
    usual = front.INDEX_WIDTHS
    assert widths[0] == pytest.approx(usual[0] + front.NUMBER_CHARACTER * wider)
    assert widths[2] == pytest.approx(usual[2] - front.NUMBER_CHARACTER * wider)
    assert widths[1] == usual[1] and widths[3:] == list(usual[3:])
    assert sum(widths) == pytest.approx(sum(usual))


def test_an_index_laid_out_as_served_before_keeps_its_number_column() -> None:
    """Laid out `whole` (as before stop 43, for a served index that no longer fits), a long
    index is one document and its number column is not widened; otherwise it is cut and
    widened. A supplementary index is written as the front matter's."""
    from inquiry.render.nodes import Supplement

    class Pages:
        def page(self, pin: object) -> int:
            return 1

        def pages(self, item: str) -> tuple[int, int]:
            return 1, 2

        def total(self) -> int:
            return 2

    rows = tuple(
        IndexRow(f"A{n}", f"SF-{n:04d}", Text(), "Kind", "", "", False, PageRange(""))
        for n in range(1000, 1004)
    )
    view = Supplement(1, "Supplementary index", (IndexSection("A", "Tab A", rows[0].id, rows),), ())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typst_front, "INDEX_PIECE_ROWS", 2)
        now = typst_front.supplement(view, Pages(), preamble_="")
        before = typst_front.supplement(view, Pages(), preamble_="", whole=True)
    assert len(now) == 2 and all("number-width: 26pt" not in s for s in now)
    assert all("number-width: 31pt" in s for s in now)
    assert len(before) == 1 and "number-width" not in before[0] and "continued" not in before[0]


def test_no_docx_index_table_ends_with_a_tab_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cut that falls just after a tab's row leaves it to the next table (which it heads),
    not last in a table of its own with nothing under it (red team h177)."""
    from types import SimpleNamespace

    from inquiry.render.docx import front
    from inquiry.render.docx.translate import Context

    def tab(letter: str, count: int) -> IndexSection:
        rows = tuple(
            IndexRow(f"{letter}{n}", f"{letter}-{n}", Text(), "Kind", "", "", False, PageRange(""))
            for n in range(1, count + 1)
        )
        return IndexSection(letter, f"Things {letter}", rows[0].id, rows)

    monkeypatch.setattr(front, "TABLE_PIECE_ROWS", 2)
    view = SimpleNamespace(index=(tab("A", 2), tab("B", 1), tab("C", 3)), supplements=())
    ctx = Context(numbers=None, chart_png=lambda chart: b"", own_pages=1)
    tables = [blocks[-1] for blocks in front.index(ctx, view)]  # type: ignore[arg-type]

    def text(node: object) -> str:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                return str(node["c"])
            return " " if node.get("t") == "Space" else text(node.get("c"))
        return "".join(text(n) for n in node) if isinstance(node, list) else ""

    shown = [[text(r) for r in t["c"][4][0][3]] for t in tables]
    for rows in shown:
        assert rows[0].startswith("Tab "), "each table begins with a tab's row"
        assert len(rows) == 1 or not rows[-1].startswith("Tab "), rows
    listed = [r.split("-")[0][:-1] for rows in shown for r in rows if not r.startswith("Tab ")]
    assert listed == ["A1", "A2", "B1", "C1", "C2", "C3"], shown
