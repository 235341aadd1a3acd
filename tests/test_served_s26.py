"""Red-team findings on served bundles (stop 26): a served record with entries taken out, a
manifest tampered with after the build, an unreadable PDF given to `verify`, withdrawn ids
reissued or reused, messages that named the wrong thing, and templates left out of staleness.

The end-to-end cases run on a small `inquiry init` submission with three testimonies, built
once and served (`served_repo`), and copied for each case.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_pdf import EPOCH
from test_served_record import manifest as consistent

from inquiry.cli import main
from inquiry.scaffold import init
from inquiry.served_placement import placement_problem

Manifest = dict[str, Any]


# --- A record with entries taken out -------------------------------------------------------


def _without(m: Manifest, where: str, *ids: str) -> Manifest:
    out = copy.deepcopy(m)
    out[where] = [e for e in out[where] if e["id"] not in ids]
    return out


@pytest.mark.parametrize(
    ("change", "said"),
    [
        # A1 (pages 3–5) taken out: its pages belong to nothing.
        (lambda m: _without(m, "items", "SF-001"), "pages 3–5 belong to no item"),
        # Every item taken out: B1 is gone while B2 stays retired.
        (lambda m: {**m, "items": []}, "no B1"),
        # The withdrawn B2 taken out (the highest B: no number skipped), or `retired` deleted.
        (lambda m: _without(m, "retired", "TM-002"), "pages 7–8 belong to no item"),
        (lambda m: {k: v for k, v in m.items() if k != "retired"}, "pages 7–8 belong"),
    ],
    ids=["an item", "every item", "a withdrawn number", "retired deleted"],
)
def test_a_record_with_an_entry_taken_out_is_refused(
    change: Callable[[Manifest], Manifest], said: str
) -> None:
    why = placement_problem(change(consistent()), audience="public")
    assert why is not None and said in why, why
    assert "never given out again" in why


def test_a_skipped_or_doubled_number_is_refused() -> None:
    m = consistent()
    m["retired"][0]["number"] = "B3"
    why = placement_problem(m, audience="public")
    assert why is not None and "has numbers up to B3 but no B2" in why, why
    m["retired"][0]["number"] = "B01"
    why = placement_problem(m, audience="public")
    assert why is not None and "one number written two ways" in why, why


def _padded_index() -> Manifest:
    """The consistent record, then a second supplementary index served on 10–11 and since
    re-rendered on 10 alone (a shorter title): 11 is blank padding the record cannot name;
    B3 on 12."""
    m = consistent()
    m["bundle"]["supplement_pages"].append([10, 10])
    m["items"].append(
        {"id": "TM-003", "number": "B3", "tab": "B", "first_page": 12, "last_page": 12}
    )
    m["bundle"]["pages"] = 12
    return m


def test_the_blank_pages_a_build_leaves_are_not_taken_for_a_removed_entry() -> None:
    """A shrunk supplementary index's padding; the restricted edition's annex, which ends the
    bundle and, served again, stands as blank pages before the next supplementary index."""
    from inquiry.served_record import unclaimed_pages

    assert placement_problem(_padded_index(), audience="public") is None
    annexed = consistent()
    annexed["bundle"].update(audience="restricted", pages=11)  # the annex on 10–11
    assert placement_problem(annexed, audience="restricted") is None
    assert unclaimed_pages(annexed, audience="restricted") == []
    annexed["bundle"]["supplement_pages"].append([12, 12])  # an earlier annex on 10–11
    annexed["items"].append(
        {"id": "TM-003", "number": "B3", "tab": "B", "first_page": 13, "last_page": 13}
    )
    annexed["bundle"]["pages"] = 14  # and today's annex on 14
    assert placement_problem(annexed, audience="restricted") is None


def test_blank_pages_elsewhere_are_refused() -> None:
    from inquiry.served_record import unclaimed_pages

    public = consistent()
    public["bundle"]["supplement_pages"] = []  # 9 now blank, and no annex in this edition
    assert unclaimed_pages(public, audience="public") == [(9, 9)]
    gap = _padded_index()
    gap["items"][0]["last_page"] = 4  # 5 no longer A1's, and no index before it
    gap["items"][0]["exhibits"][0]["first_page"] = 4
    gap["items"][0]["exhibits"][0]["last_page"] = 4
    gap["bundle"]["audience"] = "restricted"
    why = placement_problem(gap, audience="restricted")
    assert why is not None and "page 5 belongs to no item" in why, why
    # A restricted record that says where its annex is: only those pages are the annex.
    named = consistent()
    named["bundle"].update(audience="restricted", pages=12, annex_pages=[10, 11])
    assert unclaimed_pages(named, audience="restricted") == [(12, 12)]


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

    def ok(self, *args: str | Path) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        return result

    def build(self, *options: str) -> Result:
        return self.run(
            "build", "--root", self.root, "--format", "pdf", "-q", "--jobs", "1", *options
        )

    def serve(self) -> Result:
        return self.run("serve", "--root", self.root)

    @property
    def record(self) -> Path:
        return self.root / "served" / "public.json"

    def edit_record(self, change: Callable[[Manifest], object]) -> None:
        data = json.loads(self.record.read_text(encoding="utf-8"))
        change(data["manifest"])
        self.record.write_text(json.dumps(data, indent=2), encoding="utf-8")

    def testimony(self, n: int, month: int) -> Path:
        """Write TM-00n, a copy of init's TM-001 dated 2025-`month`."""
        text = (self.root / "evidence" / "testimonies" / "TM-001.yaml").read_text("utf-8")
        text = text.replace("TM-001", f"TM-00{n}").replace("W-01", f"W-0{n}")
        text = text.replace("date: 2025-05", f"date: 2025-{month:02d}")
        path = self.root / "evidence" / "testimonies" / f"TM-00{n}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def copy(self, to: Path) -> Repo:
        shutil.copytree(self.root, to)
        return Repo(to, self.cache)


