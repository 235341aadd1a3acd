"""Equations as pandoc writes them in typst, mended where typst would refuse them.

TeX with an empty argument (`\\frac{}{}`, `\\sqrt{}`, `\\mathbf{}`, `\\binom{a}{}`, or an argument
that comes to nothing, `\\frac{a}{\\mathrel{}}`) is valid TeX, and the HTML and DOCX set it as
nothing; pandoc writes it in typst as `frac(, )`, `sqrt()`, `bold()`, and typst, which drops a
trailing empty argument, then misses the denominator or the body and fails the PDF build
("missing argument: denom"). A fraction whose parts both come to nothing pandoc writes as ` / `,
which typst refuses too ("unexpected slash"). Here each such place gets `""`, empty text, which
typst sets as nothing: the PDF shows what the other formats show. Two more of pandoc's typst
failed alike and are mended here: a `\\phantom{…}` is written as `#hide[…]` holding math that
typst reads as markup (`#hide[lr([a))]`), now `#hide[$…$]`; and a case without `&` (or
`\\left\\{…\\right.`) as an open `{`, which inside a call's arguments takes the call's `)`
for its own, now `\\{` there.

Only pandoc's typst for a Math node is mended: `mark` puts two marks around each Math node before
pandoc writes the field, and `mend` finds the equations by them. The scan follows typst's three
modes as pandoc uses them (math; code after `#`, as in `#box(…, [$…$])`; markup in a content
block), strings and escapes, and keeps no recursion, so any depth of nesting is mended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

OPEN, CLOSE = "\ufdd2", "\ufdd3"
"""Around each equation while pandoc writes typst: Unicode noncharacters, which no evidence text
holds (validation refuses them, reading replaces them), so no text is taken for an equation."""
_MARKED = re.compile(f"{OPEN}(.*?){CLOSE}", re.DOTALL)
_NAME = re.compile(r"(?<![A-Za-z0-9.])[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*\Z")
_CODE = re.compile(r"#[A-Za-z][A-Za-z0-9_.-]*")
_TWO_PARTS = frozenset(("frac", "binom", "root"))
"""Functions whose second argument typst requires: `frac(a, )` drops the empty one."""
_NO_OPERAND = ("/", "&")  # what cannot stand as a fraction's part
_OPENING = ("{", "[")  # delimiters in math, as a case's `{`
_CLOSING = ("}", "]", "^", "_")  # and a script, which a slash cannot take for its part

Mode = Literal["math", "code", "markup"]


def mark(node: Any) -> Any:
    """Pandoc AST with each Math node between the two marks, for `mend` to find, and given
    its TeX as alternate text: the PDF tags an equation as a Formula, which a screen reader
    reads by its /Alt (PDF/UA wants one), and typst's own reading of `frac(a, b)` is `a b`.
    The TeX is what a formula's alternate text is by common practice (LaTeX's tagging puts it
    there too), and all that the evidence says of the formula. The alternate text is set for
    the equation alone, in a content block (`#[…]`), which lays nothing out of its own."""
    if isinstance(node, list):
        out: list[Any] = []
        for child in node:
            if isinstance(child, dict) and child.get("t") == "Math":
                alt = _typst_string(" ".join(str(child["c"][1]).split()))
                out += [
                    {"t": "RawInline", "c": ["typst", f"#[#set math.equation(alt: {alt});"]},
                    {"t": "Str", "c": OPEN},
                    child,
                    {"t": "Str", "c": CLOSE},
                    {"t": "RawInline", "c": ["typst", "]"]},
                ]
            else:
                out.append(mark(child))
        return out
    if isinstance(node, dict):
        return {k: mark(v) for k, v in node.items()}
    return node


def _typst_string(text: str) -> str:
    """`text` as a typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{{{ord(c):x}}}" for c in escaped) + '"'


def mend(text: str) -> str:
    """Pandoc's typst with each marked equation mended and the marks taken out."""
    return _MARKED.sub(lambda m: mend_equation(m.group(1)), text)


