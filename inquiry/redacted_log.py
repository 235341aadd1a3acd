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
import datetime as dt
import html
import re
import sys
import urllib.parse
import weakref
from collections.abc import Collection

from inquiry.load import Corpus, remembered
from inquiry.load import Entry as FileEntry
from inquiry.model.redact import MAX_REDACTED_CHARACTERS, MAX_SUBMISSION_REDACTIONS
from inquiry.problems import Problem, Report
from inquiry.redact_lists import redact_paths
from inquiry.redaction import Entry, Matcher, mark_label


def written_entries(data: object) -> list[Entry]:
    """The `redact` entries of an item's file as written (its own list and its exhibits'),
    whether or not the file passed the schema: for saying nothing of them in a log."""
    out = []
    for _, values in redact_paths(data):  # a list under a misspelt key, or put elsewhere, too
        # A list, or one entry written without one (`redact: Jane Smith`).
        for value in values if isinstance(values, list) else [values]:
            text = value.get("text") if isinstance(value, dict) else value
            code = value.get("code") if isinstance(value, dict) else None
            text = _scalar(text)
            if isinstance(text, str) and text.strip():
                out.append(Entry(text, code if isinstance(code, str) else None))
            if isinstance(value, (dict, list)):
                # An entry written some other way (`Jane Smith: PI`, `name: Jane Smith`): every
                # string in it but the fields' own names and codes, the name among them.
                out += [Entry(s, None) for s in _strings_in(value) if s != text]
    return out


def written_in(entry: FileEntry) -> tuple[Entry, ...]:
    """`written_entries` of an item file's data, worked out once an entry."""
    return remembered(entry, "redact entries written", _written_in)


def _written_in(entry: FileEntry) -> tuple[Entry, ...]:
    return tuple(written_entries(entry.doc.data))


def _scalar(value: object) -> object:
    """A number or a date YAML read from a `redact` entry (`9434765919`, an NHS number written
    without quotes), as the text it was written as; anything else as it is."""
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


_FIELDS = frozenset({"text", "code", "page", "box"})
"""The keys of a `redact` entry (`RedactText`, `RedactRegion`): words, not strings to redact."""


def _strings_in(value: object, depth: int = 0) -> list[str]:
    """The strings of a `redact` entry written as no entry is: its keys but `_FIELDS`, and its
    values but a `code`'s (at most a few levels deep; YAML's own limits bound the rest)."""
    value = _scalar(value)
    if isinstance(value, str):
        return [value] if value.strip() else []
    if depth > 8:
        return []
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v, depth + 1)]
    if isinstance(value, dict):
        out = []
        for key, v in value.items():
            if isinstance(key, str) and key not in _FIELDS and key.strip():
                out.append(key)
            if key not in ("code", "page", "box"):  # a code, a region: no name
                out += _strings_in(v, depth + 1)
        return out
    return []


def strings_of(corpus: Corpus) -> tuple[list[Entry], bool]:
    """Every distinct string any item of `corpus` lists under `redact` (its own or an
    exhibit's), and whether that is all of them: a matcher takes at most
    `MAX_SUBMISSION_REDACTIONS` strings of at most `MAX_REDACTED_CHARACTERS` each (a pull
    request of 20,000 entries took minutes and gigabytes to make one). Walked once a corpus:
    validation's checks and its log's redaction both ask (a walk of 10,000 items: ~0.2 s)."""
    held = _WALKED.get(id(corpus))
    if held is not None and held[0]() is corpus:
        return list(held[1]), held[2]
    entries, complete = _walk(corpus)
    _WALKED.clear()  # one corpus at a time: a long session reads many
    _WALKED[id(corpus)] = (weakref.ref(corpus), tuple(entries), complete)
    return entries, complete


_WALKED: dict[int, tuple[weakref.ref[Corpus], tuple[Entry, ...], bool]] = {}