@pytest.fixture(scope="module")
def served_repo(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Repo:
    """init's submission with TM-002 and TM-003 added, built and served: A1 SF-001 on 4, B1–B3
    the testimonies on 5–7, C1 on 8–9, D1 on 10."""
    repo = Repo(tmp_path_factory.mktemp("s26") / "sub", build_cache)
    init(repo.root)
    repo.testimony(2, 7)
    repo.testimony(3, 8)
    assert repo.build().exit_code == 0
    repo.ok("serve", "--root", repo.root)
    return repo


@pytest.fixture
def repo(served_repo: Repo, tmp_path: Path) -> Repo:
    return served_repo.copy(tmp_path / "sub")


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.update(items=[i for i in m["items"] if i["id"] != "TM-002"]),
        lambda m: m.update(items=[]),
    ],
    ids=["TM-002 taken out", "no items"],
)
def test_validate_and_build_refuse_a_record_with_entries_taken_out(
    repo: Repo, change: Callable[[Manifest], object]
) -> None:
    """Not exit 0 with TM-002 moved to B4 at page 13 and page 6 left blank."""
    repo.edit_record(change)
    for result in (repo.run("validate", "--root", repo.root), repo.build()):
        assert result.exit_code == 1, result.output
        assert re.search(r"served/public.json:[1-9][0-9]+:[0-9]+: ", result.output), result.output
        assert "served-record" in result.output and "never given out again" in result.output


def test_a_withdrawn_then_reissued_record_still_passes(repo: Repo) -> None:
    """A served item removed (withdrawn), served, then a new one appended and served: every
    record on the way numbers from without complaint."""
    (repo.root / "evidence" / "testimonies" / "TM-002.yaml").unlink()
    assert repo.build().exit_code == 0
    repo.ok("serve", "--root", repo.root)
    repo.testimony(4, 9)
    assert repo.build().exit_code == 0, repo.build().output
    repo.ok("serve", "--root", repo.root)
    repo.ok("validate", "--root", repo.root)
    m = json.loads(repo.record.read_text("utf-8"))["manifest"]
    assert placement_problem(m, audience="public") is None
    assert {i["id"]: i["number"] for i in m["items"]}["TM-004"] == "B4"
    assert [(r["id"], r["number"], r["state"]) for r in m["retired"]] == [
        ("TM-002", "B2", "withdrawn")
    ]


