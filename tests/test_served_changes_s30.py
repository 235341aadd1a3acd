"""What a served edition cannot quietly lose or move: a served line of inquiry taken out of
submission.yaml (`served-loi-missing`, as a served tab is `served-tab-missing`), and a served
item whose kind its served tab no longer takes (`served-kind-changed`: refused by the build
unless `--reissue`, which serves it again in the tab that takes its kind; a warning from
`validate`, which the build runs first and which cannot know `--reissue`). Found by stop 30's
red team (r7, r5): both were built with exit 0, the served line of inquiry's row gone from the
served page, the statistic listed under "Tab A — Survey findings"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_served_loi import run, served


def test_a_served_line_of_inquiry_taken_out_is_refused(tmp_path: Path) -> None:
    root = served(tmp_path)
    path = root / "evidence/submission.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"  - id: LOI-2\n(    .*\n)+", "", text), encoding="utf-8")
    extract = root / "evidence/policy_extracts/PE-001.yaml"
    extract.write_text(
        extract.read_text(encoding="utf-8").replace("[LOI-2]", "[LOI-1]"), encoding="utf-8"
    )
    line = text.splitlines().index("lines_of_inquiry:") + 2  # its first entry
    code, out = run("validate", "--root", root)
    assert code == 1, out
    where = f"evidence/submission.yaml:{line}:"
    assert f"{where}3: error[served-loi-missing] line of inquiry LOI-2 was served" in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1 and "served-loi-missing" in out, out


def test_a_served_item_of_a_kind_its_tab_no_longer_takes_is_refused(tmp_path: Path) -> None:
    root = served(tmp_path)
    (root / "evidence/survey_findings/SF-001.yaml").unlink()
    statistic = (root / "evidence/statistics/ST-001.yaml").read_text(encoding="utf-8")
    (root / "evidence/statistics/SF-001.yaml").write_text(
        statistic.replace("ST-001", "SF-001"), encoding="utf-8"
    )
    code, out = run("validate", "--root", root)
    assert code == 0, out
    where = "evidence/statistics/SF-001.yaml:3:7:"
    assert f"{where} warning[served-kind-changed] SF-001 was served as A1 in tab A" in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1, out
    assert f"{where} error[served-kind-changed]" in out and "--reissue SF-001" in out
    code, out = run("build", "--root", root, "--format", "pdf", "--reissue", "SF-001")
    assert code == 0, out
    manifest = json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))
    (item,) = [i for i in manifest["items"] if i["id"] == "SF-001"]
    assert item["tab"] == "C" and item["number"] == "C2"
    (old,) = [r for r in manifest["retired"] if r["id"] == "SF-001"]
    assert old["number"] == "A1" and old["state"] == "superseded"
    code, out = run("serve", "--root", root)
    assert code == 0, out
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-kind-changed" not in out, out
