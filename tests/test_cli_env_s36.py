"""Red-team h129's findings of stop 36 on the commands' surroundings: the C locale with a
repository path that is not ASCII, an `--out` that cannot be written or is a mount point, a
local `--source`, a reader that goes away, `TERM=dumb`, an ignored INQUIRY_CACHE_MAX, and what
a restricted or HTML-only build says afterwards."""

from __future__ import annotations

import errno
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inquiry import cli_output, install, markdown, out_lock
from inquiry.build import OUTPUTS
from inquiry.cli import main
from inquiry.errors import BuildFailed
from inquiry.scaffold import init, pinned_source

EPOCH = "1700000000"
REPO = Path(__file__).resolve().parents[1]
NOT_ASCII = "dir with spaces/Évidence ünïcode 証拠"


def run(cache: Path, *args: str | Path, **env: str) -> Result:
    return CliRunner().invoke(
        main,
        [str(a) for a in args],
        prog_name="inquiry",
        env={"SOURCE_DATE_EPOCH": EPOCH, "INQUIRY_CACHE_DIR": str(cache), **env},
        catch_exceptions=False,
    )


def committed(root: Path) -> Path:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "evidence"]):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
            capture_output=True,
            check=True,
        )
    return root


# 1. pandoc under LC_ALL=C with a path that is not ASCII


def test_pandoc_reads_a_path_that_is_not_ascii_under_the_c_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / NOT_ASCII
    folder.mkdir(parents=True)
    reference = folder / "reference.docx"
    shutil.copy(REPO / "inquiry/data/reference.docx", reference)
    monkeypatch.setenv("LC_ALL", "C")
    doc = json.dumps({"pandoc-api-version": markdown.API_VERSION, "meta": {}, "blocks": []})
    out = folder / "out.docx"
    args = ["-f", "json", "-t", "docx", f"--reference-doc={reference}", "-o", str(out)]
    markdown.run_pandoc(args, doc)
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_a_docx_build_in_a_folder_that_is_not_ascii_under_the_c_locale_is_the_same(
    tmp_path: Path, build_cache: Path, locale: str
) -> None:
    root = tmp_path / NOT_ASCII
    init(root)
    committed(root)
    here = run(build_cache, "build", "--root", root, "--format", "docx", "-q", LC_ALL="C.UTF-8")
    assert here.exit_code == 0, here.output
    made = (root / "build/bundle.docx").read_bytes()
    c = run(build_cache, "build", "--root", root, "--format", "docx", "-q", LC_ALL=locale)
    assert c.exit_code == 0, c.output
    assert "not found in resource path" not in c.output
    assert (root / "build/bundle.docx").read_bytes() == made  # the same bytes


