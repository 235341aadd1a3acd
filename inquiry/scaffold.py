"""`inquiry new` and `inquiry init`: files a person fills in."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from inquiry import about, clone_files, schema
from inquiry.errors import InquiryError, UsageProblem
from inquiry.evidence_files import enclosing_submission
from inquiry.ids_in_use import ids_in_use
from inquiry.load import EVIDENCE, SUBMISSION_FILE

PREFIXES = {"survey_finding": "SF", "testimony": "TM", "statistic": "ST", "policy_extract": "PE"}
FOLDERS = {
    "survey_finding": "survey_findings",
    "testimony": "testimonies",
    "statistic": "statistics",
    "policy_extract": "policy_extracts",
}
# What may go inside the double-quoted `pip install "…"` of a workflow without any escaping.
_SHELL_SAFE = re.compile(r"[A-Za-z0-9 ._~:/@%+=,-]+")


class ScaffoldError(InquiryError):
    """A scaffold that would overwrite or cannot be written; the message is one line."""


class Refused(ScaffoldError, UsageProblem):
    """A scaffold refused for what was asked (a directory in use, a bad `--source`): a usage
    error, exit 2, before anything is written."""


# The operating system's words for the failures a person can fix, said for this case.
_REASONS = {
    errno.ENOTDIR: "part of that path is a file, not a directory",
    errno.EEXIST: "a file of that name is in the way",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOSPC: "no space left on the device",
}


def _cannot(action: str, path: Path, exc: OSError) -> ScaffoldError:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    return ScaffoldError(f"cannot {action} {exc.filename or path}: {reason}")


def _data(*parts: str) -> str:
    return resources.files("inquiry").joinpath("data", *parts).read_text(encoding="utf-8")


def next_id(root: Path, kind: str) -> str:
    """One past the highest id of this kind's prefix that the repository holds anywhere: in
    evidence/ and in every served record (ids are never reused: one served and since removed is
    still cited). See `inquiry.ids_in_use`."""
    prefix = PREFIXES[kind]
    return f"{prefix}-{ids_in_use(root, prefix).highest() + 1:03d}"


@dataclass(frozen=True)
class NewItem:
    """What `new` wrote, and what it could not read while looking for the ids in use."""

    path: Path
    id: str
    warnings: tuple[str, ...]


# How many names already in the way `new` moves past before it gives up (each is a file
# someone made by hand, so a few at most).
_MAX_TRIES = 1_000


def new(root: Path, kind: str) -> NewItem:
    """Write a new draft item of `kind` under evidence/ with the next free id.

    The id is one past the highest in use (`ids_in_use`); when a file of that name is already
    in the way (a copy, a folder, a link), the next id whose name is free. Never writes over a
    file, nor through a link that leads out of evidence/ or the repository.
    """
    if not root.is_dir():
        what = "is not a directory" if root.exists() else "does not exist"
        raise UsageProblem(f"{root} {what}: give the submission repository with --root")
    _refuse_inside_a_submission(root, kind)
    if not os.path.lexists(root / EVIDENCE / SUBMISSION_FILE):
        raise UsageProblem(
            f"{root} is not a submission repository (it has no {EVIDENCE}/{SUBMISSION_FILE}); "
            "run `inquiry init DIR` for a new one, or give --root the repository"
        )
    prefix = PREFIXES[kind]
    folder = root / EVIDENCE / FOLDERS[kind]
    _refuse_links_out(root, folder)
    found = ids_in_use(root, prefix)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot("create", folder, exc) from None
    _refuse_links_out(root, folder)  # a folder swapped for a link since
    number = found.highest() + 1
    for _ in range(_MAX_TRIES):
        item_id = f"{prefix}-{number:03d}"
        path = folder / f"{item_id}.yaml"
        if not os.path.lexists(path) and _create(path, _item_text(kind, item_id)):
            return NewItem(path, item_id, found.warnings)
        number += 1
    raise ScaffoldError(f"cannot write in {folder}: {_MAX_TRIES} names in a row are in the way")


def _refuse_inside_a_submission(root: Path, kind: str) -> None:
    """Run from inside a submission (`evidence/testimonies/`, say), `new` would start a second
    `evidence/` there and hand out an id the repository already uses: refused (exit 2), naming
    the repository it is in."""
    above = enclosing_submission(root)
    if above is not None:
        raise UsageProblem(
            f"{root} is inside the submission repository {above}, not at its top: run "
            f"`inquiry new {kind}` there, or give `--root {above}`"
        )


def new_item(root: Path, kind: str) -> Path:
    """Write a new draft item of `kind` with the next free id; return its path (see `new`)."""
    return new(root, kind).path


def _item_text(kind: str, item_id: str) -> str:
    return (
        f"# yaml-language-server: $schema=../../schemas/{schema.schema_name(kind)}\n"
        f"id: {item_id}\nkind: {kind}\n"
        + _data("new", "common.yaml")
        + _data("new", f"{kind}.yaml")
    )


def _create(path: Path, text: str) -> bool:
    """Write a file that is not there yet; False when one of that name came first. O_EXCL
    with O_NOFOLLOW: never over a file, never through a link, even one that leads nowhere."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _cannot("write", path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        path.unlink(missing_ok=True)  # ours, created above: no half-written item left behind
        raise _cannot("write", path, exc) from None
    return True


