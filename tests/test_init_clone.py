"""`init` into a clone of a repository GitHub made with a README and a .gitignore (the boxes a
new coalition ticks): both kept, inquiry's text added, the result valid and buildable."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inquiry import clone_files
from inquiry.cli import main
from inquiry.validate import validate

GITHUB_README = "# iapt-evidence\nEvidence for the IAPT inquiry\n"
GITHUB_IGNORE = "# Byte-compiled / optimized / DLL files\n__pycache__/\n*.py[cod]\nbuild/\n.venv\n"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def github_clone(root: Path) -> Path:
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "README.md").write_text(GITHUB_README, encoding="utf-8")
    (root / ".gitignore").write_text(GITHUB_IGNORE, encoding="utf-8")
    (root / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    return root


def test_init_keeps_a_github_readme_and_gitignore_and_adds_to_them(tmp_path: Path) -> None:
    root = github_clone(tmp_path / "clone")
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert "kept the clone's .gitignore and README.md" in result.output
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(GITHUB_README.rstrip() + "\n\n")
    assert "## Set up (two commands)" in readme
    assert [line for line in readme.splitlines() if line.startswith("# ")] == ["# iapt-evidence"]
    ignore = (root / ".gitignore").read_text(encoding="utf-8")
    assert ignore.startswith(GITHUB_IGNORE)
    added = ignore[len(GITHUB_IGNORE) :].splitlines()
    assert "build/" not in added  # theirs already ignores it
    assert ".venv/" in added and ".*.inquiry-*" in added
    assert (root / "LICENSE").read_text(encoding="utf-8") == "MIT License\n"
    assert not list(root.glob(".*.inquiry-init"))
    _, report = validate(root)
    assert report.problems == ()


def test_a_readme_without_a_title_gets_inquirys(tmp_path: Path) -> None:
    ours = "# Evidence submission\n\nThis repository is an evidence submission.\n"
    assert clone_files.join("README.md", b"Some notes.\n", ours) == "Some notes.\n\n" + ours
    assert clone_files.join("README.md", b"", ours) == ours
    setext = b"iapt-evidence\n=============\n"
    assert clone_files.join("README.md", setext, ours).count("# Evidence submission") == 0


def test_a_gitignore_that_has_every_pattern_is_left_as_it_is() -> None:
    ours = "build/\n.venv/\n# a comment\n.*.inquiry-*\n"
    theirs = b"build/\n.venv/\n.*.inquiry-*\n"
    assert clone_files.join(".gitignore", theirs, ours) == theirs.decode()


@pytest.mark.parametrize("how", ["a link", "not UTF-8", "a folder"])
def test_a_readme_init_cannot_join_is_named_and_left(tmp_path: Path, how: str) -> None:
    root = tmp_path / "clone"
    (root / ".git").mkdir(parents=True)
    (root / "notes.md").write_text("mine\n", encoding="utf-8")
    if how == "a link":
        (root / "README.md").symlink_to("notes.md")
    elif how == "not UTF-8":
        (root / "README.md").write_bytes(b"\xff\xfe# t\x00i\x00")
    else:
        (root / "README.md").mkdir()
    before = {p.name: p.is_dir() for p in root.iterdir()}
    result = run("init", root)
    assert result.exit_code == 2, result.output
    assert "README.md" in result.output
    assert {p.name: p.is_dir() for p in root.iterdir()} == before


@pytest.mark.parametrize("failing_file", ["README.md", ".gitignore"])
def test_a_failed_init_leaves_the_clones_files_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_file: str
) -> None:
    from inquiry import atomic

    root = github_clone(tmp_path / "clone")
    real = atomic.os.replace
    calls = {"n": 0}

    def failing(source: Any, dest: Any) -> None:
        if Path(dest).name == failing_file and calls["n"] == 0:  # its first write, not undoing
            calls["n"] += 1
            raise OSError(errno.ENOSPC, "No space left on device", str(dest))
        real(source, dest)

    monkeypatch.setattr(atomic.os, "replace", failing)
    result = run("init", root)
    assert result.exit_code == 1, result.output
    assert calls["n"] == 1
    assert "no space left on the device" in result.output
    names = sorted(p.name for p in root.iterdir())
    assert names == [".git", ".gitignore", "LICENSE", "README.md"]
    assert (root / "README.md").read_text(encoding="utf-8") == GITHUB_README
    assert (root / ".gitignore").read_text(encoding="utf-8") == GITHUB_IGNORE


def test_a_link_in_the_clone_is_never_written_through(tmp_path: Path) -> None:
    """A clone can hold a symbolic link under any name: init's writes go through temporary
    files of names no one chose (a fixed `.README.md.inquiry-init` was written through)."""
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n", encoding="utf-8")
    root = github_clone(tmp_path / "clone")
    for name in (".README.md.inquiry-init", ".gitignore.inquiry-init", ".README.md.tmp"):
        (root / name).symlink_to(outside)
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert outside.read_text(encoding="utf-8") == "mine\n"
    assert "## Set up (two commands)" in (root / "README.md").read_text(encoding="utf-8")


def test_init_with_no_directory_writes_into_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`git init ours && cd ours && inquiry init`: the folder a new coalition is standing in."""
    here = github_clone(tmp_path / "ours")
    monkeypatch.chdir(here)
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (here / "evidence" / "submission.yaml").is_file()
    assert validate(here)[1].valid()
    assert "cd " not in result.stdout  # already there


def test_a_clone_with_a_readme_only_is_told_of_in_the_singular(tmp_path: Path) -> None:
    root = github_clone(tmp_path / "clone")
    (root / ".gitignore").unlink()
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert "kept the clone's README.md, adding inquiry's text to it\n" in result.output
