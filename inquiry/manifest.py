"""manifest.json: what was built, with hashes, so anyone can check what they received."""

from __future__ import annotations

from pathlib import Path

from inquiry.numbering import Plan
from inquiry.render.pdf import PdfLayout


def write_manifest(plan: Plan, layout: PdfLayout, *, pdf: Path, dest: Path) -> None:
    raise NotImplementedError
