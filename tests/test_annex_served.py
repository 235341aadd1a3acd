"""The restricted edition's annex once served: its pages are cited pages too.

The restricted edition ends with an annex, the schedule of what the public edition redacts.
Served, its pages keep their place like every other served page: with nothing added since (and
the annex still fitting), it is laid out on them again; once items are appended it moves to the
end, after them, and its served pages say where it went. The manifest records its pages
(`bundle.annex_pages`, and `bundle.former_annex_pages` for those that now say where it went), so
a later build, `serve` and the served record's own check all account for them.

The end-to-end cases run on a small `inquiry init` submission (TM-001 redacting a name, and
TM-002, a copy of it), built restricted and served: A1 on 4, B1 5, B2 6, C1 7–8, D1 9, the annex
on 10.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pytest
from test_pdf import link_targets, page_texts
from test_served_s26 import Repo

from inquiry.numbering import Served, served_from
from inquiry.render.pdf.layout import ANNEX, Layout, compute_served
from inquiry.scaffold import init
from inquiry.served_kept import kept_problem
from inquiry.served_placement import placement_problem
from inquiry.served_record import unclaimed_pages

Manifest = dict[str, Any]
MOVED = "Moved: the annex of redactions in the public edition that stood here is now at page"
GONE = (
    "Withdrawn: the annex of redactions in the public edition that stood here is no longer "
    "part of this bundle."
)


def _restricted(repo: Repo) -> Manifest:
    assert repo.build("--audience", "restricted").exit_code == 0
    return _built(repo)


def _built(repo: Repo) -> Manifest:
    data: Manifest = json.loads((repo.root / "build" / "manifest.json").read_text("utf-8"))
    return data


def _record(repo: Repo) -> Manifest:
    path = repo.root / "served" / "restricted.json"
    data: Manifest = json.loads(path.read_text("utf-8"))["manifest"]
    return data


def _places(m: Manifest) -> dict[str, tuple[str, int, int]]:
    return {i["id"]: (i["number"], i["first_page"], i["last_page"]) for i in m["items"]}


def _texts(repo: Repo) -> list[str]:
    return [" ".join(t.split()) for t in page_texts(repo.root / "build" / "bundle.pdf")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("annex") / "sub", build_cache)
    init(repo.root)
    item = repo.root / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text("utf-8").replace(
        "  - The second paragraph.", "  - The second paragraph, naming Jane Smith."
    )
    item.write_text(text + "redact: [Jane Smith]\n", encoding="utf-8")
    repo.testimony(2, 7)
    m = _restricted(repo)
    assert m["bundle"]["annex_pages"] == [10, 10] and m["bundle"]["pages"] == 10
    assert m["bundle"]["former_annex_pages"] == []
    repo.ok("serve", "--root", repo.root)
    return repo


@pytest.fixture
def repo(served: Repo, tmp_path: Path) -> Repo:
    return served.copy(tmp_path / "sub")


@pytest.fixture(scope="module")
def appended(served: Repo, tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The served edition with TM-004 added and built (not served)."""
    repo = served.copy(tmp_path_factory.mktemp("appended") / "sub")
    repo.testimony(4, 9)
    _restricted(repo)
    return repo


def test_an_appended_item_leaves_the_served_annex_pages_saying_where_it_went(
    served: Repo, appended: Repo
) -> None:
    old, new = _record(served), _built(appended)
    assert {k: v for k, v in _places(new).items() if k != "TM-004"} == _places(old)
    assert new["bundle"]["supplement_pages"] == [[11, 12]]  # after the served annex on 10
    assert _places(new)["TM-004"] == ("B3", 13, 13)
    assert new["bundle"]["annex_pages"] == [14, 14] and new["bundle"]["pages"] == 14
    assert new["bundle"]["former_annex_pages"] == [[10, 10]]
    texts = _texts(appended)
    assert f"{MOVED} 14." in texts[9]
    with pikepdf.open(appended.root / "build" / "bundle.pdf") as pdf:
        assert link_targets(pdf, 10) == [14]
    # The annex at the end lists the redactions of the served item and of the new one.
    annex = texts[13]
    assert "Annex: redactions in the public edition" in annex
    assert "[B1/5]" in annex and "[B3/13]" in annex, annex
    assert placement_problem(new, audience="restricted") is None


