"""Each format of the bundle written from the views (`inquiry.build`'s render stage): the PDF, laid
out first since every edition shows its page numbers, with its manifest; the DOCX; the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry import numbering, served_problems
from inquiry.errors import InvalidEvidence
from inquiry.final_checks import check_pdf
from inquiry.limits import release_memory
from inquiry.problems import Problem
from inquiry.repo_files import reference_document

if TYPE_CHECKING:
    from inquiry.build import Progress
    from inquiry.cache import Cache
    from inquiry.exhibits.stage import Ready
    from inquiry.render.pdf.layout import Layout
    from inquiry.render.view import Views
    from inquiry.workers import Pool
    from inquiry.yamlnodes import Document


def render_formats(
    root: Path,
    plan: numbering.Plan,
    views: Views,
    files: dict[tuple[str, int], Ready],
    *,
    formats: Sequence[str],
    staged: Path,
    work: Path,
    epoch: int,
    pool: Pool,
    submission: Document | None,
    cache: Cache,
    inputs: str,
    tick: Progress,
) -> tuple[list[str], Layout | None, list[Problem]]:
    """Write each format; say what was written, where the PDF's pages landed, and what the
    PDF's layout warns of."""
    written: list[str] = []
    layout: Layout | None = None
    glyphs: Path | None = None
    warnings: list[Problem] = []
    if formats:
        from inquiry.render.pdf import ExhibitFile, ServedItemGrew, render_pdf

        # Every edition shows the PDF's page numbers: without the PDF, it is laid out (from
        # the cache when it can be) for them, and not assembled.
        pdf = staged / "bundle.pdf" if "pdf" in formats else None
        try:
            result = render_pdf(
                views,
                plan=plan,
                exhibits={
                    k: ExhibitFile(r.path, r.sizes, r.source_sha256) for k, r in files.items()
                },
                dest=pdf,
                workdir=work,
                epoch=epoch,
                pool=pool,
                cache=cache,
                glyphs="html" in formats,  # the HTML edition's exhibits are stamped alone
                tick=tick,
            )
        except ServedItemGrew as exc:
            raise InvalidEvidence(
                report=served_problems.grew(
                    plan,
                    exc.ids,
                    submission=submission,
                    exhibits={k: r.sha256 for k, r in files.items()},
                )
            ) from None
        layout, glyphs = result.layout, result.glyphs
        warnings += result.warnings
    if "pdf" in formats:
        from inquiry.manifest import write_manifest

        assert layout is not None
        release_memory()  # what assembly held, before the workers hash the pages
        tick("Hashing and checking the pages", 0, 0)
        made = write_manifest(
            plan,
            views,
            layout,
            exhibits=files,
            pdf=staged / "bundle.pdf",
            inputs=inputs,
            page_sha256=check_pdf(
                staged / "bundle.pdf",
                layout.count,
                pool,
                views,
                figures=tuple(sorted(layout.exhibit_pages())),
            ),
            dest=staged / "manifest.json",
        )
        written += ["bundle.pdf", "manifest.json"]
        if plan.served is not None and plan.audience == "public":
            from inquiry.served_changes import in_edition

            sources = {
                n.item.id: (n.entry.file, n.entry.doc.value_pos(("id",))) for n in plan.items
            }
            warnings += in_edition(made["items"], plan.served, sources)
    if "docx" in formats:
        from inquiry.render.docx import render_docx

        tick("Writing the DOCX", 0, 0)
        render_docx(
            views,
            dest=staged / "bundle.docx",
            epoch=epoch,
            images=_images(files),
            reference=reference_document(root, work),
            layout=layout,
        )
        written.append("bundle.docx")
    if "html" in formats:
        from inquiry.render.html import render_html

        tick("Writing the HTML edition", 0, 0)
        render_html(
            views,
            dest=staged / "html",
            epoch=epoch,
            exhibits={k: r.path for k, r in files.items()},
            layout=layout,
            pdf_name="bundle.pdf" if "pdf" in formats else None,
            glyphs=glyphs,
        )
        written.append("html")
    return written, layout, warnings


def _images(files: dict[tuple[str, int], Ready]) -> dict[tuple[str, int], bytes]:
    """The picture of each image exhibit for the DOCX: drawn from the prepared page (so it is
    redacted exactly as the PDF, and carries no metadata)."""
    from inquiry.exhibits.picture import picture

    return {k: picture(r.path, r.kind) for k, r in files.items() if r.kind in ("png", "jpeg")}
