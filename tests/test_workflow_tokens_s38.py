"""Stop 38, red team h147: a pull request runs the workflow as it has it. The workflows keep
no token in the checkout's `.git/config` (`persist-credentials: false`), and both they and the
READMEs tell an editor to have changes to the workflow reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from inquiry.scaffold import init

ROOT = Path(__file__).resolve().parents[1]


def _workflows(tmp_path: Path) -> list[Path]:
    init(tmp_path / "new")
    return [
        ROOT / ".github/workflows/evidence.yml",
        tmp_path / "new/.github/workflows/evidence.yml",
    ]


def test_every_checkout_keeps_no_token(tmp_path: Path) -> None:
    for path in _workflows(tmp_path):
        flow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        checkouts = [
            step
            for job in flow["jobs"].values()
            for step in job["steps"]
            if str(step.get("uses", "")).startswith("actions/checkout@")
        ]
        assert checkouts, path
        for step in checkouts:
            assert step.get("with", {}).get("persist-credentials") is False, (path, step)


@pytest.mark.parametrize("where", ["workflow", "readme"])
def test_editors_are_told_to_review_changes_to_the_workflow(tmp_path: Path, where: str) -> None:
    init(tmp_path / "new")
    texts = {
        "workflow": [
            ROOT / ".github/workflows/evidence.yml",
            tmp_path / "new/.github/workflows/evidence.yml",
        ],
        "readme": [ROOT / "README.md", tmp_path / "new/README.md"],
    }[where]
    for path in texts:
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert "CODEOWNERS" in text and "Require review from Code Owners" in text, path


def test_the_validate_job_outlasts_the_exhibits_budget(tmp_path: Path) -> None:
    """Validation gives all exhibits together at most `EXHIBITS_SECONDS_MAX`, and the job must
    end with a report: its timeout leaves room for that, the install and the YAML (h147 F5)."""
    from inquiry import limits

    for path in _workflows(tmp_path):
        flow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        minutes = flow["jobs"]["validate"]["timeout-minutes"]
        assert minutes * 60 >= limits.EXHIBITS_SECONDS_MAX + 5 * 60, path
