"""Serving a bundle: recording the edition people will cite, and refusing one that should not be.

`serve` reads the bundle last built (`bundle.pdf` and `manifest.json` in the output folder) and
writes `served/<audience>.json` at the repository root: the date served and the manifest, with
every page's SHA-256. Once committed, later builds keep every served item's number and pages, and
`inquiry verify` can check a copy someone received.

It refuses, with one line saying why, a bundle that cannot be the one meant: none built, a PDF
that is not the one its manifest describes, one built with drafts, one built from evidence that
has changed since ("rebuild first"), and one that would move a number or a page already served.
`inputs_digest` is the fingerprint of what shaped an edition; the build stores it in the manifest
and `serve` recomputes it, which is how a stale bundle is told from a current one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inquiry.atomic import write_atomic
from inquiry.edition_digest import EARLIER_DIGEST, current_edition, digest_of, file_sha256
from inquiry.errors import InquiryError, InvalidEvidence
from inquiry.numbering import served_from
from inquiry.problems import Report
from inquiry.served_head import RESTORE, behind_head
from inquiry.served_kept import cover_problem, evidence_problem, kept_problem
from inquiry.served_placement import placement_problem
from inquiry.served_record import RecordError, load_record, manifest_of
from inquiry.served_shape import built_problems, shape_problems

if TYPE_CHECKING:
    from inquiry.verify import Bookmark

SERVED = "served"


class ServeRefused(InquiryError):
    """The bundle in `--out` cannot be recorded as served; the message says why in one line."""


def record_path(root: Path, audience: str) -> Path:
    """Where the served record of `audience` lives: `served/<audience>.json` at the root."""
    return root / SERVED / f"{audience}.json"


def link_on_the_way(root: Path, path: Path) -> str | None:
    """The first symbolic link on the way from `root` to `path` (a file of the repository), as
    a path relative to the root, or None: a committed link can lead out of the repository."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(root).as_posix()
    return None


def folder_problem(root: Path) -> str | None:
    """Why `served/` at `root` cannot hold the served records (something other than a folder
    is there), or None."""
    folder = root / SERVED
    if os.path.lexists(folder) and not folder.is_symlink() and not folder.is_dir():
        return (
            f"`{SERVED}` at the repository root is a file, not a folder: served records are "
            f"written in {SERVED}/<audience>.json; move the file away or rename it"
        )
    return None


def serve(
    root: Path, out: Path, *, today: dt.date | None = None, warnings: list[str] | None = None
) -> Path:
    """Record the bundle built in `out` as served; return the path of the record written.

    The date is `today` when given, else SOURCE_DATE_EPOCH's date when set, else today's.
    Raises `ServeRefused` when the bundle must not be served, `RecordError` when an existing
    record cannot be read. `warnings` gets what the edition changes on pages served before
    (`served_changes.lost_since`). The bundle set's lock is held meanwhile, so a build
    cannot swap the set while it is read.
    """
    from inquiry.errors import BuildFailed
    from inquiry.out_lock import BuildLocked, hold, release

    try:
        fd: int | None = hold(out)
    except BuildLocked as exc:
        who = f" (process {exc.pid})" if exc.pid else ""
        raise ServeRefused(
            f"a build{who} is writing to {out}: serve once it has finished"
        ) from None
    except BuildFailed:  # a folder no build can write to either: nothing to wait for
        fd = None
    try:
        return _serve(root, out, today=today, warnings=warnings)
    finally:
        if fd is not None:
            release(out, fd)


