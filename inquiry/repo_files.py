"""The files of the repository a build reads besides the evidence: the served record and the
DOCX reference document, each read as a file of the repository — a regular file, not a symbolic
link out of it, within a size limit — and one that cannot be used is a problem at it (exit 1),
not the machine's failure; and the commit the cover names."""

from __future__ import annotations

import os
import re
from collections.abc import Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inquiry import numbering
from inquiry.errors import InvalidEvidence, UsageProblem
from inquiry.problems import Problem, make_report
from inquiry.tempdirs import private

if TYPE_CHECKING:
    from inquiry.load import Corpus


def served_constraints(
    root: Path, audience: str, reissue: Sequence[str], present: Container[str] | None = None
) -> numbering.Served | None:
    """The constraints of `served/<audience>.json`, when the edition has been served.
    `present` (the ids in the evidence, when known) lets `--reissue` name a withdrawn item
    that is back."""
    from inquiry.served import record_path
    from inquiry.served_head import RESTORE, behind_head
    from inquiry.served_record import manifest_of, reissue_problem

    path = record_path(root, audience)
    behind = behind_head(root, audience)
    if behind is not None:
        hint = RESTORE.format(file=path.relative_to(root).as_posix())
        raise _refusal(root, path, "served-record", behind, hint)
    if not os.path.lexists(path):
        if reissue:
            raise UsageProblem(f"--reissue needs a served bundle, and {path} does not exist")
        return None
    manifest = manifest_of(_record(root, path))
    record = path.relative_to(root).as_posix()
    why = reissue_problem(manifest, reissue, record=record, present=present)
    if why is not None:
        raise UsageProblem(f"--reissue: {why}")
    return numbering.served_from(manifest)


def repository_problems(
    root: Path, corpus: Corpus | None = None, *, include_drafts: bool = False
) -> list[Problem]:
    """The problems a build would meet in the repository's own files (the served records, the
    DOCX reference document), and with `corpus` a warning at each item reusing an id a served
    record withdrew (the build refuses it unless `--reissue`), a warning at the kind of each
    served item its served tab no longer takes (likewise), an error at submission.yaml's tabs
    for each served tab letter gone while its items remain (`served-tab-missing`) and at its
    lines of inquiry for each served line gone (`served-loi-missing`), and a warning at each
    served item the edition now leaves out (`served-item-left-out`), an error at each item's
    redacted string the reference document holds (`redact-own-wording`), for `validate` to
    report: a check that passes must not hide a build that will be refused."""

    from inquiry.served import SERVED, folder_problem

    why = folder_problem(root)
    out: list[Problem] = []
    if why is not None:
        out.append(Problem(SERVED, 1, 1, "served-record", why, "error"))
    for audience in ("public", "restricted") if why is None else ():
        try:
            served = served_constraints(root, audience, ())
        except InvalidEvidence as exc:
            out += exc.report.problems
            continue
        if served is not None and corpus is not None:
            # Imported only for a served edition: most runs have none (0.1 s of a validation).
            from inquiry.served_changes import in_evidence, replaced_in_evidence
            from inquiry.served_left_out import left_out
            from inquiry.served_problems import (
                ids_reused,
                kinds_changed,
                lines_missing,
                tabs_missing,
            )

            out += ids_reused(
                corpus, served, audience=audience, include_drafts=include_drafts, severity="warning"
            )
            out += tabs_missing(corpus, served, audience=audience, include_drafts=include_drafts)
            out += lines_missing(corpus, served)
            out += kinds_changed(
                corpus, served, audience=audience, include_drafts=include_drafts, severity="warning"
            )
            out += left_out(corpus, served, audience=audience, include_drafts=include_drafts)
            if audience == "public":
                out += in_evidence(corpus, served)
            out += replaced_in_evidence(corpus, served, audience=audience)
    with private("validate") as work:
        try:
            reference = reference_document(root, Path(work))
        except InvalidEvidence as exc:
            out += exc.report.problems
        else:
            if corpus is not None and reference.parent == Path(work):  # the repository's own
                from inquiry.checks.redact_words import in_the_template

                out += in_the_template(corpus, reference.read_bytes())
    return out


