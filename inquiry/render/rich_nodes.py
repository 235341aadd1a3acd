"""The pandoc AST as the rich fields hold it: our two nodes (a redaction mark, a pinpoint), what
happened to a field, and the text a reader meets in it: `reading` (in order, each piece with
the node it is the text of), `everything` (all of it, for a quick search) and `plain_text`.

Shared by `inquiry.render.rich` (which prepares a field) and `inquiry.render.rich_redact` (which
cuts redacted strings out of it).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from inquiry.model.types import LANGUAGE_PATTERN
from inquiry.name_addresses import unquotings
from inquiry.redaction import mark_label
from inquiry.render.languages import text_direction

Node = dict[str, Any]
Blocks = list[Node]

REDACTED_CLASS = "inq-redacted"
PIN_CLASS = "inq-pin"
NO_ATTR: list[Any] = ["", [], []]
LANGUAGE = re.compile(LANGUAGE_PATTERN.removeprefix("^").removesuffix("$"))
"""A language a span may be marked in (`[Bore da]{lang=cy}`, `{lang=es-419}`): a BCP 47 tag as
`submission.yaml`'s `language` takes (WCAG 3.1.2). The PDF, the HTML and the DOCX carry it whole;
typst is told its language and two-letter region (`render/richtext.typst_language`)."""


def span_language(attr: Any) -> str | None:
    """The language a Span's attributes give (`lang=cy`, `lang=gd-GB`), when it is one."""
    try:
        pairs = attr[2]
    except (IndexError, TypeError):
        return None
    for pair in pairs if isinstance(pairs, list) else ():
        if isinstance(pair, list) and len(pair) == 2 and pair[0] == "lang":
            value = pair[1]
            if isinstance(value, str) and LANGUAGE.fullmatch(value):
                return value
    return None


def language_attr(lang: str | None) -> list[Any]:
    """A Span's attributes keeping only its language (none: no attributes at all), and its
    direction when the language is written right to left: pandoc then writes `dir="rtl"` in
    the HTML and a right-to-left run in the DOCX. A span of Arabic or Hebrew in an English
    paragraph had its words laid out left to right around a redaction mark (red team h162)."""
    if not lang:
        return list(NO_ATTR)
    rtl = [["dir", "rtl"]] if text_direction(lang) == "rtl" else []
    return ["", [], [["lang", lang], *rtl]]


@dataclass(frozen=True)
class Pin:
    """A reference to an item (`page` None: its first page), found in a field."""

    item: str
    page: int | None = None


@dataclass
class Outcome:
    """What happened to one field: the references it makes and how many strings it lost."""

    pins: list[Pin] = field(default_factory=list)
    redactions: int = 0
    marks: list[str | None] = field(default_factory=list)  # the codes of the marks put in
    bad_locators: list[str] = field(default_factory=list)


def mark_node(code: str | None) -> Node:
    return {
        "t": "Span",
        "c": [
            ["", [REDACTED_CLASS], [["code", code or ""]]],
            [{"t": "Str", "c": mark_label(code)}],
        ],
    }


def pin_node(pin: Pin) -> Node:
    attrs = [["item", pin.item]] + ([["page", str(pin.page)]] if pin.page else [])
    label = f"@{pin.item}" + (f", p. {pin.page}" if pin.page else "")
    return {"t": "Span", "c": [["", [PIN_CLASS], attrs], [{"t": "Str", "c": label}]]}


def special(node: Node) -> tuple[str, dict[str, str]] | None:
    """("redacted" | "pin", attributes) for one of our nodes, else None."""
    if node.get("t") != "Span":
        return None
    attr = node["c"][0]
    classes = attr[1]
    if REDACTED_CLASS in classes:
        return "redacted", dict(attr[2])
    if PIN_CLASS in classes:
        return "pin", dict(attr[2])
    return None


# What `reading` yields: a text-bearing node's text, a mark of ours or of a footnote's standing
# between words, a break between parts the reader sees apart (and before each footnote's
# text), a link's target or an image's.
TEXT, GAP, BREAK, NOTE, ASIDE = "text", "gap", "break", "note", "aside"
Event = tuple[str, str, Node | None]


def reading(blocks: Blocks) -> Iterator[Event]:
    """A field's text in the order a reader meets it, as `(kind, text, node)`:
    - `TEXT`: the text of `node` (a word, a space or line break, code), as shown;
    - `GAP`: something in the run of words that is not their text (a footnote's or a
      reference's mark, our redaction marks, quotation marks);
    - `BREAK` (`"\n"`): between parts the reader sees apart but reads on from: blocks,
      the lines of a line block, the cells of a table (row by row), a definition's term and
      its definitions;
    - `NOTE` (`"\n"`): a break before a footnote's text;
    - `ASIDE`: what a link or an image names beside its words (its target, title, alt text).
    Each footnote's text comes after the field's own, in order: it is read at the foot of the
    page, in the DOCX's notes, at the end of the HTML page."""
    notes: deque[Blocks] = deque()
    yield from _blocks(blocks, notes)
    while notes:
        yield NOTE, "\n", None
        yield from _blocks(notes.popleft(), notes)


