"""The files under `evidence/` that are items, and each one that is not, named.

Walked in a stable order, without following a link out of `evidence/`; a folder that cannot be
listed, a link that leads outside or nowhere, a file named almost like an item (`TM-002.YAML`,
`TM-003.yaml.txt`) and an editor's or a system's file beside one (`._TM-001.yaml`) are each a
problem naming it, never skipped in silence.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from inquiry.file_name_clashes import name_clashes
from inquiry.problems import Problem
from inquiry.readfiles import problem_at, reason, relative
from inquiry.shown import escaped
from inquiry.yamlcompose import Pos

EVIDENCE = "evidence"
SUBMISSION_FILE = "submission.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
SUBMISSION_NAMES = frozenset({"submission.yaml", "submission.yml", "submission.yaml.txt"})
"""What evidence/submission.yaml is found named instead (compared in lower case, stripped):
never an item, however it ends."""


def enclosing_submission(root: Path) -> Path | None:
    """The submission repository `root` lies inside, below its top (run from
    `evidence/testimonies/`, say), when `root` is not one itself."""
    if os.path.lexists(root / EVIDENCE / SUBMISSION_FILE):
        return None
    for above in Path(os.path.abspath(root)).parents:
        try:
            if (above / EVIDENCE / SUBMISSION_FILE).is_file():
                return above
        except OSError:  # a folder above that cannot be searched: nothing to name
            return None
    return None


def submission_hint(root: Path) -> str:
    """Where the submission file may be instead: a near-miss name, or no evidence/ folder."""
    evidence = root / EVIDENCE
    if os.path.lexists(evidence) and not evidence.is_dir():
        return "evidence/ must be a folder holding submission.yaml and the items"
    if evidence.is_dir():
        try:
            near = sorted(
                e.name
                for e in os.scandir(evidence)
                if e.name != SUBMISSION_FILE and e.name.lower().strip() in SUBMISSION_NAMES
            )
        except OSError:
            near = []
        if near:
            return f"rename `evidence/{near[0]}` to `evidence/{SUBMISSION_FILE}`"
    above = enclosing_submission(root)
    if above is not None:
        return (
            f"you are inside the submission repository {above}, not at its top: run from there"
            f" or give `--root {above}`"
        )
    return "run `inquiry init DIR` for a new submission, or pass --root"


def leads_outside(base: Path, path: str) -> bool | None:
    """Whether a link leads outside evidence/ (None: it cannot be followed)."""
    try:
        return not Path(os.path.realpath(path, strict=True)).is_relative_to(base)
    except (OSError, RuntimeError):
        return None


def walk(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every item file under evidence/, in a stable order; each folder that cannot be listed
    and each link that leads outside evidence/ or nowhere is a problem (when a list is given)."""
    base = root / EVIDENCE
    real_base = Path(os.path.realpath(base))
    out: list[str] = []
    report = problems if problems is not None else []
    report += _beside_evidence(root)
    stack = [str(base)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            report.append(
                problem_at(
                    relative(root, folder),
                    Pos(1, 1),
                    "folder-unreadable",
                    f"the folder cannot be read: {reason(exc)}; its files were not checked",
                    "make it readable (chmod), or remove it from evidence/",
                )
            )
            continue
        report += name_clashes(root, folder, [entry.name for entry in found])
        for entry in found:
            is_yaml = entry.name.endswith(YAML_SUFFIXES)
            try:
                link = entry.is_symlink()
                folder_like = entry.is_dir(follow_symlinks=not link)
                linked_folder = link and entry.is_dir()
            except OSError:  # a link in a loop, or to where we may not look: not a folder
                link, folder_like, linked_folder = False, False, False
            submission = entry.name == SUBMISSION_FILE and folder == str(base)
            # `submission.yml` is the submission misnamed (loading says so), not an item.
            misnamed = (
                not submission
                and folder == str(base)
                and entry.name.lower().strip() in SUBMISSION_NAMES
            )
            if misnamed and is_yaml and not folder_like:
                if os.path.lexists(os.path.join(folder, SUBMISSION_FILE)):
                    report.append(_not_read(relative(root, entry.path), entry.name, twin=True))
                continue
            # `._TM-001.yaml` (macOS), `.#TM-001.yaml` (Emacs's lock, a link to nowhere),
            # `~$…` (Word): an editor's or a system's file beside an item, never an item.
            junk = is_yaml and entry.name.startswith((".", "~")) and not folder_like
            if junk:
                report.append(_not_read(relative(root, entry.path), entry.name, hidden=True))
                continue
            if link and (is_yaml or linked_folder) and not submission:  # that one: see below
                leads = leads_outside(real_base, entry.path)
                if leads is not False:
                    where = "outside evidence/" if leads else "nowhere (a broken link)"
                    report.append(
                        problem_at(
                            relative(root, entry.path),
                            Pos(1, 1),
                            "file-outside",
                            f"this link leads {where}",
                            "evidence holds the files themselves; replace the link with a copy",
                        )
                    )
                    continue
                if not is_yaml:
                    continue  # a folder linked from inside: walked where it really is
            if folder_like and entry.name.startswith(".") and not link:
                # `.github/`, `.vscode/`: a tool's folder, never items; named when it holds YAML.
                if _holds_yaml(entry.path):
                    report.append(_not_read(relative(root, entry.path), entry.name, folder=True))
                continue
            if folder_like and not link and os.path.lexists(os.path.join(entry.path, ".git")):
                # A submodule's checkout: a clone without `--recurse-submodules` (CI) has it
                # empty, so its files are not what is checked and built there.
                report.append(_submodule(relative(root, entry.path)))
                continue
            if folder_like:
                stack.append(entry.path)
            elif is_yaml and not submission:
                out.append(entry.path)
            elif entry.name.endswith("~") and entry.name[:-1].lower().endswith(YAML_SUFFIXES):
                # `TM-001.yaml~`: an editor's backup, named as `.#TM-001.yaml` is.
                report.append(_not_read(relative(root, entry.path), entry.name, hidden=True))
            elif (
                not is_yaml
                and not entry.name.startswith((".", "~"))
                and (_near_yaml(entry.name) or _item_inside(entry.path, entry.name))
            ):
                report.append(_not_read(relative(root, entry.path), entry.name))
    if problems is not None:  # one checked out with its `.git` file is named above
        report += [_submodule(f) for f in gitlinks(root) if not (root / f / ".git").exists()]
    return [Path(p) for p in sorted(out)]


_ITEM_START = re.compile(rb'^[ \t{]*"?id"?[ \t]*:[ \t]*"?[A-Za-z]{2,5}-[0-9]{3,}', re.MULTILINE)
"""An item's first field as YAML or JSON writes it (`id: TM-105`, `{"id": "TM-105"`)."""
ITEM_LOOK = 4_096
"""How much of a file with no extension (or `.json`) is read to tell whether it is an item."""


def _item_inside(path: str, name: str) -> bool:
    """Whether a file named with no extension (`TM-105`) or `.json` holds an item: one meant
    to be read (YAML reads JSON), which is not. An exhibit has an extension other than these
    (or its bytes are a PDF's or an image's, with no `id:` line)."""
    _, dot, extension = name.rpartition(".")
    if dot and extension.lower() != "json":
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(ITEM_LOOK)
    except OSError:
        return False
    return bool(_ITEM_START.search(head))


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """`git -C root ARGS`, its output as text (a file name that is not UTF-8 kept as
    surrogates), under a time limit; None when git cannot be run. Git's own variables are not
    passed on: `GIT_DIR` or `GIT_INDEX_FILE` left set by a hook would make it answer for
    another repository (red team h187: another commit on the cover)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            errors="surrogateescape",
            timeout=10,
            check=False,
            env=env,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def gitlinks(root: Path) -> list[str]:
    """The submodules git records under evidence/ (mode 160000), when `root` is a work tree."""
    if not os.path.lexists(root / ".git"):
        return []
    found = run_git(root, "ls-files", "-s", "-z", "--", EVIDENCE)
    if found is None or found.returncode != 0:
        return []
    out = []
    for record in found.stdout.split("\0"):
        info, _, path = record.partition("\t")
        if info.startswith("160000 "):
            out.append(path)
    return out


def _submodule(file: str) -> Problem:
    return Problem(
        file,
        1,
        1,
        "file-not-read",
        f"`{file}/` is a git submodule: its files are not part of the submission (a clone"
        " without its submodules, as CI makes, has the folder empty), and are not read",
        "warning",
        "copy the items and exhibits into evidence/ itself, and remove the submodule",
    )


_NEAR_YAML = re.compile(r"\.(?:ya?ml|yam|ymal|yaml?l)(?:\.txt)?\s*$", re.IGNORECASE)
"""A name an item file was meant to have: `TM-002.YAML`, `TM-003.yaml.txt` (Notepad's "Save
as"), `TM-005.yaml ` (a trailing space), a slip of the keys (`.ymal`, `.yam`). Not an editor's
own file (`.TM-001.yaml.swp`, `.~lock.TM-001.yaml#`) nor another kind of file (`scan.yaml.pdf`,
`responses.json`)."""


_ITEM_NAME = re.compile(r"[A-Za-z]{2,5}-[0-9]{3,}\.ya?ml", re.IGNORECASE)


def _beside_evidence(root: Path) -> list[Problem]:
    """A file named like an item at the repository's top, beside evidence/ (`TM-701.yaml`):
    items are read only under evidence/, and it was left out in silence."""
    import stat

    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    out = []
    for name in names:
        if not _ITEM_NAME.fullmatch(name):
            continue
        try:
            regular = stat.S_ISREG(os.lstat(root / name).st_mode)
        except OSError:
            continue
        if regular:
            out.append(
                Problem(
                    name,
                    1,
                    1,
                    "file-not-read",
                    f"`{name}` is not read: items are read only under {EVIDENCE}/",
                    "warning",
                    f"move it into {EVIDENCE}/, into the folder of its kind (e.g. "
                    f"{EVIDENCE}/testimonies/)",
                )
            )
    return out


def _near_yaml(name: str) -> bool:
    """Whether `name` reads as an item file's, once look-alike letters (a Cyrillic `а` in
    `.yаml`) are read as the Latin ones they are drawn like."""
    from inquiry.look_alikes import LOOK_ALIKES

    return bool(_NEAR_YAML.search("".join(LOOK_ALIKES.get(c, c) for c in name)))


HIDDEN_LOOK = 10_000
"""How many entries of a hidden folder are looked through for a YAML file before it is named
anyway (a `.git` copied into evidence/ holds thousands)."""


def _holds_yaml(folder: str) -> bool:
    """Whether a folder holds a YAML file, at any depth (links not followed)."""
    seen = 0
    for _, _, files in os.walk(folder, onerror=lambda _: None):
        if any(f.endswith(YAML_SUFFIXES) for f in files):
            return True
        seen += len(files) + 1
        if seen > HIDDEN_LOOK:
            return True
    return False


def _not_read(
    file: str, name: str, *, hidden: bool = False, folder: bool = False, twin: bool = False
) -> Problem:
    if folder:
        message = (
            f"`{name}/` is not read: a folder whose name starts with `.` is a tool's or an "
            "editor's, and its files are not items"
        )
        hint = "move any items in it to a folder whose name does not start with `.`"
    elif twin:
        message = f"`{name}` is not read: the submission is `{EVIDENCE}/{SUBMISSION_FILE}`"
        hint = f"delete it if it is an old copy, or merge it into {SUBMISSION_FILE}"
    elif hidden:
        message = (
            f"`{name}` is not read: a name starting with `.` or `~` (or ending in `~`) is an"
            " editor's file"
        )
        which = "last" if name.endswith("~") else "first"
        hint = f"delete it if it is left over; rename it without the {which} character if not"
    else:
        # The stem as written (a name's letters kept whole, so a log marks it as it marks the
        # file's path: `Sin Wrenfield` once printed a redacted name's surname, h151).
        shown = "".join(c for c in name.strip() if c.isprintable() and escaped(c) == c)
        stem = shown.split(".")[0].strip() or shown
        message = f"`{name}` is not read: only files whose names end in `.yaml` or `.yml` are items"
        hint = f"rename it to `{stem}.yaml` if it is an item, or move it out of evidence/"
    return Problem(file, 1, 1, "file-not-read", message, "warning", hint)


def item_files(root: Path) -> list[Path]:
    """Every item file under evidence/, in a stable order."""
    return walk(root) if (root / EVIDENCE).is_dir() else []


__all__ = [
    "EVIDENCE",
    "SUBMISSION_FILE",
    "SUBMISSION_NAMES",
    "YAML_SUFFIXES",
    "item_files",
    "leads_outside",
    "walk",
]
