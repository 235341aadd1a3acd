"""The standing hostile-input suite (issue 9): each input in `tests/hostile/`, and those the test
makes itself (a FIFO, links to /dev/zero, a file over the size limit), is one clear problem at its
file from `inquiry validate`, exit 1, within a time ceiling, in a process limited to 1 GiB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import write_tree
from test_rules import ANCHOR, PE, SUBMISSION

HOSTILE = Path(__file__).parent / "hostile"
HOSTILE_FILE = "evidence/hostile.yaml"
SECONDS = 5.0
"""Per input, measured inside the process: validation itself, not the interpreter's start."""
MEMORY = 1 << 30
"""Address space of the whole run (RLIMIT_AS), pandoc included."""

# file in tests/hostile → (problem code, line in the file)
EXPECTED = {
    "bracket-run.yaml": ("markdown-bracket-depth", 7),
    "nested-brackets.yaml": ("markdown-bracket-depth", 7),
    "nested-images.yaml": ("markdown-bracket-depth", 7),
    "long-word.yaml": ("markdown-long-word", 7),
    "nested-frac.yaml": ("markdown-math-nesting", 7),
    "nested-superscripts.yaml": ("markdown-math-nesting", 7),
    "nested-quotes.yaml": ("markdown-nesting", 7),
    "nested-lists.yaml": ("markdown-nesting", 7),
    "nested-emphasis.yaml": ("markdown-emphasis", 7),
    "backtick-runs.yaml": ("markdown-backticks", 7),
    "lone-surrogate.yaml": ("text-character", 7),
    "control-character.yaml": ("text-character", 7),
    "noncharacter-title.yaml": ("text-character", 4),
    "noncharacter-raw.yaml": ("yaml-syntax", 4),
    "sample-size-range.yaml": ("schema-value", 12),
    "infinite-value.yaml": ("schema-value", 18),
    "nan-value.yaml": ("schema-value", 18),
    "float-overflow.yaml": ("schema-value", 18),
}

RUNNER = textwrap.dedent(
    """
    import contextlib, io, json, resource, sys, time, traceback
    from inquiry.cli import main
    out = []
    for root in json.loads(sys.argv[1]):
        buffer = io.StringIO()
        start = time.perf_counter()
        code = None
        try:
            with contextlib.redirect_stdout(buffer):
                main(["validate", "--root", root, "--format", "json"], standalone_mode=False)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            code = "traceback: " + traceback.format_exc()
        out.append({"root": root, "exit": code, "stdout": buffer.getvalue(),
                    "seconds": time.perf_counter() - start})
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"runs": out, "max_rss_kib": rss}))
    """
)


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_all(roots: list[Path]) -> tuple[dict[str, dict[str, object]], int]:
    """Run `inquiry validate --format json` on each root in one process under the memory limit;
    each run's exit code, output and seconds by root, and the peak resident size."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps([str(r) for r in roots])],
        capture_output=True,
        text=True,
        timeout=60 + SECONDS * len(roots),
        preexec_fn=_limited,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    result = json.loads(done.stdout)
    return {r["root"]: r for r in result["runs"]}, int(result["max_rss_kib"])


def make_root(base: Path, name: str, hostile: str | bytes | None) -> Path:
    root = base / name
    tree: dict[str, str | bytes] = {
        "evidence/submission.yaml": SUBMISSION,
        "evidence/anchor.yaml": ANCHOR,
    }
    if hostile is not None:
        tree["evidence/hostile.yaml"] = hostile
    return write_tree(root, tree)


def made_by_the_test(base: Path) -> dict[str, tuple[Path, str, str]]:
    """Inputs git cannot carry: name → (root, problem code, file)."""
    cases: dict[str, tuple[Path, str, str]] = {}
    fifo = make_root(base, "fifo", None)
    os.mkfifo(fifo / "evidence/hostile.yaml")
    cases["fifo item"] = (fifo, "file-not-regular", "evidence/hostile.yaml")
    zero = make_root(base, "zero", None)
    os.symlink("/dev/zero", zero / "evidence/hostile.yaml")
    cases["item linked to /dev/zero"] = (zero, "file-outside", "evidence/hostile.yaml")
    exhibit = PE.replace("PE-001", "PE-002") + (
        "exhibits:\n  - {file: exhibits/zero.pdf, description: Endless}\n"
    )
    zero_exhibit = make_root(base, "zero-exhibit", exhibit)
    (zero_exhibit / "evidence/exhibits").mkdir()
    os.symlink("/dev/zero", zero_exhibit / "evidence/exhibits/zero.pdf")
    cases["exhibit linked to /dev/zero"] = (
        zero_exhibit,
        "exhibit-outside",
        "evidence/hostile.yaml",
    )
    fifo_exhibit = make_root(base, "fifo-exhibit", exhibit)
    (fifo_exhibit / "evidence/exhibits").mkdir()
    os.mkfifo(fifo_exhibit / "evidence/exhibits/zero.pdf")
    cases["fifo exhibit"] = (fifo_exhibit, "exhibit-not-file", HOSTILE_FILE)
    huge = make_root(base, "huge", None)
    with open(huge / "evidence/hostile.yaml", "wb") as out:
        out.truncate(64 << 20)  # sparse: 64 MB that must not be read
    cases["64 MB item"] = (huge, "file-too-large", "evidence/hostile.yaml")
    word = make_root(
        base,
        "word",
        PE.replace("PE-001", "PE-002").replace("summary: A summary.", "summary: " + "w" * 400_000),
    )
    cases["400,000-character word"] = (word, "markdown-too-long", "evidence/hostile.yaml")
    # Not hostile: proof that pandoc itself runs within the memory limit.
    raw = make_root(
        base,
        "raw",
        PE.replace("PE-001", "PE-002").replace(
            "summary: A summary.", "summary: '<script>alert(1)</script>'"
        ),
    )
    cases["raw HTML, through pandoc"] = (raw, "markdown-raw", "evidence/hostile.yaml")
    return cases


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_every_hostile_input_is_one_problem_at_its_file(tmp_path: Path) -> None:
    roots = {
        name: make_root(tmp_path, name.removesuffix(".yaml"), (HOSTILE / name).read_bytes())
        for name in EXPECTED
    }
    made = made_by_the_test(tmp_path / "made")
    runs, rss_kib = run_all([*roots.values(), *(root for root, _, _ in made.values())])
    failures = []
    for name, root in roots.items():
        code, line = EXPECTED[name]
        failures += _judge(name, runs[str(root)], code, "evidence/hostile.yaml", line)
    for name, (root, code, file) in made.items():
        failures += _judge(name, runs[str(root)], code, file, None)
    assert failures == []
    assert rss_kib * 1024 < MEMORY


def _judge(name: str, run: dict[str, object], code: str, file: str, line: int | None) -> list[str]:
    if run["exit"] != 1:
        return [f"{name}: exit {run['exit']}"]
    payload = json.loads(str(run["stdout"]))
    found = [(p["code"], p["file"], p["line"]) for p in payload["problems"]]
    wrong = []
    if not any(c == code and f == file and (line is None or n == line) for c, f, n in found):
        wrong.append(f"{name}: expected {code} at {file}:{line}, got {found}")
    if float(str(run["seconds"])) > SECONDS:
        wrong.append(f"{name}: took {float(str(run['seconds'])):.1f} s")
    return wrong


def test_the_folder_and_the_table_agree() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(EXPECTED)