def test_the_updated_edition_is_served_and_a_rebuild_changes_nothing(
    appended: Repo, tmp_path: Path
) -> None:
    repo = appended.copy(tmp_path / "sub")
    repo.ok("serve", "--root", repo.root)
    assert _record(repo) == _built(repo)
    built = repo.root / "build"
    before = [(built / f).read_bytes() for f in ("bundle.pdf", "manifest.json")]
    for _ in range(2):
        _restricted(repo)
        assert [(built / f).read_bytes() for f in ("bundle.pdf", "manifest.json")] == before
    assert _built(repo)["bundle"]["pages"] == 14
    repo.ok("serve", "--root", repo.root)
    repo.ok("validate", "--root", repo.root, "--strict")


def test_served_again_the_earlier_annex_pages_follow_it(appended: Repo, tmp_path: Path) -> None:
    """Served at 14, then TM-005 added: the pages of both served annexes say where it is."""
    repo = appended.copy(tmp_path / "sub")
    repo.ok("serve", "--root", repo.root)
    repo.testimony(5, 10)
    m = _restricted(repo)
    assert m["bundle"]["former_annex_pages"] == [[10, 10], [14, 14]]
    assert m["bundle"]["supplement_pages"] == [[11, 12], [15, 16]]
    assert m["bundle"]["annex_pages"] == [18, 18] and _places(m)["TM-005"] == ("B4", 17, 17)
    texts = _texts(repo)
    assert f"{MOVED} 18." in texts[9] and f"{MOVED} 18." in texts[13]
    repo.ok("serve", "--root", repo.root)


def test_with_nothing_added_the_annex_stays_on_its_served_pages(repo: Repo) -> None:
    """Rebuilt from the served record: nothing moves, the bundle does not grow, and serving it
    records the same pages."""
    old = _record(repo)
    m = _restricted(repo)
    assert _places(m) == _places(old) and m["bundle"]["pages"] == 10
    assert m["bundle"]["annex_pages"] == [10, 10] and m["bundle"]["former_annex_pages"] == []
    assert "Annex: redactions in the public edition" in _texts(repo)[9]
    repo.ok("serve", "--root", repo.root)


def test_an_edition_that_no_longer_redacts_says_so_on_the_annex_pages(repo: Repo) -> None:
    for n in (1, 2):
        item = repo.root / "evidence" / "testimonies" / f"TM-00{n}.yaml"
        item.write_text(item.read_text("utf-8").replace("redact: [Jane Smith]\n", ""), "utf-8")
    m = _restricted(repo)
    assert m["bundle"]["annex_pages"] is None and m["bundle"]["former_annex_pages"] == [[10, 10]]
    assert m["bundle"]["pages"] == 10 and GONE in _texts(repo)[9]
    repo.ok("serve", "--root", repo.root)


def test_a_record_served_before_the_annex_pages_were_written(
    appended: Repo, tmp_path: Path
) -> None:
    """No `annex_pages`: the annex is on the pages after the last entry, up to `pages`."""
    repo = appended.copy(tmp_path / "sub")

    def older(m: Manifest) -> None:
        m["bundle"].pop("annex_pages")
        m["bundle"].pop("former_annex_pages")

    path = repo.root / "served" / "restricted.json"
    data = json.loads(path.read_text("utf-8"))
    older(data["manifest"])
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert served_from(data["manifest"]).annex == (10, 10)
    assert served_from(data["manifest"]).last_page == 10
    assert _restricted(repo) == _built(appended)
    repo.ok("serve", "--root", repo.root)


# --------------------------------------------------------------------------- serve refuses


def _moved(served: Repo, appended: Repo) -> tuple[Manifest, Manifest]:
    return copy.deepcopy(_record(served)), copy.deepcopy(_built(appended))


def test_kept_accepts_the_annex_moved_and_refuses_an_index_on_its_served_pages(
    served: Repo, appended: Repo
) -> None:
    old, new = _moved(served, appended)
    assert kept_problem(old, new) is None
    new["bundle"]["supplement_pages"] = [[10, 12]]  # over the served annex, as before the fix
    why = kept_problem(old, new)
    assert why is not None and "supplementary index at pages 10–12 is on pages already" in why


def test_kept_refuses_the_served_annex_pages_given_to_nothing(served: Repo, appended: Repo) -> None:
    old, new = _moved(served, appended)
    new["bundle"]["former_annex_pages"] = []
    why = kept_problem(old, new)
    assert why is not None and why.startswith("the annex served at page 10 is missing"), why
    old, new = _moved(served, appended)
    new["bundle"].update(annex_pages=[9, 9])
    new["bundle"]["former_annex_pages"].append([14, 14])
    why = kept_problem(old, new)
    assert why is not None and why.startswith("this bundle's annex at page 9 is on pages"), why
    # An older record without `annex_pages`: its annex is derived, and kept just the same.
    old, new = _moved(served, appended)
    del old["bundle"]["annex_pages"], old["bundle"]["former_annex_pages"]
    assert kept_problem(old, new) is None
    new["bundle"]["former_annex_pages"] = []
    assert kept_problem(old, new) is not None