# --- serve checks the manifest against the PDF and the evidence ----------------------------


def _tamper(repo: Repo, change: Callable[[Manifest], object]) -> Result:
    path = repo.root / "build" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return repo.serve()


def _item(m: Manifest, item_id: str) -> Manifest:
    return next(i for i in m["items"] if i["id"] == item_id)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda m: _item(m, "TM-002").update(title="A quite different testimony"),
            "B2 TM-002 has no bookmark `B2 TM-002 A quite different testimony (p. 6)` opening "
            "page 6 (the PDF's says `B2 TM-002 Example testimony",
        ),
        (lambda m: m["bundle"]["page_sha256"].__setitem__(5, "0" * 64), "page(s) 6 differ"),
        (
            lambda m: _item(m, "TM-003").update(source_sha256="0" * 64),
            "the `source_sha256` of TM-003 is not evidence/testimonies/TM-003.yaml's",
        ),
        (lambda m: _item(m, "TM-003").update(number="B4"), "B4 TM-003 has no bookmark"),
        (
            lambda m: m.update(items=[i for i in m["items"] if i["id"] != "PE-001"]),
            "`D1 PE-001 Example policy extract",
        ),
        (lambda m: _item(m, "SF-001").update(kind="testimony"), "SF-001 is a survey_finding"),
    ],
    ids=["a title", "a page hash", "a source hash", "a number", "an item dropped", "a kind"],
)
def test_serve_refuses_a_manifest_edited_after_the_build(
    repo: Repo, change: Callable[[Manifest], object], said: str
) -> None:
    before = repo.record.read_bytes()
    result = _tamper(repo, change)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("serve refused: ") and said in result.output, result.output
    assert "does not describe" in result.output and result.output.count("\n") == 1
    assert repo.record.read_bytes() == before


def test_serve_still_records_the_bundle_as_built(repo: Repo) -> None:
    """The checks pass on what the build wrote: serving it again keeps the record as it was."""
    before = repo.record.read_bytes()
    assert repo.serve().exit_code == 0
    assert repo.record.read_bytes() == before


def test_serve_refuses_a_manifest_that_contradicts_itself(repo: Repo) -> None:
    """Pages and bookmarks agree, but the record written could not be numbered from."""
    result = _tamper(repo, lambda m: m["bundle"].update(front_pages=[1, 4]))
    assert result.exit_code == 1, result.output
    assert "manifest.json contradicts itself (`items[0]` (SF-001) at page 4" in result.output


# --- verify: an input that cannot be read is a usage error ---------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", b"not a PDF at all\n", b"%PDF-1.7\n", "manifest"],
    ids=["empty", "text", "a header only", "the manifest itself"],
)
def test_verify_exits_2_for_a_file_that_cannot_be_read_as_a_pdf(
    served_repo: Repo, tmp_path: Path, content: bytes | str
) -> None:
    manifest = served_repo.root / "build" / "manifest.json"
    if content == "manifest":
        pdf = manifest
    else:
        pdf = tmp_path / "bundle.pdf"
        pdf.write_bytes(content if isinstance(content, bytes) else b"")
    result = served_repo.run("verify", pdf, "--manifest", manifest)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"verify: {pdf}: cannot be read as a PDF"), result.output
    assert "does not match" not in result.output


def test_verify_exits_2_for_a_truncated_bundle(served_repo: Repo, tmp_path: Path) -> None:
    built = served_repo.root / "build"
    truncated = tmp_path / "bundle.pdf"
    truncated.write_bytes((built / "bundle.pdf").read_bytes()[:3000])
    result = served_repo.run("verify", truncated, "--manifest", built / "manifest.json")
    assert result.exit_code == 2, result.output
    assert "does not match" not in result.output


# --- a withdrawn id: reissued, or reused -----------------------------------------------------


