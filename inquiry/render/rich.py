"""Markdown fields as pandoc AST, made fit for the bundle once, for every format.

A field is parsed by pandoc (`inquiry.markdown`), then, in this order:
1. every attribute a writer of the evidence gave (ids, classes, key-values: `{#jeremiah-quill}`,
   `[x]{.inq-redacted}`) is dropped, so nothing typed can pass for one of our own nodes or carry a
   name into an HTML id or a DOCX bookmark;
2. references `[@SF-001]` / `[@SF-001, p. 2]` become pinpoint nodes (rendered later, when pages
   are known);
3. redacted strings are cut out of the text *as rendered* — across emphasis, superscripts,
   entities, escaped spaces, line ends — and a mark node stands in their place;
4. a link whose target names a redacted string loses its target (its text stays, redacted).

The result holds two kinds of node of ours, each a pandoc Span with one class: `inq-redacted`
(attribute `code`) and `inq-pin` (attributes `item`, `page`). Every renderer translates them.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inquiry.checks.citations import LOCATOR  # validation and rendering agree on locators
from inquiry.redaction import Hit, Matcher, mark_label

Node = dict[str, Any]
Blocks = list[Node]

REDACTED_CLASS = "inq-redacted"
PIN_CLASS = "inq-pin"
_NO_ATTR: list[Any] = ["", [], []]


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


def prepare(blocks: Blocks, matcher: Matcher) -> tuple[Blocks, Outcome]:
    """The field's blocks made fit for the bundle (see the module docstring)."""
    outcome = Outcome()
    cleaned = _strip_attrs(blocks)  # the list itself, so a top-level Div is unwrapped too
    cleaned = [_pins_in_block(b, outcome) for b in cleaned]
    # Most fields name nobody: one search of everything the field shows (its text, link
    # targets and titles, at C speed) decides whether the careful walk is needed.
    if matcher and matcher.search(everything(cleaned)):
        cleaned = [_redact_block(b, matcher, outcome) for b in cleaned]
    return cleaned, outcome


_BLOCKS = frozenset(
    {
        "Plain",
        "Para",
        "LineBlock",
        "CodeBlock",
        "RawBlock",
        "BlockQuote",
        "OrderedList",
        "BulletList",
        "DefinitionList",
        "Header",
        "HorizontalRule",
        "Table",
        "Figure",
        "Div",
        "Note",
    }
)


def everything(node: Any) -> str:
    """Every string in a field's AST as a reader meets it: words with their spaces and line
    breaks, a line between blocks (and table cells), code, and each link's target and title
    on lines of their own, percent-encoding decoded too (a URL may name someone by itself)."""
    out: list[str] = []
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, list):
            stack.extend(reversed(x))
        elif isinstance(x, dict):
            t = x.get("t")
            if t in _WHITE:
                out.append(_WHITE[t])
            elif t in ("Link", "Image"):
                target = " ".join(x["c"][2])
                out.append(f"\n{target}\n{urllib.parse.unquote_plus(target)}\n")
                stack.append(x["c"][1])
            elif t in _BLOCKS:
                stack.append("\n")  # after the block's own text, which is popped first
                stack.append(x.get("c", ""))
            elif "c" in x:
                stack.append(x["c"])
    return "".join(out)


# ----------------------------------------------------------------------------- attributes


def _strip_attrs(node: Any) -> Any:
    """A deep copy with every Attr emptied; Divs unwrapped (a Div is only attributes)."""
    if isinstance(node, list):
        out = []
        for child in node:
            if isinstance(child, dict) and child.get("t") == "Div":
                out.extend(_strip_attrs(child["c"][1]))
            else:
                out.append(_strip_attrs(child))
        return out
    if not isinstance(node, dict):
        return node
    t = node.get("t")
    if t is None:  # a citation record or other plain object
        return {k: _strip_attrs(v) for k, v in node.items()}
    c: Any = node.get("c")
    if t in ("Span", "Link", "Image", "Code", "CodeBlock", "Figure", "Table"):
        c = [list(_NO_ATTR), *_strip_attrs(c[1:])]
    elif t == "Header":
        c = [c[0], list(_NO_ATTR), _strip_attrs(c[2])]
    else:
        c = _strip_attrs(c)
    return {"t": t, "c": c} if "c" in node else {"t": t}


