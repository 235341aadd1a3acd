"""Redacted strings cut out of a field's pandoc AST *as rendered*: across emphasis,
superscripts, entities, escaped spaces and line ends, and across the parts a reader reads on
from one to the next (paragraphs, list items, the lines of a line block, the cells of a table
row and its rows, a definition's term and its definitions, a footnote's mark): each part of a
name that lies in a separate part gets a mark node of its own in its place. A link whose
target names one loses its target (its text stays, redacted). See `inquiry.render.rich`.

The whole field is searched as one text (`rich_nodes.reading`), so every join an output's
reader makes within a field is made here too: a PDF's page text and the HTML's read cell after
cell and line after line, and a DOCX read tag-free runs all its paragraphs together.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from inquiry.name_addresses import DECODE_ROUNDS
from inquiry.redaction import Hit, Matcher, mark_label
from inquiry.render.rich_nodes import (
    ASIDE,
    BREAK,
    CONTAINERS,
    NO_ATTR,
    NOTE,
    TEXT,
    WHITE,
    Blocks,
    Node,
    Outcome,
    mark_node,
    plain_text,
    reading,
    special,
    table_rows,
    tex_readings,
    tex_words,
)


class _Flat:
    """A field flattened into the characters a reader sees, each with where it lives: the
    text-bearing node (`owner`, -1 for none), the offset in that node's text, and the part of
    the field (a paragraph, a line, a cell) it is read in."""

    def __init__(self, blocks: Blocks) -> None:
        self.nodes: list[Node] = []
        self.owner: list[int] = []
        self.offset: list[int] = []
        self.part: list[int] = []
        pieces: list[str] = []
        part = 0
        for kind, text, node in reading(blocks):
            if kind == ASIDE or not text:
                continue
            if kind == TEXT:
                self.owner += [len(self.nodes)] * len(text)
                self.offset += range(len(text))
                self.nodes.append(node or {})  # a TEXT event always has its node
            else:
                if kind in (BREAK, NOTE):
                    part += 1
                self.owner += [-1] * len(text)
                self.offset += [0] * len(text)
            self.part += [part] * len(text)
            pieces.append(text)
        self.text = "".join(pieces)


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+|\+")


def _decoded(text: str) -> tuple[str, list[int], list[int]]:
    """`text` read with its percent-escapes decoded (as `urllib.parse.unquote_plus` reads it),
    and for each character of that reading the span of `text` it comes from: a redacted string
    found there is cut from `text` whole (`Agatha%20Thistlewood`, `%41gatha`)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _ESCAPES.finditer(text):
        out.append(text[pos : m.start()])
        starts += range(pos, m.start())
        ends += range(pos + 1, m.start() + 1)
        decoded = urllib.parse.unquote_plus(m.group())
        out.append(decoded)
        starts += [m.start()] * len(decoded)
        ends += [m.end()] * len(decoded)
        pos = m.end()
    out.append(text[pos:])
    starts += range(pos, len(text))
    ends += range(pos + 1, len(text) + 1)
    return "".join(out), starts, ends


def _hits(text: str, matcher: Matcher) -> list[Hit]:
    """Every redacted string in `text`, as written and (where it has percent-escapes) decoded,
    again while escapes remain (a redirector's link is encoded twice: `Hobart%2520Wrenfield`),
    overlapping finds joined."""
    hits = matcher.find(text)
    reading, starts, ends = text, list(range(len(text))), list(range(1, len(text) + 1))
    for _ in range(DECODE_ROUNDS):
        if "%" not in reading:
            break
        decoded, first, last = _decoded(reading)
        if decoded == reading:
            break
        # Each character of the new reading, traced back to the span of `text` it comes from.
        reading = decoded
        starts, ends = [starts[i] for i in first], [ends[i - 1] for i in last]
        hits += [Hit(starts[h.start], ends[h.end - 1], h.code) for h in matcher.find(reading)]
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            out[-1] = Hit(out[-1].start, max(out[-1].end, hit.end), out[-1].code)
        else:
            out.append(hit)
    return out


