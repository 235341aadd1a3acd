"""The README's two set-up commands work as written with Debian's own python3.

Debian's and Ubuntu's system python3 refuses `pip install` outside a virtual environment (PEP 668),
and a fresh system lacks `ensurepip` (the python3-venv package). The commands run in a copy of
this checkout, with `PIP_REQUIRE_VIRTUALENV=1`, no `inquiry` on PATH, and — where a private mount
namespace can be made (root) — ensurepip and the system pip hidden, as on a fresh system.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = Path("/usr/bin/python3")
TIMEOUT = 900


def _stdlib() -> Path | None:
    if not SYSTEM_PYTHON.exists():
        return None
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return Path(done.stdout.strip()) if done.returncode == 0 else None


STDLIB = _stdlib()
pytestmark = pytest.mark.skipif(
    STDLIB is None or not (STDLIB / "EXTERNALLY-MANAGED").exists(),
    reason="needs a Debian-style system python3 (/usr/bin/python3 marked EXTERNALLY-MANAGED)",
)


def readme_commands() -> list[str]:
    """The shell commands of README.md's `## Set up` block, comments removed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Set up.*?^```sh\n(.*?)^```", readme, re.S | re.M)
    assert block, "README.md has a `## Set up` section with a ```sh block"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def _copy_of_checkout(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for rel in filter(None, listed.stdout.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _hiding() -> list[str]:
    """A prefix that runs a command with ensurepip and the system pip hidden, or [] if it can't."""
    assert STDLIB is not None
    hidden = [
        p for p in (STDLIB / "ensurepip", Path("/usr/lib/python3/dist-packages/pip")) if p.is_dir()
    ]
    if not hidden or shutil.which("unshare") is None:
        return []
    mounts = " && ".join(f"mount -t tmpfs none '{p}'" for p in hidden)
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"{mounts} && true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return []
    return ["unshare", "-m", "sh", "-c", f'{mounts} && exec bash -c "$0"']


def test_the_readmes_two_commands_work_with_debians_python3(tmp_path: Path) -> None:
    commands = readme_commands()
    assert len(commands) == 2, commands
    repo = _copy_of_checkout(tmp_path / "clone")
    path = os.pathsep.join(
        d for d in ("/usr/local/bin", "/usr/bin", "/bin") if not shutil.which("inquiry", path=d)
    )
    assert Path(shutil.which("python3", path=path) or "").resolve() == SYSTEM_PYTHON.resolve()
    env = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "SSL_", "LANG", "LC_"))}
    env |= {
        "PATH": path,
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PIP_REQUIRE_VIRTUALENV": "1",
    }

    prefix = _hiding()
    first = subprocess.run(
        [*(prefix or ["bash", "-c"]), commands[0]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    for name in ("bundle.pdf", "bundle.docx", "manifest.json"):
        assert (repo / "build" / name).is_file(), name

    # The second command as written; collecting (not running) the suite proves the test
    # environment is complete without running this test inside itself.
    second = subprocess.run(
        ["bash", "-c", commands[1]],
        cwd=repo,
        env={**env, "PYTEST_ADDOPTS": "--collect-only -q"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "tests/test_first_day.py" in second.stdout


def test_a_new_coalitions_readme_commands_install_the_pinned_source(tmp_path: Path) -> None:
    """`inquiry init --source <this checkout>@HEAD`, then its README's two commands, as written."""
    from inquiry.scaffold import init

    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        pytest.skip("not a git checkout: the new repository installs inquiry from HEAD")
    repo = tmp_path / "coalition"
    init(repo, source=f"{ROOT}@{head.stdout.strip()}")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Set up.*?^```sh\n(.*?)^```", readme, re.S | re.M)
    assert block
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2, commands
    path = os.pathsep.join(
        d for d in ("/usr/local/bin", "/usr/bin", "/bin") if not shutil.which("inquiry", path=d)
    )
    env = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "SSL_", "LANG", "LC_"))}
    env |= {
        "PATH": path,
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PIP_REQUIRE_VIRTUALENV": "1",
    }
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, command + "\n" + done.stdout[-3000:] + done.stderr[-3000:]
    assert (repo / "build/bundle.pdf").is_file()
    installed = subprocess.run(
        [repo / ".venv/bin/python", "-m", "pip", "show", "--files", "inquiry-bundle"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Name: inquiry-bundle" in installed
