"""The bundle set changes as one: a build killed at every step leaves a matching set in `out`
(old or new, never mixed), the next build cleans up after it, and two builds cannot interleave."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from inquiry import install as install_module
from inquiry.errors import BuildFailed
from inquiry.install import FAULTS, carry_over, install, staging
from inquiry.out_lock import BuildLocked, lock_path

PROGRAM = """
    import errno, hashlib, json, os, sys, types
    from pathlib import Path

    # Import only the module under test: the package's __init__ pulls in the whole build.
    package = types.ModuleType("inquiry")
    package.__path__ = [os.environ["TEST_INQUIRY_DIR"]]
    sys.modules["inquiry"] = package
    import inquiry.install as inst

    if os.environ.get("TEST_NO_EXCHANGE"):
        def unsupported(a, b):
            raise OSError(errno.EINVAL, "no RENAME_EXCHANGE here")
        inst.exchange = unsupported

    out, version = Path(sys.argv[1]), sys.argv[2]
    pdf = f"%PDF {version} ".encode() * 20_000
    with inst.staging(out) as staged:
        (staged / "bundle.pdf").write_bytes(pdf)
        (staged / "bundle.docx").write_bytes(version.encode())
        (staged / "html").mkdir()
        (staged / "html" / "index.html").write_text(version)
        manifest = {"version": version, "sha256": hashlib.sha256(pdf).hexdigest()}
        (staged / "manifest.json").write_text(json.dumps(manifest))
        inst.install(staged, out)
"""


def run_build(out: Path, version: str, *, fault: str | None = None, fallback: bool = False) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("INQUIRY_FAULT", "TEST_NO_EXCHANGE")}
    env["TEST_INQUIRY_DIR"] = str(Path(install_module.__file__).parent)
    if fault:
        env["INQUIRY_FAULT"] = fault
    if fallback:
        env["TEST_NO_EXCHANGE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROGRAM), str(out), version],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode in (0, -9), done.stderr.decode()
    return done.returncode


def read_set(out: Path) -> str:
    """The version `out` holds, after checking that every file of the set agrees."""
    manifest = json.loads((out / "manifest.json").read_text())
    pdf = (out / "bundle.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == manifest["sha256"], "PDF and manifest differ"
    assert pdf.startswith(f"%PDF {manifest['version']} ".encode())
    assert (out / "bundle.docx").read_text() == manifest["version"]
    assert (out / "html" / "index.html").read_text() == manifest["version"]
    return str(manifest["version"])


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if ".inquiry-" in p.name)


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_a_build_killed_at_any_step_leaves_a_matching_set(tmp_path: Path, fallback: bool) -> None:
    out = tmp_path / "build"
    assert run_build(out, "v0") == 0
    (out / "notes.txt").write_text("the user's own file")
    left: list[str] = []
    for n, point in enumerate(FAULTS, start=1):
        before = read_set(out) if out.exists() else None
        code = run_build(out, f"v{n}", fault=point, fallback=fallback)
        # Whatever the killed build before left, this one removed before starting.
        assert not set(left) & set(leftovers(out)), point
        left = [name for name in leftovers(out) if not name.endswith("-lock")]
        reached = fallback or point != "between-renames"
        assert code == (-9 if reached else 0), point
        if not out.exists():
            # Only the fallback has an instant without `out`; the next build puts it back.
            assert fallback and point == "between-renames"
            continue
        now = read_set(out)
        expect_new = point in ("after-swap", "during-cleanup") or not reached
        assert now == (f"v{n}" if expect_new else before), point
        assert (out / "notes.txt").read_text() == "the user's own file"
    assert run_build(out, "last", fallback=fallback) == 0
    assert read_set(out) == "last"
    assert leftovers(out) == []  # the lock file too is removed when released
    assert (out / "notes.txt").read_text() == "the user's own file"


def test_the_set_seen_through_out_is_never_mixed(tmp_path: Path) -> None:
    # A reader holding `out` open sees one set for as long as it reads, while builds swap.
    out = tmp_path / "build"
    assert run_build(out, "v0") == 0
    watcher = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WATCHER), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for n in range(1, 4):
            assert run_build(out, f"v{n}") == 0
    finally:
        watcher.terminate()
        stdout, stderr = watcher.communicate(timeout=10)
    assert "MIXED" not in stdout and "Traceback" not in stderr, stdout + stderr
    assert int(stdout.split()[-1]) > 10  # it did look, many times


WATCHER = """
    import hashlib, json, os, signal, sys
    out = sys.argv[1]
    seen = 0
    signal.signal(signal.SIGTERM, lambda *_: (print(seen, flush=True), os._exit(0)))
    while True:
        try:
            fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            print("MISSING", flush=True)
            continue
        try:
            def read(name):
                with open(name, "rb", opener=lambda p, f: os.open(p, f, dir_fd=fd)) as fh:
                    return fh.read()
            manifest = json.loads(read("manifest.json"))
            pdf = read("bundle.pdf")
            if hashlib.sha256(pdf).hexdigest() != manifest["sha256"]:
                print("MIXED", flush=True)
            seen += 1
        except (FileNotFoundError, json.JSONDecodeError):
            pass  # this folder became the old set and is being removed: absent, not mixed
        finally:
            os.close(fd)
