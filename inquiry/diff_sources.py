"""What a `diff` argument names: a manifest or served record file, or `git:REF`.

`git:REF` is "the bundle as of REF": the served record `served/<audience>.json` committed at REF
when there is one (what was actually served, and instant), otherwise the manifest of a build of
REF in a temporary git worktree (exact, but it takes as long as a build).

A public diff prints titles through the redactions of the submissions involved
(`redaction_roots`): an older manifest may hold a name redacted since. A bundle field whose
before and after read the same once redacted is shown as changed in redacted text only
(`as_shown`), not as `'[REDACTED]' → '[REDACTED]'`.
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inquiry.redaction import NOTHING, Entry, Matcher
from inquiry.served import record_path
from inquiry.served_record import (
    RECORD_MAX_BYTES,
    RecordError,
    load_record,
    manifest_of,
    parse_record,
)
from inquiry.tempdirs import private
from inquiry.verify_manifest import manifest_problem

if TYPE_CHECKING:
    from inquiry.diff import Diff

_GIT_SECONDS = 120


def load_source(source: str, *, root: Path, audience: str = "public") -> dict[str, Any]:
    """The manifest or served record a `diff` argument names: a JSON file, or `git:REF`.

    `git:REF` reads `served/<audience>.json` as committed at REF when it exists; otherwise it
    builds REF's PDF in a temporary git worktree of `root` and reads that build's manifest.
    Raises `RecordError` (one line) for a file or ref that cannot be read or built, or whose
    items and pages contradict each other (`verify_manifest.manifest_problem`, which
    `inquiry verify` refuses too: an id listed twice, an item past the bundle's pages, two on
    one page, a page hash too many or too few).
    """
    record = _load(source, root=root, audience=audience)
    why = manifest_problem(manifest_of(record))
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


def submission_root(path: Path) -> Path | None:
    """The submission repository holding the file `path`: the first folder above it with
    `evidence/submission.yaml`, or None."""
    here = Path(path).absolute().parent
    for folder in (here, *here.parents):
        if (folder / "evidence" / "submission.yaml").is_file():
            return folder
    return None


def redaction_roots(sources: Sequence[str], root: Path | None) -> list[Path]:
    """The submissions whose `redact` lists a public diff of `sources` applies: the repository
    holding each file source (`submission_root`: run from another folder, the one holding an
    old served record is still its own), and `root` (`--root`), else the current folder: a
    name added to today's lists is not printed from two older builds' manifests (review h144).
    Each once."""
    roots = [r for s in sources if not s.startswith("git:") for r in [submission_root(Path(s))]]
    found = [r for r in roots if r is not None]
    found.append(root if root is not None else Path("."))
    out: dict[Path, Path] = {}
    for r in found:
        out.setdefault(r.resolve(), r)
    return list(out.values())


def redaction_matcher(roots: Iterable[Path]) -> Matcher:
    """Every `redact` string of the submissions at `roots` (items and their exhibits, valid or
    not, as validation reads them): what a public diff must not print, since an older manifest
    may hold a name redacted since. No submission there: nothing to redact."""
    from inquiry.load import load
    from inquiry.redacted_log import matcher_of

    entries: list[Entry] = []
    for root in roots:
        if (root / "evidence" / "submission.yaml").is_file():
            corpus, _ = load(root)
            entries += matcher_of(corpus).entries
    return Matcher.of(entries) if entries else NOTHING


def has_submission(roots: Iterable[Path]) -> bool:
    """Whether any of `roots` holds a submission (a redaction list to apply)."""
    return any((root / "evidence" / "submission.yaml").is_file() for root in roots)


SAME_ONCE_REDACTED = "(changed in redacted text only)"


def as_shown(d: Diff, redact: Callable[[str], str]) -> Diff:
    """`d` as a public diff shows it: each bundle field (a tab's or a line of inquiry's title,
    the bundle's title …) whose before and after read the same once redacted is named with
    `SAME_ONCE_REDACTED`, so that `'[REDACTED]' → '[REDACTED]'` does not read as a change of
    nothing. Only what is printed changes: whether the bundle changed (the exit status) is
    `d`'s, computed on the files as they are."""
    old, new = dict(d.old["bundle"]), dict(d.new["bundle"])
    names = []
    for name in d.bundle:
        before, after = old[name], new[name]
        if name in ("tabs", "line_titles") and isinstance(before, dict) and isinstance(after, dict):
            was, now = dict(before), dict(after)
            for key in set(before) | set(after):
                a, b = before.get(key), after.get(key)
                if a != b and key in before and key in after and _same(a, b, redact):
                    shown = f"{key} {SAME_ONCE_REDACTED}"
                    was[shown], now[shown] = was.pop(key), now.pop(key)
            old[name], new[name] = was, now
            names.append(name)
        elif name != "pages" and _same(before, after, redact):
            shown = f"{name} {SAME_ONCE_REDACTED}"
            old[shown], new[shown] = before, after
            names.append(shown)
        else:
            names.append(name)
    return dataclasses.replace(
        d,
        bundle=tuple(names),
        old={**d.old, "bundle": old},
        new={**d.new, "bundle": new},
    )


def _same(before: object, after: object, redact: Callable[[str], str]) -> bool:
    return redact(str(before)) == redact(str(after))


def _build_at(top: Path, commit: str, prefix: str, *, source: str, audience: str) -> dict[str, Any]:
    """The manifest of a PDF build of `commit`, made in a throwaway worktree."""
    from inquiry.build import build
    from inquiry.errors import InquiryError

    with private("diff") as tmp:
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
