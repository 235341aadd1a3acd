"""Inputs `validate` passed and `build` refused (red-team h_d, stop 29): a CI that gates on
`validate` must learn of each, at the line to change and under the build's own code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_served_build import Repo


def test_validate_refuses_a_served_tab_taken_out_of_submission_yaml(
    tmp_path: Path, build_cache: Path
) -> None:
    """Tab D renamed E after serving: the build refuses `served-tab-missing` at the tabs, and
    so does `validate` now (it passed, exit 0)."""
    from inquiry.scaffold import init

    repo = Repo(tmp_path / "repo", build_cache)
    init(repo.root)
    repo.built(tmp_path / "b0")
    assert repo.run("serve", "--root", repo.root, "--out", tmp_path / "b0").exit_code == 0
    sub = repo.root / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8").replace("{tab: D,", "{tab: E,")
    assert "{tab: E," in text
    sub.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("tabs:"))
    checked = repo.run("validate", "--root", repo.root)
    assert checked.exit_code == 1, checked.output
    assert f"evidence/submission.yaml:{line + 1}:3: error[served-tab-missing]" in checked.output
    assert "tab D was served (with D1)" in checked.output
    built = repo.build(tmp_path / "b1")
    assert built.exit_code == 1 and "served-tab-missing" in built.output


CITING = """\
id: PE-001
kind: policy_extract
title: A policy
date: "2024"
lines_of_inquiry: [LOI-1]
summary: A summary.
source: {title: Doc, publisher: Dept, accessed: 2024-07-01}
document: {title: Doc, publisher: Dept, published: "2024", reference: Section 1}
extract: Words.
commentary: See [@TM-001] for the account.
"""


@pytest.mark.parametrize("citing_draft", [False, True])
@pytest.mark.parametrize("cited", ["restricted", "draft", "restricted draft"])
@pytest.mark.parametrize("include_drafts", [False, True])
def test_validate_warns_of_a_reference_exactly_when_a_public_build_refuses_it(
    tmp_path: Path, build_cache: Path, citing_draft: bool, cited: str, include_drafts: bool
) -> None:
    """A public item citing a restricted one, a draft, or a restricted draft, the citing item
    final or a draft, with and without `--include-drafts`: `validate` warns `ref-left-out`
    at the reference whenever the public build (same option) refuses `ref-excluded-item`. A
    draft citing a restricted item passed `validate --include-drafts` with no word (repro 05)."""
    from inquiry.scaffold import init

    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    extra = "".join(
        f"{line}\n"
        for word, line in (("restricted", "audience: restricted"), ("draft", "status: draft"))
        if word in cited.split()
    )
    tm.write_text(tm.read_text(encoding="utf-8") + extra, encoding="utf-8")
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^commentary:.*\n", "", text) + "commentary: See [@TM-001] for it.\n"
    pe.write_text(text + ("status: draft\n" if citing_draft else ""), encoding="utf-8")
    line = len(text.splitlines())
    drafts = ["--include-drafts"] if include_drafts else []
    repo = Repo(root, build_cache)
    checked = repo.run("validate", "--root", root, "--format", "json", *drafts)
    assert checked.exit_code == 0, checked.output
    warned = [
        (p["file"], p["line"])
        for p in json.loads(checked.output)["problems"]
        if p["code"] == "ref-left-out"
    ]
    built = repo.run(
        "build", "--root", root, "--out", tmp_path / "out", "--format", "html", "-q", *drafts
    )
    refused = "ref-excluded-item" in built.output
    assert built.exit_code == (1 if refused else 0), built.output
    in_build = include_drafts or not citing_draft
    assert refused == (in_build and ("restricted" in cited or not include_drafts)), built.output
    # A final item citing a draft is warned of even with --include-drafts: the build served
    # is made without it, and refuses the item.
    served_build = not citing_draft and cited == "draft"
    expected = [("evidence/policy_extracts/PE-001.yaml", line)] if refused or served_build else []
    assert warned == expected, (warned, built.output)


def _with_exhibit(root: Path, pdf: bytes, lines: str) -> Path:
    """The scaffold's policy extract with `exhibits/a.pdf` attached as `lines` say."""
    from inquiry.scaffold import init

    init(root)
    (root / "evidence/exhibits/a.pdf").write_bytes(pdf)
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(pe.read_text(encoding="utf-8") + "exhibits:\n" + lines, encoding="utf-8")
    return pe


