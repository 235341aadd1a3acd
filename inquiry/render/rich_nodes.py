"""The pandoc AST as the rich fields hold it: our two nodes (a redaction mark, a pinpoint), what
happened to a field, and the text a reader meets in it (`everything`, `plain_text`).

Shared by `inquiry.render.rich` (which prepares a field) and `inquiry.render.rich_redact` (which
cuts redacted strings out of it).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from inquiry.redaction import mark_label

Node = dict[str, Any]
Blocks = list[Node]

REDACTED_CLASS = "inq-redacted"
PIN_CLASS = "inq-pin"
NO_ATTR: list[Any] = ["", [], []]


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


BLOCK_TYPES = frozenset(
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
            if t in WHITE:
                out.append(WHITE[t])
            elif t in ("Link", "Image"):
                target = " ".join(x["c"][2])
                out.append(f"\n{target}\n{urllib.parse.unquote_plus(target)}\n")
                stack.append(x["c"][1])
            elif t in BLOCK_TYPES:
                stack.append("\n")  # after the block's own text, which is popped first
                stack.append(x.get("c", ""))
            elif "c" in x:
                stack.append(x["c"])
    return "".join(out)


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
