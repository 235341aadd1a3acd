"""One base class; each error writes its own message from keyword fields."""

from __future__ import annotations

from inquiry.problems import Report


class InquiryError(Exception):
    """Anything the CLI reports as a message rather than a traceback."""


class InvalidEvidence(InquiryError):
    """The evidence failed validation; the report says why."""

    def __init__(self, *, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s) in the evidence")
        self.report = report


class BuildFailed(InquiryError):
    """The evidence was valid but a bundle could not be made (a bad exhibit, a renderer error)."""

    def __init__(self, *, message: str, file: str | None = None) -> None:
        super().__init__(f"{file}: {message}" if file else message)
        self.file, self.message = file, message


class UsageProblem(InquiryError):
    """An option that names something that is not there (e.g. `--reissue` of an unserved id)."""