def _blocks(blocks: Blocks, notes: deque[Blocks]) -> Iterator[Event]:
    for block in blocks:
        yield BREAK, "\n", None
        yield from _block(block, notes)
        yield BREAK, "\n", None


def _block(node: Node, notes: deque[Blocks]) -> Iterator[Event]:
    t = node.get("t")
    c: Any = node.get("c")
    if t in ("Plain", "Para"):
        yield from _inlines(c, notes)
    elif t == "Header":
        yield from _inlines(c[2], notes)
    elif t == "LineBlock":
        for k, line in enumerate(c):
            if k:
                yield BREAK, "\n", None
            yield from _inlines(line, notes)
    elif t == "CodeBlock":
        yield TEXT, c[1], node
    elif t == "RawBlock":  # made code before any field is shown (`rich.prepare`)
        yield ASIDE, c[1], node
    elif t == "BlockQuote":
        yield from _blocks(c, notes)
    elif t == "Div":
        yield from _blocks(c[1], notes)
    elif t == "BulletList":
        for item in c:
            yield from _blocks(item, notes)
    elif t == "OrderedList":
        for item in c[1]:
            yield from _blocks(item, notes)
    elif t == "DefinitionList":
        for term, definitions in c:
            yield BREAK, "\n", None
            yield from _inlines(term, notes)
            for definition in definitions:
                yield from _blocks(definition, notes)
    elif t == "Table":
        _attr, caption, _specs, head, bodies, foot = c
        yield from _blocks(caption[1], notes)
        for row in table_rows(head, bodies, foot):
            yield BREAK, "\n", None
            for cell in row[1]:
                yield from _blocks(cell[4], notes)
    elif t == "Figure":
        yield from _blocks(c[1][1], notes)
        yield from _blocks(c[2], notes)


def table_rows(head: Any, bodies: Any, foot: Any) -> list[Any]:
    """A pandoc table's rows in reading order: its head, each body's own head and rows, its
    foot."""
    rows = list(head[1])
    for body in bodies:
        rows += [*body[2], *body[3]]
    return rows + list(foot[1])


def _inlines(inlines: list[Node], notes: deque[Blocks]) -> Iterator[Event]:
    for node in inlines:
        t = node.get("t")
        c: Any = node.get("c")
        if t == "Str":
            yield TEXT, c, node
        elif t in WHITE:
            yield TEXT, WHITE[t], node
        elif t in CONTAINERS:
            yield from _inlines(c, notes)
        elif t == "Quoted":
            q = "\u201c\u201d" if c[0]["t"] == "DoubleQuote" else "\u2018\u2019"
            yield GAP, q[0], None
            yield from _inlines(c[1], notes)
            yield GAP, q[1], None
        elif t in ("Span", "Link"):
            if special(node):
                yield GAP, " ", None
                continue
            if t == "Link":
                yield ASIDE, " ".join(str(x) for x in c[2]), node
            yield from _inlines(c[1], notes)
        elif t == "Code":
            yield TEXT, c[1], node
        elif t == "Math":
            yield TEXT, tex_words(c[1]), node
            # As drawn, and as written (pandoc shows the TeX of a formula it cannot read).
            yield ASIDE, "\n".join(tex_readings(c[1])), node
        elif t == "Note":
            yield GAP, " ", None
            notes.append(c)
        else:  # an image, a citation, raw output (none reach a prepared field): beside the words
            yield GAP, " ", None
            yield ASIDE, everything_of(c), node


def everything(node: Any) -> str:
    """Every string in a field's AST as a reader meets it (`reading`): its words with their
    spaces and line breaks, a line between the parts read apart, its footnotes after it; then
    each link's target and title, decoded too, as often as it was encoded (a URL may name
    someone by itself; a redirector's link is encoded twice, `Hobart%2520Wrenfield`), and, when
    it holds any, the words read with their percent-escapes decoded (`Agatha%20Thistlewood`)."""
    words: list[str] = []
    asides: list[str] = []
    for kind, text, _ in reading(node if isinstance(node, list) else [node]):
        if kind == ASIDE:
            asides += [text, *unquotings(text)]
        else:
            words.append(text)
    shown = "".join(words)
    if "%" in shown:
        asides += unquotings(shown)
    return "\n".join([shown, *asides])


def everything_of(node: Any) -> str:
    """Every string anywhere in `node` (any part of the AST), a line between them."""
    out: list[str] = []
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, list):
            stack.extend(reversed(x))
        elif isinstance(x, dict):  # a node's content; a citation record's every value
            stack.extend([x["c"]] if "t" in x and "c" in x else [] if "t" in x else x.values())
    return "\n".join(out)


_TEX_SPACE = re.compile(r"\\(?:[ ,;:!>]|q?quad\b|[hv]space\*?\{[^{}]*\})|~")
_TEX_MARKUP = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_$&]")


