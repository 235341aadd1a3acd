"""What a `diff` argument names: a manifest or served record file, or `git:REF`.

`git:REF` is "the bundle as of REF": the served record `served/<audience>.json` committed at REF
when there is one (what was actually served, and instant), otherwise the manifest of a build of
REF in a temporary git worktree (exact, but it takes as long as a build).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

from inquiry.redaction import NOTHING, Matcher
from inquiry.served import record_path
from inquiry.served_record import (
    RECORD_MAX_BYTES,
    RecordError,
    listing_problem,
    load_record,
    manifest_of,
    parse_record,
)

_GIT_SECONDS = 120


def load_source(source: str, *, root: Path, audience: str = "public") -> dict[str, Any]:
    """The manifest or served record a `diff` argument names: a JSON file, or `git:REF`.

    `git:REF` reads `served/<audience>.json` as committed at REF when it exists; otherwise it
    builds REF's PDF in a temporary git worktree of `root` and reads that build's manifest.
    Raises `RecordError` (one line) for a file or ref that cannot be read or built, or whose
    items cannot be compared (an id listed twice, an item past the bundle's pages).
    """
    record = _load(source, root=root, audience=audience)
    why = listing_problem(manifest_of(record))
    if why is not None:
        raise RecordError(f"{source}: {why}")
    return record


def _load(source: str, *, root: Path, audience: str) -> dict[str, Any]:
    if not source.startswith("git:"):
        return load_record(Path(source))
    ref = source.removeprefix("git:")
    if not ref or ref.startswith("-"):
        raise RecordError(f"{source}: name a branch, tag or commit after `git:`")
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", what=source)
    commit = commit.strip()
    served = prefix + record_path(Path(), audience).as_posix()
    if _git_ok(top, "cat-file", "-e", f"{commit}:{served}"):
        size = int(_git(top, "cat-file", "-s", f"{commit}:{served}").strip() or 0)
        if size > RECORD_MAX_BYTES:
            raise RecordError(
                f"{source}:{served}: {size:,} bytes; a record is at most {RECORD_MAX_BYTES:,}"
            )
        text = _git(top, "show", f"{commit}:{served}")
        return parse_record(text, name=f"{source}:{served}")
    return _build_at(top, commit, prefix, source=source, audience=audience)


def redaction_matcher(root: Path) -> Matcher:
    """Every `redact` string of the submission at `root` (items and their exhibits, valid or
    not, as validation reads them): what a public diff must not print, since an older manifest
    may hold a name redacted since. No submission there: nothing to redact."""
    from inquiry.load import load
    from inquiry.redacted_log import matcher_of

    if not (root / "evidence" / "submission.yaml").is_file():
        return NOTHING
    corpus, _ = load(root)
    return matcher_of(corpus)


def _build_at(top: Path, commit: str, prefix: str, *, source: str, audience: str) -> dict[str, Any]:
    """The manifest of a PDF build of `commit`, made in a throwaway worktree."""
    from inquiry.build import build
    from inquiry.errors import InquiryError

    with tempfile.TemporaryDirectory(prefix="inquiry-diff-") as tmp:
        tree = Path(tmp) / "tree"
        _git(top, "worktree", "add", "--detach", "--quiet", str(tree), commit, what=source)
        try:
            out = Path(tmp) / "out"
            build(
                tree / prefix,
                out=out,
                formats=("pdf",),
                audience="restricted" if audience == "restricted" else "public",
            )
            return load_record(out / "manifest.json")
        except InquiryError as exc:
            message = f"{source}: the bundle as of that commit cannot be built ({exc})"
            raise RecordError(message) from None
        finally:
            _git_ok(top, "worktree", "remove", "--force", str(tree))


def _git(cwd: Path, *args: str, what: str | None = None) -> str:
    """git's output; a failure is a `RecordError` about `what` (or git's own words)."""
    # git runs on the user's own repository with a time limit only: a memory limit would break
    # its memory-mapped pack files, and it parses no file from the pull request.
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            text=True,
            timeout=_GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise RecordError(f"git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        if what is not None:
            raise RecordError(f"{what}: not a commit in {cwd}")
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise RecordError(f"git {args[0]}: {last}")
    return done.stdout


def _git_ok(cwd: Path, *args: str) -> bool:
    try:
        _git(cwd, *args)
    except RecordError:
        return False
    return True