"""


def test_a_second_build_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with staging(out) as staged:
        with pytest.raises(BuildLocked) as info, staging(out):
            pass
        assert str(info.value) == (
            f"another build (process {os.getpid()}) is writing to {out}; wait for it to finish"
        )
        assert staged.is_dir()
    with staging(out):  # released
        pass
    assert lock_path(out) == tmp_path / ".build.inquiry-lock"


def test_a_lock_held_by_another_process(tmp_path: Path) -> None:
    out = tmp_path / "build"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from inquiry.install import staging\n"
            "with staging(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(BuildLocked, match=f"process {holder.pid}"), staging(out):
            pass
    finally:
        holder.kill()
        holder.wait()
    with staging(out) as staged:  # a killed holder's lock and staging folder are gone
        assert leftovers(out) == [".build.inquiry-lock", staged.name]


@pytest.mark.parametrize("kind", ["link", "dangling", "folder", "fifo"])
def test_a_lock_path_a_pull_request_made_a_link_or_folder_is_refused_untouched(
    tmp_path: Path, kind: str
) -> None:
    """A committed `.build.inquiry-lock` link would have the build truncate its target (any
    file the runner can write) and write a pid there: it is refused, and nothing is written."""
    out = tmp_path / "repo" / "build"
    out.parent.mkdir()
    victim = tmp_path / "precious.txt"
    lock = lock_path(out)
    if kind == "link":
        victim.write_text("keep me\n", encoding="utf-8")
        lock.symlink_to(victim)
    elif kind == "dangling":
        lock.symlink_to(victim)
    elif kind == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
    with pytest.raises(BuildFailed, match="cannot be the build's lock file"), staging(out):
        pass
    if kind == "link":
        assert victim.read_text(encoding="utf-8") == "keep me\n"
    else:
        assert not victim.exists()
    assert not out.exists()


def test_a_committed_old_set_link_is_removed_never_made_the_output(tmp_path: Path) -> None:
    """What a killed build leaves is a folder; a link of that name leads elsewhere."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "file.txt").write_text("outside\n", encoding="utf-8")
    out = tmp_path / "repo" / "build"
    out.parent.mkdir()
    (out.parent / ".build.inquiry-old-1").symlink_to(outside, target_is_directory=True)
    with staging(out) as staged:
        assert not out.exists()  # the link was not made the output
        (staged / "bundle.pdf").write_bytes(b"%PDF-new")
        install(staged, out)
    assert out.is_dir() and not out.is_symlink()
    assert (out / "bundle.pdf").read_bytes() == b"%PDF-new"
    assert (outside / "file.txt").read_text(encoding="utf-8") == "outside\n"
    assert not (out.parent / ".build.inquiry-old-1").exists()


def test_an_error_inside_staging_leaves_the_old_set_and_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert run_build(out, "v0") == 0
    with pytest.raises(RuntimeError, match="renderer failed"), staging(out) as staged:
        (staged / "bundle.pdf").write_bytes(b"half a bundle")
        raise RuntimeError("renderer failed")
    assert read_set(out) == "v0"
    assert leftovers(out) == []


def test_first_install_and_user_files(tmp_path: Path) -> None:
    out = tmp_path / "new" / "build"
    with staging(out) as staged:
        (staged / "bundle.pdf").write_bytes(b"1")
        install(staged, out)
    assert (out / "bundle.pdf").read_bytes() == b"1"
    (out / "mine").mkdir()
    (out / "mine" / "a.txt").write_text("a")
    os.symlink("mine/a.txt", out / "link")
    (out / "bundle.docx").write_bytes(b"stale docx")
    inode = (out / "mine" / "a.txt").stat().st_ino
    with staging(out) as staged:
        (staged / "bundle.pdf").write_bytes(b"2")
        install(staged, out, owned={"bundle.pdf", "bundle.docx", "manifest.json"})
    assert sorted(p.name for p in out.iterdir()) == ["bundle.pdf", "link", "mine"]
    assert (out / "bundle.pdf").read_bytes() == b"2"
    assert (out / "mine" / "a.txt").stat().st_ino == inode  # linked, not copied
    assert os.readlink(out / "link") == "mine/a.txt"


