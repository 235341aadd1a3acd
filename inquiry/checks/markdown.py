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


# Pandoc makes raw nodes only from HTML (`<`), TeX (`\\`) and raw attributes (`{=`): a field with
# none of these cannot hold raw syntax, so it need not be parsed. Pandoc's AST judges the rest.
_RAW_STARTS = ("<", "\\", "{=")


def _may_hold_raw(text: str) -> bool:
    return any(mark in text for mark in _RAW_STARTS)


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
    return out
