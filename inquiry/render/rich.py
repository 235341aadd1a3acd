"""Markdown fields as pandoc AST, made fit for the bundle once, for every format.

A field is parsed by pandoc (`inquiry.markdown`), then, in this order:
1. every attribute a writer of the evidence gave (ids, classes, key-values: `{#jeremiah-quill}`,
   `[x]{.inq-redacted}`) is dropped, so nothing typed can pass for one of our own nodes or carry a
   name into an HTML id or a DOCX bookmark; and raw output (```` ```{=typst} ````, `<b>`), which
   validation refuses, is shown as the code it is if it ever gets this far, never passed to a
   writer;
2. references `[@SF-001]` / `[@SF-001, p. 2]` become pinpoint nodes (rendered later, when pages
   are known);
3. redacted strings are cut out of the text *as rendered* — across emphasis, superscripts,
   entities, escaped spaces, line ends, and across the parts of the field a reader reads on
   from one to the next (paragraphs, list items, a line block's lines, a table's cells and
   rows, a definition's term and text, a footnote's mark) — and a mark node stands in their
   place, one in each part that held some of the string;
4. a link whose target names a redacted string loses its target (its text stays, redacted).

The result holds two kinds of node of ours, each a pandoc Span with one class: `inq-redacted`
(attribute `code`) and `inq-pin` (attributes `item`, `page`). Every renderer translates them.
The nodes live in `rich_nodes`, steps 3 and 4 in `rich_redact`; this module is the one to call.
A string split between two fields (two paragraphs of a testimony) is beyond any one field's
redaction: `runs_across` finds it, for the build to refuse at the field.
"""

from __future__ import annotations

from typing import Any

from inquiry.checks.citations import (  # validation and rendering agree on references
    LOCATOR,
    is_reference,
)
from inquiry.redaction import Matcher
from inquiry.render.rich_nodes import (
    ASIDE,
    NO_ATTR,
    NOTE,
    PIN_CLASS,
    REDACTED_CLASS,
    Blocks,
    Node,
    Outcome,
    Pin,
    everything,
    language_attr,
    mark_node,
    pin_node,
    plain_text,
    reading,
    span_language,
    special,
)
from inquiry.render.rich_redact import redact_blocks


def prepare(blocks: Blocks, matcher: Matcher) -> tuple[Blocks, Outcome]:
    """The field's blocks made fit for the bundle (see the module docstring)."""
    outcome = Outcome()
    cleaned = _strip_attrs(blocks)  # the list itself, so a top-level Div is unwrapped too
    cleaned = [_pins_in_block(b, outcome) for b in cleaned]
    _plain_note_headings(cleaned)
    _nest_headings(cleaned)
    # Most fields name nobody: one search of everything the field shows (its text, link
    # targets and titles, at C speed) decides whether the careful walk is needed. It reads
    # what the careful walk reads, and more, so it can only err towards walking.
    if matcher and matcher.search(everything(cleaned)):
        cleaned = redact_blocks(cleaned, matcher, outcome)
    return cleaned, outcome


def shown(blocks: Blocks) -> tuple[str, str]:
    """A field's words as a reader meets them (`rich_nodes.reading`): its own, and its
    footnotes' (which every format sets apart from them)."""
    own: list[str] = []
    notes: list[str] = []
    into = own
    for kind, text, _ in reading(blocks):
        if kind == NOTE:
            into = notes
        if kind != ASIDE:
            into.append(text)
    return "".join(own), "".join(notes)


def runs_across(before: Blocks, after: Blocks, matcher: Matcher) -> bool:
    """Whether a redacted string runs from one prepared field into the next one shown (two
    paragraphs of a testimony: `… told Agatha` / `Thistlewood said …`), where neither field's
    own redaction (`prepare`) can cut it, but a reader of the outputs still finds it: the HTML
    reads a field (and the footnotes set at its end) on into the next, a DOCX its paragraphs
    and its footnotes. A build must refuse such a pair at the field, by name and line."""
    return bool(matcher) and texts_run_across(shown(before), shown(after), matcher)


