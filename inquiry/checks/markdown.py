"""Markdown fields are Markdown only: anything pandoc would pass through raw is refused."""

from __future__ import annotations

from inquiry import markdown
from inquiry.checks.common import at
from inquiry.load import Corpus, LoadedItem
from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.problems import Problem
from inquiry.yamlnodes import Path


def fields(entry: LoadedItem) -> list[tuple[Path, str]]:
    """Every Markdown field of an item with its path."""
    item = entry.item
    out: list[tuple[Path, str]] = [(("summary",), item.summary)]
    if isinstance(item, SurveyFinding):
        out.append((("finding",), item.finding))
    elif isinstance(item, Testimony):
        out += [(("paragraphs", i), p) for i, p in enumerate(item.paragraphs)]
    elif isinstance(item, Statistic) and item.caveats:
        out.append((("caveats",), item.caveats))
    elif isinstance(item, PolicyExtract) and item.commentary:
        out.append((("commentary",), item.commentary))
    return out


# Pandoc makes raw nodes only from HTML (`<`), TeX (`\\`) and raw attributes (`{=`), and links or
# images only from `](`, `]:`, `][`, `]` followed by nothing (shortcut references need a `]:`
# definition) or `<…>` autolinks: a field with none of these marks need not be parsed.
_MARKS = ("<", "\\", "{=", "](", "]:", "][")
LINK_SCHEMES = ("http:", "https:", "mailto:")


def _may_hold_raw(text: str) -> bool:
    return any(mark in text for mark in _MARKS)


def _bad_links(blocks: list[object]) -> list[str]:
    """Why each link or image in a parsed field cannot go into the bundle."""
    found = []
    for node in markdown.walk(blocks):
        if node["t"] == "Image":
            found.append("an image (attach pictures as exhibits)")
        elif node["t"] == "Link":
            target = str(node["c"][2][0])
            if not target.lower().startswith(LINK_SCHEMES):
                found.append(f"a link to `{target}` (links must be http, https or mailto)")
    return found


def check(corpus: Corpus) -> list[Problem]:
    located = [
        (entry, path, text)
        for entry in corpus.items
        for path, text in fields(entry)
        if _may_hold_raw(text)
    ]
    parsed = markdown.parse_many([text for _, _, text in located])
    out = []
    for (entry, path, _), blocks in zip(located, parsed, strict=True):
        formats = sorted(set(markdown.raw_formats(blocks)))
        if formats:
            out.append(
                at(
                    entry,
                    path,
                    "markdown-raw",
                    f"raw {', '.join(formats)} is not allowed in Markdown",
                    "write plain Markdown; put a literal backslash or tag in a `code span`",
                )
            )
        for reason in _bad_links(blocks):
            out.append(
                at(
                    entry,
                    path,
                    "markdown-link",
                    f"{reason} is not allowed in Markdown",
                    "link to a web page (https://…), or attach the document as an exhibit",
                )
            )
    return out