def _record(root: Path, path: Path) -> dict[str, Any]:
    """The served record, read as a file of the repository: one reached through a symbolic
    link, or that cannot be read as a record, is a problem at it (exit 1), never followed out
    of the repository or taken for the machine's failure; one whose entries or pages do not
    hold together, a problem at each value at fault (`served_shape`)."""
    from inquiry.served_fields import field_problems
    from inquiry.served_placement import placement_at
    from inquiry.served_record import RecordError, load_record, manifest_of
    from inquiry.served_shape import history_problems, locate, record_problems

    why = _linked(root, path, "record")
    found: tuple[tuple[str, int, int], ...] = ()
    linked = why is not None
    if why is None:
        try:
            record = load_record(path)
        except RecordError as exc:
            found = tuple((w.removeprefix(f"{path}: "), ln, col) for w, ln, col in exc.found)
        else:
            manifest = manifest_of(record)
            inside = ("manifest",) if "manifest" in record else ()
            extra = list(history_problems(record))
            found_in = record_problems(manifest) + field_problems(manifest)
            extra += [((*inside, *at), w) for at, w in found_in]
            if extra:
                text = path.read_text(encoding="utf-8")
                places = locate(text, [at for at, _ in extra])
                found = tuple((w, *at) for (_, w), at in zip(extra, places, strict=True))
            else:
                placed = placement_at(manifest, audience=path.stem)
                if placed is None:
                    return record
                text = path.read_text(encoding="utf-8")
                [place] = locate(text, [(*inside, *placed[1])])
                found = ((placed[0], *place),)
    hint = (
        None
        if linked
        else "a served record is written by `inquiry serve`: restore it from git history "
        "(`git log -p -- served/`) rather than editing or merging it by hand"
    )
    if why is not None:
        found = ((why, 1, 1),)
    file = path.relative_to(root).as_posix()
    problems = [
        Problem(file, line, column, "served-record", f"{file}: {w}", "error", hint)
        for w, line, column in found
    ]
    raise InvalidEvidence(report=make_report(problems, items=0))


def _linked(root: Path, path: Path, what: str) -> str | None:
    """Why `path` is not a file of the repository (a symbolic link on the way), or None."""
    from inquiry.served import link_on_the_way

    link = link_on_the_way(root, path)
    if link is None:
        return None
    return f"reached through a symbolic link ({link}): the {what} must be in the repository"


def _refusal(
    root: Path, path: Path, code: str, why: str, hint: str | None, *, line: int = 1, column: int = 1
) -> InvalidEvidence:
    """The one problem a repository file that cannot be used is, at its first line (or where
    the reason was found)."""
    file = path.relative_to(root).as_posix()
    problem = Problem(file, line, column, code, f"{file}: {why}", "error", hint)
    return InvalidEvidence(report=make_report([problem], items=0))


REFERENCE_MAX_BYTES = 10 * 1024 * 1024
REFERENCE_MAX_UNPACKED = 64 * 1024 * 1024


def reference_document(root: Path, work: Path) -> Path:
    """The DOCX reference document: the repository's `templates/reference.docx` when it has
    one (a regular file of the repository, copied before use, and a Word document of sane
    size: a problem at it otherwise), else inquiry's own."""
    from importlib import resources

    from inquiry.readfiles import Unreadable, read_limited

    own = root / "templates" / "reference.docx"
    if not os.path.lexists(own):
        return Path(str(resources.files("inquiry").joinpath("data", "reference.docx")))
    why = _linked(root, own, "document")
    if why is None:
        try:
            data = read_limited(own, REFERENCE_MAX_BYTES)
        except Unreadable as exc:
            why = exc.message
        else:
            copy = work / "reference.docx"
            copy.write_bytes(data)
            why = _unpacking_problem(copy)
            if why is None:
                _refuse_outside(root, own, copy)
                return copy
    hint = "remove it to use inquiry's own, or save a .docx from Word in its place"
    raise _refusal(root, own, "template-unusable", why, hint)


def _refuse_outside(root: Path, own: Path, copy: Path) -> None:
    """Refuse the reference document (`template-external`, a problem at each) when a part of
    it reaches outside it: an external relationship in any relationships part (an attached
    template, a mail-merge data source, a linked picture, OLE object, subdocument, frame or
    hyperlink), or an attached template or mail merge in its settings. pandoc copies the
    settings into bundle.docx, and Word fetches what they name when a reviewer opens it."""
    import zipfile

    from inquiry.render.docx.outside import outside_references

    with zipfile.ZipFile(copy) as z:
        found = outside_references((name, z.read(name)) for name in sorted(z.namelist()))
    if not found:
        return
    file = own.relative_to(root).as_posix()
    hint = (
        "a reference document gives the bundle its styles only: save it from Word with no "
        "attached template (Normal), mail merge, linked picture or object, or remove it to use "
        "inquiry's own"
    )
    problems = []
    for part, what, target in found:
        why = f"{part} reaches outside the document ({what} → {target}): Word would fetch it "
        why += "from there when the bundle is opened"
        problems.append(Problem(file, 1, 1, "template-external", f"{file}: {why}", "error", hint))
    raise InvalidEvidence(report=make_report(problems, items=0))


