"""The DOCX zip rewritten byte-for-byte reproducibly.

python-docx stamps every zip entry with the wall clock and keeps whatever order its parts came in,
so two builds of the same evidence would differ. Rewriting the container with the build's epoch,
a fixed entry order and fixed compression makes `bundle.docx` depend on its sources alone.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

_DOS_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# Word and LibreOffice read the content types first; the rest follow in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp for `epoch` (UTC): DOS time cannot go before 1980 or after 2107."""
    when = max(dt.datetime.fromtimestamp(epoch, dt.UTC), _DOS_EPOCH)
    when = min(when, dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name), "") if name in _FIRST else (len(_FIRST), name)


def normalize(data: bytes, *, epoch: int) -> bytes:
    """`data` (a zip) with every entry's time, order, attributes and compression fixed."""
    stamp = zip_time(epoch)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in sorted(src.namelist(), key=_order):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name), compresslevel=6)
    return out.getvalue()
