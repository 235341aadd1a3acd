"""Stop 36 (red team h129): ids are never reused (SPEC), so `inquiry new` does not hand out the
id of an item a commit deleted before it was served: it was reviewed, and may be cited in its
pull request."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_new_ids import FOLDER, SF, write_tree

from inquiry.ids_in_use import ids_in_use


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def test_an_id_deleted_in_a_commit_is_not_handed_out_again(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {f"{FOLDER}/SF-001.yaml": SF, f"{FOLDER}/SF-007.yaml": SF})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "two findings")
    (root / FOLDER / "SF-007.yaml").unlink()
    git(root, "commit", "-qam", "SF-007 withdrawn")
    used = ids_in_use(root, "SF")
    assert 7 in used.numbers and used.highest() == 7, used
    assert not used.warnings


def test_a_folder_outside_git_still_gives_the_ids_it_holds(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {f"{FOLDER}/SF-003.yaml": SF})
    used = ids_in_use(root, "SF")
    assert used.highest() >= 3 and not used.warnings, used
