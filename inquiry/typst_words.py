"""What of a typst source a reader sees, its code blanked (`source_text`): the text of its
markup and its strings, not the names of functions, arguments and values, lengths, nor the
strings that are typst's own values (`weight: "bold"`). The output proof searches a piece's
source for redacted strings (`inquiry.proof.piece_leaks`), and a witness called Black, Bold or
Left must be found in what the bundle says, not in how it is set (stop 36, red team h128).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CODE_WORDS = re.compile(
    r"#[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*"  # `#strong`, `#table.cell`: a call in markup
    r"|\b[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*(?=[(\[])"  # `heading(`, `text(`: a call in code
    r"|\b[a-z][a-z0-9-]*(?=: )"  # `title: `, `kind: `: an argument's name
)
"""The names of functions and arguments: all that is blanked of a source that `source_text`
cannot read as typst as we write it (stop 30's reading)."""
_GOTO = "inquiry-goto:"  # a link's destination within the bundle (`typst_source.GOTO`)
_STOPS = {"markup": re.compile(r"[\\#\[\]$`]"), "$": re.compile(r'[\\"$#]')}
_MATH_NAME = re.compile(r"(?<![A-Za-z0-9.])[A-Za-z][A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_TICKS = re.compile(r"`+")
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<string>"(?:[^"\\]|\\.)*")|(?P<label><[\w:.-]+>)'
    r"|(?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?[a-z%]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|.",  # a label (`<café-black>`) is read as text
    re.DOTALL,
)
_OPENS = {"(": "(", "[": "markup", "{": "{", "$": "$"}
_CLOSES = {")": "(", "}": "{"}
_KEYWORDS = frozenset(
    ["let", "set", "show", "import", "include", "context", "if", "for", "while", "return"]
)
_VALUES = {
    ("text", "weight"): "thin extralight light regular medium semibold bold extrabold black",
    ("text", "style"): "normal italic oblique",
    ("text", "number-type"): "lining old-style",
    ("text", "number-width"): "proportional tabular",
    ("text", "top-edge"): "ascender cap-height x-height baseline bounds",
    ("text", "bottom-edge"): "baseline descender bounds",
    ("cite", "form"): "normal prose full author year",  # pandoc's `#cite(<key>, form: "prose")`
    ("data-table", 0): "auto fr",  # its columns' widths and alignments (`typst_source._block`)
    ("data-table", 1): "left right",
}
"""Strings that are typst's own values, never shown: of a function's named argument (`text(weight:
"bold")`), or in an array that is a template function's argument (by its place)."""


@dataclass
class _Frame:
    """What `_code_spans` reads: markup (`[`), math (`$`), a call's arguments or an array (`(`,
    `call` the function's name), a code block (`{`), an expression in markup after `#name`
    (`#`) or a statement (`#set`, `#import`…)."""

    kind: str
    call: str = ""
    arg: int = 0  # in `(`: which argument is read, and its name when it has one
    named: str = ""
    prev: str = ""  # in code: the last token, and where it ends
    prev_end: int = -1


def _string_is_code(stack: list[_Frame], value: str) -> bool:
    frame = stack[-1]
    if frame.kind == "statement":  # `#import "template.typ": *`
        return frame.call == "import" and not frame.prev
    key: tuple[str, str | int] = (frame.call, frame.named)
    outer = stack[-2] if len(stack) > 1 else frame
    if frame.prev != ":" and not frame.call and outer.kind == "(" and not outer.named:
        key = (outer.call, outer.arg)
    return frame.kind == "(" and value in _VALUES.get(key, "").split()


def _code(source: str, pos: int, stack: list[_Frame], spans: list[tuple[int, int]]) -> int:
    """One token of code at `pos`: where the next starts, -1 if this is not code we write."""
    frame = stack[-1]
    token = _TOKEN.match(source, pos)
    assert token is not None  # its last choice takes any character
    group, text, end = token.lastgroup, token.group(), token.end()
    if group == "space":
        if frame.kind == "statement" and "\n" in text:
            stack.pop()
        return end
    if group in ("number", "name") or (group == "string" and _string_is_code(stack, text[1:-1])):
        spans.append((pos, end))  # `0.6pt`, `black`, `left`, `none`, `"bold"`: no one's
    elif group is not None:  # a label, a string shown
        pass
    elif frame.kind == "statement" and text in ";)]}":
        stack.pop()  # a statement ends at `;`, or where what holds it ends
        return end if text == ";" else pos
    elif text in ")]}":
        if _CLOSES.get(text) != frame.kind:
            return -1
        stack.pop()
    elif text in _OPENS:
        adjacent = frame.prev_end == pos and _NAME.fullmatch(frame.prev)
        stack.append(_Frame(_OPENS[text], call=frame.prev if adjacent and text == "(" else ""))
    elif text == '"':
        return -1  # a string not closed
    elif text == "," and frame.kind == "(":
        frame.arg, frame.named = frame.arg + 1, ""
    elif text == ":" and _NAME.fullmatch(frame.prev):
        frame.named = frame.prev
    frame.prev, frame.prev_end = '"' if group == "string" else text, end
    return end


def _embedded(source: str, pos: int, stack: list[_Frame], spans: list[tuple[int, int]]) -> int:
    """After `#name` in markup: `.name` while only names were read, then `(arguments)` and
    `[content]`; anything else ends the expression (and is markup)."""
    frame = stack[-1]
    name = _NAME.match(source, pos + 1) if source[pos] == "." and not frame.prev else None
    if name is not None:
        spans.append((pos, name.end()))
        frame.call = name.group()
        return name.end()
    if source[pos] not in "([":
        stack.pop()
        return pos
    frame.prev = "called"  # no `.name` after arguments or content
    stack.append(_Frame(_OPENS[source[pos]], call=frame.call if source[pos] == "(" else ""))
    return pos + 1


def _text(source: str, pos: int, stack: list[_Frame], spans: list[tuple[int, int]]) -> int:
    """Markup or math from `pos` to its next character that is not text, and that one."""
    kind = stack[-1].kind
    stop = _STOPS[kind].search(source, pos)
    end = len(source) if stop is None else stop.start()
    if kind == "$":  # `upright`, `arrow.r`: typst's names (a word of text is a string there)
        spans += [m.span() for m in _MATH_NAME.finditer(source, pos, end)]
    char = source[end : end + 1]
    name = _NAME.match(source, end + 1) if char == "#" else None
    if not char or char == "\\":
        return end + 2
    if name is not None:  # `#strong`, `#item-page`: code
        spans.append((end, name.end()))
        keyword = name.group() in _KEYWORDS
        stack.append(_Frame("statement" if keyword else "#", call=name.group()))
        return name.end()
    if char == "#" and source[end + 1 : end + 2] in ("(", "[", "{"):
        spans.append((end, end + 1))
        stack.append(_Frame(_OPENS[source[end + 1]]))
        return end + 2
    if char == '"' or source.startswith('#"', end):  # a string, shown (`#"a]b"` in markup)
        string = _STRING.match(source, end + (char == "#"))
        return -1 if string is None else string.end()
    if char == "`":  # raw text, shown as written
        ticks = _TICKS.match(source, end)
        assert ticks is not None
        if len(ticks.group()) == 2:
            return end + 2
        close = source.find(ticks.group(), ticks.end())
        return -1 if close < 0 else close + len(ticks.group())
    if (char == "$" and kind == "$") or (char == "]" and len(stack) > 1):
        stack.pop()
    elif char in "$[":
        stack.append(_Frame(_OPENS[char]))
    return end + 1


def _code_spans(source: str) -> list[tuple[int, int]] | None:
    """Where the typst `source` is code — names, numbers and lengths, and strings that are
    typst's own values — read as typst reads it; None when it is not typst as we write it."""
    spans: list[tuple[int, int]] = []
    stack = [_Frame("markup")]
    pos = 0
    while 0 <= pos < len(source):
        kind = stack[-1].kind
        step = _text if kind in _STOPS else _embedded if kind == "#" else _code
        pos = step(source, pos, stack, spans)
    while stack[-1].kind in ("#", "statement"):
        stack.pop()
    return spans if pos >= 0 and len(stack) == 1 else None


def source_text(source: str) -> str:
    """What a typst source shows and writes, its code blanked: the text of its markup and its
    strings, not the names of functions, arguments and values, lengths, the strings that are
    typst's own values (`weight: "bold"`), nor the prefix of the bundle's own link destinations.
    A witness called Strong, Goto, Black, Bold, Left or Gray is searched for in the text and the
    strings, not in how they are set (a chart's axis is drawn `0.6pt + black`, its title
    `weight: "bold"`: every build of such a witness with a chart was refused, stop 36, red team
    h128). A source not read as typst as we write it keeps all but `_CODE_WORDS`."""
    spans = _code_spans(source)
    if spans is None:
        return _CODE_WORDS.sub(" ", source).replace(_GOTO, " ")
    out: list[str] = []
    at = 0
    for start, end in spans:
        out += [source[at:start], " "]
        at = end
    return ("".join(out) + source[at:]).replace(_GOTO, " ")
