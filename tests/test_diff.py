"""`inquiry diff`: items added, removed, changed and moved, and where every old page went."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import inquiry.build  # noqa: F401  (the module, patched in a test)
from inquiry.cli_served import diff as diff_command
from inquiry.diff import Moved, diff, page_ranges
from inquiry.diff_render import render_json, render_markdown, render_text
from inquiry.diff_sources import load_source
from inquiry.served_record import RecordError, parse_record

Manifest = dict[str, Any]


def item(
    id_: str,
    number: str,
    first: int,
    last: int,
    *,
    title: str | None = None,
    exhibits: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": id_,
        "number": number,
        "tab": number[0],
        "title": title or f"Title of {id_}",
        "kind": "survey_finding",
        "first_page": first,
        "last_page": last,
        "lines_of_inquiry": ["LOI-1"],
        "source_sha256": f"sha-{id_}",
        "status": "final",
        "supplementary": False,
        "exhibits": exhibits or [],
        **extra,
    }


def manifest(*items: dict[str, Any], front: int = 2, retired: list[Any] | None = None) -> Manifest:
    pages = max([front, *(i["last_page"] for i in [*items, *(retired or [])])])
    return {
        "bundle": {
            "title": "Evidence",
            "pages": pages,
            "sha256": "0" * 64,
            "audience": "public",
            "include_drafts": False,
            "front_pages": [1, front],
            "page_sha256": ["a" * 64] * pages,
        },
        "items": list(items),
        "retired": retired or [],
    }


A1 = item("SF-001", "A1", 3, 4)
B1 = item("TM-001", "B1", 5, 7)
C1 = item("ST-001", "C1", 8, 8)
BASE = manifest(A1, B1, C1)


def test_identical_manifests_have_no_differences() -> None:
    d = diff(BASE, json.loads(json.dumps(BASE)))
    assert d.empty
    assert d.page_map == tuple(range(1, 9))
    assert render_text(d) == "No changes to the bundle"
    assert render_markdown(d) == "No changes to the bundle"
    assert json.loads(render_json(d)) == {
        "added": [],
        "removed": [],
        "changed": [],
        "moved": [],
        "fields": {},
        "bundle": [],
        "page_map": [{"old": [1, 8], "new": [1, 8]}],
    }


def test_an_item_appended_after_the_last_page() -> None:
    late = item("SF-002", "A2", 9, 10, supplementary=True)
    d = diff(BASE, manifest(A1, B1, C1, late))
    assert d.added == ("SF-002",)
    assert (d.removed, d.changed, d.moved) == ((), {}, ())
    assert d.bundle == ("pages",)
    assert d.page_map == tuple(range(1, 9))
    out = json.loads(render_json(d))
    assert {k: out[k] for k in ("added", "removed", "changed", "moved")} == {
        "added": ["SF-002"],
        "removed": [],
        "changed": [],
        "moved": [],
    }


def test_an_item_inserted_early_moves_everything_after_it() -> None:
    early = item("SF-000", "A1", 3, 3)
    new = manifest(
        early,
        item("SF-001", "A2", 4, 5),
        item("TM-001", "B1", 6, 8),
        item("ST-001", "C1", 9, 9),
    )
    d = diff(BASE, new)
    assert d.added == ("SF-000",)
    assert d.changed == {"SF-001": ("number",)}
    assert d.moved == (
        Moved("SF-001", (3, 4), (4, 5)),
        Moved("TM-001", (5, 7), (6, 8)),
        Moved("ST-001", (8, 8), (9, 9)),
    )
    assert d.page_map == (1, 2, 4, 5, 6, 7, 8, 9)
    assert page_ranges(d.page_map) == [((1, 2), (1, 2)), ((3, 8), (4, 9))]
    assert json.loads(render_json(d))["moved"][0] == {"id": "SF-001", "old": [3, 4], "new": [4, 5]}


def test_a_removed_item_leaves_its_pages_unmapped() -> None:
    d = diff(BASE, manifest(A1, item("ST-001", "C1", 5, 5)))
    assert d.removed == ("TM-001",)
    assert d.moved == (Moved("ST-001", (8, 8), (5, 5)),)
    assert d.page_map == (1, 2, 3, 4, None, None, None, 5)
    assert "removed  B1 TM-001 'Title of TM-001', was pages 5–7" in render_text(d)
    assert "pages: 1–4 → 1–4; 5–7 → content gone; 8 → 5" in render_text(d)


def test_changed_fields_are_named_in_a_fixed_order() -> None:
    changed = item(
        "SF-001",
        "B9",
        3,
        4,
        title="A new title",
        kind="testimony",
        lines_of_inquiry=["LOI-2"],
        source_sha256="sha-edited",
        status="draft",
        exhibits=[{"file": "exhibits/x.pdf", "sha256": "e1", "first_page": 4, "last_page": 4}],
    )
    d = diff(BASE, manifest(changed, B1, C1))
    assert d.changed == {
        "SF-001": (
            "title",
            "kind",
            "lines_of_inquiry",
            "item_file",
            "exhibits",
            "number",
            "tab",
            "status",
        )
    }
    assert d.moved == ()
    assert "changed  A1 → B9 SF-001: title, kind, lines_of_inquiry, item_file" in render_text(d)


def test_an_exhibit_replaced_by_another_file_is_a_change() -> None:
    ex = {"file": "exhibits/a.pdf", "sha256": "1", "first_page": 4, "last_page": 4}
    old = manifest(item("SF-001", "A1", 3, 4, exhibits=[ex]))
    new = manifest(item("SF-001", "A1", 3, 4, exhibits=[{**ex, "sha256": "2"}]))
    assert diff(old, new).changed == {"SF-001": ("exhibits",)}
    # The exhibit's pages are not a change in themselves: pages are what `moved` says.
    moved_within = manifest(item("SF-001", "A1", 3, 4, exhibits=[{**ex, "first_page": 3}]))
    assert diff(old, moved_within).empty


def test_pages_follow_an_items_parts() -> None:
    ex = {"file": "exhibits/a.pdf", "sha256": "1", "first_page": 5, "last_page": 7}
    old = manifest(item("SF-001", "A1", 3, 7, exhibits=[ex]))
    # The item's own text grew by a page: its exhibit moved one page on.
    new = manifest(item("SF-001", "A1", 3, 8, exhibits=[{**ex, "first_page": 6, "last_page": 8}]))
    d = diff(old, new)
    assert d.moved == (Moved("SF-001", (3, 7), (3, 8)),)
    assert d.page_map == (1, 2, 3, 4, 6, 7, 8)


def test_supplementary_heading_pages_map_to_themselves() -> None:
    late = item("SF-002", "A2", 11, 11, supplementary=True)
    old = manifest(A1, B1, C1, late)
    old["bundle"]["supplement_pages"] = [[9, 10]]
    new = json.loads(json.dumps(old))
    new["items"][1]["source_sha256"] = "edited"
    d = diff(old, new)
    assert d.page_map == tuple(range(1, 12))
    assert render_text(d).splitlines() == [
        "Bundle: 11 → 11 pages; 0 added, 0 removed, 1 changed, 0 moved",
        "changed  B1 TM-001: item_file",
        "pages: 1–11 → 1–11",
    ]


def test_retired_pages_and_reissued_items() -> None:
    withdrawn = {
        "id": "TM-001",
        "number": "B1",
        "tab": "B",
        "first_page": 5,
        "last_page": 7,
        "state": "withdrawn",
        "superseded_by": None,
    }
    after_withdrawal = manifest(A1, C1, retired=[withdrawn])
    d = diff(BASE, after_withdrawal)
    assert d.removed == ("TM-001",)
    assert d.page_map == (1, 2, 3, 4, None, None, None, 8)  # its pages now say "Withdrawn"
    # Withdrawn pages that stay withdrawn show the same thing.
    assert diff(after_withdrawal, after_withdrawal).page_map == tuple(range(1, 9))

    superseded = {**withdrawn, "state": "superseded", "superseded_by": "B2", "id": "SF-001"}
    superseded.update(number="A1", tab="A", first_page=3, last_page=4)
    reissued = manifest(item("SF-001", "A2", 9, 11), B1, C1, retired=[superseded])
    d = diff(BASE, reissued)
    assert d.changed == {"SF-001": ("number",)}
    assert d.moved == (Moved("SF-001", (3, 4), (9, 11)),)
    assert d.page_map[2:4] == (9, 10)  # its old pages' content is now at the end


def test_old_manifests_without_the_new_keys_are_read() -> None:
    old = {
        "bundle": {"title": "Evidence", "pages": 8, "sha256": "1", "audience": "public"},
        "items": [
            {k: v for k, v in i.items() if k not in ("status", "supplementary")}
            for i in (A1, B1, C1)
        ],
    }
    d = diff(old, BASE)
    assert d.empty, d
    assert d.page_map == tuple(range(1, 9))


def test_a_served_record_and_a_manifest_compare_alike() -> None:
    record = {"served": "2026-11-01", "history": [], "manifest": BASE}
    assert diff(record, BASE).empty
    assert diff(BASE, record).empty


def test_a_changed_title_of_the_bundle_is_a_difference() -> None:
    new = json.loads(json.dumps(BASE))
    new["bundle"]["title"] = "Evidence, second edition"
    d = diff(BASE, new)
    assert d.bundle == ("title",)
    assert not d.empty
    assert "bundle title: 'Evidence' → 'Evidence, second edition'" in render_text(d)


def test_markdown_summary_has_counts_tables_and_inert_titles() -> None:
    hostile = item("SF-002", "A2", 9, 10, title="Pipes | and <script>alert(1)</script> *bold*")
    new = manifest(item("SF-001", "A1", 3, 4, source_sha256="x"), C1, hostile)
    md = render_markdown(diff(BASE, new))
    assert md.startswith("## Changes to the public bundle\n\n8 → 10 pages: 1 added, 1 removed,")
    assert "### Added\n\n| Number | Id | Title | Pages |\n| --- | --- | --- | --- |\n" in md
    assert (
        "| A2 | SF-002 | Pipes \\| and \\<script\\>alert(1)\\</script\\> \\*bold\\* | 9–10 |" in md
    )
    assert "### Removed" in md and "| B1 | TM-001 | Title of TM-001 | 5–7 |" in md
    assert "### Changed" in md and "| A1 | SF-001 | Title of SF-001 | item_file |" in md
    assert "### Moved" not in md  # ST-001 kept its page
    assert "<details><summary>Pages that moved or went</summary>" in md
    assert "| 5–7 | content gone |" in md
    assert md.endswith("</details>\n")


ids = st.sampled_from(["SF-001", "SF-002", "TM-001", "TM-002", "ST-001", "PE-001", "PE-002"])


@st.composite
def manifests(draw: st.DrawFn) -> Manifest:
    chosen = draw(st.lists(ids, unique=True, max_size=7))
    page = draw(st.integers(1, 3)) + 1
    items = []
    for n, id_ in enumerate(chosen, 1):
        length = draw(st.integers(1, 4))
        items.append(
            item(
                id_,
                draw(st.sampled_from("AB")) + str(n),
                page,
                page + length - 1,
                title=draw(st.sampled_from(["One", "Two"])),
                source_sha256=draw(st.sampled_from(["s1", "s2"])),
            )
        )
        page += length
    return manifest(*items, front=items[0]["first_page"] - 1 if items else 2)


@settings(max_examples=200, deadline=None)
@given(manifests(), manifests())
def test_diff_properties(a: Manifest, b: Manifest) -> None:
    same = diff(a, a)
    assert same.empty
    assert same.page_map == tuple(range(1, a["bundle"]["pages"] + 1))
    forward, back = diff(a, b), diff(b, a)
    assert forward.added == back.removed
    assert forward.removed == back.added
    assert set(forward.changed) == set(back.changed)
    assert sorted((m.id, m.old, m.new) for m in forward.moved) == sorted(
        (m.id, m.new, m.old) for m in back.moved
    )
    assert len(forward.page_map) == a["bundle"]["pages"]
    assert all(p is None or 1 <= p <= b["bundle"]["pages"] for p in forward.page_map)
    assert forward.empty == (render_text(forward) == "No changes to the bundle")
    assert set(json.loads(render_json(forward))) >= {"added", "removed", "changed", "moved"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "bundle",
                    "items",
                    "retired",
                    "manifest",
                    "id",
                    "number",
                    "first_page",
                    "last_page",
                    "exhibits",
                    "file",
                    "pages",
                    "front_pages",
                    "page_sha256",
                    "supplement_pages",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=30,
)


def refused_or_compared(a: Any, b: Any) -> None:
    """Each side is refused in one line naming it, or both are read and compared."""
    read = []
    for value in (a, b):
        try:
            read.append(parse_record(json.dumps(value), name="x.json"))
        except RecordError as exc:
            assert str(exc).startswith("x.json: ") and "\n" not in str(exc)
    if len(read) == 2:
        d = diff(read[0], read[1])
        render_text(d), render_json(d), render_markdown(d)


@settings(max_examples=300, deadline=None)
@given(json_values, json_values)
def test_any_json_is_refused_in_one_line_or_compared(a: Any, b: Any) -> None:
    refused_or_compared(a, b)


@settings(max_examples=300, deadline=None)
@given(manifests(), st.data())
def test_a_damaged_manifest_is_refused_or_compared(good: Manifest, data: st.DataObject) -> None:
    bad = json.loads(json.dumps(good))
    target = bad["bundle"]
    if bad["items"] and data.draw(st.booleans()):
        target = bad["items"][data.draw(st.integers(0, len(bad["items"]) - 1))]
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(json_values)
    refused_or_compared(good, bad)
    refused_or_compared(bad, good)


def write(path: Path, data: Manifest) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", BASE)
    new = write(tmp_path / "new.json", manifest(A1, B1, C1, item("SF-002", "A2", 9, 9)))
    runner = CliRunner()
    same = runner.invoke(diff_command, [str(old), str(old)])
    assert (same.exit_code, same.output) == (0, "No changes to the bundle\n")
    changed = runner.invoke(diff_command, [str(old), str(new), "--format", "json"])
    assert changed.exit_code == 1
    assert json.loads(changed.output)["added"] == ["SF-002"]
    md = runner.invoke(diff_command, [str(old), str(new), "--format", "markdown"])
    assert md.exit_code == 1 and md.output.startswith("## Changes to the public bundle")
    missing = runner.invoke(diff_command, [str(old), str(tmp_path / "absent.json")])
    assert missing.exit_code == 2
    assert missing.output == f"diff: {tmp_path / 'absent.json'}: no such file\n"
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    bad = runner.invoke(diff_command, [str(tmp_path / "bad.json"), str(old)])
    assert bad.exit_code == 2 and "not valid JSON" in bad.output


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "t@example.org")
    git(root, "config", "user.name", "Test")
    (root / "evidence").mkdir()
    (root / "evidence" / "marker.txt").write_text("first\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


def test_git_ref_reads_the_served_record_committed_there(repo: Path) -> None:
    (repo / "served").mkdir()
    write(repo / "served" / "public.json", {"served": "2026-11-01", "manifest": BASE})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "served")
    git(repo, "tag", "v1")
    # The working copy has moved on; git:v1 still means what was served at v1.
    write(repo / "served" / "public.json", {"served": "2026-12-01", "manifest": manifest(A1)})
    assert load_source("git:v1", root=repo)["served"] == "2026-11-01"
    assert load_source("git:HEAD", root=repo, audience="public")["manifest"] == BASE
    done = CliRunner().invoke(
        diff_command, ["git:v1", str(repo / "served" / "public.json"), "--root", str(repo)]
    )
    assert done.exit_code == 1 and "removed  B1 TM-001" in done.output


def test_git_ref_without_a_served_record_builds_that_commit(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    (repo / "evidence" / "marker.txt").write_text("second\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    seen: dict[str, Any] = {}

    def fake_build(root: Path, *, out: Path, formats: tuple[str, ...], audience: str) -> None:
        seen.update(marker=(root / "evidence" / "marker.txt").read_text(), formats=formats)
        seen["audience"] = audience
        out.mkdir(parents=True)
        write(out / "manifest.json", BASE)

    monkeypatch.setattr(sys.modules["inquiry.build"], "build", fake_build)
    got = load_source(f"git:{first[:10]}", root=repo, audience="restricted")
    assert got == BASE
    assert seen == {"marker": "first\n", "formats": ("pdf",), "audience": "restricted"}
    # The temporary worktree is gone again.
    assert git(repo, "worktree", "list").count("\n") == 0


def test_git_ref_that_is_not_a_commit(repo: Path) -> None:
    with pytest.raises(RecordError, match="git:no-such-branch: not a commit in"):
        load_source("git:no-such-branch", root=repo)
    with pytest.raises(RecordError, match="name a branch, tag or commit"):
        load_source("git:", root=repo)
    done = CliRunner().invoke(diff_command, ["git:nope", "git:HEAD", "--root", str(repo)])
    assert done.exit_code == 2 and "not a commit" in done.output


def test_a_public_diff_never_prints_a_name_redacted_since(tmp_path: Path) -> None:
    """The old manifest was built before the witness's name was listed in `redact`: its title
    still holds the name. A public diff's text and Markdown (a job summary, public on GitHub)
    print the title through today's redactions; a restricted diff prints it as it is."""
    root = tmp_path / "sub"
    (root / "evidence" / "testimonies").mkdir(parents=True)
    (root / "evidence" / "submission.yaml").write_text("title: T\n", encoding="utf-8")
    (root / "evidence" / "testimonies" / "TM-003.yaml").write_text(
        "id: TM-003\nkind: testimony\nredact:\n  - Xanthe Removy\n"
        "exhibits:\n  - {file: exhibits/a.pdf, redact: [{text: Ward 9, code: GRO-B}]}\n",
        encoding="utf-8",
    )
    named = item("TM-003", "B3", 9, 10, title="Account by Xanthe Removy of Ward 9")
    old = write(tmp_path / "old.json", manifest(A1, named))
    new = write(tmp_path / "new.json", manifest(A1))
    runner = CliRunner()
    for fmt in ("text", "markdown"):
        done = runner.invoke(
            diff_command, [str(old), str(new), "--root", str(root), "--format", fmt]
        )
        assert done.exit_code == 1, done.output
        assert "TM-003" in done.output
        assert "Xanthe" not in done.output and "Removy" not in done.output
        assert "Ward 9" not in done.output and "GRO-B" in done.output
    restricted = json.loads(old.read_text())
    restricted["bundle"]["audience"] = "restricted"
    old = write(tmp_path / "old-r.json", restricted)
    new = write(tmp_path / "new-r.json", {**manifest(A1), "bundle": restricted["bundle"]})
    done = runner.invoke(diff_command, [str(old), str(new), "--root", str(root)])
    assert "Xanthe Removy" in done.output


def test_a_renamed_exhibit_keeps_its_pages_in_the_page_map() -> None:
    """The same bytes under a new file name show the same pages (h111: "5–7 → gone"); other
    bytes on the same pages do not."""
    old = {"file": "exhibits/a.pdf", "sha256": "b" * 64, "first_page": 4, "last_page": 4}
    renamed = {**old, "file": "exhibits/b.pdf"}
    replaced = {**old, "sha256": "c" * 64}
    before = manifest(item("SF-001", "A1", 3, 4, exhibits=[old]), B1, C1)
    d = diff(before, manifest(item("SF-001", "A1", 3, 4, exhibits=[renamed]), B1, C1))
    assert d.page_map == tuple(range(1, 9))
    d = diff(before, manifest(item("SF-001", "A1", 3, 4, exhibits=[replaced]), B1, C1))
    assert d.page_map == (1, 2, 3, None, 5, 6, 7, 8)
    assert "4 → content gone" in render_text(d)