# ----------------------------------------------------------------------------- references


def _locator(suffix: list[Node]) -> tuple[int | None, str | None]:
    text = plain_text(suffix)
    if not text.strip():
        return None, None
    m = LOCATOR.match(text.replace("\u00a0", " "))
    if m and int(m.group(1)) >= 1:
        return int(m.group(1)), None
    return None, text.strip()


def _pins_in_block(node: Any, outcome: Outcome) -> Any:
    if isinstance(node, list):
        out: list[Any] = []
        for child in node:
            if isinstance(child, dict) and child.get("t") == "Cite":
                out.extend(_cite(child, outcome))
            else:
                out.append(_pins_in_block(child, outcome))
        return out
    if isinstance(node, dict) and "c" in node:
        return {"t": node["t"], "c": _pins_in_block(node["c"], outcome)}
    return node


def _cite(node: Node, outcome: Outcome) -> list[Node]:
    """`[@A; @B, p. 2]` → pinpoint nodes joined by "; "."""
    out: list[Node] = []
    for k, citation in enumerate(node["c"][0]):
        page, bad = _locator(citation.get("citationSuffix", []))
        if bad is not None:
            outcome.bad_locators.append(bad)
        pin = Pin(str(citation["citationId"]), page)
        outcome.pins.append(pin)
        if k:
            out += [{"t": "Str", "c": ";"}, {"t": "Space"}]
        prefix = citation.get("citationPrefix") or []
        if prefix:
            out += [*prefix, {"t": "Space"}]
        out.append(pin_node(pin))
    return out


# ----------------------------------------------------------------------------- text


_CONTAINERS = ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps")
_WHITE = {"Space": " ", "SoftBreak": "\n", "LineBreak": "\n"}


def plain_text(inlines: list[Node]) -> str:
    """The text an inline list shows (no formatting), for labels, alt text and matching."""
    out: list[str] = []
    for node in inlines:
        t = node.get("t")
        if t == "Str":
            out.append(node["c"])
        elif t in _WHITE:
            out.append(_WHITE[t])
        elif t in _CONTAINERS:
            out.append(plain_text(node["c"]))
        elif t == "Quoted":
            q = "\u201c\u201d" if node["c"][0]["t"] == "DoubleQuote" else "\u2018\u2019"
            out.append(q[0] + plain_text(node["c"][1]) + q[1])
        elif t in ("Span", "Link", "Cite"):
            out.append(plain_text(node["c"][1]))
        elif t in ("Code", "Math"):
            out.append(node["c"][1])
    return "".join(out)


@dataclass
class _Atom:
    """One character of an inline sequence as rendered, and where it lives."""

    char: str
    owner: int  # index into the flattened list of text-bearing nodes
    offset: int  # character offset within that node's text


class _Flat:
    """An inline list flattened into the characters a reader sees, across formatting nodes."""

    def __init__(self, inlines: list[Node]) -> None:
        self.atoms: list[_Atom] = []
        self.nodes: list[Node] = []
        self._walk(inlines)

    def _text_node(self, node: Node, text: str) -> None:
        owner = len(self.nodes)
        self.nodes.append(node)
        self.atoms.extend(_Atom(ch, owner, i) for i, ch in enumerate(text))

    def _separator(self, char: str) -> None:
        self.atoms.append(_Atom(char, -1, 0))

    def _walk(self, inlines: list[Node]) -> None:
        for node in inlines:
            t = node.get("t")
            if t == "Str":
                self._text_node(node, node["c"])
            elif t in _WHITE:
                self._text_node(node, _WHITE[t])
            elif t in _CONTAINERS:
                self._walk(node["c"])
            elif t == "Quoted":
                self._separator("\u201c")
                self._walk(node["c"][1])
                self._separator("\u201d")
            elif t in ("Span", "Link"):
                if special(node):
                    self._separator(" ")
                else:
                    self._walk(node["c"][1])
            elif t in ("Code", "Math"):
                self._text_node(node, node["c"][1])
            else:  # Note, Cite, RawInline, Image: not text of this run
                self._separator(" ")

    def text(self) -> str:
        return "".join(a.char for a in self.atoms)