def tex_reading(tex: str) -> str:
    """The letters a formula shows, as matching reads them: its commands and braces taken
    out (`\\text{W}\\text{renfield}` shows `Wrenfield`, set with no space between; the TeX,
    searched as written, hid the name from redaction, stop 33, red team h112), its spacing
    commands a space."""
    return _TEX_MARKUP.sub("", _TEX_SPACE.sub(" ", tex))


_TEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\[\]]*\])?(?:\{[^{}]*\})*|\\.|[{}^_$&~]")


_TEX_TEXT = re.compile(
    r"\\(?:text[a-z]*|math(?:rm|it|bf|sf|tt|normal|bb|cal|frak|scr)|operatorname|[mh]box|emph"
    r"|boldsymbol)\*?(?=\s*\{)"
)
"""A command that sets its argument as text: its words are the formula's."""
_TEX_PHANTOM = re.compile(r"\\[hv]?phantom\{[^{}]*\}")
_TEX_OTHER = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\[\]]*\])?(?:\{[^{}]*\})?|\\.")
"""Any other command, with an optional argument and one argument (its arity is not known)."""
_TEX_SYMBOLS = re.compile(r"[{}^_$&]")
_TEX_DIMENSION = re.compile(
    r"\\(?:[hv]?kern|[hvm]skip|mkern|[hv]space\*?)\s*\{?\s*-?[\d.]+\s*(?:em|ex|pt|mu|cm|mm|in|bp|pc)?\}?"
)
"""A space given by a length (`\\kern1em`, `\\hskip 2pt`): a space between words."""
_TEX_SCRIPT = re.compile(r"[_^](?:\{[^{}]*\}|\\[A-Za-z]+|\S)")
"""A subscript or superscript (`_a`, `^{2}`): set apart from the word before it."""


def tex_words(tex: str) -> str:
    """A formula as the words it holds, the reading a field is searched in (and cut from):
    the arguments of the commands that set text (`\\text`, `\\mathrm`, `\\operatorname`…),
    joined as they are set; every other command, with its arguments, and every spacing and
    phantom, a space between words. `$\\text{Mark}\\hphantom{x}\\text{Oldfield}$` reads
    `Mark Oldfield`, and `Mark $\\foo{x}Oldfield$` reads as `Mark` beside `Oldfield` (stop 38,
    red team h150: shown as written by pandoc, neither was found). What this reading misses the
    others (`tex_readings`) find, and the formula is then marked whole."""
    text = _TEX_SPACE.sub(" ", _TEX_PHANTOM.sub(" ", _TEX_DIMENSION.sub(" ", tex)))
    text = _TEX_SCRIPT.sub(" ", _TEX_TEXT.sub("", text))
    return _TEX_SYMBOLS.sub("", _TEX_OTHER.sub(" ", text))


def tex_readings(tex: str) -> tuple[str, str, str]:
    """The other readings a formula is searched in: as drawn (`tex_reading`), as drawn with
    its thin and negative spaces closed up (`$H\\!allam$` draws `Hallam`: red team h179 F3),
    and as written (`tex_source_reading`). A redacted string found in any marks the formula
    whole."""
    return tex_reading(tex), tex_reading(_TEX_THIN.sub("", tex)), tex_source_reading(tex)


_TEX_THIN = re.compile(r"\\[!,:;>]")
"""A thin, medium, thick or negative space inside a formula: letters set with one between
them are read as one word too."""


def tex_source_reading(tex: str) -> str:
    """A formula's TeX as a reader reads it when it is shown as written (pandoc shows the TeX
    of a formula it cannot read, `$Hobart\\hphantom{x}Wrenfield$`, in every format): the
    words a text command sets kept (`\\text{Jane}\\kern1em\\text{Placeholder}` reads `Jane
    Placeholder`, red team h153), each other command with its arguments, each length and each
    of TeX's own characters a space between the words around it (stop 38, red team h146)."""
    text = _TEX_TEXT.sub(" ", _TEX_DIMENSION.sub(" ", tex))
    return _TEX_COMMAND.sub(" ", text)


CONTAINERS = ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps")
WHITE = {"Space": " ", "SoftBreak": "\n", "LineBreak": "\n"}


def plain_text(inlines: list[Node]) -> str:
    """The text an inline list shows (no formatting), for labels, alt text and matching."""
    out: list[str] = []
    for node in inlines:
        t = node.get("t")
        if t == "Str":
            out.append(node["c"])
        elif t in WHITE:
            out.append(WHITE[t])
        elif t in CONTAINERS:
            out.append(plain_text(node["c"]))
        elif t == "Quoted":
            q = "\u201c\u201d" if node["c"][0]["t"] == "DoubleQuote" else "\u2018\u2019"
            out.append(q[0] + plain_text(node["c"][1]) + q[1])
        elif t in ("Span", "Link", "Cite"):
            out.append(plain_text(node["c"][1]))
        elif t in ("Code", "Math"):
            out.append(node["c"][1])
    return "".join(out)