def test_the_record_accounts_for_every_annex_page(appended: Repo) -> None:
    m = copy.deepcopy(_built(appended))
    assert unclaimed_pages(m, audience="restricted") == []
    m["bundle"]["former_annex_pages"] = []  # page 10 now belongs to nothing
    assert unclaimed_pages(m, audience="restricted") == [(10, 10)]
    why = placement_problem(m, audience="restricted")
    assert why is not None and "page 10 belongs to no item" in why, why
    m["bundle"]["former_annex_pages"] = [[10]]
    assert placement_problem(m, audience="restricted") == (
        "`bundle.former_annex_pages` must be a list of [first, last] page ranges"
    )
    m["bundle"]["former_annex_pages"] = [[10, 11]]
    why = placement_problem(m, audience="restricted")
    assert why is not None and "shares a page with an earlier annex" in why, why


def test_a_public_manifest_names_no_annex(repo: Repo) -> None:
    assert repo.build().exit_code == 0
    bundle = _built(repo)["bundle"]
    assert "annex_pages" not in bundle and "former_annex_pages" not in bundle


# --------------------------------------------------------------------------- layout units


def _plan(served: Served, new: int = 0) -> Any:
    items = [SimpleNamespace(item=SimpleNamespace(id=f"N-{k}"), number=f"A{k}") for k in range(new)]
    return SimpleNamespace(served=served, items=items, retired=())


def _pages(layout: Layout) -> list[tuple[str, int, int, int]]:
    return [(r.kind, r.first, r.last, r.index) for r in layout.runs]


def test_an_annex_that_shrank_keeps_its_served_pages_and_one_that_grew_moves() -> None:
    from inquiry.render.pdf.layout import Pieces

    served = Served(2, {}, annex=(3, 5))
    shrunk = compute_served(_plan(served), {0: 2, ANNEX: 2}, {})
    assert _pages(shrunk) == [("index", 1, 2, 0), ("index", 3, 4, ANNEX), ("filler", 5, 5, 0)]
    assert shrunk.annex == (3, 5) and shrunk.former_annexes == () and shrunk.count == 5
    grown = compute_served(_plan(served), {0: 2, ANNEX: 4}, {})
    assert _pages(grown)[1:] == [("filler", 3, 5, 0), ("index", 6, 9, ANNEX)]
    assert grown.annex == (6, 9) and grown.former_annexes == ((3, 5),) and grown.grew == ()
    assert {r.words[0] for r in grown.runs if r.kind == "filler"} == {f"{MOVED} 6."}
    appended = compute_served(_plan(served, 1), {0: 2, 1: 1, ANNEX: 1}, {"N-0": Pieces(2)})
    assert _pages(appended)[1:] == [
        ("filler", 3, 5, 0),
        ("index", 6, 6, 1),
        ("item", 7, 8, 0),
        ("index", 9, 9, ANNEX),
    ]
    assert [r.link for r in appended.runs if r.kind == "filler"] == ["@9"]


def test_served_from_derives_an_older_records_annexes() -> None:
    """No `annex_pages`: the pages after the last entry, and those just before a supplementary
    index that nothing names, were annexes; a public record has none."""
    bundle: dict[str, Any] = {"audience": "restricted", "pages": 12, "front_pages": [1, 2]}
    items = [
        {"id": "SF-001", "number": "A1", "tab": "A", "first_page": 3, "last_page": 4},
        {"id": "SF-002", "number": "A2", "tab": "A", "first_page": 8, "last_page": 9},
    ]
    bundle["supplement_pages"] = [[7, 7]]
    served = served_from({"bundle": bundle, "items": items})
    assert (served.annex, served.former_annexes, served.last_page) == ((10, 12), ((5, 6),), 12)
    public = served_from({"bundle": {**bundle, "audience": "public"}, "items": items})
    assert (public.annex, public.former_annexes, public.last_page) == (None, (), 9)
    named = served_from({"bundle": {**bundle, "annex_pages": None}, "items": items})
    assert (named.annex, named.former_annexes) == (None, ())
