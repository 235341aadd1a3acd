"""Load and check a submission: every problem in one report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, SequenceNode

from inquiry import checks
from inquiry.load import SUBMISSION_PATH, Corpus, load
from inquiry.problems import (
    NOT_SHOWN,
    SHOWN_IN_ALL,
    SHOWN_PER_CODE,
    Problem,
    Report,
    Severity,
    Shown,
    counting,
    make_report,
)
from inquiry.redacted_log import redact_lines
from inquiry.repo_files import repository_problems
from inquiry.yamlcompose import node_pos
from inquiry.yamlnodes import Document

DRAFT_HINT = "the item is a draft, so this is a warning until `status: final`"
_FILE_LEVEL = ("yaml-", "file-")
_WEIGHED = frozenset({"id-duplicate"})
"""Codes whose rule already weighs drafts: a draft reusing a final item's id is an error in
both files (ids are never reused), so it is not made a warning here for being in a draft."""


@contextmanager
def _without_gc() -> Iterator[None]:
    """Loading makes many small objects and no cycles; the cycle collector only costs time
    (40% of a 5,000-item validation), so it is paused and restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Hand what was made to the oldest generation unscanned: re-enabling with everything in
        # the youngest would make the next allocation scan it all (0.8 s at 10,000 items).
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _lists_exhibits(corpus: Corpus) -> bool:
    """Whether some entry lists an exhibit that passed the schema (which `probe` opens)."""
    return any(next(e.fields.indices("exhibits"), None) is not None for e in corpus.entries)


def _as_draft(problem: Problem) -> Problem:
    hint = f"{problem.hint}; {DRAFT_HINT}" if problem.hint else DRAFT_HINT
    return dataclasses.replace(problem, severity="warning", hint=hint)


def validate(
    root: Path,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
    probe_exhibits: bool = True,
    jobs: int | None = None,
    tick: Callable[[str, int, int], None] | None = None,
) -> tuple[Corpus, Report]:
    """Read `root/evidence` and run every rule; never raises for bad evidence.

    A draft (`status: draft`, read even from a file that fails the schema) is work in progress:
    its problems are warnings, unless `include_drafts` (then it goes into the bundle, and its
    problems are errors again) — but for those of its `redact` lists, which the public edition
    applies whether or not the draft is in it. Exhibits, and the files of a large submission,
    are read in `jobs` worker processes (default: every core), under limits.
    `tick(stage, done, total)` says how far it has got (as the build's progress does)."""

    def step(stage: str) -> Callable[[int, int], None] | None:
        if tick is None:
            return None
        said = tick
        return lambda done, total: said(stage, done, total)

    with counting() as shown:
        with _without_gc():
            rules = checks.Rules(today=today, include_drafts=include_drafts)
            corpus, problems = load(
                root, jobs=jobs, each=rules.entry, progress=step("Reading the evidence files")
            )
            if tick is not None:
                tick("Checking the evidence", 0, 0)
            problems += rules.finish(corpus)
        problems += repository_problems(root, corpus, include_drafts=include_drafts)
        if probe_exhibits and _lists_exhibits(corpus):
            # Every exhibit opened as the build will (same code, same limits): what the build
            # would refuse is refused here, at the item's line (`probe_exhibits=False`: the
            # build does it). Its modules (PDF, images, OCR) are imported only for exhibits.
            from inquiry.exhibits.probe import probe

            problems += probe(
                corpus,
                problems,
                jobs=jobs,
                include_drafts=include_drafts,
                progress=step("Opening the exhibits"),
            )
    problems = [p for p in problems if p.line > 0]  # those not shown are counted in `shown`
    drafts = set() if include_drafts else {e.file for e in corpus.entries if e.draft}

    def demoted(file: str, code: str) -> bool:
        # A file YAML cannot read as written (bytes that are not UTF-8, an alias, a tag) is
        # broken for every tool that reads the repository, draft or not: those stay errors;
        # so do those of its `redact` entries (`redact-*`), which the public edition applies.
        return (
            file in drafts
            and not code.startswith(_FILE_LEVEL)
            and not code.startswith("redact-")
            and code not in _WEIGHED
        )

    # A draft's `redact` lists are the public edition's (a witness it names may be named in a
    # public item): the schema's problems with them stay errors, so no build runs without them
    # read whole.
    lists = redact_lines(corpus, drafts) if drafts else set()

    def kept(p: Problem) -> bool:
        return (p.file, p.line) in lists and p.code.startswith(("schema-", "yaml-"))

    problems = [
        _as_draft(p) if p.severity == "error" and demoted(p.file, p.code) and not kept(p) else p
        for p in problems
    ]
    unread = frozenset(corpus.unread_files)
    problems = _bounded(_without_echoes(problems, corpus), shown, demoted, unread)
    return corpus, make_report(problems, items=corpus.files)


