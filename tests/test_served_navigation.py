"""Finding one's way to what a served citation names, and to the back of the bundle.

A lawyer holding a served pinpoint (`[B1/5]`) to an item since withdrawn or reissued must reach
its old pages through the bookmarks, and those pages must name the number and id cited, not only
the number now in their place. The restricted edition's annex has a bookmark like the other
sections, and its note says what its counts cover (an exhibit's count is what its entry lists;
item-level strings are removed from exhibits too, uncounted).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pytest
from test_pdf import Built, build_pdf, make_sample, outline_entries, page_text

from inquiry.numbering import Retired, Served
from inquiry.render import wording
from inquiry.render.nodes import Supplement
from inquiry.render.pdf.layout import ANNEX, Layout, Pieces, RetiredPages, Run, compute_served
from inquiry.render.pdf.outline import bookmarks
from inquiry.served import serve

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


# --------------------------------------------------------------------------- units


def _filler_words(layout: Layout) -> dict[int, str]:
    return {
        page: run.words[page - run.first]
        for run in layout.runs
        if run.kind == "filler"
        for page in range(run.first, run.last + 1)
    }


def test_retired_pages_name_the_number_and_id_a_served_pinpoint_cites() -> None:
    """A1 withdrawn; B1 reissued as B2, then B2 as B3: every old page names its own number and
    id, and a superseded one the number now in its place and that number's first page."""
    retired = (
        Retired("SF-001", "A1", "A", 2, 2, "withdrawn"),
        Retired("TM-001", "B1", "B", 3, 4, "superseded", "B2"),
        Retired("TM-001", "B2", "B", 5, 5, "superseded", "B3"),
    )
    item = SimpleNamespace(item=SimpleNamespace(id="TM-001"), number="B3")
    plan: Any = SimpleNamespace(served=Served(1, {}, retired), items=[item], retired=retired)
    layout = compute_served(plan, {0: 1, 1: 1}, {"TM-001": Pieces(2)})
    assert layout.items["TM-001"].first == 7
    words = _filler_words(layout)
    assert words[2] == "Withdrawn: A1 (SF-001) is no longer part of this bundle."
    assert words[3] == words[4] == "Superseded: B1 (TM-001) is replaced by B3, at page 7."
    assert words[5] == "Superseded: B2 (TM-001) is replaced by B3, at page 7."
    links = {r.first: r.link for r in layout.runs if r.kind == "filler"}
    assert links[2] == "" and links[3] == links[5] == "TM-001"
    assert layout.retired == (
        RetiredPages("SF-001", "A1", "A", 2, 2),
        RetiredPages("TM-001", "B1", "B", 3, 4, "B3", 7),
        RetiredPages("TM-001", "B2", "B", 5, 5, "B3", 7),
    )


def test_a_successor_since_withdrawn_is_named_without_a_page() -> None:
    retired = (
        Retired("TM-001", "B1", "B", 2, 2, "superseded", "B2"),
        Retired("TM-001", "B2", "B", 3, 3, "withdrawn"),
    )
    plan: Any = SimpleNamespace(served=Served(1, {}, retired), items=[], retired=retired)
    words = _filler_words(compute_served(plan, {0: 1}, {}))
    assert words[2] == (
        "Superseded: B1 (TM-001) was replaced by B2, which is no longer part of this bundle."
    )
    assert "page 0" not in " ".join(words.values())


def test_bookmarks_reach_retired_pages_under_their_tab_and_the_annex() -> None:
    """No item left to show: the retired numbers still get a tab (by its letter) and a bookmark
    each, in the group whose pages hold them; the annex is the last bookmark."""
    retired = (
        RetiredPages("SF-001", "A1", "A", 2, 2),
        RetiredPages("TM-001", "B1", "B", 3, 3, "B2", 0),
        RetiredPages("SF-002", "A2", "A", 5, 5),
    )
    runs = (
        Run("index", 1, 1, index=0),
        Run("filler", 2, 3),
        Run("index", 4, 4, index=1),
        Run("filler", 5, 5),
        Run("index", 6, 6, index=ANNEX),
    )
    layout = Layout(1, 6, {}, runs, (), retired)
    supplement = Supplement(1, "Supplementary index 1", (), ())
    marks = bookmarks([], layout, supplements=[supplement])
    tree = [
        (m.title, m.page, [(c.title, c.page, [g.title for g in c.children]) for c in m.children])
        for m in marks
    ]
    assert tree == [
        ("Cover, index and lines of inquiry (p. 1)", 1, []),
        ("Tab A (p. 2)", 2, [("A1 SF-001 — withdrawn (p. 2)", 2, [])]),
        ("Tab B (p. 3)", 3, [("B1 TM-001 — superseded by B2 (p. 3)", 3, [])]),
        (
            "Supplementary index 1 (p. 4)",
            4,
            [("Tab A (p. 5)", 5, ["A2 SF-002 — withdrawn (p. 5)"])],
        ),
        (f"{wording.ANNEX} (p. 6)", 6, []),
    ]
    # Given submission.yaml's tab titles, a tab with no item left still has its heading.
    titled = bookmarks([], layout, supplements=[supplement], tabs={"A": "Surveys"})
    expected = wording.tab_heading("A", "Surveys")
    assert [m.title for m in titled][1:3] == [f"{expected} (p. 2)", "Tab B (p. 3)"]


