"""Markdown fields are Markdown only: anything pandoc would pass through raw is refused.

Every field is first measured by the cheap scan (`checks.scan`); a field that trips a limit is
reported and never reaches pandoc. The rest that could hold anything worth parsing go through
pandoc in batches, and their parsed blocks are kept for the reference check.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from inquiry import markdown
from inquiry.checks.common import at, at_words, matched_at
from inquiry.checks.scan import scan
from inquiry.errors import InquiryError
from inquiry.load import Entry
from inquiry.model import ITEM_MODELS, ItemBase
from inquiry.name_addresses import unquotings
from inquiry.problems import Problem
from inquiry.yamlnodes import Path

BATCH_CHARS = 1_000_000
"""Text per pandoc call: a megabyte parses in about a second, well inside pandoc's limits."""

LINK_SCHEMES = ("http:", "https:", "mailto:")


@functools.cache
def markdown_fields(model: type[BaseModel] = ItemBase) -> tuple[tuple[str, bool], ...]:
    """(field name, is a list) of every Markdown field of a kind, from its model."""
    found: list[tuple[str, bool]] = []
    for name, prop in model.model_json_schema()["properties"].items():
        if _is_markdown(prop):
            found.append((name, False))
        elif _is_markdown(prop.get("items", {})):
            found.append((name, True))
    return tuple(found)


def _is_markdown(prop: dict[str, Any]) -> bool:
    if prop.get("contentMediaType") == "text/markdown":
        return True
    return any(_is_markdown(p) for p in prop.get("anyOf", []))


def fields(entry: Entry) -> list[tuple[Path, str]]:
    """Every Markdown field of an item (that passed the schema) with its path."""
    f = entry.fields
    out: list[tuple[Path, str]] = []
    for name, is_list in markdown_fields(ITEM_MODELS.get(f.text("kind") or "", ItemBase)):
        if is_list:
            out += [((name, i), t) for i in f.indices(name) if (t := f.text(name, i))]
        elif (text := f.text(name)) is not None:
            out.append(((name,), text))
    return out


# Pandoc makes raw nodes only from HTML (`<`), TeX (`\`) and raw attributes (`{=`, `{ =`); links
# and images only from `](`, `]:`, `][`, `![`, `<…>` autolinks, or `[Heading]` naming a heading of
# the same field; citations only from `@`. A field with none of these (or whose every `](` opens
# a web link) holds nothing to refuse and nothing to resolve, and need not be parsed.
_MARKS = ("<", "\\", "]:", "][", "![", "@")
_RAW_ATTRIBUTE = re.compile(r"\{\s*=")
_NON_WEB_TARGET = re.compile(r"\]\((?!\s*(?:https?://|mailto:))", re.IGNORECASE)
_HEADING = re.compile(r"^ {0,3}#|^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)


def needs_pandoc(text: str) -> bool:
    """Whether a field could hold raw syntax, a link that is not a web link, or a reference."""
    if any(mark in text for mark in _MARKS) or _RAW_ATTRIBUTE.search(text):
        return True
    if "](" in text and _NON_WEB_TARGET.search(text):
        return True
    return "]" in text and bool(_HEADING.search(text))


FieldText = tuple[Entry, Path, str]
"""A Markdown field to parse: its item, its path and its text."""


@dataclass(frozen=True)
class Parsed:
    """A Markdown field as pandoc parsed it."""

    entry: Entry
    path: Path
    blocks: list[Any]


def _bad_links(blocks: list[Any]) -> list[tuple[str, str]]:
    """Why each link or image in a parsed field cannot go into the bundle, and its target (the
    words to find it by)."""
    found = []
    for node in markdown.walk(blocks):
        if node["t"] == "Image":
            found.append(("an image (attach pictures as exhibits)", str(node["c"][2][0])))
        elif node["t"] == "Link":
            target = str(node["c"][2][0])
            if not target.lower().startswith(LINK_SCHEMES):
                # Said decoded, so the log's redaction reads a name encoded in it.
                shown = [target, *unquotings(target)][-1]
                reason = f"a link to `{shown}` (links must be http, https or mailto)"
                found.append((reason, target))
    return found


def _batches(located: list[FieldText]) -> list[list[FieldText]]:
    out: list[list[FieldText]] = [[]]
    size = 0
    for one in located:
        if out[-1] and size + len(one[2]) > BATCH_CHARS:
            out.append([])
            size = 0
        out[-1].append(one)
        size += len(one[2])
    return [b for b in out if b]


def scan_entry(entry: Entry) -> tuple[list[Problem], list[FieldText]]:
    """Scan an item's Markdown fields: the limits they trip, and those that need parsing."""
    problems: list[Problem] = []
    located: list[FieldText] = []
    for path, text in fields(entry):
        trips = scan(text)
        problems += [at(entry, path, t.code, t.message, t.hint) for t in trips]
        if not trips and needs_pandoc(text):
            located.append((entry, path, text))
    return problems, located


def parse(located: list[FieldText]) -> tuple[list[Problem], list[Parsed]]:
    """Parse the fields that need it (in batches); the problems and the parsed. A field pandoc
    cannot read is blamed alone (`markdown.parse_many` finds it), never the fields it was sent
    with, and those are parsed and checked as usual."""
    problems: list[Problem] = []
    parsed: list[Parsed] = []
    waiting = list(reversed(_batches(located)))
    while waiting:
        batch = waiting.pop()
        try:
            blocks = markdown.parse_many([text for _, _, text in batch])
        except markdown.UnreadField as exc:
            problems.append(_unparsed(batch[exc.index], exc))
            waiting += [b for b in (batch[exc.index + 1 :], batch[: exc.index]) if b]
            continue
        except InquiryError as exc:  # pandoc failed as a whole: every field of the batch
            problems += [_unparsed(field, exc) for field in batch]
            continue
        parsed += [Parsed(e, p, b) for (e, p, _), b in zip(batch, blocks, strict=True)]
    return problems, parsed


def _unparsed(field: FieldText, exc: InquiryError) -> Problem:
    entry, path, _ = field
    return at(
        entry,
        path,
        "markdown-unparsed",
        f"the Markdown could not be checked: {exc}",
        "simplify the field; if it is ordinary text, report this as a bug",
    )


RAW_SHOWN = 20
"""Raw nodes reported one by one in a field, the last with how many more."""


_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)")


