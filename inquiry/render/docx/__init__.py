"""The DOCX bundle: pandoc with the reference document, then python-docx for fields."""

from __future__ import annotations

from pathlib import Path

from inquiry.errors import BuildFailed
from inquiry.numbering import Plan


def render_docx(plan: Plan, *, root: Path, dest: Path, epoch: int, commit: str | None) -> None:
    """Write the bundle DOCX to `dest`."""
    raise BuildFailed(message="the DOCX renderer is not built yet")