def test_validate_refuses_an_edition_whose_exhibits_are_over_the_page_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build refuses `exhibit-too-large` at the exhibit that takes the bundle's exhibit
    pages over `limits.BUNDLE_PAGES` (260,000 pages: a 20,000-page PDF attached 13 times,
    repro 15); `validate`, whose probe learns every page count, says the same at that line.
    The limit is lowered here so that four 3-page exhibits cross it."""
    from conftest import make_pdf

    from inquiry import limits
    from inquiry.validate import validate

    lines = "".join(
        f"  - {{file: {'./' * n}exhibits/a.pdf, description: Copy {n}}}\n" for n in range(4)
    )
    pe = _with_exhibit(tmp_path / "repo", make_pdf(3), lines)
    monkeypatch.setattr(limits, "BUNDLE_PAGES", 10)
    _, report = validate(tmp_path / "repo", probe_exhibits=True)
    [problem] = [p for p in report.problems if p.code == "exhibit-too-large"]
    line = next(n for n, s in enumerate(pe.read_text().splitlines(), 1) if "Copy 3" in s)
    assert (problem.file, problem.line, problem.severity) == (
        "evidence/policy_extracts/PE-001.yaml",
        line,
        "error",
    )
    assert problem.message == (
        "exhibit `./././exhibits/a.pdf` takes the bundle's exhibits to 12 pages, over the "
        "limit of 10 a bundle may have"
    )
    monkeypatch.setattr(limits, "BUNDLE_PAGES", 12)
    _, report = validate(tmp_path / "repo", probe_exhibits=True)
    assert "exhibit-too-large" not in {p.code for p in report.problems}


@pytest.mark.parametrize(
    ("box", "outside"),
    [
        ("[700, 900, 800, 1000]", True),  # repro 02: off an A4 page altogether
        ("[100, 842, 200, 900]", True),  # starts at the top edge
        ("[500, 800, 700, 900]", False),  # overlaps the page: painted where it lies on it
    ],
)
def test_validate_refuses_a_region_box_off_its_page(
    tmp_path: Path, build_cache: Path, box: str, outside: bool
) -> None:
    """A region on a page the exhibit has, but lying off that page: the public build refuses
    it (`exhibit-redaction … lies outside page 1`) and `validate` passed it, checking the page
    number only. Now it is refused at the box, by the build's rule, against the page's own
    size (its CropBox, not the prepared page with the stamp strip below it)."""
    from conftest import make_pdf

    lines = "  - file: exhibits/a.pdf\n    description: A\n    redact:\n"
    lines += f"      - {{page: 1, box: {box}, code: PI}}\n"
    pe = _with_exhibit(tmp_path / "repo", make_pdf(1, size=(595, 842)), lines)
    sub = tmp_path / "repo/evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    if "redaction_codes" not in text:
        sub.write_text(text + "redaction_codes:\n  PI: Personal information\n", encoding="utf-8")
    repo = Repo(tmp_path / "repo", build_cache)
    checked = repo.run("validate", "--root", repo.root)
    line = len(pe.read_text(encoding="utf-8").splitlines())
    if outside:
        assert checked.exit_code == 1, checked.output
        where = f"evidence/policy_extracts/PE-001.yaml:{line}:"
        assert where in checked.output and "error[exhibit-redaction]" in checked.output
        assert "lies outside page 1 (595 × 842 pt)" in checked.output
    else:
        assert checked.exit_code == 0, checked.output
    built = repo.build(tmp_path / "out")
    assert built.exit_code == (1 if outside else 0), built.output
    assert ("lies outside page 1" in built.output) == outside


def test_an_ocr_time_limit_fits_a_compressed_scan_and_still_bounds_a_small_file() -> None:
    """A 45-page 300-dpi G4 scan of 3.4 MB needing OCR and redaction took ~7.4 s a page and
    was refused `exhibit-limit` at 282 s (repro 13): the limit is now by its pages. A small
    file of thousands of blank pages still gets little more than before."""
    from inquiry import limits

    scan = limits.exhibit_seconds(3_400_000, ocr=True, pages=45)
    assert scan >= 2 * 45 * 7.4, scan
    assert limits.exhibit_seconds(3_400_000, ocr=True) < 45 * 7.4  # by size alone: refused
    assert limits.exhibit_seconds(100_000, ocr=True, pages=10_000) < 250
    assert limits.exhibit_seconds(100_000, ocr=False, pages=10_000) == limits.EXHIBIT_SECONDS
    huge = limits.exhibit_seconds(400_000_000, ocr=True, pages=100_000)
    assert huge == limits.exhibit_seconds(400_000_000, ocr=True)  # the cap; by size above it


@pytest.mark.parametrize("ocr", ["auto", "never"])
def test_an_exhibit_ocr_reads_is_prepared_under_its_time_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ocr: str
) -> None:
    """`prepare_many` counts the pages of each exhibit OCR may read (in a worker) and gives it
    the larger of the caller's limit and `limits.exhibit_seconds` for those pages; an exhibit
    OCR does not read keeps the caller's limit."""
    from conftest import make_pdf

    from inquiry import limits
    from inquiry.cache import Cache
    from inquiry.exhibits import stage
    from inquiry.exhibits.prepare import Options
    from inquiry.workers import Pool

    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf(40))
    monkeypatch.setattr(limits, "OCR_PAGES_PER_MB", 10**9)  # a tiny test file counts in full
    seen: dict[str, float] = {}
    run = Pool.run

    def spy(self: Pool, fn: Any, tasks: Any, **kwargs: Any) -> Any:
        tasks = list(tasks)
        if fn is stage.prepare_task:
            seen.update({t.name: kwargs["seconds"](t) for t in tasks})
        return run(self, fn, tasks, **kwargs)

    monkeypatch.setattr(Pool, "run", spy)
    request = stage.Request(path, "a.pdf", Options(28.0, ocr, ocr == "auto"))
    with Pool(jobs=1, memory=limits.EXHIBIT_MEMORY) as pool:
        [ready] = stage.prepare_many(
            [request], pool=pool, seconds=60.0, cache=Cache(enabled=False), workdir=tmp_path
        )
    assert isinstance(ready, stage.Ready) and ready.pages == 40
    size = path.stat().st_size
    expected = limits.exhibit_seconds(size, ocr=True, pages=40) if ocr == "auto" else 60.0
    assert seen == {"a.pdf": expected}
    assert expected == 60.0 or expected > 40 * limits.OCR_SECONDS_PER_PAGE