# 2. an --out that cannot be written, or is a mount point


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` look like a read-only file system (tests run as root, where a chmod'ed
    folder is still writable)."""
    real_access, real_statvfs = os.access, os.statvfs

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    def statvfs(path: Any) -> Any:
        found = real_statvfs(path)
        if Path(path) != folder:
            return found
        return os.statvfs_result((*found[:8], found.f_flag | os.ST_RDONLY, found.f_namemax))

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "statvfs", statvfs)


def test_an_out_on_a_read_only_file_system_is_refused_before_the_build(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    init(root)
    ro = tmp_path / "ro"
    ro.mkdir()
    _read_only(monkeypatch, ro)
    for out in (ro / "sub", ro / "sub" / "deeper"):
        why = install.out_problem(root, out, chosen=True, outputs=OUTPUTS)
        assert why is not None
        assert f"the folder {ro} cannot be written (read-only file system)" in why
        assert "lock file" not in why
    result = run(build_cache, "build", "--root", root, "--out", ro / "sub", "--format", "html")
    assert result.exit_code == 2, result.output
    assert f"the folder {ro} cannot be written (read-only file system)" in result.output
    assert "give --out a folder" in result.output
    assert "Validating" not in result.output
    assert list(ro.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder of mode 555")
def test_an_out_in_a_folder_without_write_permission_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        why = install.out_problem(root, locked / "sub", chosen=True, outputs=OUTPUTS)
    finally:
        locked.chmod(0o755)
    assert why is not None
    assert f"the folder {locked} cannot be written (permission denied)" in why


def test_a_lock_that_cannot_be_made_names_the_folder_not_a_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    lock = out_lock.lock_path(out)
    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == lock:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(BuildFailed) as caught, install.staging(out):
        pass
    said = str(caught.value)
    assert f"the folder {tmp_path} cannot be written (read-only file system)" in said
    assert "lock file" not in said and "remove it" not in said


def test_a_mount_point_as_out_is_refused_before_the_build(
    tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    init(root)
    mount = tmp_path / "mnt"
    mount.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == mount or real(p))
    why = install.out_problem(root, mount, chosen=True, outputs=OUTPUTS)
    assert why is not None and "is a mount point" in why
    assert f"--out {mount / 'build'}" in why
    result = run(build_cache, "build", "--root", root, "--out", mount, "--format", "html")
    assert result.exit_code == 2, result.output
    assert "is a mount point" in result.output
    assert list(mount.iterdir()) == []


# 3. a local --source


def test_an_explicit_local_source_is_warned_of(tmp_path: Path) -> None:
    tool = tmp_path / "tool"
    tool.mkdir()
    (tool / "README").write_text("the tool\n", encoding="utf-8")
    committed(tool)
    for given in (f"{tool}@HEAD", f"{tool.as_uri()}@HEAD"):
        _, warnings = pinned_source(given)
        said = [w for w in warnings if "only this machine can reach" in w]
        assert said, (given, warnings)
        assert "--source URL@REF" in said[0]
    _, warnings = pinned_source("https://github.com/example/inquiry@v1.0.0")
    assert warnings == ()


def test_init_with_a_local_source_prints_the_warning(tmp_path: Path) -> None:
    tool = tmp_path / "tool"
    tool.mkdir()
    (tool / "README").write_text("the tool\n", encoding="utf-8")
    committed(tool)
    result = CliRunner().invoke(main, ["init", str(tmp_path / "j4"), "--source", f"{tool}@HEAD"])
    assert result.exit_code == 0, result.output
    assert "warning: the pinned source is the local repository" in result.stderr


# 4. a reader that goes away


def _inquiry(*args: str | Path, closed: bool) -> subprocess.CompletedProcess[str]:
    read, write = os.pipe()
    if closed:
        os.close(read)  # the reader has gone before anything is written
    command = [sys.executable, "-m", "inquiry", *(str(a) for a in args)]
    try:
        return subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
        if not closed:
            os.close(read)


@pytest.fixture(scope="module")
def invalid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A submission with many problems: a report far larger than a pipe's buffer."""
    root = tmp_path_factory.mktemp("s36") / "repo"
    init(root)
    for n in range(300):
        (root / f"evidence/testimonies/TM-{n + 100:03}.yaml").write_text(
            f"id: TM-{n + 100:03}\nkind: testimony\ntitle: {'x' * 200}\n", encoding="utf-8"
        )
    return root


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_reader_gone_before_the_report_leaves_the_verdict(
    tmp_path: Path, invalid: Path, fmt: str
) -> None:
    valid = tmp_path / "valid"
    init(valid)
    done = _inquiry("validate", "--root", valid, "--format", fmt, closed=True)
    assert (done.returncode, done.stderr) == (0, "")
    done = _inquiry("validate", "--root", invalid, "--format", fmt, closed=True)
    assert (done.returncode, done.stderr) == (1, "")
    done = _inquiry("--help", closed=True)
    assert (done.returncode, done.stderr) == (0, "")
    # The README's example: `head` leaves after one line of a report far larger than a pipe.
    shell = f"{sys.executable} -m inquiry validate --root '{invalid}' | head -1 >/dev/null"
    done = subprocess.run(
        ["bash", "-c", shell + "; echo ${PIPESTATUS[0]}"], capture_output=True, text=True
    )
    assert done.stdout.strip() == "1", done.stderr
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


def test_the_readme_says_what_a_reader_going_away_does() -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "ends quietly with exit 141" not in readme
    assert "the exit code is still the command's own" in readme


# 5. TERM=dumb


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_honours_term_dumb_and_the_stream_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys, "stdout", _Terminal(True))
    monkeypatch.setenv("TERM", "xterm-256color")
    assert cli_output.color()
    monkeypatch.setenv("TERM", "dumb")
    assert not cli_output.color()
    monkeypatch.setenv("TERM", "xterm-256color")
    # A build's warnings go to stderr: a log there gets no colour, whatever stdout is.
    assert not cli_output.color(_Terminal(False))  # type: ignore[arg-type]
    assert cli_output.color(_Terminal(True))  # type: ignore[arg-type]


def test_validate_on_a_dumb_terminal_has_no_escape_codes(invalid: Path) -> None:
    def shown(term: str) -> bytes:
        main_fd, child_fd = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env["TERM"] = term
        command = [sys.executable, "-m", "inquiry", "validate", "--root", str(invalid)]
        with subprocess.Popen(command, stdout=child_fd, stderr=subprocess.DEVNULL, env=env) as p:
            os.close(child_fd)
            chunks = []
            while True:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            p.wait()
        os.close(main_fd)
        return b"".join(chunks)

    assert b"\x1b[" in shown("xterm")
    dumb = shown("dumb")
    assert b"\x1b[" not in dumb and b"TM-100" in dumb


# 6. an ignored INQUIRY_CACHE_MAX


def test_cache_info_warns_of_an_ignored_limit_when_the_cache_is_also_unusable(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(blocker, "cache", "info", INQUIRY_CACHE_MAX="lots")
    assert "INQUIRY_CACHE_MAX ignored: not a size: 'lots'" in result.stderr
    assert "cannot be written" in result.stderr


# 7 and 8. what a restricted or an HTML-only build says afterwards


def test_removed_redactions_of_a_restricted_build_is_not_called_a_format() -> None:
    said = cli_output.removed([Path("build/redactions.json")], ("pdf", "docx"), restricted=True)
    assert "did not make" not in said and "format" not in said
    assert "a restricted build does not write" in said
    both = cli_output.removed(
        [Path("build/bundle.docx"), Path("build/redactions.json")], ("pdf",), restricted=True
    )
    first, second = both.splitlines()
    assert first.startswith("removed build/bundle.docx: ") and "(--format pdf)" in first
    assert second.startswith("removed build/redactions.json: ")


def test_a_restricted_build_after_a_public_one_says_why_redactions_went(
    tmp_path: Path, build_cache: Path
) -> None:
    root = tmp_path / "repo"
    init(root)
    public = run(build_cache, "build", "--root", root, "--format", "html", "-q")
    assert public.exit_code == 0, public.output
    assert (root / "build/redactions.json").is_file()
    restricted = run(
        build_cache, "build", "--root", root, "--format", "html", "--audience", "restricted", "-q"
    )
    assert restricted.exit_code == 0, restricted.output
    assert not (root / "build/redactions.json").exists()
    line = next(s for s in restricted.stderr.splitlines() if s.startswith("removed"))
    assert "redactions.json" in line and "a restricted build does not write" in line
    assert "did not make" not in line and "name every format" not in line

    # 8: serve after this HTML-only build
    served = run(build_cache, "serve", "--root", root)
    assert served.exit_code == 1
    assert "made no PDF" in served.output and "--format pdf" in served.output
    assert "run `inquiry build` first" not in served.output
