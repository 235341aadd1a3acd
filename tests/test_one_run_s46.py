"""Stop 46, red team h186 F5: one tab whose `kinds` had an error of its own (`[]`, a kind
misspelt) hid `kind-no-tab` for every item whose kind no tab takes, until the next run."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_served_loi import run

from inquiry.scaffold import init


@pytest.mark.parametrize(
    "kinds", ["[]", "[statistc]", "statistc"], ids=["empty", "misspelt", "bare"]
)
def test_every_error_in_one_run(tmp_path: Path, kinds: str) -> None:
    root = tmp_path / "repo"
    init(root)
    sub = root / "evidence/submission.yaml"
    lines = [ln for ln in sub.read_text(encoding="utf-8").splitlines() if "tab: C" not in ln]
    lines.append(f"  - {{tab: E, title: Empty, kinds: {kinds}}}")
    sub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 1
    assert "evidence/statistics/ST-001.yaml:3:7: error[kind-no-tab]" in out, out
    assert "evidence/submission.yaml:" in out, out  # and the tab's own error
