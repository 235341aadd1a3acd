"""`inquiry schema` against what a repository (or a pull request) may hold in schemas/: bytes
that are not text, links to files anywhere on the machine, a linked folder, a root that is not
there. Each case here once gave a traceback, a write outside the repository, or a new folder."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inquiry.cli import main
from inquiry.errors import UsageProblem
from inquiry.schema import SchemaWriteError, Stale, check, schemas, write

NAMES = sorted(schemas())


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    write(root)
    assert check(root) == []
    return root


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff", "not UTF-8 text"),
        (b"{}\n", "out of date"),
        (b"", "out of date"),
        (b"x" * 1_000_000, "out of date"),
    ],
)
def test_a_schema_that_is_not_the_text_is_stale_not_a_traceback(
    fresh: Path, content: bytes, reason: str
) -> None:
    (fresh / "schemas/testimony.schema.json").write_bytes(content)
    assert check(fresh) == [Stale("schemas/testimony.schema.json", reason)]
    result = run("schema", "--check", "--root", fresh)
    assert (result.exit_code, result.stdout) == (
        1,
        f"stale: schemas/testimony.schema.json ({reason})\n",
    )
    assert result.stderr == "run `inquiry schema` to regenerate\n"


@pytest.mark.parametrize("thing", ["folder", "fifo", "missing"])
def test_a_schema_that_is_no_file_is_stale(fresh: Path, thing: str) -> None:
    path = fresh / "schemas/statistic.schema.json"
    path.unlink()
    if thing == "folder":
        path.mkdir()
    elif thing == "fifo":
        os.mkfifo(path)  # read without blocking, or `--check` would hang in CI
    [found] = check(fresh)
    assert found.path == "schemas/statistic.schema.json"
    assert (
        found.reason
        == {
            "folder": "the file is a folder, not a regular file",
            "fifo": "the file is a named pipe (FIFO), not a regular file",
            "missing": "missing",
        }[thing]
    )
    assert run("schema", "--check", "--root", fresh).exit_code == 1


def test_a_linked_schema_is_replaced_never_written_through(fresh: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.write_text(schemas()["statistic.schema.json"], encoding="utf-8")
    link = fresh / "schemas/statistic.schema.json"
    link.unlink()
    link.symlink_to(precious)
    # Even with the right text behind it, a link is not the file `inquiry schema` writes.
    assert check(fresh) == [Stale("schemas/statistic.schema.json", "a link, not the file itself")]
    precious.write_text("mine\n", encoding="utf-8")
    result = run("schema", "--root", fresh)
    assert result.exit_code == 0, result.output
    assert precious.read_text(encoding="utf-8") == "mine\n"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == schemas()["statistic.schema.json"]
    assert check(fresh) == []


def test_a_dangling_link_is_replaced_and_nothing_made_where_it_points(
    fresh: Path, tmp_path: Path
) -> None:
    link = fresh / "schemas/testimony.schema.json"
    link.unlink()
    link.symlink_to(tmp_path / "made-here")
    write(fresh)
    assert not (tmp_path / "made-here").exists()
    assert stat.S_ISREG(link.lstat().st_mode)


def test_a_schemas_folder_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "schemas").symlink_to(outside)
    with pytest.raises(UsageProblem, match="is a link that leads outside the repository"):
        write(root)
    result = run("schema", "--root", root)
    assert result.exit_code == 2
    assert "replace the link with a folder" in result.output
    assert list(outside.iterdir()) == []
    assert {s.reason for s in check(root)} == {
        "schemas/ is a link that leads outside the repository"
    }
    assert run("schema", "--check", "--root", root).exit_code == 1


def test_a_schemas_folder_linked_inside_the_repository_is_written(tmp_path: Path) -> None:
    (tmp_path / "docs/schemas").mkdir(parents=True)
    (tmp_path / "schemas").symlink_to(tmp_path / "docs/schemas")
    assert run("schema", "--root", tmp_path).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "docs/schemas").iterdir()) == NAMES
    assert run("schema", "--check", "--root", tmp_path).exit_code == 0


@pytest.mark.parametrize("check_only", [False, True])
def test_a_root_that_is_not_there_is_a_usage_error(tmp_path: Path, check_only: bool) -> None:
    root = tmp_path / "nonexistent/x"
    result = run("schema", *(["--check"] if check_only else []), "--root", root)
    assert result.exit_code == 2
    assert f"--root {root} is not a readable directory" in result.output
    assert not (tmp_path / "nonexistent").exists()
    with pytest.raises(UsageProblem, match="does not exist"):
        write(root)
    assert not (tmp_path / "nonexistent").exists()


def test_write_replaces_each_file_whole_and_leaves_no_temporary_file(fresh: Path) -> None:
    target = fresh / "schemas/submission.schema.json"
    target.write_text("old\n", encoding="utf-8")
    inode = target.stat().st_ino
    write(fresh)
    assert target.stat().st_ino != inode  # a new file renamed into place, not rewritten
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in (fresh / "schemas").iterdir()) == NAMES


def test_a_write_that_fails_is_a_message_and_leaves_nothing_behind(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SchemaWriteError, match=r"^cannot write .*: no space left on device$"):
        write(fresh)
    result = run("schema", "--root", fresh)
    assert result.exit_code == 2
    assert result.stderr.startswith("schema failed: cannot write ")
    assert sorted(p.name for p in (fresh / "schemas").iterdir()) == NAMES
