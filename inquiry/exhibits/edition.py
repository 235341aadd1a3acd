"""The exhibits of an edition's plan: what to prepare for each (`requests`), and what came of
it (`outcomes`): the prepared exhibits, and a problem at the exhibit's line for each refusal and
each thing preparation could not do. `inquiry.exhibits.stage` does the preparing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from inquiry.checks.common import at
from inquiry.exhibits.files import resolve
from inquiry.exhibits.prepare import Options
from inquiry.exhibits.stage import Ready, Refused, Request
from inquiry.limits import BUNDLE_PAGES
from inquiry.numbering import Numbered, Plan
from inquiry.problems import Problem, Severity
from inquiry.redaction import Matcher


def requests(
    root: Path, plan: Plan, *, strip: float, ocr: str, matcher: Matcher
) -> tuple[list[tuple[tuple[Numbered, int], Request]], list[Problem]]:
    """What to prepare for every exhibit of the plan's items, and the exhibits refused at once
    (a path outside evidence/). In the public edition every exhibit is searched for every
    redacted string of the edition, and its own regions are removed."""
    from inquiry.exhibits.ocr import ocr_available

    public = plan.audience == "public"
    # As listed, not longest first: each form of a name is then shown by the code it is in
    # the items' text (`Matcher.listed`).
    strings = tuple((e.text, e.code) for e in matcher.listed) if public else ()
    tools = ocr != "never" and ocr_available()
    wanted: list[tuple[tuple[Numbered, int], Request]] = []
    problems: list[Problem] = []
    for n in plan.items:
        for k, exhibit in enumerate(n.item.exhibits, 1):
            path = resolve(root, exhibit.file)
            if isinstance(path, str):
                problems.append(
                    at(
                        n.entry,
                        ("exhibits", k - 1, "file"),
                        "exhibit-outside",
                        f"exhibit `{exhibit.file}` is {path}",
                    )
                )
                continue
            regions = (
                tuple(
                    (
                        int(r.page),
                        (float(r.box[0]), float(r.box[1]), float(r.box[2]), float(r.box[3])),
                        r.code,
                    )
                    for r in getattr(exhibit, "redact", ()) or ()
                    if hasattr(r, "box")
                )
                if public
                else ()
            )
            options = Options(strip, ocr, tools, strings, regions)
            wanted.append(((n, k), Request(path, exhibit.file, options)))
    return wanted, problems


def own_strings(exhibit: object) -> list[str]:
    """The strings an exhibit entry itself asks to redact."""
    out = []
    for r in getattr(exhibit, "redact", ()) or ():
        if isinstance(r, str):
            out.append(r)
        elif isinstance(getattr(r, "text", None), str):
            out.append(r.text)
    return out


def outcomes(
    plan: Plan,
    wanted: Sequence[tuple[tuple[Numbered, int], Request]],
    results: Sequence[Ready | Refused],
) -> tuple[dict[tuple[str, int], Ready], list[Problem]]:
    """The prepared exhibits by (item id, index), and a problem for each refusal (an error)
    and each thing preparation could not do (a warning)."""
    ready: dict[tuple[str, int], Ready] = {}
    problems: list[Problem] = []
    total = 0  # the bundle's exhibit pages so far, in bundle order
    for ((n, k), request), result in zip(wanted, results, strict=True):
        name = request.name
        say = _Sayer(n, k, problems)
        if isinstance(result, Refused):
            say(result.code, f"exhibit `{name}` {result.message}", error=True)
            continue
        ready[(n.item.id, k)] = result
        total += result.pages
        if total - result.pages <= BUNDLE_PAGES < total:
            say("exhibit-too-large", *over_bundle_pages(name, total, BUNDLE_PAGES), error=True)
        if result.no_text:
            say("exhibit-no-text", *_no_text(name, result.no_text, request.options))
        if result.turned:
            say("exhibit-turned", *turned_pages(name, result.turned))
        if result.cropped:
            say("exhibit-cropped-text", *cropped_pages(name, result.cropped))
        if result.left_out:
            say(
                "exhibit-left-out",
                f"exhibit `{name}`: the bundle shows its pages only; "
                f"{' and '.join(result.left_out)} are not carried into it",
                "give what matters its own exhibit, or quote it in the item",
            )
        asked = set(own_strings(n.item.exhibits[k - 1]))
        for missing in result.missing:
            if missing in asked:
                say(
                    "exhibit-redact-not-found",
                    f"exhibit `{name}`: a string listed for redaction was not found in its "
                    "text (nothing was removed for it)",
                    "check the spelling, and look at its pages: words in pictures and scans "
                    "are searched only by OCR, and a picture OCR cannot read is not searched",
                )
        if result.unverified:
            say(
                "exhibit-redact-unverified",
                f"exhibit `{name}`: OCR of redacted page(s) "
                f"{', '.join(map(str, result.unverified))} kept reading a redacted string; "
                "those pages were left without a text layer",
                "look at those pages: widen a region over the name if it shows",
            )
        if result.unsearched:
            say(
                "exhibit-redact-unsearched",
                f"exhibit `{name}`: page(s) {', '.join(map(str, result.unsearched))} show words "
                "no text layer holds (pictures, or text in a font that gives no Unicode for its "
                "letters), which only OCR can search for the redacted strings, and OCR was off "
                "or not installed",
                "look at those pages: install Tesseract and ocrmypdf and build without --ocr "
                "never (a build then reads them by OCR and redacts what it finds), or redact a "
                "region over any name that shows",
            )
    return ready, problems


def found_in_exhibits(
    problems: Sequence[Problem], plan: Plan, exhibits: dict[tuple[str, int], Ready]
) -> list[Problem]:
    """`problems` without the `redact-not-found` warnings of entries that an exhibit of this
    public edition held: its preparation found and removed them, though no item's text has
    them (red team h139: a user trusting the warning would delete an entry that protects a
    name). Every exhibit of a public edition is searched for every redacted string, and says
    which it did not find (`Ready.missing`)."""
    if plan.audience != "public" or not exhibits:
        return list(problems)
    unfound = set.intersection(*(set(r.missing) for r in exhibits.values()))
    kept = []
    for problem in problems:
        if problem.code == "redact-not-found" and _entry_text(problem, plan) not in (
            *unfound,
            None,
        ):
            continue
        kept.append(problem)
    return kept


def _entry_text(problem: Problem, plan: Plan) -> str | None:
    """The text of the item's `redact` entry a problem is at, or None."""
    for n in plan.items:
        if n.entry.file != problem.file:
            continue
        for i, entry in enumerate(getattr(n.item, "redact", ()) or ()):
            # The warning stands at the entry, or at its `text` when it is written `{text, code}`
            # (h174: such an entry found only in an exhibit was still said to match nothing).
            places = [
                n.entry.doc.value_pos(("redact", i)),
                n.entry.doc.value_pos(("redact", i, "text")),
            ]
            if any((pos.line, pos.column) == (problem.line, problem.column) for pos in places):
                text = entry if isinstance(entry, str) else getattr(entry, "text", None)
                return text if isinstance(text, str) else None
    return None


