"""Inputs `validate` passed and `build` refused (red-team h_d, stop 29): a CI that gates on
`validate` must learn of each, at the line to change and under the build's own code."""

from __future__ import annotations

from pathlib import Path

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