def test_the_builds_files_win_over_the_old_ones(tmp_path: Path) -> None:
    out, staged = tmp_path / "out", tmp_path / "staged"
    (out / "html").mkdir(parents=True)
    (out / "html" / "old.html").write_text("old")
    (out / "html" / "index.html").write_text("old")
    (out / "report").write_text("a file where the build now writes a folder")
    (staged / "html").mkdir(parents=True)
    (staged / "html" / "index.html").write_text("new")
    (staged / "report").mkdir()
    carry_over(out, staged)
    assert (staged / "html" / "index.html").read_text() == "new"
    assert (staged / "html" / "old.html").read_text() == "old"
    assert (staged / "report").is_dir()


def test_out_through_a_symlink_and_out_not_a_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    with staging(tmp_path / "alias") as staged:
        (staged / "bundle.pdf").write_bytes(b"x")
        install(staged, tmp_path / "alias")
    assert (tmp_path / "alias").is_symlink() and (real / "bundle.pdf").read_bytes() == b"x"
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(NotADirectoryError), staging(tmp_path / "file"):
        pass


def test_install_refuses_a_folder_that_is_not_its_staging(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ValueError, match="not a staging folder"):
        install(tmp_path / "elsewhere", tmp_path / "build")


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    try:
        install_module.exchange(tmp_path / "a", tmp_path / "b")
    except OSError as exc:  # pragma: no cover - a file system without RENAME_EXCHANGE
        assert exc.errno in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP)
        pytest.skip("RENAME_EXCHANGE is not supported here")
    assert (tmp_path / "b" / "x").read_text() == "a"
    assert not list((tmp_path / "a").iterdir())
    with pytest.raises(FileNotFoundError):
        install_module.exchange(tmp_path / "a", tmp_path / "missing")


def test_faults_are_off_by_default() -> None:
    start = time.monotonic()
    for point in FAULTS:
        install_module.fault(point)  # still alive
    assert time.monotonic() - start < 1


def test_the_output_folder_gets_the_mode_a_new_folder_would_and_keeps_a_chosen_one(
    tmp_path: Path,
) -> None:
    """Not the staging folder's private 0700: CI uploads and web servers read build/."""
    out = tmp_path / "build"
    old = os.umask(0o022)
    try:
        with staging(out) as staged:
            (staged / "bundle.pdf").write_bytes(b"1")
            install(staged, out)
        assert out.stat().st_mode & 0o777 == 0o755
        out.chmod(0o750)
        with staging(out) as staged:
            (staged / "bundle.pdf").write_bytes(b"2")
            install(staged, out)
        assert out.stat().st_mode & 0o777 == 0o750, "a mode the user chose stays"
    finally:
        os.umask(old)


# ------------------------------------------------------------------------ where a set may go


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("evidence", "served", "schemas", "templates", ".git/objects"):
        (root / name).mkdir(parents=True)
    return root


def _problem(root: Path, out: Path, *, chosen: bool = True) -> str | None:
    from inquiry.build import OUTPUTS
    from inquiry.install import out_problem

    return out_problem(root, out, chosen=chosen, outputs=OUTPUTS)


