"""The tagged PDF, read back after assembly: one structure tree whose headings nest, tables with
header cells, exhibits and charts as figures with alternate text, a parent tree that owns every
marked-content id, and the catalogue entries an accessible PDF needs.

Checked on the sample (every kind, exhibits, a chart), on the sample in another language, and
on the repository's own submission."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from test_pdf import Built, build_pdf, make_sample

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("tagged")
    return build_pdf(make_sample(base), base / "out", cache=build_cache)


@pytest.fixture(scope="module")
def welsh_bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("tagged-cy")
    root = make_sample(base)
    submission = root / "evidence/submission.yaml"
    text = re.sub(r"(?m)^language: .*$", "language: cy", submission.read_text(encoding="utf-8"))
    assert "language: cy" in text
    submission.write_text(text, encoding="utf-8")
    # A field whose own headings start deep, skip levels and go deeper than the PDF has room.
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    summary = "summary: An example policy extract."
    deep = (
        "summary: |\n  ## Part one\n\n  #### Detail\n\n  ###### Deeper\n\n  ## Part two\n\n"
        "  Text.[^n]\n\n"
        "  [^n]: A note.\n\n      # A heading in a note\n"
    )
    assert summary in pe.read_text(encoding="utf-8")
    pe.write_text(pe.read_text(encoding="utf-8").replace(summary, deep), encoding="utf-8")
    return build_pdf(root, base / "out", cache=build_cache, ocr="never")


@pytest.fixture(scope="module")
def repo_bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("tagged-repo")
    return build_pdf(REPO, base / "out", cache=build_cache)


BUNDLES = ["sample_bundle", "repo_bundle"]


def bundle_of(request: pytest.FixtureRequest, name: str) -> Built:
    built: Built = request.getfixturevalue(name)
    return built


# --------------------------------------------------------------------------- reading the tree


@dataclass(frozen=True)
class Element:
    role: str  # the standard role (through the role map)
    node: pikepdf.Dictionary
    depth: int

    @property
    def text(self) -> str:
        for key in ("/T", "/ActualText", "/Alt"):
            if key in self.node:
                return str(self.node[key])
        return ""


def elements(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element in reading order (depth first), with its standard role."""
    root = pdf.Root.StructTreeRoot
    roles = root.get("/RoleMap", Dictionary())

    def role(name: pikepdf.Name) -> str:
        seen = set()
        while name in roles and str(name) not in seen:
            seen.add(str(name))
            name = roles[name]
        return str(name)[1:]

    def walk(node: Any, depth: int) -> Iterator[Element]:
        if isinstance(node, Array):
            for kid in node:
                yield from walk(kid, depth)
            return
        if not isinstance(node, Dictionary) or node.get("/Type") in (Name.MCR, Name.OBJR):
            return
        if "/S" not in node:
            return
        yield Element(role(node.S), node, depth)
        yield from walk(node.get("/K"), depth + 1)

    yield from walk(root.K, 0)


