"""Served bundles end to end (issue 12), on a copy of the repository's own submission: build,
serve, add an item dated earlier than all others, rebuild — every served item keeps its number
and pages and the new item follows the last served page behind a supplementary index; edit a
served item by a word — it stays in place; `diff` shows both; `verify` passes on the new bundle
and names the page of a copy with one page altered. An item grown past its pages is refused at
its file until `--reissue` moves it to the end (its old pages superseded); a removed item leaves
"Withdrawn" pages. A property test runs random additions, edits and removals after serving.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pdf import EPOCH, outline_entries, page_texts

from inquiry.cli import main

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

LATE = """\
id: SF-990
kind: survey_finding
title: A finding from a survey older than all the other evidence
date: 1990-01
lines_of_inquiry: [LOI-1]
summary: A finding that came to light after the bundle was served.
source: {title: An old survey report, publisher: Example Coalition, published: 1990-01,
  accessed: 2025-07-01}
survey:
  name: An old survey
  conducted_by: Example Coalition
  sample_size: 50
  population: Staff
  fieldwork: {start: 1989-11-01, end: 1989-12-31}
  method: Paper questionnaire
finding: Most asked for fewer targets.
figures:
  - {label: Asked for fewer targets, value: 70, unit: percent, base: 50}
"""


@dataclass
class Repo:
    root: Path
    cache: Path

    def run(self, *args: str | Path) -> Result:
        return CliRunner().invoke(
            main,
            [str(a) for a in args],
            env={"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(self.cache)},
        )

    def build(self, out: Path, *options: str) -> Result:
        return self.run(
            "build", "--root", self.root, "--out", out, "--format", "pdf", "-q", *options
        )

    def built(self, out: Path, *options: str) -> dict[str, Any]:
        result = self.build(out, *options)
        assert result.exit_code == 0, result.output
        return manifest(out)

    def copy(self, to: Path) -> Repo:
        shutil.copytree(self.root, to)
        return Repo(to, self.cache)


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return data


def places(m: dict[str, Any]) -> dict[str, tuple[str, int, int]]:
    return {i["id"]: (i["number"], i["first_page"], i["last_page"]) for i in m["items"]}


def stamps_match_pages(pdf: Path) -> None:
    for n, text in enumerate(page_texts(pdf), 1):
        assert re.findall(r"\bPage (\d+)\b", text) == [str(n)], f"page {n}"


def edit_summary(path: Path, word: str = "Indeed,") -> None:
    """Put one word at the start of the item's summary."""
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(?m)^summary: [>|]-?\n(\s+)", text)
    if block:
        text = text[: block.end()] + f"{word} " + text[block.end() :]
    else:
        text = re.sub(r"(?m)^summary: ", f"summary: {word} ", text, count=1)
    path.write_text(text, encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


# --------------------------------------------------------------------------- the story


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> tuple[Repo, Path]:
    """The repository's own submission in a git repository of its own, built and served."""
    root = tmp_path_factory.mktemp("served") / "repo"
    root.mkdir()
    shutil.copytree(REPO / "evidence", root / "evidence")
    shutil.copytree(REPO / "templates", root / "templates")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The submission")
    repo = Repo(root, build_cache)
    out = root.parent / "b0"
    repo.built(out)
    result = repo.run("serve", "--root", root, "--out", out)
    assert result.exit_code == 0, result.output
    assert (root / "served/public.json").is_file()
    git(root, "add", "served")
    git(root, "commit", "-qm", "Served")
    return repo, out


@pytest.fixture(scope="module")
def late(served: tuple[Repo, Path]) -> tuple[Repo, Path]:
    """An item dated before all the others, added after serving."""
    repo = served[0].copy(served[0].root.parent / "late")
    (repo.root / "evidence/survey_findings/SF-990.yaml").write_text(LATE, encoding="utf-8")
    out = repo.root.parent / "b1"
    repo.built(out)
    return repo, out


@pytest.fixture(scope="module")
def edited(late: tuple[Repo, Path]) -> tuple[Repo, Path, str]:
    """Then a served testimony's summary edited by a word."""
    repo = late[0].copy(late[0].root.parent / "edited")
    served_items = manifest(late[1])["items"]
    target = next(i["id"] for i in served_items if i["kind"] == "testimony")
    edit_summary(repo.root / f"evidence/testimonies/{target}.yaml")
    out = repo.root.parent / "b2"
    repo.built(out)
    return repo, out, target


def test_served_items_keep_their_numbers_and_pages(
    served: tuple[Repo, Path], late: tuple[Repo, Path], edited: tuple[Repo, Path, str]
) -> None:
    before = places(manifest(served[1]))
    for out in (late[1], edited[1]):
        after = places(manifest(out))
        for item_id, place in before.items():
            assert after[item_id] == place, (out.name, item_id)
        stamps_match_pages(out / "bundle.pdf")


def test_the_late_item_follows_the_last_served_page_under_a_supplementary_index(
    served: tuple[Repo, Path], late: tuple[Repo, Path]
) -> None:
    m0, m1 = manifest(served[1]), manifest(late[1])
    last = m0["bundle"]["pages"]
    [new] = [i for i in m1["items"] if i["id"] == "SF-990"]
    a_numbers = [int(i["number"][1:]) for i in m0["items"] if i["tab"] == "A"]
    assert new["number"] == f"A{max(a_numbers) + 1}", "numbered on from the tab's last number"
    assert new["supplementary"] is True
    [[first, end]] = m1["bundle"]["supplement_pages"]
    assert first == last + 1 and new["first_page"] == end + 1
    assert m1["bundle"]["pages"] == new["last_page"]
    texts = page_texts(late[1] / "bundle.pdf")
    index = " ".join(texts[first - 1 : end])
    assert "Supplementary" in index and "SF-990" in index
    assert "SF-990" not in texts[1], "the served index is unchanged"
    with pikepdf.open(late[1] / "bundle.pdf") as pdf:
        marks = outline_entries(pdf)
    supplement = [(d, t, p) for d, t, p, _ in marks if t.startswith("Supplementary")]
    assert supplement and supplement[0][0] == 0 and supplement[0][2] == first
    assert any(
        t.startswith(f"{new['number']} SF-990 ") and p == new["first_page"] for _, t, p, _ in marks
    )


def test_an_edited_served_item_stays_in_place(
    late: tuple[Repo, Path], edited: tuple[Repo, Path, str]
) -> None:
    _, out, target = edited
    m1, m2 = manifest(late[1]), manifest(out)
    assert places(m2) == places(m1)
    old = next(i for i in m1["items"] if i["id"] == target)
    new = next(i for i in m2["items"] if i["id"] == target)
    assert old["source_sha256"] != new["source_sha256"]
    text = " ".join(page_texts(out / "bundle.pdf")[new["first_page"] - 1].split())
    assert "Indeed," in text


def test_diff_shows_the_addition_and_the_edit(edited: tuple[Repo, Path, str]) -> None:
    repo, out, target = edited
    record = repo.root / "served/public.json"
    result = repo.run("diff", record, out / "manifest.json", "--format", "json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert found["added"] == ["SF-990"] and found["changed"] == [target]
    assert found["removed"] == [] and found["moved"] == []
    text = repo.run("diff", record, out / "manifest.json")
    assert text.exit_code == 1
    assert re.search(r"(?m)^added\s.*SF-990", text.stdout), text.stdout
    assert re.search(rf"(?m)^changed\s.*{target}", text.stdout), text.stdout
    same = repo.run("diff", out / "manifest.json", out / "manifest.json")
    assert same.exit_code == 0


def test_verify_passes_and_names_an_altered_page(
    edited: tuple[Repo, Path, str], tmp_path: Path
) -> None:
    repo, out, _ = edited
    good = repo.run("verify", out / "bundle.pdf")
    assert good.exit_code == 0, good.output
    altered = tmp_path / "bundle.pdf"
    with pikepdf.open(out / "bundle.pdf") as pdf:
        page = pdf.pages[4]
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
        page.Resources.Font = page.Resources.get("/Font", pikepdf.Dictionary())
        page.Resources.Font.FAltered = font
        page.contents_add(pdf.make_stream(b"BT /FAltered 12 Tf 72 72 Td (ALTERED) Tj ET"))
        pdf.save(altered)
    bad = repo.run("verify", altered, "--manifest", out / "manifest.json")
    assert bad.exit_code == 1, bad.output
    assert "page 5 differs" in bad.output
    assert not re.search(r"page (?!5\b)\d+ differs", bad.output), bad.output
    record = repo.run("verify", out / "bundle.pdf", "--manifest", repo.root / "served/public.json")
    assert record.exit_code == 1, "the served record describes the served bundle, not this one"


def test_an_item_grown_past_its_pages_is_refused_until_reissued(
    served: tuple[Repo, Path],
) -> None:
    repo = served[0].copy(served[0].root.parent / "grown")
    m0 = manifest(served[1])
    target = next(i for i in m0["items"] if i["kind"] == "testimony")
    path = repo.root / f"evidence/testimonies/{target['id']}.yaml"
    extra = "".join(
        f'  - "Paragraph {n} added later, long enough that the testimony no longer fits the '
        'pages it was served on, whatever the page size."\n'
        for n in range(60)
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("paragraphs:\n", "paragraphs:\n" + extra, 1),
        encoding="utf-8",
    )
    out = repo.root.parent / "g1"
    refused = repo.build(out)
    assert refused.exit_code == 1, refused.output
    assert re.search(
        rf"(?m)^evidence/testimonies/{target['id']}\.yaml:\d+:\d+: error\[served-item-grew\]",
        refused.output,
    ), refused.output
    assert f"--reissue {target['id']}" in refused.output
    assert not out.exists()

    m = repo.built(out, "--reissue", target["id"])
    b_numbers = [int(i["number"][1:]) for i in m0["items"] if i["tab"] == "B"]
    [moved] = [i for i in m["items"] if i["id"] == target["id"]]
    assert moved["number"] == f"B{max(b_numbers) + 1}", "a new version, a new number"
    assert moved["first_page"] > m0["bundle"]["pages"]
    [retired] = m["retired"]
    assert retired["state"] == "superseded" and retired["superseded_by"] == moved["number"]
    assert (retired["first_page"], retired["last_page"]) == (
        target["first_page"],
        target["last_page"],
    )
    texts = page_texts(out / "bundle.pdf")
    for page in range(target["first_page"], target["last_page"] + 1):
        old = " ".join(texts[page - 1].split())
        assert (
            f"Superseded: {target['number']} ({target['id']}) is replaced by "
            f"{moved['number']}, at page {moved['first_page']}."
        ) in old
    with pikepdf.open(out / "bundle.pdf") as pdf:
        numbers = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
        for page in range(target["first_page"], target["last_page"] + 1):
            links = [
                numbers[a.Dest[0].objgen]
                for a in pdf.pages[page - 1].obj.get("/Annots", [])
                if "/Dest" in a
            ]
            assert links == [moved["first_page"]], f"page {page} links to its successor"
    others = {k: v for k, v in places(m0).items() if k != target["id"]}
    assert {k: places(m)[k] for k in others} == others
    stamps_match_pages(out / "bundle.pdf")


def test_a_removed_item_leaves_withdrawn_pages(served: tuple[Repo, Path]) -> None:
    repo = served[0].copy(served[0].root.parent / "removed")
    m0 = manifest(served[1])
    files = {path.stem: path for path in (repo.root / "evidence").glob("*/*.yaml")}
    texts = {stem: path.read_text(encoding="utf-8") for stem, path in files.items()}
    target = next(  # an item no other item cites, so the rest stays valid without it
        i
        for i in m0["items"]
        if not any(i["id"] in text for stem, text in texts.items() if stem != i["id"])
    )
    files[target["id"]].unlink()
    out = repo.root.parent / "w1"
    m = repo.built(out)
    assert target["id"] not in places(m)
    assert m["bundle"]["pages"] == m0["bundle"]["pages"], "nothing after it moves"
    others = {k: v for k, v in places(m0).items() if k != target["id"]}
    assert places(m) == others
    [retired] = m["retired"]
    assert retired["state"] == "withdrawn" and retired["number"] == target["number"]
    texts = page_texts(out / "bundle.pdf")
    for page in range(target["first_page"], target["last_page"] + 1):
        assert "Withdrawn" in texts[page - 1]
        assert target["title"][:30] not in texts[page - 1]
    stamps_match_pages(out / "bundle.pdf")


def test_a_served_item_that_shrinks_keeps_its_pages_and_its_exhibit_its_own(
    tmp_path: Path, build_cache: Path
) -> None:
    """A served statistic loses its chart, so its own text takes a page less: it still spans
    its served pages, its exhibit stays on its page, a blank page stands between, and the
    diff says it changed, not that anything moved."""
    import pikepdf
    from exhibit_helpers import one_page_pdf, pdf_bytes

    from inquiry.scaffold import init

    repo = Repo(tmp_path / "repo", build_cache)
    init(repo.root)
    exhibit = repo.root / "evidence/exhibits/release.pdf"
    exhibit.parent.mkdir(parents=True, exist_ok=True)
    exhibit.write_bytes(
        pdf_bytes(
            one_page_pdf(b"BT /F1 12 Tf 20 200 Td (The statistical release, page one.) Tj ET")
        )
    )
    item = repo.root / "evidence/statistics/ST-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "\nseries:\n" in text
    item.write_text(
        text + "exhibits:\n  - {file: exhibits/release.pdf, description: The release}\n",
        encoding="utf-8",
    )
    m0 = repo.built(tmp_path / "b0")
    assert repo.run("serve", "--root", repo.root, "--out", tmp_path / "b0").exit_code == 0
    st0 = next(i for i in m0["items"] if i["id"] == "ST-001")
    [ex0] = st0["exhibits"]
    assert ex0["first_page"] - st0["first_page"] >= 2, "the chart takes a page of its own"

    item.write_text(re.sub(r"series:\n(  - .*\n)+", "", item.read_text(encoding="utf-8")))
    out = tmp_path / "b1"
    m1 = repo.built(out)
    assert places(m1) == places(m0)
    st1 = next(i for i in m1["items"] if i["id"] == "ST-001")
    [ex1] = st1["exhibits"]
    assert (ex1["first_page"], ex1["last_page"]) == (ex0["first_page"], ex0["last_page"])
    texts = page_texts(out / "bundle.pdf")
    assert "intentionally left blank" in texts[ex1["first_page"] - 2]
    assert "statistical release, page one" in texts[ex1["first_page"] - 1]
    stamps_match_pages(out / "bundle.pdf")
    with pikepdf.open(out / "bundle.pdf") as pdf:
        assert len(pdf.pages) == m0["bundle"]["pages"]
    diff = repo.run(
        "diff", tmp_path / "b0/manifest.json", out / "manifest.json", "--format", "json"
    )
    assert diff.exit_code == 1, diff.output
    report = json.loads(diff.output)
    assert report["changed"] == ["ST-001"] and report["moved"] == [], report


def test_a_served_tab_taken_out_of_submission_yaml_is_refused(
    tmp_path: Path, build_cache: Path
) -> None:
    """Testimonies filed under tab A and tab B deleted after serving: B1 would keep its number
    under another tab's heading. The build is refused at submission.yaml's tabs, and writes
    nothing."""
    from inquiry.scaffold import init

    repo = Repo(tmp_path / "repo", build_cache)
    init(repo.root)
    repo.built(tmp_path / "b0")
    assert repo.run("serve", "--root", repo.root, "--out", tmp_path / "b0").exit_code == 0
    sub = repo.root / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    text = text.replace("  - {tab: B, title: Testimonies, kinds: [testimony]}\n", "")
    text = text.replace("kinds: [survey_finding]}", "kinds: [survey_finding, testimony]}")
    assert "tab: B" not in text and "testimony]}" in text
    sub.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("tabs:"))
    result = repo.build(tmp_path / "b1")
    assert result.exit_code == 1, result.output
    assert f"evidence/submission.yaml:{line + 1}:3:" in result.output  # the list of tabs
    assert "served-tab-missing" in result.output and "tab B" in result.output
    assert not (tmp_path / "b1" / "bundle.pdf").exists()


# --------------------------------------------------------------------------- the property


TESTIMONY = """\
id: {id}
kind: testimony
title: Testimony {id}
date: {date}
lines_of_inquiry: [LOI-1]
summary: What witness {id} said.
source: {{title: A forum post, author: W-{n:02d}, accessed: 2025-07-01}}
witness: {{reference: W-{n:02d}, role: Therapist}}
consent: {{publication: public, basis: Published by the author on a public forum}}
paragraphs:
  - The words of witness {id}.
statement_of_truth: false
"""

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2025, 1, 1))
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), DATES),
        st.tuples(st.just("edit"), st.integers(0, 20)),
        st.tuples(st.just("remove"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=3,
)


def _items(root: Path) -> list[Path]:
    return sorted((root / "evidence").glob("*/*.yaml"))


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(extra=st.integers(0, 2), ops=OPS)
def test_served_numbers_and_pages_never_move(build_cache: Path, extra: int, ops: list[Any]) -> None:
    """Small submissions (4–6 items), served, then added to, edited and cut: no served item's
    number or pages change, no number is given to two items, and every page's stamp is its PDF
    page, after every build."""
    from inquiry.scaffold import init

    with tempfile.TemporaryDirectory() as tmp:
        repo = Repo(Path(tmp) / "repo", build_cache)
        init(repo.root)
        for n in range(extra):
            (repo.root / f"evidence/testimonies/TM-{n + 101}.yaml").write_text(
                TESTIMONY.format(id=f"TM-{n + 101}", n=n + 1, date=f"201{n}-01-01"), "utf-8"
            )
        first = repo.built(Path(tmp) / "b0")
        assert repo.run("serve", "--root", repo.root, "--out", Path(tmp) / "b0").exit_code == 0
        served = places(first)
        owner = {number: item for item, (number, _, _) in served.items()}
        added = 0
        for step, (op, arg) in enumerate(ops, 1):
            files = _items(repo.root)
            if op == "add":
                added += 1
                name = f"TM-{200 + added}"
                (repo.root / f"evidence/testimonies/{name}.yaml").write_text(
                    TESTIMONY.format(id=name, n=50 + added, date=arg.isoformat()), "utf-8"
                )
            elif op == "edit":
                edit_summary(files[arg % len(files)], word=f"Edited{step}")
            elif len(files) > 1:
                files[arg % len(files)].unlink()
            out = Path(tmp) / f"b{step}"
            now = places(repo.built(out))
            for item, place in now.items():
                if item in served:
                    assert place == served[item], (ops[:step], item)
                assert owner.setdefault(place[0], item) == item, f"{place[0]} reused"
            retired = manifest(out)["retired"]
            assert {r["id"] for r in retired} == set(served) - set(now)
            for r in retired:
                assert (r["number"], r["first_page"], r["last_page"]) == served[r["id"]]
            stamps_match_pages(out / "bundle.pdf")