def over_bundle_pages(name: str, total: int, limit: int) -> tuple[str, str]:
    """The message and hint for the exhibit `name` that takes a bundle's exhibit pages to
    `total`, over `limit` (`limits.BUNDLE_PAGES`: the build's, and `validate`'s through the
    probe)."""
    return (
        f"exhibit `{name}` takes the bundle's exhibits to {total:,} pages, over the limit of "
        f"{limit:,} a bundle may have",
        "split the submission, or attach only the pages the evidence relies on",
    )


@dataclass(frozen=True)
class _Sayer:
    """Adds a problem at one exhibit's line (a warning unless `error`)."""

    entry: Numbered
    k: int
    problems: list[Problem]

    def __call__(
        self, code: str, message: str, hint: str | None = None, error: bool = False
    ) -> None:
        where = ("exhibits", self.k - 1, "file")
        severity: Severity = "error" if error else "warning"
        self.problems.append(at(self.entry.entry, where, code, message, hint, severity=severity))


def turned_pages(name: str, pages: Sequence[int]) -> tuple[str, str]:
    """The message and hint for an exhibit's pages whose text reads sideways or upside down
    as the file shows them (the bundle shows them so too: pages stay as filed)."""
    listed = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
    return (
        f"exhibit `{name}` has {len(pages)} page(s) whose text reads sideways or upside down "
        f"(page {listed}): the bundle shows them as the file does",
        "rotate those pages upright in the file (a PDF editor's Rotate pages) and save it",
    )


def cropped_pages(name: str, pages: Sequence[int]) -> tuple[str, str]:
    """The message and hint for an exhibit's pages that hold text outside what they show."""
    listed = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
    return (
        f"exhibit `{name}` has {len(pages)} page(s) cropped so that text is outside what they "
        f"show (page {listed}): the bundle shows them as cropped, but a reader's search still "
        "finds the cropped-off text",
        "if it holds what must not be published, supply a copy without it (print the cropped "
        "pages to a new PDF, or scan them again), or list the names under the exhibit's `redact`",
    )


def _no_text(name: str, pages: Sequence[int], options: Options) -> tuple[str, str]:
    """The message and hint for an exhibit's pages left without text, saying why."""
    listed = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
    if options.ocr != "never" and options.ocr_tools:
        why = f": OCR found no words on {len(pages)} page(s) (page {listed})"
        hint = (
            "if they hold text (too faint, handwritten or sideways for OCR), add a transcript"
            " to the item, or a clearer, upright scan"
        )
    else:
        why = f" has {len(pages)} page(s) without text (page {listed})"
        hint = (
            "build without --ocr never to give them a text layer"
            if options.ocr == "never"
            else "install Tesseract (tesseract-ocr, tesseract-ocr-eng) and ocrmypdf; builds"
            " then add a text layer (--ocr auto)"
        )
    return f"exhibit `{name}`{why}: a search of the bundle will not find its words", hint