def _bounded(
    problems: list[Problem],
    shown: Shown,
    demoted: Callable[[str, str], bool],
    unread: frozenset[str] = frozenset(),
) -> list[Problem]:
    """At most `SHOWN_PER_CODE` problems of one code in one file, and `SHOWN_IN_ALL` in all:
    the others counted in a `problems-not-shown` at the first line of their file (and one at
    `evidence` for those beyond `SHOWN_IN_ALL`), so a log and a job summary stay readable
    and within GitHub's limits, and the verdict is the same. The problems of a file that could
    not be read (`unread`) come first: with its `redact` list unknown, every other message is
    withheld and points to them (red team h186: the 2,000 shown were all withheld, and the
    file too large to read was among those not shown)."""
    hidden: Counter[tuple[str, str, Severity]] = Counter()
    for (file, code, severity), n in shown.hidden.items():
        hidden[file, code, "warning" if demoted(file, code) else severity] += n
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in set(problems):
        groups.setdefault((p.file, p.code), []).append(p)
    kept: list[Problem] = []
    for (file, code), group in groups.items():
        group.sort()
        kept += group[:SHOWN_PER_CODE]
        for p in group[SHOWN_PER_CODE:]:
            hidden[file, code, p.severity] += 1
    by_file: dict[str, Counter[tuple[str, Severity]]] = {}
    for (file, code, severity), n in hidden.items():
        by_file.setdefault(file, Counter())[code, severity] += n
    kept += [_not_shown_in(file, counts) for file, counts in by_file.items()]
    if len(kept) <= SHOWN_IN_ALL:
        return kept
    # Each file's count is kept first, then errors: warnings are what a full log leaves out.
    kept.sort(key=lambda p: (p.code != NOT_SHOWN, p.file not in unread, p.severity != "error", p))
    rest = kept[SHOWN_IN_ALL:]
    errors = sum(p.severity == "error" for p in rest)
    more = (
        f"{len(rest):,} more problem(s) ({errors:,} error(s), {len(rest) - errors:,}"
        f" warning(s)) were found and are not shown: a run shows at most {SHOWN_IN_ALL:,}"
    )
    note = Problem(
        "evidence",
        1,
        1,
        NOT_SHOWN,
        more,
        "error" if errors else "warning",
        "fix those shown and run again: the others are shown then",
    )
    return [*kept[:SHOWN_IN_ALL], note]


def _not_shown_in(file: str, counts: Counter[tuple[str, Severity]]) -> Problem:
    """One problem at `file`'s first line for the problems of it not shown, code by code."""
    per_code: Counter[str] = Counter()
    for (code, _), n in counts.items():
        per_code[code] += n
    listed = ", ".join(f"{n:,} `{code}`" for code, n in sorted(per_code.items()))
    errors = any(severity == "error" for _, severity in counts)
    return Problem(
        file,
        1,
        1,
        NOT_SHOWN,
        f"{sum(per_code.values()):,} more problem(s) in this file are not shown: {listed}"
        f" (a run shows the first {SHOWN_PER_CODE} of each code in a file)",
        "error" if errors else "warning",
        "fix those shown (they are often one mistake repeated) and run again",
    )


def _without_echoes(problems: list[Problem], corpus: Corpus) -> list[Problem]:
    """Without a schema problem at the place of a YAML one: a value YAML refused (an alias, a
    tag) is read as nothing, and "`x` is empty" there only repeats it, whether it is put at the
    value or at the key that names it (`role: !!python/object:… Therapist`)."""
    refused = {(p.file, p.line, p.column) for p in problems if p.code.startswith("yaml-")}
    if not refused:
        return problems
    docs = {e.file: e.doc for e in corpus.entries}
    if corpus.submission_doc is not None:
        docs[SUBMISSION_PATH] = corpus.submission_doc
    echoes = set(refused)
    for file in {f for f, _, _ in refused}:
        doc = docs.get(file)
        if doc is not None:
            places = {(line, column) for f, line, column in refused if f == file}
            echoes |= {(file, line, column) for line, column in _keys_of(doc, places)}
    return [
        p
        for p in problems
        if not (
            p.code.startswith("schema-")
            and (p.file, p.line, p.column) in echoes
            # A field missing from a mapping is said at the mapping's first key, which may be
            # the refused one's: never an echo of it.
            and not (p.code == "schema-missing" and p.message.endswith("is required"))
        )
    ]


def _keys_of(doc: Document, places: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Where the key is written of each mapping value that starts at one of `places`."""
    stack, seen = [doc.tree()], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias is the node it names: each is walked once
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                at = node_pos(value)
                if (at.line, at.column) in places:
                    found = node_pos(key)
                    yield found.line, found.column
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
