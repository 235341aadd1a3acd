"""A Ctrl-C while Python is still importing the command (its first tenth of a second) ends as
one during a command does: "interrupted" and exit status 130, never a traceback (which a user
reads as a crash) nor death by the signal (which a script reads as something else again)."""

from __future__ import annotations

import signal
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Holds the import of inquiry.cli until the parent's SIGINT arrives: a real signal, at a moment
# the test chooses, not a race against the import's speed.
SLOW_IMPORT = """
import importlib.abc, sys, time

class Slow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "inquiry.cli":
            print("importing", flush=True)
            time.sleep(60)
        return None

sys.meta_path.insert(0, Slow())
sys.argv = ["inquiry", "--help"]
import runpy
runpy.run_module("inquiry", run_name="__main__")
"""


def test_sigint_while_the_cli_is_imported_exits_130() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        # A background job may have inherited SIGINT ignored (a CI runner's, `cmd &` in a
        # script): Python then takes no Ctrl-C at all. A person's terminal never ignores it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "importing"
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, (child.returncode, err)
    assert "interrupted" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_the_installed_command_is_the_entry_point() -> None:
    """The console script `inquiry` runs `inquiry.entry:run`, which holds the guard."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["inquiry"] == "inquiry.entry:run"


def test_the_entry_point_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inquiry", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: inquiry" in done.stdout