def test_reissue_names_what_a_withdrawn_or_unknown_id_is() -> None:
    from inquiry.served_record import reissue_problem

    m = consistent()  # TM-002 withdrawn as B2 on 7–8
    record = "served/public.json"
    assert reissue_problem(m, ["TM-001"], record=record) is None
    assert reissue_problem(m, ["TM-002"], record=record, present={"TM-002"}) is None
    assert reissue_problem(m, ["TM-002"], record=record, present={"TM-001"}) == (
        "TM-002 was withdrawn (B2, pages 7–8) and is not in the evidence: add its item back to "
        "serve it again under a new number"
    )
    assert reissue_problem(m, ["TM-009"], record=record) == (
        "TM-009 was never served in served/public.json"
    )


@pytest.fixture
def withdrawn(repo: Repo) -> Repo:
    """TM-003 (B3, page 7) deleted, built and served: B3 withdrawn."""
    (repo.root / "evidence" / "testimonies" / "TM-003.yaml").unlink()
    assert repo.build().exit_code == 0
    repo.ok("serve", "--root", repo.root)
    return repo


def _reused(repo: Repo, **options: Any) -> list[Any]:
    from inquiry import numbering
    from inquiry.load import load
    from inquiry.served_problems import ids_reused

    corpus, _ = load(repo.root)
    record = json.loads(repo.record.read_text("utf-8"))["manifest"]
    served = numbering.served_from(record)
    return ids_reused(corpus, served, audience="public", **options)


def test_an_item_reusing_a_withdrawn_id_is_a_problem_at_its_id(withdrawn: Repo) -> None:
    withdrawn.testimony(3, 10)
    [problem] = _reused(withdrawn)
    assert (problem.file, problem.line, problem.column) == (
        "evidence/testimonies/TM-003.yaml",
        2,
        5,
    )
    assert problem.code == "served-id-reused" and problem.severity == "error"
    assert problem.message == (
        "TM-003 was served as B3 and withdrawn (page 7 of the public bundle): ids are never reused"
    )
    assert "--reissue TM-003" in (problem.hint or "")
    assert _reused(withdrawn, reissue=["TM-003"]) == []
    assert _reused(withdrawn, severity="warning")[0].severity == "warning"


def test_an_item_withdrawn_by_leaving_the_edition_is_no_reuse(withdrawn: Repo) -> None:
    """Made restricted (its consent withdrawn), it is still in the evidence, under its id."""
    path = withdrawn.testimony(3, 10)
    path.write_text(path.read_text("utf-8") + "audience: restricted\n", encoding="utf-8")
    assert _reused(withdrawn) == []


def _hooked() -> bool:
    """Whether build and validate call the checks above (see the stop-26 report)."""
    import inspect

    from inquiry.repo_files import served_constraints

    return "present" in inspect.signature(served_constraints).parameters


needs_hooks = pytest.mark.skipif(not _hooked(), reason="build/validate do not call them yet")


@needs_hooks
def test_build_refuses_a_reused_withdrawn_id_unless_reissued(withdrawn: Repo) -> None:
    withdrawn.testimony(3, 10)
    validated = withdrawn.run("validate", "--root", withdrawn.root)
    assert validated.exit_code == 0, validated.output  # a warning: validate cannot know
    assert "TM-003.yaml:2:5: warning[served-id-reused]" in validated.output
    refused = withdrawn.build()
    assert refused.exit_code == 1, refused.output
    assert "TM-003.yaml:2:5: error[served-id-reused] TM-003 was served as B3" in refused.output
    reissued = withdrawn.build("--reissue", "TM-003")
    assert reissued.exit_code == 0, reissued.output
    withdrawn.ok("serve", "--root", withdrawn.root)
    m = json.loads(withdrawn.record.read_text("utf-8"))["manifest"]
    assert _item(m, "TM-003")["number"] == "B4"
    # Served again: B3 is superseded by B4 (stop 27), no longer said to be gone.
    assert [(r["id"], r["number"], r["state"], r["superseded_by"]) for r in m["retired"]] == [
        ("TM-003", "B3", "superseded", "B4")
    ]
    withdrawn.ok("validate", "--root", withdrawn.root, "--strict")


