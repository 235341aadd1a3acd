"""A fresh `inquiry init` repository passes `pre-commit run --all-files` with only pre-commit.

The hook installs inquiry by itself from this repository at HEAD (`--source <this checkout>@HEAD`),
into pre-commit's own environment: no `inquiry` is on PATH and pip may install nothing outside a
virtual environment. The repository is made by HEAD's inquiry too, as a fresh clone would make
it, so uncommitted work in this checkout cannot make the two disagree.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900  # installing the hook's environment downloads inquiry's dependencies once

pytest.importorskip("pre_commit", reason="pre-commit (a dev dependency) is not installed")


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


@pytest.fixture(scope="module")
def head(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """HEAD's commit and its `inquiry` package, exported where only it is importable."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    if commit.returncode != 0:
        pytest.skip("not a git checkout: the hook is installed from this repository's HEAD")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD", "inquiry"],
        capture_output=True,
        check=True,
    )
    export = tmp_path_factory.mktemp("head")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(export, filter="data")
    return commit.stdout.strip(), export


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """This environment minus every `inquiry` on PATH, with a pre-commit cache of its own."""
    out = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    out["PATH"] = os.pathsep.join(
        d for d in out.get("PATH", "").split(os.pathsep) if not shutil.which("inquiry", path=d)
    )
    out["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    out["PIP_REQUIRE_VIRTUALENV"] = "1"
    out["PRE_COMMIT_COLOR"] = "never"
    assert shutil.which("inquiry", path=out["PATH"]) is None
    index = _run([sys.executable, "-m", "pip", "index", "versions", "setuptools"], ROOT, out)
    if index.returncode != 0:
        pytest.skip(
            f"pre-commit cannot reach the package index to install the hook: {index.stderr}"
        )
    return out


def _init(head: tuple[str, Path], target: Path, env: dict[str, str], *extra: str) -> None:
    """`inquiry init` (and `extra` Python statements) run by HEAD's inquiry, then `git add`."""
    commit, export = head
    script = "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "import inquiry.scaffold as s",
            "assert Path(s.__file__).is_relative_to(sys.argv[3]), s.__file__",
            "root = Path(sys.argv[1])",
            "s.init(root, source=sys.argv[2])",
            *extra,
        ]
    )
    python_env = {**env, "PYTHONPATH": str(export)}
    args = [sys.executable, "-c", script, str(target), f"{ROOT}@{commit}", str(export)]
    subprocess.run(args, cwd=export, env=python_env, check=True, timeout=60)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)


def _pre_commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"], repo, env)


def test_a_fresh_repository_passes_with_the_hook_installing_itself(
    tmp_path: Path, head: tuple[str, Path], env: dict[str, str]
) -> None:
    _init(head, tmp_path / "repo", env)
    done = _pre_commit(tmp_path / "repo", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Installing environment for" in done.stdout  # from the pinned source, by pre-commit
    for hook in ("inquiry validate", "inquiry schema --check"):
        assert any(
            line.startswith(hook) and line.endswith("Passed") for line in done.stdout.splitlines()
        )


def test_the_hook_refuses_a_misspelt_field(
    tmp_path: Path, head: tuple[str, Path], env: dict[str, str]
) -> None:
    _init(
        head,
        tmp_path / "repo",
        env,
        "p = root / 'evidence/policy_extracts/PE-001.yaml'",
        "p.write_text(p.read_text().replace('  publisher:', '  pubisher:', 1))",
    )
    done = _pre_commit(tmp_path / "repo", env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "evidence/policy_extracts/PE-001.yaml" in done.stdout
    assert "schema-unknown-field" in done.stdout


def test_a_draft_never_blocks_a_commit(
    tmp_path: Path, head: tuple[str, Path], env: dict[str, str]
) -> None:
    _init(head, tmp_path / "repo", env, "s.new_item(root, 'testimony')")
    done = _pre_commit(tmp_path / "repo", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "evidence/testimonies/TM-002.yaml" in done.stdout  # reported, as warnings
