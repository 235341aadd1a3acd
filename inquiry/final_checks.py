"""What a build checks of what it rendered, before anything is installed.

Every page of the PDF is hashed (for the manifest and `inquiry verify`) and every output is
searched for every redacted string (`inquiry.proof`): the PDF's pages were searched piece by
piece as they were made, so only what assembly added is searched here, by one worker while the
others hash the pages; the other outputs are searched once they are all written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from inquiry.errors import BuildFailed

if TYPE_CHECKING:
    from inquiry.proof import Leak
    from inquiry.render.view import Views
    from inquiry.workers import Pool

HASH_PART_PAGES = 8_000
"""The most pages one worker hashes at a time (see `check_pdf`)."""


def check_pdf(
    pdf: Path, pages: int, pool: Pool, views: Views, figures: tuple[int, ...] | None = None
) -> list[str]:
    """Every page's hash (see `inquiry.pagehash`), the pages shared out among the workers; beside
    them, one worker searches what assembly added to the bundle (`figures`: the exhibit pages,
    whose figures it made; None: every page's) for every redacted string (see `prove`), so the
    proof costs the build no time of its own. Each worker reads the whole file's
    cross-reference table, which grows with the bundle (`limits.pdf_memory`): the workers'
    memory limit grows with it."""
    from inquiry import limits
    from inquiry.pagehash_run import hash_task
    from inquiry.proof import bundle_leaks
    from inquiry.workers import Failure, call

    # At least a part per worker, and no part so large that its worker holds a huge file's
    # objects at once (each part opens the bundle: parts of thousands of pages keep that cheap).
    parts = max(1, min(pages // 500, max(pool.jobs, -(-pages // HASH_PART_PAGES))))
    bounds = [pages * k // parts for k in range(parts + 1)]
    jobs: list[tuple[Callable[..., object], tuple[object, ...]]] = [
        (hash_task, ((str(pdf), bounds[k], bounds[k + 1]),)) for k in range(parts)
    ]
    redact = tuple((e.text, e.code) for e in views.matcher.entries)
    if redact:  # first: it is the longest task
        jobs.insert(0, (bundle_leaks, (str(pdf), redact, figures)))
    pool.widen(limits.pdf_memory(pdf.stat().st_size))
    results = pool.run(call, jobs, seconds=limits.EXHIBIT_SECONDS * 10)
    out: list[str] = []
    for result in results:
        if isinstance(result, Failure):
            raise BuildFailed(message=f"the bundle could not be checked: {result.message}")
        if redact and result is results[0]:
            refuse(cast("list[Leak]", result))
            continue
        out += cast("list[str]", result)
    return out


def prove(views: Views, staged: Path, written: Sequence[str]) -> None:
    """Search every output in `written` for every redacted string; refuse to install a bundle
    with a leak. (The PDF's pages were searched piece by piece as they were made, and what
    assembly added while its pages were hashed: see `check_pdf`.)"""
    from inquiry.proof import leaks

    if views.matcher:
        refuse(leaks(staged, written, views.matcher))


def refuse(found: Sequence[Leak]) -> None:
    """Refuse the build (exit 3) when anything was found, naming where but never the string."""
    if found:
        where = "; ".join(f"{f.file}: {f.where}" for f in found[:8])
        raise BuildFailed(
            message=f"a redacted string would still be found in the outputs ({where}); "
            "nothing was installed",
        )


__all__ = ["HASH_PART_PAGES", "check_pdf", "prove", "refuse"]
