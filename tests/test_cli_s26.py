"""Red-team findings of stop 26 on the commands: `init` into a fresh clone and its refusals,
`new` outside a submission, output to a full disk or a closed pipe, help and exit codes."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner, Result

from inquiry.cli import main
from inquiry.scaffold import init
from inquiry.validate import validate


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


# init


def fresh_clone(root: Path, *files: str) -> Path:
    """A directory as `git clone` of a new GitHub repository leaves it."""
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    for name in files:
        (root / name).write_text(f"{name} as GitHub made it\n", encoding="utf-8")
    return root


def test_init_writes_into_a_fresh_clone_and_keeps_its_files(tmp_path: Path) -> None:
    root = fresh_clone(tmp_path / "clone", "LICENSE", ".gitattributes")
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert (root / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert (root / "LICENSE").read_text(encoding="utf-8") == "LICENSE as GitHub made it\n"
    _, report = validate(root)
    assert report.problems == ()


def test_init_names_the_files_of_a_clone_it_would_write(tmp_path: Path) -> None:
    root = fresh_clone(tmp_path / "clone", "README.md", "LICENSE", ".pre-commit-config.yaml")
    (root / ".gitignore").symlink_to("LICENSE")
    result = run("init", root)
    assert result.exit_code == 2
    assert f"{root} already holds .gitignore, .pre-commit-config.yaml, which init writes" in (
        result.output
    )
    names = [".git", ".gitignore", ".pre-commit-config.yaml", "LICENSE", "README.md"]
    assert sorted(p.name for p in root.iterdir()) == names
    assert (root / "README.md").read_text(encoding="utf-8") == "README.md as GitHub made it\n"


@pytest.mark.parametrize("case", ["a folder in it", "a file", "under a file", "empty string"])
def test_every_refusal_of_init_is_a_usage_error(tmp_path: Path, case: str) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "full" / "docs").mkdir(parents=True)
    target, says = {
        "a folder in it": (tmp_path / "full", "is not empty (it holds docs/)"),
        "a file": (tmp_path / "notes.txt", "is a file"),
        "under a file": (tmp_path / "notes.txt" / "repo", "part of that path is a file"),
        "empty string": ("", "DIRECTORY is empty"),
    }[case]
    result = run("init", target)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["docs"]


@pytest.mark.parametrize("where", ["evidence/more", "evidence/testimonies", "evidence"])
def test_init_inside_another_submissions_evidence_is_refused(tmp_path: Path, where: str) -> None:
    init(tmp_path / "repo")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run("init", tmp_path / "repo" / where)
    assert result.exit_code == 2, result.output
    assert f"of the submission repository {tmp_path / 'repo'}" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_init_may_make_a_repository_beside_evidence(tmp_path: Path) -> None:
    init(tmp_path / "repo")
    assert run("init", tmp_path / "repo" / "examples" / "other").exit_code == 0


def test_init_that_fails_in_a_clone_removes_only_its_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fresh_clone(tmp_path / "clone", "LICENSE")
    real_write = Path.write_text
    count = 0

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        nonlocal count
        count += 1
        if count == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    result = run("init", root)
    assert result.exit_code == 1
    assert "no space left on the device" in result.output
    assert sorted(p.name for p in root.iterdir()) == [".git", "LICENSE"]
    assert sorted(p.name for p in (root / ".git").iterdir()) == ["HEAD", "objects"]


# new


def test_new_in_a_folder_that_is_not_a_submission_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    result = run("new", "testimony", "--root", tmp_path / "elsewhere")
    assert result.exit_code == 2
    assert "is not a submission repository" in result.output
    assert "run `inquiry init DIR`" in result.output
    assert list((tmp_path / "elsewhere").iterdir()) == []


# Output that cannot be written


def _inquiry(*args: str | Path, stdout: int | IO[bytes]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "inquiry", *(str(a) for a in args)]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("s26") / "repo"
    init(root)
    return root


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("validate", "--format", "json"), ("--help",)])
def test_output_to_a_full_disk_is_one_line_and_exit_2(repo: Path, args: tuple[str, ...]) -> None:
    extra = ("--root", repo) if args[0] == "validate" else ()
    with open("/dev/full", "wb") as full:
        done = _inquiry(*args, *extra, stdout=full)
    assert done.returncode == 2
    assert done.stderr == "inquiry: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("args", [("validate",), ("validate", "--format", "json"), ("--help",)])
def test_output_to_a_closed_pipe_ends_quietly(repo: Path, args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written (`| head -c1`, done)
    try:
        extra = ("--root", repo) if args[0] == "validate" else ()
        done = _inquiry(*args, *extra, stdout=write)
    finally:
        os.close(write)
    # The command's own exit code (the repository is valid), not 141: see test_cli_env_s36.py.
    assert (done.returncode, done.stderr) == (0, "")


# Help and exit codes


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["init"], ["Exit 0", "1", "2 usage"]),
        (["new"], ["Exit 0", "1", "2 usage"]),
        (["schema"], ["Exit 0", "1 stale", "2 usage"]),
        (["cache"], ["Exit 0", "2 usage", "3"]),
        (["cache", "clear"], ["Exit 0", "3"]),
        (["cache", "info"], ["Exit 0", "3"]),
    ],
)
def test_help_names_the_exit_codes_and_gives_an_example(args: list[str], codes: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split("Options:")[0].split())
    assert all(code in text for code in codes), text
    assert "Example" in text
    assert f"inquiry {' '.join(args)}" in text.split("Example", 1)[1], text


def test_schema_where_schemas_is_a_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "schemas").write_text("mine", encoding="utf-8")
    result = run("schema", "--root", tmp_path)
    assert result.exit_code == 2
    assert "schemas: a file of that name is in the way" in result.output
    assert (tmp_path / "schemas").read_text(encoding="utf-8") == "mine"
