"""What a person most likely did where YAML gives up with a reason only a parser understands
("could not find expected ':'", "mapping values are not allowed here"), said at the line they
did it on: a field written with no space after its colon (`title:A view`), which YAML reads as
text and stops at on the line after; a line indented with non-breaking spaces (text pasted from
a web page or Word), which YAML does not take for indentation."""

from __future__ import annotations

import re

UNUSUAL_SPACES = (
    "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"
)
"""Spaces a word processor or a web page puts where a person typed spaces: YAML indents with
U+0020 only."""
_INDENT = re.compile(f"^[ {UNUSUAL_SPACES}]*[{UNUSUAL_SPACES}]")
_CRAMPED = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_-]*):(?![\s/]|$)")
"""A field's key with its value written straight after the colon (`title:A view`); not a web
address (`https://…`)."""
LOOK_BACK = 3
"""Lines above the one YAML stopped at that are looked at for the cause."""


_BLOCK_HEADER = re.compile(r"(?:^|[:\-?][ \t]|^[ \t]*)[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$")
"""A line that opens a block scalar (`summary: >-`, `- |`): the lines below it are text."""


def in_block_scalar(lines: list[str], number: int) -> bool:
    """Whether line `number` (1-based) is text inside a block scalar (`summary: >-` above it,
    less indented): `Ref:ABC-123` or a non-breaking space there is the author's text, not a
    field written wrong (red team h151)."""
    indent = _depth(lines[number - 1])
    for above in range(number - 2, -1, -1):
        line = lines[above]
        if not line.strip():
            continue
        depth = _depth(line)
        if depth < indent:
            if _BLOCK_HEADER.search(line.rstrip()):
                return True
            indent = depth  # a parent: the block, if any, opens above it
            if indent == 0:
                return False
    return False


_LEAD = re.compile(r"[ ]*(?:-[ ]+)*")


def _depth(line: str) -> int:
    """Where a line's content starts, a list item's `- ` counted as indentation (the keys of
    `- text: |` stand at column 2)."""
    found = _LEAD.match(line)
    return found.end() if found else 0


def cramped_key(line: str) -> str | None:
    """The key of a line written `key:value`, with no space after the colon, or None."""
    found = _CRAMPED.match(line)
    return found.group(2) if found else None


_QUOTED = re.compile(r"""^[ ]*(?:-[ ]+)*(?:[^\s#:'"][^#:]*:[ ]+)?(["'])""")
"""A line whose value opens with a quote (`title: "…`, `- '…`): the quote and where it is."""
QUOTE_ESCAPES = "inside \"…\" write a \" as \\\", inside '…' write a ' as ''"
"""How a quote is written inside a quoted value, for the hints that say to close one."""
QUOTE_REACH = 200
"""Lines above the one YAML stopped at that a quote left open may have been opened on."""


def _closed(rest: str, quote: str) -> bool:
    """Whether `rest` (a line after its opening quote) closes it."""
    if quote == "'":
        return re.search(r"(?<!')'(?!')|^'(?!')", rest.replace("''", "")) is not None
    return re.search(r'(?<!\\)"', rest.replace("\\\\", "")) is not None


def open_quote(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where a quote was opened and left open on its line, when YAML stopped at `line`,
    `column` just after the quote that closed it lines later (red team h194: `title: "Unclosed`
    was read on to a `"` in a comment below, then each quote after paired with the next)."""
    if line > len(lines):
        return None
    before = lines[line - 1][: max(column - 1, 0)]
    if not before or before[-1] not in "'\"":
        return None  # YAML stopped elsewhere than straight after a quote: some other fault
    for number in range(line - 1, max(0, line - QUOTE_REACH) - 1, -1):
        text = lines[number - 1]
        opened = _QUOTED.match(text)
        if opened is not None and opened.group(1) == before[-1]:
            if _closed(text[opened.end() :], opened.group(1)):
                return None  # the nearest quoted value above closes: not this
            return number, opened.end()
    return None


def likely_cause(
    lines: list[str], line: int, reason: str, column: int = 0
) -> tuple[int, int, str, str] | None:
    """(line, column, message, hint) of the likely cause of a syntax error YAML reported at
    `line` (1-based) for `reason`, or None when none of the known ones is near."""
    if column and "expected <block end>" in reason:
        quote = open_quote(lines, line, column)
        if quote is not None:
            return (
                *quote,
                "YAML cannot read this: a quoted value opened here is not closed on its line "
                f"(YAML read it on to line {line}, column {column})",
                f"close the quote on this line; {QUOTE_ESCAPES}",
            )
    first = max(1, line - LOOK_BACK)
    for number in range(min(line, len(lines)), first - 1, -1):
        text = lines[number - 1]
        indent = _INDENT.match(text)
        if indent is not None and number >= line - 1 and not in_block_scalar(lines, number):
            return (
                number,
                1 + next(i for i, c in enumerate(text) if c in UNUSUAL_SPACES),
                "YAML cannot read this: the line is indented with non-breaking or other "
                "unusual spaces (as text pasted from a web page or a word processor has), "
                "which YAML does not count as indentation",
                "retype the spaces at the start of the line as ordinary spaces",
            )
    if "could not find expected ':'" not in reason and "mapping values" not in reason:
        return None
    for number in range(min(line - 1, len(lines)), first - 1, -1):
        key = cramped_key(lines[number - 1])
        if key is not None and not in_block_scalar(lines, number):
            colon = lines[number - 1].index(":") + 1
            return (
                number,
                colon + 1,
                f"YAML cannot read this: `{key}:` has no space after its colon, so YAML reads "
                "the line as text, not a field",
                f"write a space after the colon: `{key}: …`",
            )
    return None
