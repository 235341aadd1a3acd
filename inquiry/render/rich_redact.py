"""Redacted strings cut out of a field's pandoc AST *as rendered*: across emphasis,
superscripts, entities, escaped spaces and line ends, with a mark node in their place; a link
whose target names one loses its target (its text stays, redacted). See `inquiry.render.rich`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inquiry.redaction import Hit, Matcher, mark_label
from inquiry.render.rich_nodes import (
    CONTAINERS,
    NO_ATTR,
    WHITE,
    Node,
    Outcome,
    mark_node,
    special,
)


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
            elif t in WHITE:
                self._text_node(node, WHITE[t])
            elif t in CONTAINERS:
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
        elif t in CONTAINERS:
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
        elif t in CONTAINERS:
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
    text = node["c"] if t == "Str" else (WHITE.get(t) or node["c"][1])
    if t in ("Code", "Math"):
        # Literal text: the mark goes in as its words.
        kept = "".join(
            (mark_label(marks[(owner, i)].code) if (owner, i) in marks else "")
            + ("" if i in gone else ch)
            for i, ch in enumerate(text)
        )
        if t == "Code":
            return [{"t": "Code", "c": [list(NO_ATTR), kept]}]
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
            out.append({"t": "Note", "c": [redact_block(b, matcher, outcome) for b in node["c"]]})
        elif t == "Link" and _link_names_redacted(node, matcher):
            outcome.redactions += 1
            out.append(
                {"t": "Span", "c": [list(NO_ATTR), _redact_nested(node["c"][1], matcher, outcome)]}
            )
        elif t in CONTAINERS:
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


def redact_block(node: Node, matcher: Matcher, outcome: Outcome) -> Node:
    t = node.get("t")
    c: Any = node.get("c")
    sub: Callable[[Node], Node] = lambda b: redact_block(b, matcher, outcome)  # noqa: E731
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
