"""load → validate → number → render → assemble → write atomically, in that order."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inquiry import numbering
from inquiry.errors import BuildFailed, InvalidEvidence
from inquiry.numbering import Audience
from inquiry.validate import validate


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Path, ...]
    plan: numbering.Plan


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        import time

        return int(time.time())
    try:
        return int(value)
    except ValueError:
        raise BuildFailed(message=f"SOURCE_DATE_EPOCH={value!r} is not a whole number") from None


def git_commit(root: Path) -> str | None:
    """The repository's HEAD commit, for the cover, when root is in a git work tree."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def build(
    root: Path,
    *,
    out: Path,
    formats: Sequence[str] = ("pdf", "docx"),
    audience: Audience = "public",
    include_drafts: bool = False,
    progress: bool = False,
) -> BuildResult:
    """Build the bundle into `out`; nothing in `out` changes unless every output succeeded."""
    corpus, report = validate(root)
    if not report.valid():
        raise InvalidEvidence(report=report)
    # Number once: the PDF, the DOCX and the manifest must agree on every item's number.
    plan = numbering.plan(corpus, audience=audience, include_drafts=include_drafts)
    epoch = source_date_epoch()
    commit = git_commit(root)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".inquiry-", dir=out) as tmp:
        staged = Path(tmp)
        names: list[str] = []
        if "pdf" in formats:
            from inquiry.manifest import write_manifest
            from inquiry.render.pdf import render_pdf

            layout = render_pdf(
                plan,
                root=root,
                dest=staged / "bundle.pdf",
                epoch=epoch,
                commit=commit,
                progress=progress,
            )
            write_manifest(plan, layout, pdf=staged / "bundle.pdf", dest=staged / "manifest.json")
            names += ["bundle.pdf", "manifest.json"]
        if "docx" in formats:
            from inquiry.render.docx import render_docx

            render_docx(plan, root=root, dest=staged / "bundle.docx", epoch=epoch, commit=commit)
            names.append("bundle.docx")
        # Only now, with every output made, replace the old bundle: each rename is atomic.
        for name in names:
            os.replace(staged / name, out / name)
    return BuildResult(tuple(out / n for n in names), plan)


__all__ = ["BuildResult", "build"]