@needs_hooks
def test_reissue_of_a_withdrawn_id_not_back_says_so(withdrawn: Repo) -> None:
    result = withdrawn.build("--reissue", "TM-003")
    assert result.exit_code == 2, result.output
    assert "TM-003 was withdrawn (B3, page 7) and is not in the evidence" in result.output
    assert "not served in" not in result.output


# --- messages that name the right thing ------------------------------------------------------


def test_a_reversed_range_is_called_reversed() -> None:
    from inquiry.served_record import RecordError, parse_record

    reversals: list[tuple[str, Callable[[Manifest], object]]] = [
        ("`retired[0]`", lambda m: m["retired"][0].update(first_page=9, last_page=7)),
        (
            "`items[0].exhibits[0]`",
            lambda m: m["items"][0]["exhibits"][0].update(first_page=5, last_page=4),
        ),
    ]
    for where, change in reversals:
        m = consistent()
        change(m)
        with pytest.raises(RecordError) as caught:
            parse_record(json.dumps({"manifest": m}), name="served/public.json")
        assert f"served/public.json: {where} has `first_page`" in str(caught.value)
        assert "its range is reversed" in str(caught.value)


def test_an_item_on_a_front_matter_page_is_said_to_be() -> None:
    m = consistent()
    m["items"][0].update(first_page=1, last_page=2)  # its exhibit still on 4–5
    why = placement_problem(m, audience="public")
    assert why == (
        "`items[0]` (SF-001) at pages 1–2 is on a front-matter page: it shares a page with the "
        "front matter at pages 1–2"
    )


def test_serve_names_a_served_record_it_cannot_use(repo: Repo) -> None:
    repo.edit_record(lambda m: m["items"][0].pop("tab"))
    result = repo.serve()
    assert result.exit_code == 1
    assert result.output == (
        "serve refused: served/public.json: `items[0]` (SF-001) needs `tab`, the letter of its "
        "tab (served-record): restore it from git history (`git log -p -- served/`), then serve\n"
    )


def test_serve_names_the_first_problem_of_invalid_evidence(repo: Repo) -> None:
    (repo.root / "evidence" / "statistics" / "ST-001.yaml").write_text("kind: statistic\n")
    result = repo.serve()
    assert result.exit_code == 1
    assert result.output.startswith("serve refused: the evidence is invalid now (")
    assert "; the first at evidence/statistics/ST-001.yaml:1: " in result.output


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda m: m["items"].append(dict(m["items"][0])),
            "`items[6]` (SF-001) repeats `items[0]`",
        ),
        (
            lambda m: m["items"][-1].update(last_page=99),
            "`items[5]` (PE-001) ends on page 99, past the bundle's 10 pages",
        ),
    ],
    ids=["an id twice", "past the bundle"],
)
def test_diff_refuses_a_manifest_it_cannot_compare(
    served_repo: Repo, tmp_path: Path, change: Callable[[Manifest], object], said: str
) -> None:
    good = served_repo.root / "build" / "manifest.json"
    data = json.loads(good.read_text("utf-8"))
    change(data)
    bad = tmp_path / "manifest.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    for args in ([good, bad], [bad, good]):
        result = served_repo.run("diff", *args)
        assert result.exit_code == 2, result.output
        assert result.output == f"diff: {bad}: {said}\n"


def test_diff_escapes_control_characters(served_repo: Repo, tmp_path: Path) -> None:
    good = served_repo.root / "build" / "manifest.json"
    data = json.loads(good.read_text("utf-8"))
    data["items"][1]["title"] = "Evil \x1b[31mred\x1b[0m \u202eabc"
    data["items"][2]["id"] = "TM-002\x1b[2J\ud800"
    bad = tmp_path / "manifest.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    outputs = {}
    for fmt in ("markdown", "text", "json"):
        result = served_repo.run("diff", good, bad, "--format", fmt)
        assert result.exit_code == 1, (fmt, result.output)
        assert "\x1b" not in result.output and "\u202e" not in result.output
        outputs[fmt] = result.output
    assert "| Evil \\\\x1b\\[31mred\\\\x1b\\[0m \\\\u202eabc |" in outputs["markdown"]
    assert "TM-002\\\\x1b\\[2J\\\\ud800" in outputs["markdown"]
    assert "added    B2 TM-002\\x1b[2J\\ud800 " in outputs["text"]
    assert '"TM-002\\u001b[2J\\ud800"' in outputs["json"]