def page_of(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {p.objgen: n for n, p in enumerate(pdf.pages, 1)}


def marked_pages(node: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> list[int]:
    """The pages an element's own marked content (MCRs, or MCIDs with its /Pg) is on."""
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    out = []
    for kid in items:
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            pg = kid.get("/Pg", node.get("/Pg"))
            out.append(pages[pg.objgen])
        elif isinstance(kid, int) and "/Pg" in node:
            out.append(pages[node.Pg.objgen])
    return out


def descendant_pages(node: pikepdf.Dictionary, pages: dict[tuple[int, int], int]) -> set[int]:
    """The pages of all marked content an element and its descendants own."""
    out: set[int] = set()
    stack: list[Any] = [node]
    while stack:
        element = stack.pop()
        if isinstance(element, Array):
            stack.extend(element)
        elif isinstance(element, Dictionary) and "/S" in element:
            out.update(marked_pages(element, pages))
            stack.append(element.get("/K"))
    return out


# --------------------------------------------------------------------------- the catalogue


@pytest.mark.parametrize("name", BUNDLES)
def test_the_catalogue_of_an_accessible_pdf(request: pytest.FixtureRequest, name: str) -> None:
    built = bundle_of(request, name)
    with pikepdf.open(built.pdf) as pdf:
        assert isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo.Title) == built.manifest["bundle"]["title"]


def test_the_language_comes_from_the_submission(welsh_bundle: Built) -> None:
    with pikepdf.open(welsh_bundle.pdf) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        assert list(pdf.open_metadata()["dc:language"]) == ["cy"]


@pytest.mark.parametrize("name", BUNDLES)
def test_qpdf_check_passes(request: pytest.FixtureRequest, name: str) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf not installed")
    built = bundle_of(request, name)
    done = subprocess.run(["qpdf", "--check", str(built.pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


# --------------------------------------------------------------------------- headings


def headings(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    return [
        (int(e.role[1]), e.text)
        for e in elements(pdf)
        if len(e.role) == 2 and e.role[0] == "H" and e.role[1].isdigit()
    ]


def test_a_fields_own_headings_nest_below_its_section(welsh_bundle: Built) -> None:
    """Markdown headings that skip levels or go deep are standard headings (H5, H6) that nest
    under the item's section heading, never H7 and beyond (which readers take for text)."""
    with pikepdf.open(welsh_bundle.pdf) as pdf:
        roles = {str(e.node.S) for e in elements(pdf)}
        found = headings(pdf)
    assert not [r for r in roles if re.fullmatch(r"/H\d+", r) and int(r[2:]) > 6], roles
    assert [text for level, text in found if level == 1] == [
        welsh_bundle.manifest["bundle"]["title"]
    ]
    assert "A heading in a note" not in [text for _, text in found]
    item = next(k for k, h in enumerate(found) if h[0] == 3 and "policy extract" in h[1])
    start = found.index((4, "Summary"), item)
    assert found[start + 1 : start + 5] == [
        (5, "Part one"),
        (6, "Detail"),
        (6, "Deeper"),
        (5, "Part two"),
    ]
    for before, after in itertools.pairwise(level for level, _ in found):
        assert after <= before + 1, found


@pytest.mark.parametrize("name", BUNDLES)
def test_headings_nest_bundle_tab_item_section(request: pytest.FixtureRequest, name: str) -> None:
    built = bundle_of(request, name)
    with pikepdf.open(built.pdf) as pdf:
        found = headings(pdf)
    levels = [level for level, _ in found]
    assert found[0] == (1, built.manifest["bundle"]["title"]), found[:3]
    assert levels.count(1) == 1, "one H1: the bundle's title"
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading skips a level: {found}"
    h2 = [text for level, text in found if level == 2]
    assert h2[:2] == ["Index", "Lines of inquiry"]
    tabs = h2[2:]
    assert all(t.startswith("Tab ") for t in tabs), tabs
    assert len(tabs) == len({i["tab"] for i in built.manifest["items"]})
    h3 = [text for level, text in found if level == 3]
    # An item's heading is its number, id and kind line and title (stop 47, red team h192).
    assert len(h3) == len(built.manifest["items"])
    for text, item in zip(h3, built.manifest["items"], strict=True):
        assert text.startswith(f"{item['number']} {item['id']} · ") and text.endswith(
            item["title"]
        ), (text, item["title"])
    h4 = {text for level, text in found if level == 4}
    assert {"Summary", "Source"} <= h4
    # every item's title sits under its tab's heading
    tab_of = {i["number"]: i["tab"] for i in built.manifest["items"]}
    current = ""
    for level, text in found:
        if level == 2 and text.startswith("Tab "):
            current = text.split()[1]
        elif level == 3:
            assert tab_of[text.split()[0]] == current, (text, current)


# --------------------------------------------------------------------------- tables, figures


def test_tables_have_header_cells(sample_bundle: Built) -> None:
    with pikepdf.open(sample_bundle.pdf) as pdf:
        found = list(elements(pdf))
    tables = [i for i, e in enumerate(found) if e.role == "Table"]
    assert len(tables) >= 3  # the index, the lines of inquiry, the survey's figures
    for i in tables:
        depth = found[i].depth
        below = []
        for e in found[i + 1 :]:
            if e.depth <= depth:
                break
            below.append(e.role)
        assert "TH" in below and "TD" in below and "TR" in below, below


def test_each_exhibit_page_is_a_figure_with_its_description(sample_bundle: Built) -> None:
    """Every exhibit page is a figure of its own, whose alternate text says which exhibit and
    which page it is (so a reader landing on any page hears it), and gives the description."""
    items = sample_bundle.items()
    with pikepdf.open(sample_bundle.pdf) as pdf:
        pages = page_of(pdf)
        figures = [e for e in elements(pdf) if e.role == "Figure"]
        by_alt = {str(e.node.get("/Alt", "")): e for e in figures}
        for item in items.values():
            for k, exhibit in enumerate(item["exhibits"], 1):
                description = {1: "The survey report", 2: "A photograph of the infographic"}[k]
                span = range(exhibit["first_page"], exhibit["last_page"] + 1)
                label = f"Exhibit {k} of {item['number']} ({item['id']})"
                alts = [a for a in by_alt if a.startswith(label) and description in a]
                if len(span) == 1:
                    assert alts == [f"{label}: {description}"], alts
                else:
                    n = len(span)
                    assert alts == [
                        f"{label}, page {p} of {n}: {description}" for p in range(1, n + 1)
                    ]
                assert [marked_pages(by_alt[a].node, pages) for a in alts] == [[p] for p in span]


def test_the_streams_every_page_repeats_are_one_object(sample_bundle: Built) -> None:
    """The save that opens every page, and the marks around every exhibit page's figure, are
    one stream each, shared: a 50,000-page bundle holds three such objects, not 150,000."""
    with pikepdf.open(sample_bundle.pdf) as pdf:
        firsts = []
        for page in pdf.pages:
            contents = page.obj.Contents
            assert isinstance(contents, Array)
            firsts.append(contents[0])
        assert {c.read_bytes() for c in firsts} == {b"q\n"}
        assert len({c.objgen for c in firsts}) == 1
        marks = {
            (c.objgen, c.read_bytes())
            for page in pdf.pages
            for c in page.obj.Contents
            if c.read_bytes() in (b"/Figure <</MCID 0>> BDC\n", b"\nEMC\n")
        }
        assert len(marks) == 2, marks


def test_a_chart_is_a_figure_whose_alternate_text_states_the_series(
    sample_bundle: Built,
) -> None:
    st = sample_bundle.items()["ST-001"]
    with pikepdf.open(sample_bundle.pdf) as pdf:
        pages = page_of(pdf)
        charts = [
            e
            for e in elements(pdf)
            if e.role == "Figure"
            and "2021-22" in str(e.node.get("/Alt", ""))
            and not str(e.node.get("/Alt", "")).startswith("Exhibit")
        ]
        assert len(charts) == 1
        alt = str(charts[0].node.Alt)
        for period in ("2021-22", "2022-23", "2023-24"):
            assert period in alt
        on = descendant_pages(charts[0].node, pages)
        assert on and all(st["first_page"] <= p <= st["last_page"] for p in on), on


# --------------------------------------------------------------------------- marked content


def _mcids(
    pdf: pikepdf.Pdf, content: Any, resources: Any, *, in_artifact: bool, where: str
) -> Iterator[tuple[int, bool, str]]:
    """(MCID, inside an artifact, where) of the marked content in a content stream and the
    forms it draws."""
    depth: list[bool] = []  # for each open BDC/BMC: is it an artifact (or inside one)
    for operands, op in pikepdf.parse_content_stream(content):
        name = str(op)
        if name in ("BDC", "BMC"):
            outer = in_artifact or (depth[-1] if depth else False)
            artifact = outer or operands[0] == Name.Artifact
            depth.append(artifact)
            if name == "BDC":
                props = operands[1]
                if isinstance(props, Name):
                    props = resources.Properties[props]
                if isinstance(props, Dictionary) and "/MCID" in props:
                    yield int(props.MCID), outer, where
        elif name == "EMC" and depth:
            depth.pop()
        elif name == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.get("/Subtype") == Name.Form:
                inside = in_artifact or (depth[-1] if depth else False)
                own = xobject.get("/Resources", resources)
                label = f"{where}, form {operands[0]}"
                yield from _mcids(pdf, xobject, own, in_artifact=inside, where=label)


def test_the_parent_tree_owns_every_marked_content_id(sample_bundle: Built) -> None:
    with pikepdf.open(sample_bundle.pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        parents = pikepdf.NumberTree(root.ParentTree)
        problems = []
        checked = 0
        for n, page in enumerate(pdf.pages, 1):
            found = list(_mcids(pdf, page, page.Resources, in_artifact=False, where=f"page {n}"))
            for mcid, in_artifact, where in found:
                if in_artifact:
                    problems.append(f"{where}: MCID {mcid} inside an artifact")
                    continue
                if "form" in where:
                    problems.append(f"{where}: MCID {mcid} in a form the tree does not reach")
                    continue
                if "/StructParents" not in page.obj:
                    problems.append(f"{where}: marked content but no /StructParents")
                    continue
                owners = parents[int(page.obj.StructParents)]
                owner = owners[mcid] if mcid < len(owners) else None
                if not isinstance(owner, Dictionary) or "/S" not in owner:
                    problems.append(f"{where}: MCID {mcid} has no element")
                    continue
                mcids = []
                kids = owner.get("/K")
                for kid in list(kids) if isinstance(kids, Array) else [kids]:
                    if isinstance(kid, int) and owner.Pg.objgen == page.objgen:
                        mcids.append(int(kid))
                    elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                        pg = kid.get("/Pg", owner.get("/Pg"))
                        if pg is not None and pg.objgen == page.objgen:
                            mcids.append(int(kid.MCID))
                if mcid not in mcids:
                    problems.append(f"{where}: MCID {mcid}'s element does not claim it")
                checked += 1
        assert checked > 100
        assert problems == [], "\n".join(problems[:20]) + f"\n({len(problems)} in all)"


def test_links_are_in_the_tree_with_alternate_text(sample_bundle: Built) -> None:
    with pikepdf.open(sample_bundle.pdf) as pdf:
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        seen = 0
        for n, page in enumerate(pdf.pages, 1):
            for annot in page.obj.get("/Annots", Array()):
                if annot.get("/Subtype") != Name.Link:
                    continue
                assert str(annot.get("/Contents", "")), f"page {n}: a link without alt text"
                assert "/StructParent" in annot, f"page {n}: a link outside the tree"
                owner = parents[int(annot.StructParent)]
                assert isinstance(owner, Dictionary) and Name.Link == owner.S, f"page {n}"
                seen += 1
        # at least the index's three links a row (number, title, pages)
        assert seen >= 3 * len(sample_bundle.manifest["items"]) and seen > 20


def test_manifest_and_tree_agree_on_the_repository_bundle(repo_bundle: Built) -> None:
    manifest = json.loads((repo_bundle.out / "manifest.json").read_text(encoding="utf-8"))
    with pikepdf.open(repo_bundle.pdf) as pdf:
        pages = page_of(pdf)
        figures = [e for e in elements(pdf) if e.role == "Figure"]
        exhibit_figures = [e for e in figures if str(e.node.get("/Alt", "")).startswith("Exhibit")]
        expected = [e for i in manifest["items"] for e in i["exhibits"]]
        assert len(exhibit_figures) == len(expected)
        for figure, exhibit in zip(exhibit_figures, expected, strict=True):
            span = list(range(exhibit["first_page"], exhibit["last_page"] + 1))
            assert marked_pages(figure.node, pages) == span


def test_a_testimonys_numbered_paragraphs_are_a_list(repo_bundle: Built) -> None:
    """Each public testimony's paragraphs are one list (`L`), an item (`LI`) a paragraph, its
    number the label (`Lbl`) and its words the body (`LBody`): a screen reader announces
    "list, 6 items" and each number, as the HTML's `<ol>` does."""
    from collections import Counter

    from ruamel.yaml import YAML

    wanted: Counter[int] = Counter()
    for path in sorted((REPO / "evidence/testimonies").glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if data.get("audience", "public") == "public" and data.get("status", "final") == "final":
            wanted[len(data["paragraphs"])] += 1
    assert wanted, "the repository's submission has public testimonies"
    with pikepdf.open(repo_bundle.pdf) as pdf:
        found = list(elements(pdf))
    lists: Counter[int] = Counter()
    for i, e in enumerate(found):
        if e.role != "L" or (i and found[i - 1].role in ("LI", "LBody", "L")):
            continue
        kids = []
        for x in found[i + 1 :]:
            if x.depth <= e.depth:
                break
            if x.depth == e.depth + 1:
                kids.append(x)
        assert all(k.role in ("LI", "L") for k in kids), [k.role for k in kids]
        items = [k for k in kids if k.role == "LI"]
        for k in items:
            roles = [x.role for x in found if x.depth == k.depth + 1 and x.node.get("/P") == k.node]
            assert roles[:2] == ["Lbl", "LBody"], roles
        lists[len(items)] += 1
    assert all(lists[n] >= count for n, count in wanted.items()), (wanted, lists)