@dataclass
class _Cuts:
    """What goes from each text node (by owner): its characters removed, and the mark put
    where each part of a redacted string begins."""

    removed: dict[int, set[int]] = field(default_factory=dict)
    marks: dict[tuple[int, int], str | None] = field(default_factory=dict)
    codes: list[str | None] = field(default_factory=list)  # each mark's code, in reading order


def _cuts(flat: _Flat, hits: list[Hit]) -> _Cuts:
    cuts = _Cuts()
    for hit in hits:
        marked: set[int] = set()
        for i in range(hit.start, hit.end):
            owner = flat.owner[i]
            if owner < 0:
                continue
            cuts.removed.setdefault(owner, set()).add(flat.offset[i])
            # One mark in each part that held some of the string (not only its spaces).
            if flat.part[i] not in marked and not flat.text[i].isspace():
                marked.add(flat.part[i])
                cuts.marks[(owner, flat.offset[i])] = hit.code
                cuts.codes.append(hit.code)
    return cuts


class _Rebuild:
    """The field made again with the cuts made, and links that name a redacted string
    unlinked."""

    def __init__(self, flat: _Flat, cuts: _Cuts, matcher: Matcher, outcome: Outcome) -> None:
        self.ids = {id(n): k for k, n in enumerate(flat.nodes)}
        self.cuts = cuts
        self.matcher = matcher
        self.outcome = outcome

    def blocks(self, blocks: Blocks) -> Blocks:
        return [self.block(b) for b in blocks]

    def block(self, node: Node) -> Node:
        t = node.get("t")
        c: Any = node.get("c")
        if t in ("Plain", "Para"):
            return {"t": t, "c": self.inlines(c)}
        if t == "LineBlock":
            return {"t": t, "c": [self.inlines(line) for line in c]}
        if t == "Header":
            return {"t": t, "c": [c[0], c[1], self.inlines(c[2])]}
        if t == "CodeBlock":
            owner = self.ids.get(id(node))
            if owner is None or owner not in self.cuts.removed:
                return node
            return {"t": t, "c": [c[0], self._literal(c[1], owner)]}
        if t == "BlockQuote":
            return {"t": t, "c": self.blocks(c)}
        if t == "Div":  # unwrapped before any field is shown (`rich.prepare`)
            return {"t": t, "c": [c[0], self.blocks(c[1])]}
        if t == "BulletList":
            return {"t": t, "c": [self.blocks(item) for item in c]}
        if t == "OrderedList":
            return {"t": t, "c": [c[0], [self.blocks(item) for item in c[1]]]}
        if t == "DefinitionList":
            return {
                "t": t,
                "c": [[self.inlines(term), [self.blocks(d) for d in defs]] for term, defs in c],
            }
        if t == "Table":
            return {"t": t, "c": self._table(c)}
        if t == "Figure":
            return {"t": t, "c": [c[0], self._caption(c[1]), self.blocks(c[2])]}
        return node

    def _caption(self, caption: list[Any]) -> list[Any]:
        short, blocks = caption
        return [short, self.blocks(blocks)]

    def _table(self, c: list[Any]) -> list[Any]:
        attr, caption, colspecs, head, bodies, foot = c
        # Rows are made again in place (`table_rows` is how they are read).
        made = {id(r): self._row(r) for r in table_rows(head, bodies, foot)}

        def rows(rs: list[Any]) -> list[Any]:
            return [made[id(r)] for r in rs]

        return [
            attr,
            self._caption(caption),
            colspecs,
            [head[0], rows(head[1])],
            [[b[0], b[1], rows(b[2]), rows(b[3])] for b in bodies],
            [foot[0], rows(foot[1])],
        ]

    def _row(self, row: list[Any]) -> list[Any]:
        return [row[0], [[*cell[:4], self.blocks(cell[4])] for cell in row[1]]]

    def inlines(self, inlines: list[Node]) -> list[Node]:
        out: list[Node] = []
        for node in inlines:
            owner = self.ids.get(id(node))
            t = node.get("t")
            c: Any = node.get("c")
            if owner is not None and owner in self.cuts.removed:
                out.extend(self._cut(node, owner))
            elif owner is not None and t == "Math" and (found := self._source_names(c[1])):
                # Shown as written if pandoc cannot read it: the name between its commands.
                self.outcome.redactions += 1
                self.outcome.marks.append(found.code)
                out.append(mark_node(found.code))
            elif owner is not None:
                out.append(node)
            elif t in CONTAINERS:
                kids = self.inlines(c)
                if kids:
                    out.append({"t": t, "c": kids})
            elif t == "Quoted":
                out.append({"t": t, "c": [c[0], self.inlines(c[1])]})
            elif t == "Note":
                out.append({"t": t, "c": self.blocks(c)})
            elif t == "Link" and self._names_redacted(node):
                self.outcome.redactions += 1
                out.append({"t": "Span", "c": [list(NO_ATTR), self.inlines(c[1])]})
            elif t in ("Span", "Link") and not special(node):
                out.append({"t": t, "c": [c[0], self.inlines(c[1]), *c[2:]]})
            elif t == "Image":  # refused by validation; its words, should one come, as plain text
                alt = self.matcher.plain(plain_text(c[1]))
                out.append({"t": t, "c": [c[0], [{"t": "Str", "c": alt}], c[2]]})
            else:
                out.append(node)
        return out

    def _source_names(self, tex: str) -> Hit | None:
        """The first redacted string a formula names as drawn or as its TeX is written
        (`tex_readings`), if any: its words (`tex_words`) were searched with the field."""
        for way in tex_readings(tex):
            hits = self.matcher.find(way)
            if hits:
                return hits[0]
        return None

    def _names_redacted(self, node: Node) -> bool:
        url, title = node["c"][2]
        return self.matcher.in_url(str(url)) or bool(self.matcher.find(str(title)))

    def _literal(self, text: str, owner: int) -> str:
        """Literal text (code) with the cut characters gone and each mark as its words."""
        gone, marks = self.cuts.removed[owner], self.cuts.marks
        return "".join(
            (mark_label(marks[(owner, i)]) if (owner, i) in marks else "")
            + ("" if i in gone else ch)
            for i, ch in enumerate(text)
        )

    def _cut(self, node: Node, owner: int) -> list[Node]:
        """A text node with the removed characters taken out and marks put in their place."""
        t = node["t"]
        text = node["c"] if t == "Str" else (WHITE.get(t) or node["c"][1])
        if t == "Code":
            return [{"t": "Code", "c": [list(NO_ATTR), self._literal(text, owner)]}]
        if t == "Math":  # its words, as they were searched (`tex_words`)
            return [{"t": "Str", "c": self._literal(tex_words(node["c"][1]), owner)}]
        gone, marks = self.cuts.removed[owner], self.cuts.marks
        out: list[Node] = []
        run = ""
        for i, ch in enumerate(text):
            if (owner, i) in marks:
                if run:
                    out.append(_text(t, run))
                    run = ""
                out.append(mark_node(marks[(owner, i)]))
            if i not in gone:
                run += ch
        if run:
            out.append(_text(t, run))
        return out


def _text(t: str, text: str) -> Node:
    return {"t": "Str", "c": text} if t == "Str" else {"t": t}


def redact_blocks(blocks: Blocks, matcher: Matcher, outcome: Outcome) -> Blocks:
    """A field's blocks with every redacted string cut out (see the module docstring); what was
    cut is counted in `outcome`."""
    flat = _Flat(blocks)
    hits = _hits(flat.text, matcher)
    cuts = _cuts(flat, hits)
    outcome.redactions += len(hits)
    outcome.marks += cuts.codes
    return _Rebuild(flat, cuts, matcher, outcome).blocks(blocks)
