"""Page hashes (`inquiry.pagehash`) taken in other processes: a received PDF's under a time and
a memory limit, and a bundle's pages shared out among the worker pool.

`page_hashes_limited` runs `pagehash.py` as a script, which imports nothing else from inquiry,
so a crafted file that hangs qpdf or decompresses to gigabytes is stopped without touching this
process; `hash_task` is the workers' entry point for a range of pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from inquiry import pagehash
from inquiry.pagehash import PageHashError, page_hashes

PAGEHASH_SECONDS = 120.0
"""Hashing one received PDF: ~0.15 s per 1,000 simple pages, a few seconds for a 5,000-page
bundle with images; a crafted file that takes longer is stopped."""

PAGEHASH_MEMORY = 1024 * 1024 * 1024
"""Address space of the hashing process (Python, pikepdf/qpdf and the largest decoded stream): a
decompression bomb in a received PDF fails here, not on the machine."""


def hash_task(task: tuple[str, int, int]) -> list[str]:
    """Worker entry point: the hashes of pages `start`–`stop` (0-based, stop excluded)."""
    path, start, stop = task
    return page_hashes(Path(path), range(start, stop))


def page_hashes_limited(
    pdf: Path, *, seconds: float = PAGEHASH_SECONDS, memory: int | None = None
) -> list[str]:
    """`page_hashes` in a separate process under a time and a memory limit (for received PDFs):
    `PAGEHASH_MEMORY`, or for a file large enough to need more, `limits.pdf_memory` of its size
    (a 10,000-item bundle of 104 MB takes 0.8 GB to hash)."""
    from inquiry.errors import InquiryError
    from inquiry.limits import CommandFailed, pdf_memory, run_command

    if memory is None:
        try:
            size = pdf.stat().st_size
        except OSError:
            size = 0  # the hashing process says what is wrong with it
        memory = max(PAGEHASH_MEMORY, pdf_memory(size))

    try:
        out = run_command(
            # -I: no site or environment surprises, and this folder not put first on sys.path.
            [sys.executable, "-I", str(Path(pagehash.__file__).resolve()), str(pdf)],
            seconds=seconds,
            memory=memory,
        )
    except CommandFailed as exc:
        last = exc.stderr.strip().splitlines()[-1:] or [str(exc)]
        raise PageHashError(last[0]) from None
    except (InquiryError, OSError) as exc:
        raise PageHashError(f"{pdf}: hashing stopped: {exc}") from None
    return out.decode("ascii").split()