@dataclass
class _Frame:
    """An open bracket: an equation (`$`), a call's arguments or a group in math, code's
    parentheses, or a content block. Each part is one character as written or (two characters
    or more) a string, an escape, a code name or a closed bracket, already mended, taken whole."""

    opener: str
    closer: str  # the characters that close it
    mode: Mode
    call: str | None = None  # the function a math call calls
    start: int = 0  # where its opening bracket is in the equation
    split: bool = False  # holds a `,` or `;` of its own, outside any call's arguments
    inner: str = ""  # written before its closing bracket (the `$` of `#hide[$…$]`)
    parts: list[list[str]] = field(default_factory=lambda: [[]])

    def add(self, text: str) -> None:
        self.parts[-1].append(text)

    def tail(self) -> str:
        return "".join(self.parts[-1])

    def called(self) -> str | None:
        """The function a `(` here calls: the name written right before it, if any. Read back
        only as far as the name goes, so a long equation is scanned in linear time."""
        name: list[str] = []
        for part in reversed(self.parts[-1]):
            if len(part) != 1 or not (part.isascii() and (part.isalnum() or part == ".")):
                break
            name.append(part)
        found = _NAME.search("".join(reversed(name)))
        return found.group(0) if found and len(found.group(0)) == len(name) else None

    def written(self, end: str) -> str:
        slots = ["".join(_operands(p) if self.mode == "math" else p) for p in self.parts]
        if self.call is not None and len(slots) == 1 and not slots[0].strip():
            slots = ['""']  # `sqrt()`, `bold()`: typst wants the body
        elif self.call in _TWO_PARTS and len(slots) == 2 and not slots[1].strip():
            slots[1] = ' ""'  # `frac(a, )`: typst drops a trailing empty argument
        return self.opener + "".join(slots) + self.inner + end


def _operands(parts: list[str]) -> list[str]:
    """A slash with nothing before it or after it in its argument or group (another slash, an
    alignment `&`, a line break, a delimiter, a script's `^` or `_`) given an empty operand:
    pandoc writes a fraction whose parts came to nothing as ` / `, one inside another as
    `a /  / b`, and one with a script as `a / ^1`, which typst refuses."""
    shown = [i for i, p in enumerate(parts) if not p.isspace() and p not in (",", ";")]
    out = list(parts)
    for k, i in enumerate(shown):
        if parts[i] != "/":
            continue
        before = k == 0 or _stops(parts[shown[k - 1]], _NO_OPERAND + _OPENING)
        after = k + 1 == len(shown) or _stops(parts[shown[k + 1]], _NO_OPERAND + _CLOSING)
        out[i] = ('"" ' if before else "") + "/" + (' ""' if after else "")
    return out


def _stops(part: str, marks: tuple[str, ...]) -> bool:
    """Whether `part` ends a fraction's reach: one of `marks`, or a line break (`\\`)."""
    return part in marks or (part[:1] == "\\" and part[1:].isspace())


def _string_end(text: str, i: int) -> int:
    """Where the typst string starting at `i` (its opening quote) ends, past its closing one."""
    end = i + 1
    while end < len(text) and text[end] != '"':
        end += 2 if text[end] == "\\" else 1
    return min(end + 1, len(text))


def mend_equation(math: str) -> str:
    """One equation as pandoc writes it in typst (`$…$`), with every argument typst requires.

    Brackets pair as typst pairs them: in math a call's arguments end at `)` only, while any
    opening delimiter (`(`, `[`, `{`) is closed by any closing one (`[0, 1)`); one left open at
    the equation's end is text. Pandoc leaves a case's `{` (and `\\left\\{…\\right.`'s) open;
    inside an argument typst then takes the call's `)` for its closing one and fails
    ("unclosed delimiter"), so such a brace is written as the character it shows, `\\{`."""
    for _ in range(3):
        scan = _Scan(math)
        if not (scan.left_open and scan.braces):
            break
        for at in reversed(scan.braces):
            math = math[:at] + "\\" + math[at:]
    return scan.text