# --- templates/ shape the edition too ----------------------------------------------------------


def test_a_template_changed_since_the_build_makes_the_bundle_stale(repo: Repo) -> None:
    import zipfile

    reference = repo.root / "templates" / "reference.docx"
    with zipfile.ZipFile(reference, "a") as z:
        z.writestr("customXml/note.xml", "<note>a new style</note>")
    result = repo.serve()
    assert result.exit_code == 1, result.output
    assert "changed since the bundle was built" in result.output, result.output
    assert "templates/" in result.output and result.output.endswith(": rebuild first\n")
    assert repo.build().exit_code == 0
    repo.ok("serve", "--root", repo.root)

    (repo.root / "templates" / "notes.txt").write_text("a file beside it\n", encoding="utf-8")
    assert repo.serve().exit_code == 1


# --- the restricted edition's annex is a served page too -------------------------------------


def test_a_supplementary_index_never_lands_on_the_served_annex(repo: Repo) -> None:
    """The restricted edition ends with an annex of what the public one redacts: a later build
    put the supplementary index of an added item on its pages (a served page changed), and
    serve then refused the edition. Its pages are now recorded and kept (test_annex_served)."""
    item = repo.root / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text("utf-8").replace(
        "  - The second paragraph.", "  - The second paragraph, naming Jane Smith."
    )
    item.write_text(text + "redact: [Jane Smith]\n", encoding="utf-8")
    assert repo.build("--audience", "restricted").exit_code == 0
    repo.ok("serve", "--root", repo.root)
    record = json.loads((repo.root / "served" / "restricted.json").read_text("utf-8"))
    pages = record["manifest"]["bundle"]["pages"]
    last = max(i["last_page"] for i in record["manifest"]["items"])
    assert last < pages and record["manifest"]["bundle"]["annex_pages"] == [last + 1, pages]
    assert placement_problem(record["manifest"], audience="restricted") is None
    repo.testimony(4, 9)
    assert repo.build("--audience", "restricted").exit_code == 0
    m = json.loads((repo.root / "build" / "manifest.json").read_text("utf-8"))
    assert m["bundle"]["supplement_pages"][0][0] == pages + 1
    assert m["bundle"]["former_annex_pages"] == [[last + 1, pages]]
    repo.ok("serve", "--root", repo.root)


# --- red team, second pass: records damaged at their end -----------------------------------------


def test_a_record_without_its_page_count_is_refused(repo: Repo) -> None:
    """`bundle.pages` deleted with the last entry: the pages after the last entry left could
    not be told from pages never served, and B3 moved."""
    repo.edit_record(lambda m: (m["bundle"].pop("pages"), m["items"].pop()))
    result = repo.run("validate", "--root", repo.root)
    assert result.exit_code == 1, result.output
    assert "served-record" in result.output and "bundle.pages" in result.output


def test_an_entry_after_a_supplementary_index_taken_out_is_refused(repo: Repo) -> None:
    """The blank pages after a supplementary index that shrank were excused whatever their
    number: an entry deleted just after an index moved unseen. A record now names each index's
    pages as served, so nothing after one is excused."""
    repo.testimony(4, 9)
    assert repo.build().exit_code == 0
    repo.ok("serve", "--root", repo.root)
    record = json.loads(repo.record.read_text("utf-8"))["manifest"]
    assert record["bundle"]["supplement_pages"] and record["bundle"]["supplements_as_served"]
    assert placement_problem(record, audience="public") is None
    repo.edit_record(lambda m: m.update(items=[i for i in m["items"] if i["id"] != "TM-004"]))
    result = repo.run("validate", "--root", repo.root)
    assert result.exit_code == 1, result.output
    assert "served-record" in result.output
