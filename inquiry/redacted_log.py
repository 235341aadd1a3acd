"""What `validate` and a public `build` print name no redacted string.

A pull request's checks print their problems in a log (and as annotations) that reach more
people than the evidence does: a fork's author, a CI service, a bug report pasted with the log.
So every problem's message, hint and file are said with each string any item redacts (as
written, whether or not its file passed the schema) replaced by its mark, as the public bundle
says them: `unknown field `[PI]`` at `evidence/testimonies/TM-002.yaml:11:3` is still enough to
find the line. A file named after a witness is warned of (`redact-in-path`), and its location
is printed with the mark too.
"""

from __future__ import annotations

import dataclasses
import weakref

from inquiry.load import Corpus
from inquiry.model.redact import MAX_REDACTED_CHARACTERS, MAX_SUBMISSION_REDACTIONS
from inquiry.problems import Problem, Report
from inquiry.redaction import Entry, Matcher, mark_label


def written_entries(data: object) -> list[Entry]:
    """The `redact` entries of an item's file as written (its own list and its exhibits'),
    whether or not the file passed the schema: for saying nothing of them in a log."""
    if not isinstance(data, dict):
        return []
    exhibits = data.get("exhibits")
    lists = [data.get("redact")]
    if isinstance(exhibits, list):
        lists += [e.get("redact") for e in exhibits if isinstance(e, dict)]
    out = []
    for values in lists:
        for value in values if isinstance(values, list) else ():
            text = value.get("text") if isinstance(value, dict) else value
            code = value.get("code") if isinstance(value, dict) else None
            if isinstance(text, str) and text.strip():
                out.append(Entry(text, code if isinstance(code, str) else None))
    return out


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
    hint = said(problem.hint, matcher) if problem.hint is not None else None
    return dataclasses.replace(
        problem,
        file=redacted_path(problem.file, matcher),
        message=said(problem.message, matcher),
        hint=hint,
    )


CUT = "…"
LEAST_CUT = 3
"""The fewest characters of a redacted string, cut short by a message, that are marked."""


def said(text: str, matcher: Matcher) -> str:
    """`text` with each redacted string replaced by its mark, and so too the start of one that
    a message cut short to quote it (`` `…the good witness Hobart Wrenf…` ``: a value, a word
    or a tag too long to print whole is cut before the log's redaction sees it, and a name cut
    in two is no longer the name)."""
    text = matcher.plain(text)
    if CUT not in text:
        return text
    parts = text.split(CUT)
    return CUT.join([*(_uncut(part, matcher) for part in parts[:-1]), parts[-1]])


def _uncut(before: str, matcher: Matcher) -> str:
    """`before` with its end marked where it is the start of a redacted string (at least
    `LEAST_CUT` characters of it), found by the matcher itself with the rest of the string
    put back, so the string's every written form counts."""
    if len(before) < LEAST_CUT or not before[-1].isalnum():
        return before
    near = before[-(MAX_REDACTED_CHARACTERS + 64) :]  # what a string cut here can start in
    for rest in _starts(matcher).get(near[-LEAST_CUT:].casefold(), ()):
        for hit in matcher.find(near + rest):
            if hit.start < len(near) <= hit.end and len(near) - hit.start >= LEAST_CUT:
                return before[: len(before) - len(near) + hit.start] + mark_label(hit.code)
    return before


_STARTS: weakref.WeakKeyDictionary[Matcher, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def _starts(matcher: Matcher) -> dict[str, list[str]]:
    """For each redacted string and each place it could be cut after `LEAST_CUT` characters
    or more: the rest of the string, by the (casefolded) characters just before the cut. Made
    once a matcher, so a log of many cut messages looks up a few candidates each."""
    if matcher not in _STARTS:
        index: dict[str, list[str]] = {}
        for entry in matcher.entries:
            words = entry.text
            for k in range(len(words) - 1, LEAST_CUT - 1, -1):
                index.setdefault(words[k - LEAST_CUT : k].casefold(), []).append(words[k:])
        _STARTS[matcher] = index
    return _STARTS[matcher]


_FIXED_FOLDERS = frozenset({"evidence", "served", "schemas", "templates"})


def redacted_path(file: str, matcher: Matcher) -> str:
    """A file's path with each redacted string in a folder's or the file's name replaced by its
    mark, the repository's own top folder (`evidence/`) and the file's extension kept: an item
    redacting a common word (`evidence`, `yaml`) must not make every path in the log unusable
    (`[REDACTED]/statistics/ST-001.[REDACTED]`), while a witness's name in a path is marked.
    The rest of the path is read as one text (a name may run across a `/` or a `.`); where a
    name can still be found in it after that, the whole path is marked."""
    head, slash, rest = file.partition("/")
    if not (slash and head in _FIXED_FOLDERS):
        head, slash, rest = "", "", file
    stem, dot, extension = rest.rpartition(".")
    if not (dot and stem and extension.lower() in _EXTENSIONS):
        stem, dot, extension = rest, "", ""
    middle = matcher.plain(stem)
    if matcher.search(middle):
        return matcher.plain(file)
    return head + slash + middle + dot + extension


_EXTENSIONS = frozenset({"yaml", "yml", "json", "pdf", "png", "jpg", "jpeg", "docx", "txt"})


def redacted_report(report: Report, corpus: Corpus) -> Report:
    """`report` as a log may say it: every problem `redacted`; when some string could not be
    searched for (over the limits), every message withheld, its place and code kept, but for
    `redact-too-many` and the problems on the `redact` lists' own lines (an entry too long, a
    list too long: said by their size, never their words), so the fix comes first."""
    entries, complete = strings_of(corpus)
    matcher = Matcher.of(entries)
    lists = set() if complete else _redact_lines(corpus)
    out = []
    for problem in report.problems:
        problem = redacted(problem, matcher)
        said = problem.code in KEPT_WHOLE or (problem.file, problem.line) in lists
        if not complete and not said:
            problem = dataclasses.replace(problem, message=WITHHELD, hint=None)
        out.append(problem)
    # In the report's order, not merged again: two files whose names are redacted alike
    # (`[W].yaml`) each keep their problems.
    return Report(problems=tuple(out), items=report.items)


def _redact_lines(corpus: Corpus) -> set[tuple[str, int]]:
    """(file, line) of each `redact` list and entry of every item, as written."""
    out: set[tuple[str, int]] = set()
    for entry in corpus.entries:
        data = entry.doc.data
        if not isinstance(data, dict):
            continue
        paths: list[tuple[str | int, ...]] = [("redact",)]
        exhibits = data.get("exhibits")
        for e, exhibit in enumerate(exhibits if isinstance(exhibits, list) else ()):
            if isinstance(exhibit, dict) and "redact" in exhibit:
                paths.append(("exhibits", e, "redact"))
        for path in list(paths):
            node = _at(data, path)
            if isinstance(node, list):
                paths += [(*path, i) for i in range(len(node))]
        for path in paths:
            for pos in (entry.doc.key_pos(path), entry.doc.value_pos(path)):
                out.add((entry.file, pos.line))
    return out


def _at(data: object, path: tuple[str | int, ...]) -> object:
    node = data
    for step in path:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node
