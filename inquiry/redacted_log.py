"""What `validate` and a public `build` print name no redacted string.

A pull request's checks print their problems in a log (and as annotations) that reach more
people than the evidence does: a fork's author, a CI service, a bug report pasted with the log.
So every problem's message, hint and file are said with each string any item redacts (as
written, whether or not its file passed the schema) replaced by its mark, as the public bundle
says them: `unknown field `[PI]`` at `evidence/testimonies/TM-002.yaml:11:3` is still enough to
find the line. A file named after a witness is itself refused (`redact-in-path`), and its
location is printed with the mark too.
"""

from __future__ import annotations

import dataclasses

from inquiry.load import Corpus
from inquiry.model.redact import MAX_REDACTED_CHARACTERS, MAX_SUBMISSION_REDACTIONS
from inquiry.problems import Problem, Report, make_report
from inquiry.redaction import Entry, Matcher, written_entries


def strings_of(corpus: Corpus) -> tuple[list[Entry], bool]:
    """Every distinct string any item of `corpus` lists under `redact` (its own or an
    exhibit's), and whether that is all of them: a matcher takes at most
    `MAX_SUBMISSION_REDACTIONS` strings of at most `MAX_REDACTED_CHARACTERS` each (a pull
    request of 20,000 entries took minutes and gigabytes to make one)."""
    found: dict[str, Entry] = {}
    complete = True
    for entry in corpus.entries:
        for e in written_entries(entry.doc.data):
            if e.text in found:
                continue
            if len(e.text) > MAX_REDACTED_CHARACTERS or len(found) >= MAX_SUBMISSION_REDACTIONS:
                complete = False
                continue
            found[e.text] = e
    return list(found.values()), complete


def matcher_of(corpus: Corpus) -> Matcher:
    """A matcher of `strings_of(corpus)`, made once for validation, its log and a build's."""
    return Matcher.of(strings_of(corpus)[0])


WITHHELD = (
    "(message withheld: the items' `redact` entries are more, or longer, than the log can be "
    "searched for; this message might name one of them)"
)
KEPT_WHOLE = frozenset({"redact-too-many"})
"""Problems whose words name no redacted string, said even when the others are withheld."""


def redacted(problem: Problem, matcher: Matcher) -> Problem:
    """`problem` with each redacted string in its file, message and hint replaced by its mark."""
    if not matcher:
        return problem
    hint = matcher.plain(problem.hint) if problem.hint is not None else None
    return dataclasses.replace(
        problem,
        file=matcher.plain(problem.file),
        message=matcher.plain(problem.message),
        hint=hint,
    )


def redacted_report(report: Report, corpus: Corpus) -> Report:
    """`report` as a log may say it: every problem `redacted`; when some string could not be
    searched for (over the limits), every message but those in `KEPT_WHOLE` withheld, its
    place and code kept, so the fix (fewer, shorter entries) comes first."""
    entries, complete = strings_of(corpus)
    matcher = Matcher.of(entries)
    out = []
    for problem in report.problems:
        problem = redacted(problem, matcher)
        if not complete and problem.code not in KEPT_WHOLE:
            problem = dataclasses.replace(problem, message=WITHHELD, hint=None)
        out.append(problem)
    return make_report(out, items=report.items)