def _raw_to_fix(blocks: Any) -> list[tuple[Any, int]]:
    """The raw nodes of a field to report, each with which occurrence of its text it is among
    all the field's raw nodes (to find it as written); a closing HTML tag is left out where the
    tag it closes is reported (`<b>bold</b>` is one thing to fix)."""
    out = []
    opened: dict[str, int] = {}
    counted: dict[str, int] = {}
    for node in markdown.walk(blocks):
        if node["t"] not in ("RawBlock", "RawInline"):
            continue
        text = str(node["c"][1]).strip()
        counted[text] = counted.get(text, 0) + 1
        tag = _TAG.match(text) if node["c"][0] == "html" else None
        if tag is not None and tag.group(1) and opened.get(tag.group(2).lower(), 0) > 0:
            opened[tag.group(2).lower()] -= 1
            continue
        if tag is not None and not tag.group(1):
            opened[tag.group(2).lower()] = opened.get(tag.group(2).lower(), 0) + 1
        out.append((node, counted[text]))
    return out


_QUOTED = 40
"""Characters of raw markup a message quotes whole."""
_HEAD = re.compile(r"<!--|</?[A-Za-z][\w:-]*|<[!?]|\\[A-Za-z@]+|\\.")
"""How raw markup begins: an HTML comment, tag or declaration, a TeX command."""


def _shown(text: str) -> str:
    """Raw markup as a message quotes it, on one line: whole when short, otherwise by its tag or
    command alone (`<a …>`, `\\textbf…`), never cut inside its words — the log's redaction
    (`inquiry.redacted_log`) runs on the message after this, and finds no redacted name cut
    short (`<a title="notes of Hobart Wrenf…`, red team s32)."""
    one = " ".join(text.split()).replace("`", "'")
    if len(one) <= _QUOTED:
        return one
    head = _HEAD.match(one)
    if head is None or len(head.group()) > _QUOTED:
        return "…"
    if head.group() == "<!--":
        return "<!-- … -->"
    return head.group() + (" …>" if head.group().startswith("<") else "…")


_CDATA = "<![cdata["


