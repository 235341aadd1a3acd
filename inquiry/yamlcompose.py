"""Composing one YAML document into nodes with marks, safely, and the problem it raises.

libyaml (ruamel.yaml.clib) composes a document into nodes about six times faster than ruamel's
pure-Python parser, with the same nodes and marks; the pure parser has the last word on what
libyaml refuses (YAML 1.2 forms, escapes it cannot decode) and on files that nest deeply, since
libyaml's composer recurses in C. Nesting is bounded while scanning, recursion is given the same
room whatever the caller's depth, and anything either parser raises becomes a `YamlProblem` at a
position. `inquiry.yamltags` resolves scalars' implicit tags; `inquiry.yamlnodes` builds values from
the nodes.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
)
from ruamel.yaml.nodes import Node
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import Scanner

from inquiry.characters import line_starts, place
from inquiry.yamlcauses import QUOTE_ESCAPES, likely_cause
from inquiry.yamltags import Resolver

MAX_DEPTH = 200
_C_PARSER_MAX_MARKS = 5_000
DEPTH_HINT = "evidence items nest a few levels at most"
SYNTAX_HINT = (
    "check the indentation and quoting on this line and the one before; quote a value that"
    " holds `: ` or ` #`, or starts with one of [ ] { } * & ! | > ' \" % @ `"
)
ALIAS_HINT = (
    "a value that starts with `*` (Markdown *emphasis*) is read by YAML as an alias, a reference"
    " to an `&anchor`: put the value in quotes, or write `|` and the text on the next lines"
)
_TOKENS = (
    "scalar|block end|stream end|stream start|document start|document end|directive|key|value"
    "|block sequence start|block mapping start|flow sequence start|flow mapping start"
    "|flow sequence end|flow mapping end|block entry|flow entry|alias|anchor|tag|comment"
)
_KEPT = re.compile(
    rf"'(?:[^'\\\n]|\\(?:[a-z]|x[0-9a-f]{{2}}|u[0-9a-f]{{4}}|U[0-9a-f]{{8}}))'|'<(?:{_TOKENS})>'"
)
"""What YAML's message quotes that is not a word of the file: one character (`','`, `'\\t'`) or
a token's name (`'<scalar>'`)."""
_QUOTED = re.compile(r"(['\"]).*\1|['\"].*")


def withheld(reason: str) -> str:
    """YAML's message with every word of the file it quotes (an alias's or tag's name) as
    `here`: never echoed, as it may be a redacted name in a file whose own `redact` list could
    not be read; the line and column say where it is. From the first other quote to the last of
    its kind, whatever it holds (`'Jane"O'Brien'`, `'<jane@example.org>*'`: red teams h156,
    h161); what `_KEPT` names is kept (`expected ',' or ']', but got ':'`)."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f"\x00{len(kept) - 1}\x00"

    masked = _QUOTED.sub("here", _KEPT.sub(keep, reason.replace("\x00", "")))
    return re.sub("\x00([0-9]+)\x00", lambda m: kept[int(m.group(1))], masked)


TYPOGRAPHIC = "“”‘’„‚«»"
TYPOGRAPHIC_HINT = (
    "this line holds typographic quotes (“ ” ‘ ’, as a word processor types them), which YAML"
    " reads as ordinary characters, not quotes: write straight quotes, \"…\" or '…'"
)


@dataclass(frozen=True)
class Pos:
    line: int
    column: int


class YamlProblem(Exception):
    """Why a document cannot be read, and where: code, message, position and hint."""

    def __init__(self, code: str, message: str, pos: Pos, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint
        self.earlier: tuple[Any, ...] = ()
        """Problems found in the file before this one stopped its reading (each with `code`,
        `message`, `pos` and `hint`), reported with it."""
        self.span: tuple[int, int] | None = None
        """The lines (first, last, 1-based) the parser had reached when it stopped, from the
        construct it was reading: what `yamlrecover` leaves out to read the rest."""
        self.rest: bool = False
        """The fault is a second document: the file from `pos.line` on is another item."""


def spellings(ch: str) -> re.Pattern[str]:
    """The ways a character may be written in a YAML value that pandoc reads as that character:
    as itself, as a YAML escape (`\\u202E`, `\\U0000202E`, `\\xA0`), or as a character
    reference (`&#x202E;`, `&#8238;`), in either case of hex digit."""
    code = ord(ch)
    forms = [re.escape(ch), rf"\\U{code:08x}", rf"&#x0*{code:x};", rf"&#0*{code};"]
    if code <= 0xFFFF:
        forms.append(rf"\\u{code:04x}")
    if code <= 0xFF:
        forms.append(rf"\\x{code:02x}")
    return re.compile("|".join(forms), re.IGNORECASE)


def node_pos(node: Node) -> Pos:
    """Where a node starts, 1-based."""
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class _DepthLimitedScanner(Scanner):
    """Refuses deep nesting while scanning: ruamel's scanner is quadratic in the flow depth, so
    `[[[[…` a few thousand deep would take seconds before the composer's recursion gave out."""

    def _too_deep(self) -> YamlProblem:
        mark = self.reader.get_mark()
        return YamlProblem(
            "yaml-too-deep",
            f"nesting deeper than {MAX_DEPTH} levels",
            Pos(mark.line + 1, mark.column + 1),
            DEPTH_HINT,
        )

    def _depth(self) -> int:
        # Flow and block levels nest inside each other: the composer recurses through both.
        return len(self.flow_context) + len(self.indents)

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        if self._depth() >= MAX_DEPTH:
            raise self._too_deep()
        super().fetch_flow_collection_start(TokenClass, to_push)

    def add_indent(self, column: int) -> bool:
        if self._depth() >= MAX_DEPTH:
            raise self._too_deep()
        return bool(super().add_indent(column))