def _walk(corpus: Corpus) -> tuple[list[Entry], bool]:
    found: dict[str, Entry] = {}
    complete = not corpus.unread_files
    # The items' files, and those read again only for their lists (`Corpus.read_again`).
    written = [*map(written_in, corpus.entries), *map(written_entries, corpus.read_again)]
    for entries in written:
        for e in entries:
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
WITHHELD_UNREAD = (
    "(message withheld: a `redact` list could not be read (see the problems in {files}), so "
    "this message might name a string it redacts; put that file right first)"
)
KEPT_WHOLE = frozenset({"redact-too-many", "problems-not-shown"})
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
    in two is no longer the name); and in a name a message shows encoded: by its code points
    (`` `Si<U+00E2>n Wrenfield letter.pdf` ``: how a file's name encodes its letters), as a
    web address or a file downloaded from one writes it (`Si%C3%A2n%20Wrenfield.pdf`), or with
    HTML's character references (`Si&#226;n`)."""
    encoded = "<U+" in text or "%" in text or "&" in text
    text = _decoded_plain(text, matcher) if encoded else matcher.plain(text)
    if CUT not in text:
        return text
    parts = text.split(CUT)
    return CUT.join([*(_uncut(part, matcher) for part in parts[:-1]), parts[-1]])


_ENCODED = re.compile(
    r"<U\+(?P<point>[0-9A-F]{4,6})>"  # `inquiry.shown.escaped`
    r"|(?P<percent>(?:%[0-9A-Fa-f]{2})+)"  # a web address's bytes, UTF-8
    r"|(?P<reference>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
"""A character, or a run of them, a message may show encoded."""


def _decoding(m: re.Match[str]) -> str:
    if m.group("point") is not None:
        point = int(m.group("point"), 16)
        return "\ufffd" if point > sys.maxunicode or 0xD800 <= point <= 0xDFFF else chr(point)
    if m.group("percent") is not None:
        return urllib.parse.unquote(m.group("percent"), errors="replace")
    return html.unescape(m.group("reference"))


def _decoded_plain(text: str, matcher: Matcher) -> str:
    """`matcher.plain(text)`, each redacted string found in `text` also read with what it shows
    encoded (`_ENCODED`) decoded, and marked over the encoded characters as written."""
    chars: list[str] = []
    starts: list[int] = []  # where in `text` each character of the reading starts
    ends: list[int] = []
    at = 0
    for m in _ENCODED.finditer(text):
        for i in range(at, m.start()):
            chars.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        for ch in _decoding(m):  # each stands for the whole run it was decoded from
            chars.append(ch)
            starts.append(m.start())
            ends.append(m.end())
        at = m.end()
    for i in range(at, len(text)):
        chars.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    out, kept = [], 0
    for hit in matcher.find("".join(chars)):
        if starts[hit.start] < kept:  # a second hit in the run the first was marked over
            if ends[hit.end - 1] > kept:
                out.append(mark_label(hit.code))  # and what of it lies past that run
                kept = ends[hit.end - 1]
            continue
        out += [text[kept : starts[hit.start]], mark_label(hit.code)]
        kept = ends[hit.end - 1]
    return matcher.plain("".join(out) + text[kept:])


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
    unread = sorted(corpus.unread_files)  # what they redact is not known (`redact_lists`)
    lists = set() if complete else redact_lines(corpus)
    why = WITHHELD
    if unread:
        # Said whole: what YAML says of the files it could not read, and nothing else of them.
        lists |= {
            (p.file, p.line)
            for p in report.problems
            if p.file in unread and p.code in READING_CODES
        }
        why = WITHHELD_UNREAD.format(files=", ".join(redacted_path(f, matcher) for f in unread))
    out = []
    for problem in report.problems:
        problem = redacted(problem, matcher)
        said = problem.code in KEPT_WHOLE or (problem.file, problem.line) in lists
        if not complete and not said:
            problem = dataclasses.replace(problem, message=why, hint=None)
        out.append(problem)
    # In the report's order, not merged again: two files whose names are redacted alike
    # (`[W].yaml`) each keep their problems.
    return Report(problems=tuple(out), items=report.items)


READING_CODES = frozenset(
    {
        "yaml-syntax",
        "yaml-duplicate-key",
        "yaml-encoding",
        "yaml-too-deep",
        "yaml-too-many-values",
        "encoding-invalid",
        "file-unreadable",
        "file-too-large",
        "file-not-regular",
        "file-not-read",
        "submission-too-large",
    }
)
"""What a file YAML could not read (whole) is refused with: said of its place and its reading,
never its words (YAML's own reasons name a token's kind, or one character)."""


def redact_lines(corpus: Corpus, files: Collection[str] | None = None) -> set[tuple[str, int]]:
    """(file, line) of each `redact` list and entry of every item (or of those in `files`), as
    written."""
    out: set[tuple[str, int]] = set()
    for entry in corpus.entries:
        data = entry.doc.data
        if not isinstance(data, dict) or (files is not None and entry.file not in files):
            continue
        # Only lists written (a missing key's place is the file's first line: not a list's).
        paths = [path for path, _ in redact_paths(data)]
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