def texts_run_across(before: tuple[str, str], after: tuple[str, str], matcher: Matcher) -> bool:
    """`runs_across` of two fields' `shown` texts (computed once a field, by the caller)."""
    if not matcher:
        return False
    own_before, notes_before = before
    own_after, notes_after = after
    pairs = [(own_before, own_after)]
    if notes_before.strip():
        pairs.append((notes_before, own_after))
        if notes_after.strip():
            pairs.append((notes_before, notes_after))
    # Only the end of one and the start of the other can hold a string running across: each is
    # searched within a window of it, so the check costs the same however long the fields are;
    # and only where every word of some string is there at all.
    for a, b in ((a[-_ACROSS:], b[:_ACROSS]) for a, b in pairs):
        joined = f"{a}\n{b}"
        if not matcher.words_present(joined):
            continue
        found = [len(matcher.search(t, lines=False)) for t in (joined, a, b)]
        if found[0] > found[1] + found[2]:
            return True
    return False


_ACROSS = 2_000
"""Characters either side of the boundary between two fields searched for a string running
across it: more than any redacted string spans, with the gaps its words may have."""


# ----------------------------------------------------------------------------- headings

HEADING_LEVELS = 2
"""How many levels of heading a field has below its section's heading: every format has room
for two (PDF H5 and H6 under an item's H4 sections; HTML h3 and h4; DOCX Heading 4 and 5)."""


def _plain_note_headings(blocks: Blocks) -> None:
    """A heading inside a footnote becomes a bold paragraph (in place): a note is no section
    of the item (and typst lays notes out where the field's heading levels do not reach)."""
    from inquiry import markdown

    for note in [n for n in markdown.walk(blocks) if n["t"] == "Note"]:
        _unhead(note["c"])


def _unhead(node: Any) -> None:
    if isinstance(node, list):
        for i, child in enumerate(node):
            if isinstance(child, dict) and child.get("t") == "Header":
                node[i] = {"t": "Para", "c": [{"t": "Strong", "c": child["c"][2]}]}
            else:
                _unhead(child)
    elif isinstance(node, dict) and "c" in node:
        _unhead(node["c"])


def _nest_headings(blocks: Blocks) -> None:
    """Renumber the field's headings so that none skips a level: the first is level 1, and each
    is one below the nearest heading before it written at a higher level, at most
    `HEADING_LEVELS` (`##` then `####` becomes 1 then 2, `#` `###` `######` 1, 2, 2)."""
    from inquiry import markdown

    open_: list[tuple[int, int]] = []  # (level written, level given) of enclosing headings
    for node in markdown.walk(blocks):
        if node["t"] != "Header":
            continue
        written = node["c"][0]
        while open_ and open_[-1][0] >= written:
            open_.pop()
        level = open_[-1][1] + 1 if open_ else 1
        open_.append((written, level))
        node["c"][0] = min(level, HEADING_LEVELS)


# ----------------------------------------------------------------------------- attributes


def _strip_attrs(node: Any) -> Any:
    """A deep copy with every Attr emptied; Divs unwrapped (a Div is only attributes); raw
    blocks and inlines made code."""
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
    if t in ("RawInline", "RawBlock"):  # [format, text]: the text as code, in no format's power
        return {"t": "Code" if t == "RawInline" else "CodeBlock", "c": [list(NO_ATTR), c[1]]}
    if t == "Span":  # its language alone is kept: every format says it (WCAG 3.1.2)
        c = [language_attr(span_language(c[0])), *_strip_attrs(c[1:])]
    elif t in ("Link", "Image", "Code", "CodeBlock", "Figure", "Table"):
        c = [list(NO_ATTR), *_strip_attrs(c[1:])]
    elif t == "Header":
        c = [c[0], list(NO_ATTR), _strip_attrs(c[2])]
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
                # An in-text `@name` is its own words, as pandoc read them.
                cited = is_reference(child)
                out.extend(
                    _cite(child, outcome) if cited else _pins_in_block(child["c"][1], outcome)
                )
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


__all__ = [
    "PIN_CLASS",
    "REDACTED_CLASS",
    "Blocks",
    "Node",
    "Outcome",
    "Pin",
    "everything",
    "mark_node",
    "pin_node",
    "plain_text",
    "prepare",
    "runs_across",
    "shown",
    "special",
]
