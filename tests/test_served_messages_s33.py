"""Refusals of a served edition name the cause where it is (h111): an item whose file is as
served but whose pages grew (its tab's title, the pinpoints it cites) is not told to "shorten
it"; a front matter that grew is reported at `lines_of_inquiry`, not at line 1; a tab whose
`kinds` no longer take a served item's kind is reported at that tab's `kinds`."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import served

from inquiry import numbering, served_problems
from inquiry.repo_files import served_constraints
from inquiry.validate import validate


def _plan(root: Path) -> tuple[numbering.Plan, object]:
    corpus, _ = validate(root)
    served = served_constraints(root, "public", ())
    assert served is not None
    return numbering.plan(corpus, audience="public", served=served), corpus


def _line_of(path: Path, words: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if words in text)


def test_an_item_as_served_is_not_told_to_shorten_itself(tmp_path: Path) -> None:
    root = served(tmp_path)
    plan, _ = _plan(root)
    (problem,) = served_problems.grew(plan, ["SF-001"]).problems
    assert problem.code == "served-item-grew"
    assert "though its file is as served" in problem.message
    assert "tab's title" in (problem.hint or "")
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    plan, _ = _plan(root)
    (problem,) = served_problems.grew(plan, ["SF-001"]).problems
    assert "though its file is as served" not in problem.message
    assert "shorten it" in (problem.hint or "")


def test_a_front_matter_that_grew_is_reported_at_lines_of_inquiry(tmp_path: Path) -> None:
    root = served(tmp_path)
    plan, corpus = _plan(root)
    doc = corpus.submission_doc  # type: ignore[attr-defined]
    (problem,) = served_problems.grew(plan, ["index 0"], submission=doc).problems
    assert problem.code == "served-index-grew"
    submission = root / "evidence/submission.yaml"
    assert problem.line == _line_of(submission, "lines_of_inquiry:") + 1


def test_a_tab_that_no_longer_takes_a_served_kind_is_reported_at_its_kinds(
    tmp_path: Path,
) -> None:
    root = served(tmp_path)
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    swapped = {
        "kinds: [testimony]": "kinds: [statistic]",
        "kinds: [statistic]": "kinds: [testimony]",
    }
    text = "\n".join(
        next((line.replace(a, b) for a, b in swapped.items() if a in line), line)
        for line in text.splitlines()
    )
    submission.write_text(text, encoding="utf-8")
    _, report = validate(root)
    found = [p for p in report.problems if p.code == "served-kind-changed"]
    assert found, report.problems
    said = {(p.file, p.line, p.message.split(":")[0], p.hint) for p in found}
    assert ("evidence/submission.yaml", _line_of(submission, "tab: B,")) in {s[:2] for s in said}
    assert ("evidence/submission.yaml", _line_of(submission, "tab: C,")) in {s[:2] for s in said}
    for _, line, message, hint in said:
        tab, kind = (
            ("B", "testimony") if line == _line_of(submission, "tab: B,") else ("C", "statistic")
        )
        assert message.startswith(f"tab {tab} (") and message.endswith(f"no longer takes {kind}")
        assert f"put {kind} back in tab {tab}'s `kinds`" in (hint or "")
