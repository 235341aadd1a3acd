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


def matcher_of(corpus: Corpus) -> Matcher:
    """Every string any item of `corpus` lists under `redact` (its own or an exhibit's), as far
    as validation allows them (`MAX_REDACTED_CHARACTERS` each, `MAX_SUBMISSION_REDACTIONS` in
    all: a pull request of 20,000 entries took minutes and gigabytes to make a matcher of)."""
    found: dict[Entry, None] = {}
    for entry in corpus.entries:
        for e in written_entries(entry.doc.data):
            if len(e.text) <= MAX_REDACTED_CHARACTERS:
                found[e] = None
            if len(found) >= MAX_SUBMISSION_REDACTIONS:
                return Matcher.of(found)
    return Matcher.of(found)  # made once for validation, its log and a build's log


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


def redacted_report(report: Report, matcher: Matcher) -> Report:
    if not matcher:
        return report
    return make_report([redacted(p, matcher) for p in report.problems], items=report.items)
