"""`inquiry diff` says when what the cover and every running header show changed, though no
item did: a tab retitled, the inquiry or the submitter renamed. Stop 27's red team found
`diff` saying "No changes" (exit 0) while `verify` named every page of the retitled tab."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    init(root)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    before = tmp_path / "before.json"
    before.write_bytes((root / "build/manifest.json").read_bytes())
    return root, before


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "title: Survey findings",
            "title: Survey results",
            "tab A: 'Survey findings' → 'Survey results'",
        ),
        ("submitted_by: ", "submitted_by: The ", "bundle submitted_by"),
        ("inquiry: ", "inquiry: The ", "bundle inquiry"),
        # Stop 30 (review h93): a line of inquiry retitled, the lines table on a served page.
        (
            "title: Targets and reported data",
            "title: Targets and the data reported",
            "line of inquiry LOI-1: 'Targets and reported data: How",
        ),
    ],
)
def test_a_change_to_the_front_matter_alone_is_a_difference(
    built: tuple[Path, Path], old: str, new: str, said: str
) -> None:
    root, before = built
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    assert old in text
    submission.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    after = root / "build/manifest.json"
    code, out = run("diff", before, after)
    assert code == 1, out
    assert said in out
    code, out = run("diff", before, after, "--format", "json")
    assert code == 1
    assert json.loads(out)["bundle"] and json.loads(out)["changed"] == []


def test_an_older_manifest_without_the_fields_is_no_difference(built: tuple[Path, Path]) -> None:
    root, before = built
    old = json.loads(before.read_text(encoding="utf-8"))
    for key in ("inquiry", "submitted_by", "tabs", "line_titles"):
        del old["bundle"][key]
    before.write_text(json.dumps(old), encoding="utf-8")
    code, out = run("diff", before, root / "build/manifest.json")
    assert (code, out.strip()) == (0, "No changes to the bundle")
