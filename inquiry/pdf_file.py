"""A PDF written to a file so that a full disk is an `OSError`, never an aborted process.

pikepdf's `Pdf.save(path)` (and `save(file)`) on a full disk throws qpdf's error through a C++
destructor, and the process ends with SIGABRT (exit 134): no message, no clean-up, the staging
folder left filling the disk. Here qpdf writes into a sink that never fails; the sink keeps the
first error of the file beneath it, which is raised once qpdf has finished.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:
    import pikepdf


class _Sink(io.RawIOBase):
    def __init__(self, file: io.BufferedWriter) -> None:
        super().__init__()
        self.file = file
        self.error: OSError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.error is None:
            try:
                self.file.write(data)
            except OSError as exc:
                self.error = exc
        return len(data)


def save(pdf: pikepdf.Pdf, dest: Path, **options: Any) -> None:
    """`pdf.save(dest, **options)`, raising `OSError` naming `dest` (a full disk, a quota)."""
    error: OSError | None = None
    file = open(dest, "wb")  # noqa: SIM115 - closed below, its own error kept
    try:
        sink = _Sink(file)
        pdf.save(cast("BinaryIO", sink), **options)
        error = sink.error
        if error is None:
            file.flush()
    except OSError as exc:
        error = exc
    finally:
        try:
            file.close()
        except OSError as exc:  # what was still buffered, on a disk now full
            error = error or exc
    if error is not None:
        raise OSError(error.errno, error.strerror, str(dest)) from error