# --------------------------------------------------------------------------- built bundles


@pytest.fixture(scope="module")
def retired(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> tuple[Built, Built]:
    """The sample built and served; then TM-001 (B2) removed and TM-003 (B1) reissued."""
    base = tmp_path_factory.mktemp("navigation")
    root = make_sample(base)
    first = build_pdf(root, base / "b0", cache=build_cache)
    serve(root, first.out, today=dt.date(2026, 11, 1))
    (root / "evidence/testimonies/TM-001.yaml").unlink()
    second = build_pdf(root, base / "b1", cache=build_cache, reissue=("TM-003",))
    return first, second


@needs_poppler
def test_withdrawn_and_superseded_pages_have_bookmarks_and_name_what_was_served(
    retired: tuple[Built, Built],
) -> None:
    first, second = retired
    old, new = first.items(), second.items()
    assert (old["TM-003"]["number"], old["TM-001"]["number"]) == ("B1", "B2")
    b3 = new["TM-003"]
    assert b3["number"] == "B3" and b3["first_page"] > first.manifest["bundle"]["pages"]
    kept = {k: (v["number"], v["first_page"], v["last_page"]) for k, v in old.items()}
    assert {k: kept[k] for k in new if k != "TM-003"} == {
        k: (v["number"], v["first_page"], v["last_page"]) for k, v in new.items() if k != "TM-003"
    }, "served items keep their numbers and pages"

    with pikepdf.open(second.pdf) as pdf:
        entries = outline_entries(pdf)
    tab_b = next(i for i, e in enumerate(entries) if e[0] == 0 and e[1].startswith("Tab B — "))
    under_b = []
    for depth, title, page, dest in entries[tab_b + 1 :]:
        if depth == 0:
            break
        under_b.append((title, page))
        assert dest[1] == pikepdf.Name.XYZ and dest[4] is None
    b1, b2 = old["TM-003"], old["TM-001"]
    assert under_b == [
        (f"B1 TM-003 — superseded by B3 (p. {b1['first_page']})", b1["first_page"]),
        (f"B2 TM-001 — withdrawn (p. {b2['first_page']})", b2["first_page"]),
    ]
    assert entries[tab_b][2] == b1["first_page"]

    for page in range(b1["first_page"], b1["last_page"] + 1):
        text = " ".join(page_text(second.pdf, page, layout=False).split())
        assert f"Superseded: B1 (TM-003) is replaced by B3, at page {b3['first_page']}." in text
    for page in range(b2["first_page"], b2["last_page"] + 1):
        text = " ".join(page_text(second.pdf, page, layout=False).split())
        assert "Withdrawn: B2 (TM-001) is no longer part of this bundle." in text


@pytest.fixture(scope="module")
def restricted(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    """The sample's restricted edition, its restricted testimony TM-002 also redacting a name
    that the public TM-003 mentions (TM-003 redacts another name of its own)."""
    base = tmp_path_factory.mktemp("annex")
    root = make_sample(base)
    tm3 = root / "evidence/testimonies/TM-003.yaml"
    tm3.write_text(
        tm3.read_text(encoding="utf-8").replace(
            "set the targets.", "set the targets with Quentin Zedmore."
        ),
        encoding="utf-8",
    )
    tm2 = root / "evidence/testimonies/TM-002.yaml"
    tm2.write_text(
        tm2.read_text(encoding="utf-8") + "redact: [Quentin Zedmore]\n", encoding="utf-8"
    )
    return build_pdf(root, base / "out", cache=build_cache, audience="restricted")


@needs_poppler
def test_the_annex_has_a_bookmark_and_says_what_its_counts_cover(restricted: Built) -> None:
    pages = restricted.manifest["bundle"]["pages"]
    with pikepdf.open(restricted.pdf) as pdf:
        entries = outline_entries(pdf)
    depth, title, page, dest = entries[-1]
    assert (depth, title, page) == (0, f"{wording.ANNEX} (p. {pages})", pages)
    assert dest[1] == pikepdf.Name.XYZ
    text = " ".join(page_text(restricted.pdf, pages, layout=False).split())
    assert wording.ANNEX in text
    assert "removes the following from its text and exhibits" not in text
    assert "is also removed from any exhibit whose text contains it" in text
    # TM-003's text holds its own redacted name and the one TM-002 (left out of the public
    # edition, which still redacts it) lists: two occurrences, neither with a code.
    tm3 = restricted.items()["TM-003"]
    row = " ".join(page_text(restricted.pdf, pages).split())
    pin = f"[{tm3['number']}/{tm3['first_page']}]"
    assert f"{pin} Text — No reason code given 2" in row, row
