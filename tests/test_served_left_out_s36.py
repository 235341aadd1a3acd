"""Stop 36 (red team h133): a served item made a draft, or restricted, is left out of the next
public edition, which withdraws it for good (its pages say withdrawn; its id is not used again
but with `--reissue`). It was done without a word; now `validate` and the build warn at the line
that decides it (`served-item-left-out`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_served_loi import run, served


@pytest.mark.parametrize(
    ("line", "key"), [("status: draft", "status"), ("audience: restricted", "audience")]
)
def test_a_served_item_left_out_is_warned_of_where_it_is_decided(
    tmp_path: Path, line: str, key: str
) -> None:
    root = served(tmp_path)
    path = root / "evidence/policy_extracts/PE-001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    where = f"evidence/policy_extracts/PE-001.yaml:{len(text.splitlines()) + 1}:{len(key) + 3}:"
    code, out = run("validate", "--root", root)
    assert code == 0, out
    assert (
        f"{where} warning[served-item-left-out] PE-001 was served in the public edition" in out
    ), out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0 and "served-item-left-out" in out, out


def test_an_item_never_served_is_left_out_without_a_word(tmp_path: Path) -> None:
    root = served(tmp_path)
    path = root / "evidence/policy_extracts/PE-009.yaml"
    text = (root / "evidence/policy_extracts/PE-001.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("PE-001", "PE-009") + "status: draft\n", encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-item-left-out" not in out, out


@pytest.mark.parametrize("name", [".PE-001.yaml", "PE-001.yml.txt", "pe-001.YAML~"])
def test_a_served_item_whose_file_is_not_read_is_warned_of_at_the_file(
    tmp_path: Path, name: str
) -> None:
    """Stop 37 (red team h140): a served item's file renamed so it is not read was withdrawn
    with only `file-not-read`, which says nothing of the served pages."""
    root = served(tmp_path)
    folder = root / "evidence/policy_extracts"
    (folder / "PE-001.yaml").rename(folder / name)
    code, out = run("validate", "--root", root)
    assert code == 0, out
    assert (
        f"evidence/policy_extracts/{name}:1:1: warning[served-item-left-out] PE-001 was served"
        in out
    ), out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0 and "served-item-left-out" in out, out
