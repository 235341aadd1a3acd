"""Lines of inquiry added after a bundle was served: the served front matter keeps the lines it
was served with (the record says which), so new lines cannot push it past its pages; they are in
the supplementary index that adds their evidence. A served line whose evidence was all added
since points there instead of saying there is none. Found by stop 27's red team: one new line
was listed as "No evidence in this edition" beside its own new evidence, and 22 new lines
refused the build (served-index-grew)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render import wording
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def served(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return root


def add_lines(root: Path, count: int) -> None:
    path = root / "evidence/submission.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("tabs:")
    lines = "".join(
        f"  - id: LOI-{n}\n    title: A line of inquiry added later, number {n}\n"
        f"    question: What does the evidence added since say about question {n}?\n"
        for n in range(3, 3 + count)
    )
    path.write_text(text[:at] + lines + text[at:], encoding="utf-8")


def add_item(root: Path, lines: str) -> None:
    example = (root / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    item = example.replace("SF-001", "SF-002").replace("lines_of_inquiry: [LOI-1]", lines)
    assert lines in item
    (root / "evidence/survey_findings/SF-002.yaml").write_text(item, encoding="utf-8")


def pages(root: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(root / "build/bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")


def test_new_lines_go_to_the_supplementary_index_and_the_front_matter_keeps_its_pages(
    tmp_path: Path,
) -> None:
    root = served(tmp_path)
    before = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    assert before["bundle"]["lines_of_inquiry"] == ["LOI-1", "LOI-2"]
    add_lines(root, 22)
    add_item(root, "lines_of_inquiry: [LOI-3, LOI-1]")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    after = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    assert after["bundle"]["front_pages"] == before["bundle"]["front_pages"]
    assert after["bundle"]["lines_of_inquiry"] == ["LOI-1", "LOI-2"]
    front = "".join(pages(root)[: before["bundle"]["front_pages"][1]])
    assert "LOI-3" not in front and "LOI-24" not in front
    ((first, last),) = after["bundle"]["supplement_pages"]
    supplement = "".join(pages(root)[first - 1 : last])
    assert "LOI-3" in supplement and "A line of inquiry added later, number 3" in supplement
    assert "LOI-4 " not in supplement  # no evidence on it: listed nowhere yet


def test_a_served_line_whose_evidence_was_all_added_since_points_to_it(tmp_path: Path) -> None:
    root = served(tmp_path)
    extract = root / "evidence/policy_extracts/PE-001.yaml"
    text = extract.read_text(encoding="utf-8")
    assert "lines_of_inquiry: [LOI-2]" in text
    extract.write_text(text.replace("[LOI-2]", "[LOI-1]"), encoding="utf-8")
    add_item(root, "lines_of_inquiry: [LOI-2]")
    code, out = run("build", "--root", root, "--format", "pdf", "--format", "html")
    assert code == 0, out
    front = "".join(pages(root)[:3])
    row = next(line for line in front.splitlines() if line.startswith("LOI-2"))
    assert wording.EVIDENCE_SINCE in row and wording.NO_EVIDENCE not in front
    assert wording.EVIDENCE_SINCE in (root / "build/html/index.html").read_text(encoding="utf-8")
    assert len(wording.EVIDENCE_SINCE) <= len(wording.NO_EVIDENCE)


def test_a_record_from_before_the_lines_were_recorded_lists_every_line(tmp_path: Path) -> None:
    root = served(tmp_path)
    record = root / "served/public.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["manifest"]["bundle"]["lines_of_inquiry"]
    record.write_text(json.dumps(data, indent=2), encoding="utf-8")
    add_lines(root, 1)
    add_item(root, "lines_of_inquiry: [LOI-3]")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    front = "".join(pages(root)[:3])
    row = next(line for line in front.splitlines() if line.startswith("LOI-3"))
    assert wording.EVIDENCE_SINCE in row


def test_a_front_matter_that_outgrows_its_pages_is_named_as_a_reader_knows_it(
    tmp_path: Path,
) -> None:
    """`served-index-grew` said "the served index 0" (layout's name) and "serve a new
    edition", which no command or page explained."""
    root = served(tmp_path)
    record = root / "served/public.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["manifest"]["bundle"]["lines_of_inquiry"]  # a record from before stop 27
    record.write_text(json.dumps(data, indent=2), encoding="utf-8")
    front = data["manifest"]["bundle"]["front_pages"][1]
    add_lines(root, 40)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1, out
    assert (
        "error[served-index-grew] the served front matter (cover, index, lines of inquiry) "
        f"no longer fits its served pages 1–{front}"
    ) in out
    assert "index 0" not in out
    assert "start a new edition: `git rm served/<audience>.json`, then build and serve" in out
