"""Problems as data, and the one report that every output format renders."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a submission, at a 1-based line and column of a file under the root."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"
    hint: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Report:
    """Every problem found in one run, sorted by file and position."""

    problems: tuple[Problem, ...]
    items: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def valid(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)

    def flatten(self, *keys: str) -> list[tuple[object, ...]]:
        """The chosen fields of every problem, for terse assertions in tests."""
        return [tuple(asdict(p)[k] for k in keys) for p in self.problems]


def make_report(problems: list[Problem], items: int) -> Report:
    return Report(problems=tuple(sorted(set(problems))), items=items)


SHOWN_PER_CODE = 200
"""Problems of one code in one file that a run shows; the rest are counted, in one
`problems-not-shown` at the file's first line (a pull request of 1,000 broken paragraphs
in each of 300 files made 1.5 million problems: 8 minutes, 3 GB and 290 MB of log). As many
as a file's schema problems listed (`file_schema.FILE_SCHEMA_PROBLEMS`)."""
SHOWN_IN_ALL = 2_000
"""Problems a run shows in all (after `SHOWN_PER_CODE`); the rest are counted in one
`problems-not-shown` at `evidence`, which sorts first."""
NOT_SHOWN = "problems-not-shown"


class Shown:
    """How many problems of each code each file has had, so that the costly part of one
    beyond `SHOWN_PER_CODE` (finding the line it is written on) is not done: see `wanted`."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, str]] = Counter()
        self.hidden: Counter[tuple[str, str, Severity]] = Counter()
        self.markers: dict[tuple[str, str, Severity], Problem] = {}

    def wanted(self, file: str, code: str) -> bool:
        """Whether the next problem of `code` in `file` will be shown (and so located)."""
        self.seen[file, code] += 1
        return self.seen[file, code] <= SHOWN_PER_CODE

    def marker(self, file: str, code: str, severity: Severity) -> Problem:
        """The one problem (at line 0) that stands for each one not `wanted`: counted, kept
        once, and taken out by `validate` before anything is reported."""
        key = (file, code, severity)
        self.hidden[key] += 1
        found = self.markers.get(key)
        if found is None:
            found = self.markers[key] = Problem(file, 0, 0, code, "", severity)
        return found


_SHOWN: list[Shown] = []


@contextmanager
def counting() -> Iterator[Shown]:
    """Within this, `shown_now()` counts problems per file and code (as `validate` does);
    outside it (a build placing a pinpoint, a test) every problem is wanted."""
    shown = Shown()
    _SHOWN.append(shown)
    try:
        yield shown
    finally:
        _SHOWN.remove(shown)


def shown_now() -> Shown | None:
    return _SHOWN[-1] if _SHOWN else None


def wanted(file: str, code: str) -> bool:
    """Whether a problem of `code` in `file` is to be made in full (see `Shown`)."""
    shown = shown_now()
    return shown is None or shown.wanted(file, code)


def unshown(file: str, code: str, severity: Severity) -> Problem:
    """The stand-in for a problem not `wanted`: see `Shown.marker`."""
    shown = shown_now()
    assert shown is not None, "only a problem not wanted is not shown"
    return shown.marker(file, code, severity)


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE_BUT_LINE_ENDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str, *, line_ends: bool = False) -> str:
    """`text` safe to print anywhere: valid UTF-8 (a lone surrogate, which a YAML escape can
    make, becomes `\\ud800`) and no control characters (an escape sequence in a file name
    could otherwise rewrite the terminal). With `line_ends`, a line feed and a carriage return
    are kept, for a form that encodes them itself (JSON, GitHub's commands)."""
    unprintable = _UNPRINTABLE_BUT_LINE_ENDS if line_ends else _UNPRINTABLE
    return unprintable.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_COMMAND = re.compile(r"(^|\r)([^\S\r\n]*):(?=:)", re.MULTILINE)
"""A line's start (after a line feed or a lone carriage return, which ends a line for the
runner too), its blanks, and the first colon of a `::`."""


def inert(text: str) -> str:
    """`text` with nothing a CI runner reads as a command: GitHub's runner takes a line that
    starts with `::` after its leading blanks (`::error …`, `::stop-commands::…`), or holds
    `##[` anywhere, as a workflow command. A file name or value can hold either; its first
    colon or hash is written as an escape (`\\x3a`, `\\x23`), visibly."""
    return _COMMAND.sub(lambda m: m.group(1) + m.group(2) + "\\x3a", text).replace("##[", "#\\x23[")


def _printable(p: Problem, *, encoded: bool = False) -> Problem:
    # A file name or code is one line whatever it holds; a message may run on (see render_text).
    # JSON and GitHub's commands encode a line end themselves (`\n`, `%0A`): the name is kept.
    return Problem(
        printable(p.file, line_ends=True) if encoded else _one_line(printable(p.file)),
        p.line,
        p.column,
        _one_line(printable(p.code)),
        printable(p.message),
        p.severity,
        printable(p.hint) if p.hint is not None else None,
    )


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n").replace("\t", "\\t")


def render_text(report: Report, *, strict: bool = False, color: bool = False) -> str:
    """`file:line:col: severity[code] message`, then the hint indented, then a summary line."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines = []
    for p in map(_printable, report.problems):
        sev = paint(p.severity, "1;31" if p.severity == "error" else "1;33")
        where = paint(f"{p.file}:{p.line}:{p.column}", "1")
        # Every line after a problem's first is indented, so nothing a file holds (a key with
        # a line break) can print a line that passes for another problem or the verdict.
        lines.append(f"{where}: {sev}[{p.code}] {_indented(p.message)}")
        if p.hint:
            lines.append(f"    hint: {_indented(p.hint)}")
    n_err, n_warn = len(report.errors), len(report.warnings)
    verdict = "valid" if report.valid(strict=strict) else "invalid"
    lines.append(
        f"{report.items} item(s) checked: {n_err} error(s), {n_warn} warning(s) — {verdict}"
    )
    return inert("\n".join(lines))


def _indented(text: str) -> str:
    return text.replace("\n", "\n    ")


SUMMARY_BYTES = 900_000
"""The most of the text report a job summary holds: GitHub takes at most 1 MiB a step."""


def render_summary(report: Report, *, strict: bool = False) -> str:
    """Markdown for a GitHub job summary: the verdict and the whole text report. GitHub shows
    at most ten error annotations a step, so a pull request with more has the rest here."""
    text = render_text(report, strict=strict)
    verdict = text.rsplit("\n", 1)[-1]
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    shown = len(report.problems)
    note = (
        f"\n\nGitHub shows the first ten of these {shown} problems as annotations on the"
        " pull request; all of them are listed here."
        if shown > 10
        else ""
    )
    if any(p.code == NOT_SHOWN for p in report.problems):
        note += (
            f"\n\nMore were found than a run shows: each `{NOT_SHOWN}` says how many more, of"
            " which codes."
        )
    if len(text.encode("utf-8")) > SUMMARY_BYTES:
        # Long messages (a quoted value, a hint) could still pass GitHub's 1 MiB a step: the
        # report is cut at a line, and the log holds every problem shown.
        cut = text.encode("utf-8")[:SUMMARY_BYTES].decode("utf-8", "ignore").rsplit("\n", 1)[0]
        left = text.count("\n") - cut.count("\n")
        text = f"{cut}\n… {left:,} more line(s) are in the step's log\n{verdict}"
        note = "\n\nThis report is longer than a job summary may be: its end is in the log."
    return f"### inquiry validate: {verdict}{note}\n\n{fence}text\n{text}\n{fence}\n"


def render_json(report: Report, *, strict: bool = False) -> str:
    """SPEC's object: `valid`, `items`, and each problem's file, line, column, severity, code
    and message (exactly those keys; the hint is for people, in the text and GitHub forms).
    A CI runner reads `##[` anywhere in a line of its log as a command: in a string it is
    written `#\\u0023[`, the same text to any JSON reader."""
    keys = ("file", "line", "column", "severity", "code", "message")
    payload = {
        "valid": report.valid(strict=strict),
        "items": report.items,
        "problems": [
            {k: asdict(p)[k] for k in keys}
            for p in (_printable(p, encoded=True) for p in report.problems)
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False).replace("##[", "#\\u0023[")


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(report: Report, *, strict: bool = False) -> str:
    """GitHub workflow commands, one per problem, so annotations land on the changed lines."""
    out = []
    for p in (_printable(p, encoded=True) for p in report.problems):
        level = "error" if p.severity == "error" or strict else "warning"
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        out.append(
            f"::{level} file={_gh_escape(p.file, prop=True)},line={p.line},col={p.column},"
            f"title={_gh_escape(p.code, prop=True)}::{_gh_escape(message)}"
        )
    return "\n".join(out)