def _decoded(inlines: list[Node], matcher: Matcher) -> list[Node]:
    """Words that are percent-encoded (an address shown as its own link text) read decoded
    when that is how they name someone: `Sebastian%20Quill` is cut like `Sebastian Quill`."""
    out: list[Node] = []
    for node in inlines:
        t = node.get("t")
        if t == "Str" and "%" in node["c"]:
            decoded = urllib.parse.unquote_plus(node["c"])
            if decoded != node["c"] and matcher.search(decoded):
                node = {"t": "Str", "c": decoded}
        elif t in _CONTAINERS:
            node = {"t": t, "c": _decoded(node["c"], matcher)}
        elif t in ("Span", "Link") and not special(node):
            node = {"t": t, "c": [node["c"][0], _decoded(node["c"][1], matcher), *node["c"][2:]]}
        out.append(node)
    return out


def _redact_inlines(inlines: list[Node], matcher: Matcher, outcome: Outcome) -> list[Node]:
    inlines = _decoded(inlines, matcher)
    flat = _Flat(inlines)
    hits = matcher.find(flat.text())
    notes = _redact_nested(inlines, matcher, outcome)
    if not hits:
        return notes
    outcome.redactions += len(hits)
    outcome.marks += [hit.code for hit in hits]
    # For each text node: which of its characters go, and where a mark is placed.
    removed: dict[int, set[int]] = {}
    marks: dict[tuple[int, int], Hit] = {}
    for hit in hits:
        placed = False
        for atom in flat.atoms[hit.start : hit.end]:
            if atom.owner < 0:
                continue
            removed.setdefault(atom.owner, set()).add(atom.offset)
            if not placed:
                marks[(atom.owner, atom.offset)] = hit
                placed = True
    ids = {id(n): k for k, n in enumerate(flat.nodes)}
    return _rebuild(notes, ids, removed, marks)


def _rebuild(
    inlines: list[Node],
    ids: dict[int, int],
    removed: dict[int, set[int]],
    marks: dict[tuple[int, int], Hit],
) -> list[Node]:
    out: list[Node] = []
    for node in inlines:
        owner = ids.get(id(node))
        t = node.get("t")
        if owner is not None and owner in removed:
            out.extend(_cut(node, owner, removed[owner], marks))
        elif t in _CONTAINERS:
            kids = _rebuild(node["c"], ids, removed, marks)
            if kids:
                out.append({"t": t, "c": kids})
        elif t == "Quoted":
            out.append({"t": t, "c": [node["c"][0], _rebuild(node["c"][1], ids, removed, marks)]})
        elif t in ("Span", "Link") and not special(node):
            kids = _rebuild(node["c"][1], ids, removed, marks)
            out.append({"t": t, "c": [node["c"][0], kids, *node["c"][2:]]})
        else:
            out.append(node)
    return out


def _cut(node: Node, owner: int, gone: set[int], marks: dict[tuple[int, int], Hit]) -> list[Node]:
    """A text node with the removed characters taken out and marks put in their place."""
    t = node["t"]
    text = node["c"] if t == "Str" else (_WHITE.get(t) or node["c"][1])
    if t in ("Code", "Math"):
        # Literal text: the mark goes in as its words.
        kept = "".join(
            (mark_label(marks[(owner, i)].code) if (owner, i) in marks else "")
            + ("" if i in gone else ch)
            for i, ch in enumerate(text)
        )
        if t == "Code":
            return [{"t": "Code", "c": [list(_NO_ATTR), kept]}]
        return [{"t": "Str", "c": kept}]
    out: list[Node] = []
    run = ""
    for i, ch in enumerate(text):
        if (owner, i) in marks:
            if run:
                out.append(_text(t, run))
                run = ""
            out.append(mark_node(marks[(owner, i)].code))
        if i not in gone:
            run += ch
    if run:
        out.append(_text(t, run))
    return out