def _refuse_links_out(root: Path, folder: Path) -> None:
    """Refuse to write through a link that leads out of the repository (evidence/) or out of
    evidence/ (its sub-folders): validation would not read what was written there, and a pull
    request can commit such a link to make `new` write anywhere."""
    real_root = Path(os.path.realpath(root))
    real_evidence = Path(os.path.realpath(root / EVIDENCE))
    if not real_evidence.is_relative_to(real_root):
        raise ScaffoldError(
            f"cannot write in {root / EVIDENCE}: it is a link that leads outside the "
            f"repository, to {real_evidence}; replace the link with the folder"
        )
    real = Path(os.path.realpath(folder))
    if not real.is_relative_to(real_evidence):
        raise ScaffoldError(
            f"cannot write in {folder}: it is a link that leads outside evidence/, to {real}; "
            "replace the link with the folder"
        )


@dataclass(frozen=True)
class Initialised:
    """What `init` wrote, the source its files install inquiry from, and what to tell the user."""

    root: Path
    written: tuple[Path, ...]
    source: about.PinnedSource
    warnings: tuple[str, ...]
    joined: tuple[str, ...] = ()
    """The clone's own files init added its text to (README.md, .gitignore)."""


# Files whose text names the pinned source: destination → template under data/init/.
PINNED_FILES = {
    "README.md": "README.md",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/evidence.yml": "evidence.yml",
}
PLAIN_FILES = {".gitignore": "gitignore"}


def pinned_source(source: str | None = None) -> tuple[about.PinnedSource, tuple[str, ...]]:
    """The source the generated files install from (`source` is `URL@REF`), and warnings."""
    if source is not None:
        try:
            pin = about.parse_source(source)
        except about.SourceError as exc:
            raise Refused(str(exc)) from None
    else:
        pin = about.installed_source() or about.PLACEHOLDER
    if not _SHELL_SAFE.fullmatch(pin.requirement):
        raise Refused(
            f"the source {pin.url} has characters that cannot be written into a workflow safely; "
            "give another with --source URL@REF"
        )
    warnings = list(pin.notes)
    if pin.placeholder:
        warnings.append(
            "could not tell which repository and commit inquiry was installed from, so "
            "README.md, .pre-commit-config.yaml and .github/workflows/evidence.yml hold "
            f"{about.PLACEHOLDER.ref} placeholders: fill them in, or run "
            "`inquiry init DIR --source URL@REF` with this tool's repository and a tag or commit"
        )
    return pin, tuple(warnings)


def render_pinned(template: str, pin: about.PinnedSource, *, markdown: bool) -> str:
    """A data/init template with the pinned source written in (`@@NAME@@` markers)."""
    notice = ""
    if pin.placeholder:
        line = (
            "inquiry init could not tell which repository and commit of inquiry it ran from: "
            f"replace {pin.url} and {pin.ref} with them, here and in the other files that "
            "name them."
        )
        notice = f"> **To do:** {line}\n\n" if markdown else f"# TO DO: {line}\n"
    link = pin.file_url("docs/format.md")
    values = {
        "@@NOTICE@@": notice,
        "@@REPO@@": pin.url,
        "@@REPO_YAML@@": json.dumps(pin.url),  # a JSON string is a YAML double-quoted scalar
        "@@REF@@": pin.ref,
        "@@REQUIREMENT@@": pin.requirement,
        "@@FORMAT_LINK@@": f" (<{link}>)" if link else "",
    }
    for marker, value in values.items():
        template = template.replace(marker, value)
    return template


