"""The one error every exhibit step raises, and plain words for library exceptions."""

from __future__ import annotations

import re


class ExhibitError(Exception):
    """An exhibit that cannot go into the bundle; the message completes "`file` …"."""

    def __init__(self, message: str, *, code: str = "exhibit-damaged") -> None:
        super().__init__(message)
        self.code = code


def describe(exc: BaseException) -> str:
    """A one-line reason from a library exception, without the temporary path qpdf puts first."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"^(stream <[^>]*>( \([^)]*\))?|[^:<>]*[/\\][^:<>]*): ", "", text)
    text = re.sub(r"<[^<>]* at 0x[0-9a-f]+>", "the file", text)  # never an address
    return text[:200]
