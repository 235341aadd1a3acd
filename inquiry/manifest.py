"""manifest.json: what was built, with hashes, so anyone can check what they received.

The file is deterministic (fixed key order, two-space indent, a final newline), so two builds of
the same commit give the same bytes and a diff of two manifests shows only what changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from inquiry.numbering import Plan
from inquiry.render.pdf import PdfLayout


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest(plan: Plan, layout: PdfLayout, *, pdf: Path) -> dict[str, Any]:
    """The manifest as SPEC.md gives it, items in bundle order."""
    from inquiry.render.pdf.typst_source import redactor_for

    items = []
    for entry in plan.items:
        item = entry.item
        pages = layout.items[item.id]
        items.append(
            {
                "id": item.id,
                "number": entry.number,
                "tab": entry.tab.tab,
                # A public manifest must not say what the public bundle redacts.
                "title": redactor_for(entry, plan).plain(item.title),
                "kind": item.kind,
                "first_page": pages.first_page,
                "last_page": pages.last_page,
                "lines_of_inquiry": list(item.lines_of_inquiry),
                "source_sha256": entry.entry.sha256,
                "exhibits": [
                    {
                        "file": e.file,
                        "sha256": e.sha256,
                        "first_page": e.first_page,
                        "last_page": e.last_page,
                    }
                    for e in pages.exhibits
                ],
            }
        )
    return {
        "bundle": {
            "title": plan.submission.title,
            "pages": layout.pages,
            "sha256": _sha256(pdf),
            "audience": plan.audience,
        },
        "items": items,
    }


def write_manifest(plan: Plan, layout: PdfLayout, *, pdf: Path, dest: Path) -> None:
    """Write manifest.json for the bundle at `pdf` to `dest`."""
    text = json.dumps(manifest(plan, layout, pdf=pdf), indent=2, ensure_ascii=False) + "\n"
    dest.write_text(text, encoding="utf-8")
