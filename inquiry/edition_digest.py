"""The fingerprint of what shapes an edition (`inputs_digest`): the build stores it in the
manifest and `serve` recomputes it, which is how a stale bundle is told from a current one. It
covers submission.yaml, each included item's file and exhibits, templates/, the audience,
whether drafts were included, and in the public edition every string it redacts."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from inquiry.errors import InquiryError, InvalidEvidence
from inquiry.load import EVIDENCE, SUBMISSION_FILE, Corpus
from inquiry.numbering import Audience, Plan

_DIGEST_VERSION = "inquiry-inputs/3"
EARLIER_DIGEST = "inquiry-inputs/2"
"""The recipe before stop 36, without the strings the public edition redacts: a bundle built
with it is told apart from one whose evidence changed (`serve`)."""
TEMPLATES = "templates"


def inputs_digest(root: Path, *, audience: Audience, include_drafts: bool) -> str:
    """SHA-256 (hex) of everything that shapes the edition of `audience` built from `root`.

    Raises `InvalidEvidence` when the evidence does not validate (no edition can be built).
    """
    return digest_of(*current_edition(root, audience=audience, include_drafts=include_drafts))


def current_edition(
    root: Path, *, audience: Audience, include_drafts: bool = False
) -> tuple[Corpus, Plan]:
    """The evidence at `root` validated, and the items its edition of `audience` includes
    (numbered as if never served: which items, not where).

    Raises `InvalidEvidence` when the evidence does not validate.
    """
    from inquiry import numbering
    from inquiry.validate import validate

    corpus, report = validate(root, include_drafts=include_drafts, probe_exhibits=False)
    if not report.valid():
        raise InvalidEvidence(report=report)
    return corpus, numbering.plan(corpus, audience=audience, include_drafts=include_drafts)


def digest_of(corpus: Corpus, plan: Plan, *, version: str = _DIGEST_VERSION) -> str:
    """`inputs_digest` of an already validated corpus and its plan (what the build calls).

    Covers submission.yaml's bytes, each included item's id and file hash, each of its exhibits'
    name and file hash, every file under templates/ (the DOCX reference document), the
    audience and whether drafts were included, and in the public edition every string it
    redacts (a restricted item's or a draft's list too: adding a name to one changes the
    public bundle, which `serve` must then refuse as stale). Items are taken in id order, so
    the digest does not depend on how the bundle orders them.
    """
    from inquiry.exhibits.files import resolve
    from inquiry.render.view_writer import edition_entries

    submission = corpus.root / EVIDENCE / SUBMISSION_FILE
    items = []
    for entry in sorted(plan.items, key=lambda n: n.item.id):
        exhibits = []
        for exhibit in entry.item.exhibits:
            path = resolve(corpus.root, exhibit.file)
            if isinstance(path, str):
                raise InquiryError(f"exhibit `{exhibit.file}` of {entry.item.id} is {path}")
            exhibits.append([exhibit.file, file_sha256(path)])
        items.append([entry.item.id, entry.entry.sha256, exhibits])
    fingerprint = {
        "version": version,
        "audience": plan.audience,
        "include_drafts": plan.include_drafts,
        "submission": file_sha256(submission),
        "items": items,
        "templates": _templates(corpus.root),
    }
    if plan.audience == "public" and version != EARLIER_DIGEST:
        entries = edition_entries(plan)
        fingerprint["redactions"] = sorted({(e.text, e.code or "") for e in entries})
    text = json.dumps(fingerprint, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _templates(root: Path) -> list[list[str]]:
    """[path, SHA-256] of every file under templates/, in path order; a symbolic link is
    recorded by where it points (`link:` and its target), never followed."""
    top = root / TEMPLATES
    out: list[list[str]] = []
    if top.is_symlink() or not top.is_dir():
        return [[TEMPLATES, f"link:{os.readlink(top)}"]] if top.is_symlink() else []
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out.append([rel, f"link:{os.readlink(path)}"])
            elif path.is_file():
                out.append([rel, file_sha256(path)])
    return sorted(out)


_FILE_HASHES: dict[tuple[str, int, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, remembered while the file is unchanged (a build and the
    digest it stores read the same exhibits; hundreds of megabytes are hashed once)."""
    try:
        info = path.stat()
        key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
        known = _FILE_HASHES.get(key)
        if known is not None:
            return known
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InquiryError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    _FILE_HASHES[key] = digest.hexdigest()
    return _FILE_HASHES[key]