def _text(t: str, text: str) -> Node:
    return {"t": "Str", "c": text} if t == "Str" else {"t": t}


def _redact_nested(inlines: list[Node], matcher: Matcher, outcome: Outcome) -> list[Node]:
    """Footnotes and link targets: notes hold blocks of their own; links that name a redacted
    string lose their target."""
    out: list[Node] = []
    for node in inlines:
        t = node.get("t")
        if t == "Note":
            out.append({"t": "Note", "c": [_redact_block(b, matcher, outcome) for b in node["c"]]})
        elif t == "Link" and _link_names_redacted(node, matcher):
            outcome.redactions += 1
            out.append(
                {"t": "Span", "c": [list(_NO_ATTR), _redact_nested(node["c"][1], matcher, outcome)]}
            )
        elif t in _CONTAINERS:
            out.append({"t": t, "c": _redact_nested(node["c"], matcher, outcome)})
        elif t == "Quoted":
            out.append(
                {"t": t, "c": [node["c"][0], _redact_nested(node["c"][1], matcher, outcome)]}
            )
        elif t in ("Span", "Link") and not special(node):
            kids = _redact_nested(node["c"][1], matcher, outcome)
            out.append({"t": t, "c": [node["c"][0], kids, *node["c"][2:]]})
        else:
            out.append(node)
    return out


def _link_names_redacted(node: Node, matcher: Matcher) -> bool:
    url, title = node["c"][2]
    return matcher.in_url(str(url)) or bool(matcher.find(str(title)))


_INLINE_BLOCKS = ("Plain", "Para")


def _redact_block(node: Node, matcher: Matcher, outcome: Outcome) -> Node:
    t = node.get("t")
    c: Any = node.get("c")
    sub: Callable[[Node], Node] = lambda b: _redact_block(b, matcher, outcome)  # noqa: E731
    inl: Callable[[list[Node]], list[Node]] = lambda xs: _redact_inlines(xs, matcher, outcome)  # noqa: E731
    if t in _INLINE_BLOCKS:
        return {"t": t, "c": inl(c)}
    if t == "LineBlock":
        return {"t": t, "c": [inl(line) for line in c]}
    if t == "Header":
        return {"t": t, "c": [c[0], c[1], inl(c[2])]}
    if t == "CodeBlock":
        text = matcher.plain(c[1])
        if text != c[1]:
            outcome.redactions += 1
        return {"t": t, "c": [c[0], text]}
    if t == "BlockQuote":
        return {"t": t, "c": [sub(b) for b in c]}
    if t == "BulletList":
        return {"t": t, "c": [[sub(b) for b in item] for item in c]}
    if t == "OrderedList":
        return {"t": t, "c": [c[0], [[sub(b) for b in item] for item in c[1]]]}
    if t == "DefinitionList":
        return {
            "t": t,
            "c": [[inl(term), [[sub(b) for b in d] for d in defs]] for term, defs in c],
        }
    if t == "Table":
        return {"t": t, "c": _redact_table(c, sub)}
    if t == "Figure":
        return {"t": t, "c": [c[0], _redact_caption(c[1], sub), [sub(b) for b in c[2]]]}
    return node


def _redact_caption(caption: list[Any], sub: Callable[[Node], Node]) -> list[Any]:
    short, blocks = caption
    return [short, [sub(b) for b in blocks]]


def _redact_table(c: list[Any], sub: Callable[[Node], Node]) -> list[Any]:
    attr, caption, colspecs, head, bodies, foot = c

    def rows(rs: list[Any]) -> list[Any]:
        return [
            [
                r[0],
                [[cell[0], cell[1], cell[2], cell[3], [sub(b) for b in cell[4]]] for cell in r[1]],
            ]
            for r in rs
        ]

    return [
        attr,
        _redact_caption(caption, sub),
        colspecs,
        [head[0], rows(head[1])],
        [[b[0], b[1], rows(b[2]), rows(b[3])] for b in bodies],
        [foot[0], rows(foot[1])],
    ]