def test_a_set_never_replaces_the_repository_or_a_folder_holding_it(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    for out in (root, tmp_path, Path("/"), root / "evidence" / "..", root / "build" / ".."):
        assert "holds it" in (_problem(root, out) or ""), out


def test_a_set_never_goes_into_the_repositorys_own_folders(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    for name in ("evidence", "served", "schemas", "templates", ".git"):
        for out in (root / name, root / name / "bundle"):
            assert f"{name}/ folder" in (_problem(root, out) or ""), out


def test_a_committed_build_link_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    """A pull request holding `build -> ../victim` would make the default build replace a
    folder outside the repository: refused unless the folder is given with --out."""
    root = _repo(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / "build").symlink_to("../victim")
    assert "outside the repository" in (_problem(root, root / "build", chosen=False) or "")
    assert _problem(root, root / "build", chosen=True) is None  # the user's own choice
    inside = root / "site"
    inside.mkdir()
    (root / "build").unlink()
    (root / "build").symlink_to("site")
    assert _problem(root, root / "build", chosen=False) is None


def test_a_folder_of_other_files_is_not_taken_over(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("mine", encoding="utf-8")
    assert "holds other files and no bundle" in (_problem(root, documents) or "")
    (documents / "manifest.json").write_text(  # an earlier bundle set
        '{"bundle": {"pages": 1}, "items": []}', encoding="utf-8"
    )
    assert _problem(root, documents) is None
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / ".gitignore").write_text("*\n", encoding="utf-8")
    assert _problem(root, hidden) is None
    assert _problem(root, tmp_path / "new" / "folder") is None


def test_a_folder_sharing_only_an_outputs_name_is_not_taken_over(tmp_path: Path) -> None:
    """A user's website folder `html/`, or another tool's `manifest.json`, is not an earlier
    bundle set: the set would delete the one and overwrite the other."""
    root = _repo(tmp_path)
    site = tmp_path / "site"
    (site / "html").mkdir(parents=True)
    (site / "html" / "index.html").write_text("mine", encoding="utf-8")
    assert "html but no manifest.json written by inquiry" in (_problem(root, site) or "")
    for foreign in ('{"mine": true}', "[]", "not json", '{"bundle": 1, "items": []}'):
        (site / "manifest.json").write_text(foreign, encoding="utf-8")
        assert "no manifest.json written by inquiry" in (_problem(root, site) or ""), foreign
    (site / "manifest.json").unlink()
    (site / "manifest.json").mkdir()
    assert "no manifest.json written by inquiry" in (_problem(root, site) or "")


def test_a_set_built_without_a_pdf_is_an_earlier_set(tmp_path: Path) -> None:
    """A `--format docx` or `--format html` set has no manifest.json; it has references.json
    (every build writes one) and only outputs beside it (review of this change)."""
    root = _repo(tmp_path)
    docx = tmp_path / "docx"
    docx.mkdir()
    (docx / "bundle.docx").write_bytes(b"PK")
    (docx / "references.json").write_text("[]", encoding="utf-8")
    assert _problem(root, docx) is None
    (docx / "notes.txt").write_text("mine", encoding="utf-8")
    assert "choose a new or empty folder" in (_problem(root, docx) or "")
    (docx / "notes.txt").unlink()
    (docx / "references.json").write_text("{}", encoding="utf-8")
    assert "choose a new or empty folder" in (_problem(root, docx) or "")


def test_the_cli_leaves_a_users_html_folder_and_manifest_alone(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from inquiry.cli import main

    root = _repo(tmp_path)
    site = tmp_path / "site"
    (site / "html").mkdir(parents=True)
    (site / "html" / "mysite.html").write_text("my website", encoding="utf-8")
    (site / "manifest.json").write_text('{"mine": true}', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(site)])
    assert result.exit_code == 2, result.output
    assert "choose a new or empty folder" in result.output
    assert (site / "html" / "mysite.html").read_text(encoding="utf-8") == "my website"
    assert (site / "manifest.json").read_text(encoding="utf-8") == '{"mine": true}'


def test_a_file_in_the_way_or_a_link_loop_is_a_usage_problem(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert "is a file" in (_problem(root, tmp_path / "afile" / "sub") or "")
    assert "is a file" in (_problem(root, tmp_path / "afile") or "")
    (tmp_path / "loop").symlink_to("loop")
    assert "cannot be followed" in (_problem(root, tmp_path / "loop") or "")


def test_the_cli_refuses_a_bad_out_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from inquiry.cli import main
    from inquiry.scaffold import init

    root = tmp_path / "sub"
    init(root)
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / "build").symlink_to("../victim")
    runner = CliRunner()
    for args in (["--out", str(tmp_path)], ["--out", "/"], ["--out", str(root / "evidence")], []):
        result = runner.invoke(main, ["build", "--root", str(root), "--quiet", *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert list(victim.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub", "victim"]


def test_no_lock_file_is_left_beside_the_bundle_and_a_lock_removed_is_taken_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stop 37 (red team h141): `build --out /tmp/bundle` left `/tmp/.bundle.inquiry-lock`
    behind. The lock file is removed when released; a build that opened the file just before
    the holder removed it must not think it holds the lock while a third build locks the new
    file at the path."""
    out = tmp_path / "bundle"
    with staging(out):
        assert leftovers(out)[0] == ".bundle.inquiry-lock"
    assert leftovers(out) == []
    # A latecomer opens the file; the holder then releases it (removing it) and a third build
    # makes and locks a new one: the latecomer's lock on the removed file is not the lock.
    path = lock_path(out)
    real_open, opened = os.open, []

    def open_then_replaced(file: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_open(file, *args, **kwargs)
        if Path(file) == path and not opened:
            opened.append(fd)
            path.unlink()
            path.write_text("")  # the third build's, not held here: the retry takes it
        return fd

    monkeypatch.setattr(os, "open", open_then_replaced)
    with staging(out):
        assert opened
        held = [fd for fd in range(3, 256) if _same_file(fd, path)]
        assert held, "the lock held is the file at the path"
    assert leftovers(out) == []


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