def _cdata(field: Parsed) -> list[Problem]:
    """A CDATA section, `<![CDATA[…]]>`: pandoc keeps its brackets as text but drops any
    HTML inside it, words and all, so the bundle would show `<![CDATA[]]>` where they stood.
    Never wanted in evidence: refused, each at its place (one in a code span is text)."""
    out = []
    seen: dict[str, int] = {}
    for node in markdown.walk(field.blocks):
        if node["t"] != "Str" or _CDATA not in (text := str(node["c"])).lower():
            continue
        at_ = text.lower().index(_CDATA)
        written = text[at_ : at_ + len(_CDATA)]
        seen[written] = seen.get(written, 0) + 1
        out.append(
            at_words(
                field.entry,
                field.path,
                written,
                "markdown-raw",
                f"raw html `{written}…]]>` (a CDATA section) is not allowed in Markdown: "
                "pandoc drops the HTML inside it",
                "write the words as plain Markdown; put markup to show in a `code span`",
                nth=seen[written],
                outside_code=True,
            )
        )
    return out


def check(parsed: list[Parsed]) -> list[Problem]:
    """Raw syntax and links that cannot go into the bundle, in the parsed fields."""
    out = []
    for field in parsed:
        out += _cdata(field)
        raw = _raw_to_fix(field.blocks)
        spans: dict[tuple[str, str], int] = {}
        for n, (node, nth) in enumerate(raw[:RAW_SHOWN], 1):  # each at its own words
            text = str(node["c"][1]).strip()
            more = len(raw) - RAW_SHOWN if n == RAW_SHOWN else 0
            problem = at_words(
                field.entry,
                field.path,
                text,
                "markdown-raw",
                f"raw {node['c'][0]} `{_shown(text)}` is not allowed in Markdown"
                + (f" ({more:,} more such in this field)" if more > 0 else ""),
                "write plain Markdown; put a literal backslash or tag in a `code span`",
                nth=nth,
                outside_code=True,
            )
            if node["t"] == "RawInline":  # `\foo`{=latex}: at the span, not at `\foo` in code
                key = (text, str(node["c"][0]))
                spans[key] = spans.get(key, 0) + 1
                pos = matched_at(field.entry, field.path, _RAW_SPAN, _span_of(*key), nth=spans[key])
                if pos is not None:
                    problem = replace(problem, line=pos.line, column=pos.column)
            out.append(problem)
        seen: dict[str, int] = {}
        for reason, target in _bad_links(field.blocks):
            seen[target] = seen.get(target, 0) + 1
            message = f"{reason} is not allowed in Markdown"
            hint = "link to a web page (https://…), or attach the document as an exhibit"
            pos = matched_at(
                field.entry, field.path, _LINK_TARGET, _reads_as(target), nth=seen[target]
            )
            if pos is None:  # an autolink, `<file:///x>`: found by its words
                out.append(
                    at_words(
                        field.entry,
                        field.path,
                        target,
                        "markdown-link",
                        message,
                        hint,
                        nth=seen[target],
                    )
                )
            else:
                out.append(
                    Problem(
                        field.entry.file,
                        pos.line,
                        pos.column,
                        "markdown-link",
                        message,
                        "error",
                        hint,
                    )
                )
    return out


_RAW_SPAN = re.compile(r"(?<!`)`(?!`)([^`]+)`(?!`)\{\s*=[\w+-]+\s*\}")
"""A raw inline span as written with single backticks, `` `\\foo`{=latex} ``: at its text."""


def _span_of(text: str, fmt: str) -> Callable[[re.Match[str]], bool]:
    ends = re.compile(r"=\s*" + re.escape(fmt) + r"\s*\}$")
    return lambda m: m.group(1).strip() == text and ends.search(m.group(0)) is not None


_LINK_TARGET = re.compile(
    r"\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))*))"
    r"|^\s*\[[^\]]*\]:\s*(?:<([^<>\n]*)>|(\S*))"
)
"""A link's or an image's target as written: `](target)` or `](<target>)`, or `[label]: target`
(balanced parentheses inside it, and `<` or `>` after its first character, as pandoc allows:
`data:text/html,<script>`)."""
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _reads_as(target: str) -> Callable[[re.Match[str]], bool]:
    """Whether a target as written is `target` as pandoc read it: character references
    (`java&#x73;cript:`), backslash escapes and %-encoding undone."""
    want = unquote(target)

    def accept(found: re.Match[str]) -> bool:
        written = found.group(found.lastindex or 0)
        return unquote(_ESCAPED.sub(r"\1", html.unescape(written))) == want

    return accept