class _CLoader(CParser, SafeConstructor, Resolver):  # type: ignore[misc]
    """libyaml's parser and composer with our resolver, made once (ruamel's `YAML.compose`
    defines a new loader class for every call)."""

    # The loader is its own parser, composer, constructor and resolver. ruamel keeps each of
    # those as an attribute: as properties answering `self`, they hold no reference to it, so
    # a loader is freed when it is no longer used, not left to the cycle collector (paused
    # while a submission is read: 10,000 small files kept 20,000 loaders, red team h195).
    _parser = _composer = _constructor = _resolver = loader = loadumper = property(
        lambda self: self, lambda self, value: None
    )

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        SafeConstructor.__init__(self, loader=self)
        Resolver.__init__(self, version=None, loadumper=self)
        # libyaml's composer calls these two hooks around every node, for path resolvers,
        # which we do not use: built-in no-ops stand in for ruamel's Python methods (a tenth
        # of composing's time).
        self.descend_resolver = operator.is_  # type: ignore[assignment]
        self.ascend_resolver = tuple  # type: ignore[assignment]


@functools.cache
def _loader() -> YAML:
    """The pure-Python loader, for files libyaml refuses or that nest deeply."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Resolver = Resolver
    yaml.Scanner = _DepthLimitedScanner
    return yaml


def _reader_problem(exc: ReaderError, text: str) -> YamlProblem:
    pos = Pos(*place(line_starts(text), max(exc.position, 0)))
    return YamlProblem(
        "yaml-syntax",
        "the file holds a character YAML does not allow"
        + (f" (U+{exc.character:04X})" if isinstance(exc.character, int) else ""),
        pos,
        "remove it: control characters and noncharacters are often left by copying from"
        " another program",
    )


def _compose_pure(yaml: YAML, text: str) -> Node | None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, room()))
    try:
        node: Node | None = yaml.compose(text)
    except ReaderError as exc:
        raise _reader_problem(exc, text) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
        lines = text.split("\n")
        line = lines[pos.line - 1] if pos.line <= len(lines) else ""
        hint = (
            "indent with spaces, not tabs"
            if "\t" in line
            else (TYPOGRAPHIC_HINT if any(q in line for q in TYPOGRAPHIC) else SYNTAX_HINT)
        )
        reason = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        reason = withheld(reason)
        if "undefined alias" in reason:
            hint = ALIAS_HINT
        problem = _unclosed(exc, reason, lines)
        if "another document" in reason:
            problem = YamlProblem(
                "yaml-syntax",
                "a second YAML document starts here: a file holds one evidence item",
                pos,
                "remove this `---` line (and anything after it that belongs to another item:"
                " give that item a file of its own)",
            )
            problem.rest = True
        elif problem is None and (cause := likely_cause(lines, pos.line, reason, pos.column)):
            at, column, message, hint = cause
            problem = YamlProblem("yaml-syntax", message, Pos(at, column), hint)
            # Read on from the line that caused it (`yamlrecover`), not the one YAML stopped at.
            problem.span = (at, max(at, pos.line - 1))
            raise problem from None
        elif problem is None:
            problem = YamlProblem("yaml-syntax", f"YAML cannot read this: {reason}", pos, hint)
        problem.span = _span(exc, pos)
        raise problem from None
    except YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise YamlProblem(
            "yaml-syntax", f"YAML cannot read this: {reason}", Pos(1, 1), SYNTAX_HINT
        ) from None
    except RecursionError:
        raise YamlProblem(
            "yaml-too-deep", "the document nests too deeply", Pos(1, 1), DEPTH_HINT
        ) from None
    except (YamlProblem, MemoryError):
        raise  # a worker out of memory must say so, for its batch to be read again file by file
    except Exception as exc:  # ruamel asserts on some directives (`%YAML 1.3`): still a problem
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise YamlProblem(
            "yaml-syntax", f"YAML cannot read this: {reason}", Pos(1, 1), SYNTAX_HINT
        ) from None
    finally:
        sys.setrecursionlimit(limit)
    return node


def _span(exc: MarkedYAMLError, pos: Pos) -> tuple[int, int]:
    """The lines from the construct the parser was in (unless that is the whole top-level
    mapping) to where it stopped."""
    last = exc.problem_mark.line + 1 if exc.problem_mark is not None else pos.line
    start = exc.context_mark
    whole = start is None or (start.column == 0 and "block mapping" in str(exc.context))
    first = last if whole else start.line + 1
    return min(first, last, pos.line), max(last, pos.line)


_OPENED = {
    "while scanning a quoted scalar": (
        "a quoted value",
        f"close the quote; {QUOTE_ESCAPES}",
    ),
    "while parsing a flow sequence": ("a `[` list", "close the list with `]`"),
    "while parsing a flow mapping": ("a `{` mapping", "close the mapping with `}`"),
}


def _unclosed(exc: MarkedYAMLError, reason: str, lines: list[str]) -> YamlProblem | None:
    """A quote or bracket never closed: YAML finds out only at the end of the file, but the
    place to fix is where it was opened (its context mark), so the problem is put there."""
    context = " ".join(str(exc.context or "").split())
    opened = _OPENED.get(context)
    start, end = exc.context_mark, exc.problem_mark
    if opened is None or start is None or end is None:
        return None
    what, hint = opened
    ended = "end of stream" in reason or "<stream end>" in reason
    if not ended:
        if context == "while scanning a quoted scalar" or end.line <= start.line:
            return None
        if _indent(lines, end.line) > _indent(lines, start.line):
            return None  # inside a list or mapping that spans lines: the fault is where YAML is
    # A `[` or `{` left open on one line may run into the next key (`lines_of_inquiry:
    # [LOI-1` then `related: …`): YAML stops there, but the fix is where it was opened.
    until = (
        f"before the file ends (line {end.line + 1})"
        if ended
        else f"where it should be (YAML read on to line {end.line + 1}, column {end.column + 1})"
    )
    return YamlProblem(
        "yaml-syntax",
        f"YAML cannot read this: {what} opened here is not closed {until}",
        Pos(start.line + 1, start.column + 1),
        hint,
    )


def _indent(lines: list[str], line: int) -> int:
    """How far line `line` (0-based) is indented; past the end, not at all."""
    text = lines[line] if line < len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def room() -> int:
    """A recursion limit that leaves composing and building `MAX_DEPTH` levels the same room
    however deep the caller's own stack is (a worker's is shallow, a test runner's is not), so
    a deep file meets the same limit in every process."""
    frame: FrameType | None = sys._getframe()
    depth = 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth + 4 * MAX_DEPTH + 200


def _nests_deeper(text: str) -> bool:
    """Whether collections nest more than `MAX_DEPTH` deep, or libyaml cannot tell."""
    loader = _CLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return True
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (YAMLError, UnicodeDecodeError):
        return True  # the pure parser has the last word, as for composing
    finally:
        loader.dispose()
    return False


def compose(text: str) -> tuple[Node | None, Any]:
    """The node tree of one document, and the constructor that goes with its parser."""
    with quiet():
        return _compose(text)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """ruamel's warnings silenced: a `ReusedAnchorWarning` (or a duplicate key's, a float's)
    prints lines of the file to stderr, a redacted name among them (red team h161); anchors,
    aliases and duplicate keys are problems of their own, said at their place."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _compose(text: str) -> tuple[Node | None, Any]:
    constructor: Any
    try:
        # libyaml composes ~6x faster with the same nodes and marks, but its composer recurses
        # in C, where very deep nesting crashes the process: it only sees files whose nesting
        # is bounded, by counting (every level needs one of `[{-:?`) or, past that count, by
        # its own parser's events (a state machine: 20,000 keys, ~50 ms; the pure parser takes
        # seconds).
        if sum(text.count(c) for c in "[{-:?") > _C_PARSER_MAX_MARKS and _nests_deeper(text):
            raise RecursionError
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        constructor = loader
    except ReaderError as exc:
        raise _reader_problem(exc, text) from None
    except (MarkedYAMLError, RecursionError, UnicodeDecodeError):
        # libyaml follows YAML 1.1 and refuses a few 1.2 forms (`a?}` in a flow mapping), and
        # ruamel.yaml.clib decodes a %-escaped tag that is not UTF-8 with no mark: the pure
        # parser, which follows 1.2, has the last word and the clearer messages.
        yaml = _loader()
        try:
            node = _compose_pure(yaml, text)
            constructor = yaml.constructor
        finally:
            _loader.cache_clear()
    return node, constructor


def events(text: str) -> Iterator[Event]:
    """Every event of a document that composed: libyaml's parser (a state machine, so deep
    nesting costs it no recursion), or the pure one for the YAML 1.2 forms libyaml refuses."""
    try:
        loader = _CLoader(text)
        try:
            while loader.check_event():
                yield loader.get_event()
        finally:
            loader.dispose()
        return
    except (YAMLError, UnicodeDecodeError):
        pass  # events already seen are seen again: the caller keeps the first of each anchor
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, room()))
    try:
        yield from _loader().parse(text)
    except (YAMLError, RecursionError, AssertionError, ValueError):
        return  # the text composed a moment ago; should this fail, the builder has the last word
    finally:
        sys.setrecursionlimit(limit)
        _loader.cache_clear()
