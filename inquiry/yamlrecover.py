"""The rest of a file YAML cannot read whole: its top-level fields read around the lines it
stopped at, so that their problems come in the same run as the syntax error.

An item is a mapping whose top-level keys start at column 0; each key's block runs to the next
such key. When YAML stops, the blocks it had reached (from the construct it was in to where it
stopped) are left out, as comment lines so every other line keeps its place, and the file is read
again; a further syntax error is reported in its turn. The keys of the blocks left out are
`Document.unread`: nothing is said of them (neither their problems nor their absence), and the
item is never whole. When the blocks cannot be told apart (no key line before the fault), the
file is not read on; a second document is left out and the first read.
"""

from __future__ import annotations

import re

from inquiry.yamlcauses import cramped_key
from inquiry.yamlcompose import YamlProblem
from inquiry.yamlnodes import Document, read_text
from inquiry.yamltext import Flaw

ROUNDS = 20
"""Syntax errors reported in one file before reading on is given up."""
READ_BUDGET = 4 * 1024 * 1024
"""Characters read again in all, per file, while reading around its syntax errors: each round
reads the whole file with YAML's pure-Python reader (a 480 KB file of 20 bad lines took 5.6 s
in 20 rounds), so a large file gets fewer rounds."""

_KEY = re.compile(
    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#:\-?,\[\]{}&*!|>'"%@`][^#\n]*?))"""
    r"""[ \t]*:(?:[ \t]|\r?$)"""
)
_OUT = "#"  # a blanked line: a comment at column 0 ends whatever the line before it was in


def _key(line: str) -> str | None:
    """The top-level key a line at column 0 starts, or None when it starts none."""
    found = _KEY.match(line)
    if found is None:
        return cramped_key(line) if not line.startswith(" ") else None  # `title:A view`
    double, single, plain = found.groups()
    if double is not None:
        return None if "\\" in double else double
    if single is not None:
        return single.replace("''", "'")
    return plain


def _blocks(lines: list[str], first: int, last: int) -> tuple[int, int, list[str]] | None:
    """The whole top-level blocks lines `first`..`last` (0-based) lie in, and their keys."""
    start = first
    while start >= 0 and _key(lines[start]) is None:
        start -= 1
    if start < 0:
        return None  # no key line before the fault: nothing to tell the blocks apart by
    end = last + 1
    while end < len(lines) and _key(lines[end]) is None:
        end += 1
    keys = [k for k in (_key(lines[i]) for i in range(start, end)) if k is not None]
    # `id:: x` is the key `id:` to YAML, but `id` was meant: neither is said to be missing.
    keys += [k.split(":", 1)[0].rstrip() for k in keys if ":" in k]
    return start, end - 1, keys


def read_around(text: str, flaws: list[Flaw], stopped: YamlProblem) -> Document | None:
    """The document without the blocks YAML could not read, with each syntax error among its
    flaws and their keys as `unread`; None when the rest cannot be read reliably."""
    lines = text.split("\n")
    unread: set[str] = set()
    found: list[Flaw] = []
    problem = stopped
    for _ in range(min(ROUNDS, max(1, READ_BUDGET // max(len(text), 1)))):
        if problem.code != "yaml-syntax" or problem.span is None:
            return None
        found.append(Flaw(problem.code, problem.message, problem.pos, problem.hint))
        first, last = problem.span
        if problem.rest:  # a second document: the first is read, whole
            start, end = problem.pos.line - 1, len(lines) - 1
        else:
            # A span YAML reports past the last line (a fault at the end of the file) is
            # taken as the last line.
            top = min(max(first - 1, 0), len(lines) - 1)
            blocks = _blocks(lines, top, max(top, min(last, len(lines)) - 1))
            if blocks is None:
                return None
            start, end, keys = blocks
            unread.update(keys)
        lines[start : end + 1] = [_OUT] * (end + 1 - start)
        try:
            doc = read_text("\n".join(lines), list(flaws))
        except YamlProblem as again:
            problem = again
            continue
        if not isinstance(doc.data, dict) or not doc.data:
            return None
        doc.flaws = found + doc.flaws
        doc.unread = frozenset(unread)
        return doc
    return None
