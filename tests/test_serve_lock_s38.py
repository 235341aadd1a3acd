"""Stop 38, red team h148: `serve` run while a build wrote to the same folder read a set the
build swapped midway and was refused with "rebuild", the wrong advice. It now holds the bundle
set's lock while it reads: a build running is said as such, and none can swap the set under it."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import run

from inquiry.out_lock import hold, lock_path, release
from inquiry.scaffold import init


def test_serve_waits_for_no_build_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    fd = hold(root / "build")  # as a build running would
    try:
        code, out = run("serve", "--root", root)
    finally:
        release(root / "build", fd)
    assert code == 1, out
    assert "a build (process " in out and "serve once it has finished" in out, out
    assert "rebuild" not in out
    assert not (root / "served/public.json").exists()
    code, out = run("serve", "--root", root)
    assert code == 0, out
    assert not lock_path(root / "build").exists()