def init(target: Path, *, source: str | None = None) -> Initialised:
    """Write a new submission repository that validates and builds.

    `target` is a new or empty directory, or a fresh clone: one holding only `.git`, files
    init does not write (a LICENSE, a .gitattributes) and a README.md or .gitignore, which
    init adds its text to (`clone_files`). Anything else is refused with `Refused` before a
    file is written: another file init would write (named), a folder, a path that is a file
    or runs through one, a directory inside another submission's evidence/. `source`
    (`URL@REF`) is where the generated workflow and pre-commit configuration install inquiry
    from; by default, the repository and commit this copy was installed from. A write that
    fails leaves nothing of init's behind and the clone's own files as they were.
    """
    pin, warnings = pinned_source(source)
    files = _repository_files(pin)
    ours = {rel.split("/", 1)[0] for rel in files}
    _refuse_inside_evidence(target)
    try:
        existed = target.exists()
        if existed and not target.is_dir():
            raise Refused(f"{target} exists and is not a directory; choose a new directory")
        theirs = _joinable(target) if existed else {}
        if existed:
            _refuse_what_is_there(target, ours - set(theirs))
        target.mkdir(parents=True, exist_ok=True)
    except NotADirectoryError:
        raise Refused(
            f"cannot create {target}: part of that path is a file, not a directory"
        ) from None
    except OSError as exc:
        raise _cannot("create", target, exc) from None
    joined = {
        name: clone_files.join(name, data, str(files.pop(name))) for name, data in theirs.items()
    }
    try:
        written = _write_repository(target, files)
        written += clone_files.write_joined(target, joined, theirs)  # last: theirs kept whole
    except OSError as exc:
        _remove_ours(target, ours - set(theirs), remove_root=not existed)
        raise _cannot("write", target, exc) from None
    return Initialised(
        root=target,
        written=tuple(written),
        source=pin,
        warnings=warnings,
        joined=tuple(sorted(theirs)),
    )


def _joinable(target: Path) -> dict[str, bytes]:
    """The clone's README.md and .gitignore that init adds to, with their bytes as found."""
    found = {name: clone_files.joinable(target / name) for name in clone_files.JOINED}
    return {name: data for name, data in found.items() if data is not None}


_KEPT = ".git"
"""What a fresh clone holds besides the files GitHub may create (README.md and .gitignore,
joined; LICENSE, .gitattributes): kept, whatever it is (a folder, or a worktree's file)."""


def _refuse_what_is_there(target: Path, ours: set[str]) -> None:
    """A directory init may write into holds only `.git` and files init does not write."""
    clashes, folders = [], []
    for entry in sorted(os.scandir(target), key=lambda e: e.name):
        if entry.name == _KEPT:
            continue
        if entry.name in ours:
            clashes.append(entry.name + ("/" if entry.is_dir() else ""))
        elif entry.is_dir(follow_symlinks=False):
            folders.append(entry.name + "/")
    if clashes:
        raise Refused(
            f"{target} already holds {', '.join(clashes)}, which init writes; move "
            f"{'it' if len(clashes) == 1 else 'them'} aside, or choose a new directory"
        )
    if folders:
        raise Refused(
            f"{target} is not empty (it holds {', '.join(folders)}); init writes into a new "
            "or empty directory, or a fresh clone (only .git and files such as LICENSE)"
        )


def _refuse_inside_evidence(target: Path) -> None:
    """A repository made inside another's evidence/ would be read as that one's items."""
    for path in {Path(os.path.abspath(target)), Path(os.path.realpath(target))}:
        for above in (path, *path.parents):
            if above.name == EVIDENCE and (above / SUBMISSION_FILE).is_file():
                raise Refused(
                    f"{target} is inside the {EVIDENCE}/ folder of the submission repository "
                    f"{above.parent}; choose a directory outside it"
                )


def _repository_files(pin: about.PinnedSource) -> dict[str, str | bytes]:
    """Every file init writes (relative path → content)."""
    files: dict[str, str | bytes] = {
        f"{EVIDENCE}/{SUBMISSION_FILE}": _data("examples", "submission.yaml"),
        f"{EVIDENCE}/exhibits/.gitkeep": "",
    }
    for kind, prefix in PREFIXES.items():
        files[f"{EVIDENCE}/{FOLDERS[kind]}/{prefix}-001.yaml"] = _data("examples", f"{kind}.yaml")
    for dest, src in PINNED_FILES.items():
        text = _data("init", src)
        files[dest] = render_pinned(text, pin, markdown=dest.endswith(".md"))
    for dest, src in PLAIN_FILES.items():
        files[dest] = _data("init", src)
    for name, text in schema.schemas().items():
        files[f"{schema.SCHEMA_DIR}/{name}"] = text
    reference = resources.files("inquiry").joinpath("data", "reference.docx")
    if reference.is_file():
        files["templates/reference.docx"] = reference.read_bytes()
    return files


def _write_repository(target: Path, files: dict[str, str | bytes]) -> list[Path]:
    written = []
    for rel, content in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def _remove_ours(target: Path, ours: set[str], *, remove_root: bool) -> None:
    # None of `ours` was there before `init` (see `_refuse_what_is_there`): all init's to remove.
    if remove_root:
        shutil.rmtree(target, ignore_errors=True)
        return
    for name in ours:
        child = target / name
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