def _unpacking_problem(path: Path) -> str | None:
    """Why the zip at `path` is not a usable Word document (not a zip, no styles, more than
    `REFERENCE_MAX_UNPACKED` bytes unpacked), or None once it is rewritten in place from what
    was read: pandoc then gets members exactly as long as read and checked here, whatever
    sizes the original claimed."""
    import zipfile
    import zlib

    budget = REFERENCE_MAX_UNPACKED
    members: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(path) as z:
            if "word/styles.xml" not in z.namelist():
                return "has no styles (word/styles.xml): not a Word document"
            names = [i.filename for i in z.infolist() if not i.is_dir()]
            if len(names) != len(set(names)):
                return "holds two parts of the same name: not a Word document"
            for info in z.infolist():
                if info.is_dir():
                    continue
                parts = []
                with z.open(info) as member:  # stops at the declared size; checks the CRC
                    while chunk := member.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            return f"unpacks to more than {REFERENCE_MAX_UNPACKED:,} bytes"
                        parts.append(chunk)
                data = b"".join(parts)
                if info.filename.endswith((".xml", ".rels")) and not _well_formed(data):
                    return f"has a part that is not well-formed XML ({info.filename})"
                members.append((info.filename, data))
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        return "is not a Word document (.docx)"
    missing = _missing_part({name for name, _ in members}, members)
    if missing is not None:
        return missing
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return None


def _missing_part(names: set[str], members: list[tuple[str, bytes]]) -> str | None:
    """A relationship to a part the package does not hold (Word would repair the file; the
    build failed with a KeyError), or None. External targets (a web address, an attached
    template on disk, `TargetMode="External"`) are not parts: `_refuse_outside` refuses them."""
    import posixpath
    import urllib.parse

    from inquiry.render.docx.outside import external, parse_xml

    for name, data in members:
        if not name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(name))  # `word/_rels/x.rels` → `word`
        for tag in parse_xml(data):
            found = tag.get("Target")
            if found is None or external(tag):  # Word reads `'External'`, ` External ` alike
                continue
            where = urllib.parse.unquote(str(found))
            part = posixpath.normpath(
                where.lstrip("/") if where.startswith("/") else posixpath.join(base, where)
            )
            if part not in names:
                return f"has a relationship to a part it does not hold ({name} → {where})"
    return None


def _well_formed(data: bytes) -> bool:
    """Whether an XML part parses (no entities resolved, nothing fetched)."""
    from lxml import etree

    from inquiry.render.docx.outside import parse_xml

    try:
        parse_xml(data)
    except etree.XMLSyntaxError:
        return False
    return True


NOT_COMMITTED = " (with changes not committed)"
"""How `git_commit` ends when the evidence or templates differ from HEAD."""


def git_commit(root: Path) -> str | None:
    """The repository's HEAD commit, for the cover, when root is in a git work tree; said to
    have uncommitted changes when what the bundle is made from (evidence/, templates/) differs
    from it, so the cover never names a commit that does not hold what was built."""
    from inquiry.evidence_files import run_git

    head = run_git(root, "rev-parse", "HEAD")
    if head is None or head.returncode != 0 or not head.stdout.strip():
        return None
    commit = head.stdout.strip()
    status = run_git(
        root,
        "status", "--porcelain", "-z", "--untracked-files=all", "--ignored",
        "--", "evidence", "templates",
    )  # fmt: skip
    if status is None or status.returncode != 0 or any(_read(e) for e in _entries(status.stdout)):
        return f"{commit}{NOT_COMMITTED}"
    return commit


def commit_unknown(root: Path) -> Problem | None:
    """`commit-unknown`, a warning at `.git`, for a repository whose HEAD git would not give
    (git not installed, or the folder owned by another user: git's "dubious ownership", the
    usual container CI), so the cover names no commit and the same commit built elsewhere
    differs (red team h187); None when there is no `.git` or git answers."""
    if not os.path.lexists(root / ".git") or git_commit(root) is not None:
        return None
    return Problem(
        ".git",
        1,
        1,
        "commit-unknown",
        "the cover names no commit: git could not read this repository's HEAD (git is not "
        "installed, the repository has no commit yet, or it belongs to another user)",
        "warning",
        "install git; commit; or, for a checkout owned by another user (a container's CI), "
        f"`git config --global --add safe.directory {root}`",
    )


def _entries(porcelain: str) -> list[tuple[str, str]]:
    """(status, path) of each entry of `git status --porcelain -z` (a rename's source, the
    field after it, skipped)."""
    out: list[tuple[str, str]] = []
    fields = iter(porcelain.split("\0"))
    for field in fields:
        if len(field) > 3:
            out.append((field[:2], field[3:]))
            if field[0] in "RC":
                next(fields, None)
    return out


_UNREAD = re.compile(r"[.~].*|.*~|#.*#|thumbs\.db|desktop\.ini", re.IGNORECASE)
"""A system's or an editor's file, which validation does not read: a name starting with `.` or
`~` (`.DS_Store`, `~$letter.docx`), an editor's backup or autosave (`TM-001.yaml~`,
`#TM-001.yaml#`), a folder's thumbnails (`Thumbs.db`, `desktop.ini`)."""


def _read(entry: tuple[str, str]) -> bool:
    """Whether a changed, untracked or ignored file is one a build reads: every tracked file's
    change counts; a file git does not track counts unless it, or a folder above it, is a
    system's or an editor's (`_UNREAD`; red team h187: `TM-001.yaml~`, ignored by git, made
    the cover say the bundle held changes not committed)."""
    code, path = entry
    if code not in ("??", "!!"):
        return True
    return not any(_UNREAD.fullmatch(part) for part in path.split("/"))