def _serve(root: Path, out: Path, *, today: dt.date | None, warnings: list[str] | None) -> Path:
    manifest_file, pdf = out / "manifest.json", out / "bundle.pdf"
    if not manifest_file.is_file() or not pdf.is_file():
        made = [n for n in ("bundle.docx", "html") if (out / n).exists()]
        if made and not manifest_file.exists() and not pdf.exists():
            raise ServeRefused(
                f"the last build in {out} made no PDF (only {' and '.join(made)}): what is served"
                " is the PDF's pages; build with --format pdf (and any other format you need)"
            )
        raise ServeRefused(f"no bundle built in {out}: run `inquiry build` first")
    manifest = manifest_of(load_record(manifest_file))
    bundle = manifest["bundle"]
    audience = bundle.get("audience")
    if audience not in ("public", "restricted"):
        raise ServeRefused(f"{manifest_file} does not say which audience it was built for")
    if file_sha256(pdf) != bundle.get("sha256"):
        raise ServeRefused(
            f"{pdf} is not the bundle {manifest_file} describes (its SHA-256 differs): rebuild"
        )
    if "inputs_sha256" not in bundle or not bundle.get("page_sha256"):
        raise ServeRefused(f"{manifest_file} was made by an older inquiry: rebuild first")
    faults = [m for _, m in shape_problems(manifest)] or built_problems(manifest)
    if faults:
        raise ServeRefused(
            f"{manifest_file} is not as `inquiry build` writes it ({faults[0]}): it was edited "
            "after the build: rebuild"
        )
    drafts = [i["id"] for i in manifest["items"] if i.get("status") == "draft"]
    if bundle.get("include_drafts") or drafts:
        raise ServeRefused("the bundle was built with --include-drafts: rebuild without it")
    dest = record_path(root, audience)
    link = link_on_the_way(root, dest)
    if link is not None:
        raise ServeRefused(
            f"{link} is a symbolic link: the served record is written in the repository, "
            "never through a link out of it"
        )
    why = folder_problem(root)
    if why is not None:
        raise ServeRefused(why)
    why = behind_head(root, audience)
    if why is not None:
        file = dest.relative_to(root).as_posix()
        raise ServeRefused(f"{why}: {RESTORE.format(file=file)}")
    try:
        corpus, plan = current_edition(root, audience=audience)
    except InvalidEvidence as exc:
        raise ServeRefused(_invalid_now(exc.report)) from None
    if digest_of(corpus, plan) != bundle["inputs_sha256"]:
        if digest_of(corpus, plan, version=EARLIER_DIGEST) == bundle["inputs_sha256"]:
            raise ServeRefused(
                "the bundle was built by an earlier version of inquiry, which recorded its "
                "evidence another way: rebuild first"
            )
        raise ServeRefused(
            "the evidence changed since the bundle was built (its items, exhibits, "
            "submission.yaml or templates/): rebuild first"
        )
    # The manifest is what gets recorded and cited: it must describe the evidence and the PDF
    # exactly, not merely carry their hashes (it may have been edited since the build).
    marks = _check_pdf(pdf, manifest_file, manifest)
    previous = load_record(dest) if os.path.lexists(dest) else None
    if previous is not None:
        why = placement_problem(manifest_of(previous), audience=audience)
        if why is not None:
            raise RecordError(f"{dest}: {why}")
        why = kept_problem(manifest_of(previous), manifest)
        if why is not None:  # a number or a page served would move, or be given out again
            raise ServeRefused(why)
        if warnings is not None:
            from inquiry.served_changes import lost_since

            warnings += lost_since(manifest_of(previous), manifest)
    before = served_from(manifest_of(previous)) if previous else None
    why = evidence_problem(manifest, plan, root, served=before, built=bool(marks))
    why = why or cover_problem(manifest, _document_info(pdf), marks)
    if why is not None:
        raise ServeRefused(
            f"{manifest_file} does not describe this edition: {why}; it was edited after the "
            "build: rebuild"
        )
    if previous is not None and manifest_of(previous) == manifest:
        return dest  # the same edition again: keep the date it was first served
    why = placement_problem(manifest, audience=audience)
    if why is not None:  # the next build could not number from the record written
        raise ServeRefused(f"{manifest_file} contradicts itself ({why}): rebuild")
    record = {
        "served": _served_date(today, after=previous).isoformat(),
        "history": _history(previous),
        "manifest": manifest,
    }
    _write_atomic(dest, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return dest


def _invalid_now(report: Report) -> str:
    """Why serving stopped at validation, naming the file and the first problem: a served
    record that cannot be read is named as such (it is not the evidence that is wrong)."""
    errors = report.errors
    record = next((p for p in errors if p.file.startswith(f"{SERVED}/")), None)
    if record is not None:
        return (
            f"{record.message} ({record.code}): restore it from git history "
            f"(`git log -p -- {SERVED}/`), then serve"
        )
    first = errors[0] if errors else None
    where = f"; the first at {first.file}:{first.line}: {first.message}" if first else ""
    return f"the evidence is invalid now ({len(errors)} error(s){where}): fix it and rebuild"


def _check_pdf(pdf: Path, manifest_file: Path, manifest: Mapping[str, Any]) -> list[Bookmark]:
    """Refuse a manifest that does not describe the PDF beside it (the file's hash agreeing
    is not enough: the manifest may have been edited since): every page re-hashed against
    `page_sha256`, the bookmarks against its numbers, ids, titles and pages, and its page
    labels, opening view and document-level actions against what the build writes."""
    from inquiry.verify import (
        VerifyError,
        bookmarks,
        catalog_problems,
        outline_problem,
        page_runs,
        verify,
    )

    try:
        result = verify(pdf, manifest_file)
        marks = bookmarks(pdf)
    except VerifyError as exc:
        raise ServeRefused(f"{exc}: rebuild") from None
    differ = f"{manifest_file} does not describe {pdf}"
    pages = manifest["bundle"].get("pages")
    if result.pages != pages:
        raise ServeRefused(f"{differ}: the PDF has {result.pages} pages, not {pages}: rebuild")
    if not result.pages_match:
        wrong = sorted({*result.differing, *result.missing, *result.added})
        raise ServeRefused(
            f"{differ}: page(s) {page_runs(wrong)} differ from its `page_sha256`: rebuild"
        )
    why = outline_problem(marks, manifest) or next(iter(catalog_problems(pdf)), None)
    if why is not None:
        raise ServeRefused(f"{differ}: {why}: rebuild")
    return marks


def _document_info(pdf: Path) -> dict[str, str]:
    """The PDF's document information (Title, Author, Subject), as strings."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            return {
                key.lstrip("/"): str(value)
                for key, value in doc.docinfo.items()
                if isinstance(value, pikepdf.String)
            }
    except (pikepdf.PdfError, OSError):
        return {}


def _history(previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Every edition served before this one, oldest first: date, pages and file hash."""
    if previous is None:
        return []
    before = previous.get("history", [])
    bundle = manifest_of(previous)["bundle"]
    last = {
        "served": previous.get("served"),
        "pages": bundle.get("pages"),
        "sha256": bundle.get("sha256"),
    }
    return [*before, last] if isinstance(before, list) else [last]


def _served_date(today: dt.date | None, *, after: Mapping[str, Any] | None = None) -> dt.date:
    """The date an edition is served: `today`, SOURCE_DATE_EPOCH's or the clock's, but never
    before the edition it follows (`after`'s record): a fixed SOURCE_DATE_EPOCH (a CI's), or
    a clock set back, would otherwise date it before its own history."""
    day = today
    if day is None:
        value = os.environ.get("SOURCE_DATE_EPOCH")
        if value is None:
            day = dt.date.today()
        else:
            try:
                day = dt.datetime.fromtimestamp(int(value), dt.UTC).date()
            except (ValueError, OverflowError, OSError):
                raise ServeRefused(f"SOURCE_DATE_EPOCH={value!r} is not a whole number") from None
    before = after.get("served") if after is not None else None
    try:
        last = dt.date.fromisoformat(before) if isinstance(before, str) else None
    except ValueError:
        last = None
    # A date the clock has not reached yet was a mistake (a SOURCE_DATE_EPOCH in the future,
    # red team h181): it is not carried on into every later edition.
    if last is None or last > dt.date.today():
        return day
    return max(day, last)


def _write_atomic(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, text.encode("utf-8"))


__all__ = [
    "ServeRefused",
    "current_edition",
    "digest_of",
    "file_sha256",
    "folder_problem",
    "link_on_the_way",
    "record_path",
    "serve",
]
