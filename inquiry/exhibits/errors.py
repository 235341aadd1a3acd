"""The one error every exhibit step raises, and plain words for library exceptions."""

from __future__ import annotations

import re

import pikepdf


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


def no_pages(pdf: pikepdf.Pdf) -> ExhibitError:
    """An empty page tree — or one whose pages qpdf could not read (a MediaBox of 1e38 makes the
    page object unparsable, and qpdf drops it): that is damage, not a file with no pages."""
    unread = [w for w in pdf.get_warnings() if "Pages tree" in w or "treating object as null" in w]
    if unread:
        return ExhibitError(
            f"is damaged beyond repair (its pages cannot be read: {describe(Exception(unread[0]))})"
        )
    return ExhibitError("has no pages", code="exhibit-no-pages")