class _Scan:
    """One pass over an equation: `text` mended; `braces`, where each `{` closed by a `)` is;
    `left_open`, whether a call was never closed or such a brace took a call's `,`."""

    def __init__(self, math: str) -> None:
        self.math = math
        self.stack = [_Frame("", "", "markup")]
        self.braces: list[int] = []
        self.left_open = False
        i = 0
        while i < len(math):
            i = self._step(i)
        while len(self.stack) > 1:  # an equation left open (never from pandoc)
            self._keep()
        self.text = self.stack[0].tail()

    def _step(self, i: int) -> int:
        """Take the text at `i`; return where the next step starts."""
        math, top = self.math, self.stack[-1]
        ch = math[i]
        code = _CODE.match(math, i) if ch == "#" and top.mode != "code" else None
        if ch == "\\":
            top.add(math[i : i + 2])
            return i + 2
        if ch == '"' and top.mode != "markup":
            end = _string_end(math, i)
            top.add(math[i:end])
            return end
        if code is not None:
            return self._code(code)
        if ch == "$" and top.mode == "math":
            while self.stack[-1].opener != "$":
                self.left_open |= self.stack[-1].call is not None
                self._keep()
            self._close(ch)
        elif ch in top.closer and len(self.stack) > 1:
            self._close(ch)
            if top.mode == "code" and math[i + 1 : i + 2] == "[":  # `#box(…)[…]`
                self.stack.append(_Frame("[", "]", "markup"))
                return i + 2
        else:
            self._open_or_add(ch, i)
        return i + 1

    def _open_or_add(self, ch: str, i: int) -> None:
        top = self.stack[-1]
        if ch == "$" and top.mode == "markup":
            self.stack.append(_Frame("$", "$", "math"))
        elif top.mode == "math" and ch in "([{":
            call = top.called() if ch == "(" else None
            self.stack.append(_Frame(ch, ")" if call else ")]}", "math", call, start=i))
        elif top.mode == "code" and ch == "(":
            self.stack.append(_Frame("(", ")", "code"))
        elif top.mode != "math" and ch == "[":
            self.stack.append(_Frame("[", "]", "markup"))
        elif ch in ",;" and top.call is not None:
            top.add(ch)
            top.parts.append([])
        else:
            top.split |= ch in ",;"
            top.add(ch)

    def _code(self, code: re.Match[str]) -> int:
        """`#name`, and the code's arguments or content block opened right after it."""
        i = code.end()
        after = self.math[i : i + 1]
        if after not in ("(", "["):
            self.stack[-1].add(code.group(0))
            return i
        if code.group(0) == "#hide" and after == "[" and self.stack[-1].mode == "math":
            # `\\phantom{…}`: pandoc writes the hidden math as it is, which typst reads as
            # markup (`#hide[lr([a))]` fails); as an equation it is mended and takes its room.
            self.stack.append(_Frame("#hide[$", "]", "math", inner="$"))
            return i + 1
        mode: Mode = "code" if after == "(" else "markup"
        self.stack.append(_Frame(code.group(0) + after, ")" if after == "(" else "]", mode))
        return i + 1

    def _close(self, end: str) -> None:
        """The innermost bracket closed by `end`: written, mended, into the one around it."""
        frame = self.stack.pop()
        if frame.opener == "{" and end == ")" and self.stack[-1].mode == "math":
            self.braces.append(frame.start)
            self.left_open |= frame.split  # it took a call's `,`: pandoc's own are `\\,`
        self.stack[-1].add(frame.written(end))

    def _keep(self) -> None:
        """The innermost bracket, left open (a case's `{`), into the one around it: mended,
        but as it was left, with no closing bracket and its call, if any, as written."""
        frame = self.stack.pop()
        math = frame.mode == "math"
        parts = ("".join(_operands(p) if math else p) for p in frame.parts)
        self.stack[-1].add(frame.opener + "".join(parts) + frame.inner)
