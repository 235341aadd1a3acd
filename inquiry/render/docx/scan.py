"""The last guard of the public edition: no redacted string anywhere in the package.

Redaction happens on the text before pandoc; this scan proves it worked, reading every part
of the zip (document, headers, footers, comments, properties, relationships, media) as raw
bytes, and each XML part's text with the tags removed and case ignored, so a name split
across runs or written in capitals is caught too. Markup is not searched case-insensitively:
a redacted word that happens to be a style name in another case is not a leak.
A leak fails the build rather than shipping.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Sequence

from inquiry.errors import BuildFailed

_TAG = re.compile(r"<[^>]+>")


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def leaks(data: bytes, strings: Sequence[str]) -> list[tuple[str, str]]:
    """(zip member, string) for each redacted string found in the package: anywhere in the
    raw bytes as written, or in the text (tags removed, any case) of an XML part."""
    if not strings:
        return []
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            text = ""
            if not name.startswith("word/media/"):
                xml = raw.decode("utf-8", errors="replace")
                text = _normal(html.unescape(_TAG.sub("", xml)))
            for s in strings:
                forms = {s.encode("utf-8"), html.escape(s).encode("utf-8")}
                if any(form in raw for form in forms) or (text and _normal(s) in text):
                    found.append((name, s))
    return found


def assert_redacted(data: bytes, strings: Sequence[str]) -> None:
    found = leaks(data, strings)
    if found:
        where = ", ".join(sorted({name for name, _ in found}))
        raise BuildFailed(
            message=f"{len(found)} redacted string(s) survived into the DOCX ({where}); "
            "the public bundle was not written"
        )
