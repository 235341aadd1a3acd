"""References in Markdown, `[@SF-001]` and `[@SF-001, p. 2]`: every id names an item, every
locator a page. Pandoc parses them as citations (`Cite` nodes), which is what the renderers turn
into pinpoints; only bracketed ones are references (`is_reference`)."""

from __future__ import annotations

import re
from typing import Any

from inquiry import markdown
from inquiry.checks.common import Nearest, at_words
from inquiry.checks.markdown import Parsed
from inquiry.load import Entry
from inquiry.model.types import ID_PATTERN
from inquiry.problems import Problem

LOCATOR = re.compile(r"^\s*,?\s*(?:p|pp|page|pages)\.?\s*(\d+)\s*$", re.IGNORECASE)
"""A pinpoint's locator as written after the id: `, p. 2` (also `page 2`, `pp. 2`); the page
counts from 1. The renderers read locators with this same expression."""


def _plain(inlines: list[Any]) -> str | None:
    """A suffix's text, or None when it holds more than words and spaces."""
    out = []
    for node in inlines:
        if node.get("t") == "Str":
            out.append(str(node["c"]))
        elif node.get("t") in ("Space", "SoftBreak"):
            out.append(" ")
        else:
            return None
    return "".join(out)


def page(suffix: list[Any]) -> int | bool | None:
    """The page a locator names, None when there is no locator, False when it is malformed."""
    text = _plain(suffix)
    if text is None:
        return False
    if not text.strip():
        return None
    m = LOCATOR.match(text.replace("\u00a0", " "))
    return int(m.group(1)) if m and int(m.group(1)) >= 1 else False


def is_reference(cite: dict[str, Any]) -> bool:
    """Whether a pandoc `Cite` node is a reference: bracketed, `[@SF-001]`, or in the text with
    an item's id, `@SF-001`. Any other in-text `@name` (a social media handle in a quoted post,
    `@NHSEngland`) is only text, shown as written."""
    return all(
        c["citationMode"]["t"] != "AuthorInText" or re.fullmatch(ID_PATTERN, c["citationId"])
        for c in cite["c"][0]
    )


def _left_out(
    citing: Entry, cited: list[Entry], *, include_drafts: bool = False
) -> tuple[str, str] | None:
    """Why a build that includes the citing item leaves the cited one out, and what to do
    (None when every build that has the one has the other). Builds without drafts are the
    ones served, so a final item citing a draft is warned of even with `include_drafts`; a
    draft is in a build only with `--include-drafts` (`include_drafts`: checked as that build
    makes it), where drafts are in and only a restricted item is left out of the public one."""
    if not cited or (citing.draft and not include_drafts):
        return None
    if not citing.draft and all(e.draft for e in cited):
        return (
            "is a draft, so a build without `--include-drafts` leaves it out and refuses this item",
            "set `status: final` on the cited item when it is checked, or leave the reference out",
        )
    public = citing.fields.text("audience") == "public"
    if public and all(
        (e.draft and not include_drafts) or e.fields.text("audience") == "restricted" for e in cited
    ):
        build = "public build with `--include-drafts`" if citing.draft else "public build"
        return (
            f"is restricted, so the public bundle leaves it out and the {build} refuses this item",
            "cite it only in restricted items, or make the cited item public",
        )
    return None


def check(
    parsed: list[Parsed],
    ids: dict[str, list[Entry]],
    unread: frozenset[str] = frozenset(),
    *,
    include_drafts: bool = False,
) -> list[Problem]:
    """Unknown items and bad locators in references, and references a build will refuse
    (a public item citing a restricted one, a final item citing a draft; with
    `include_drafts`, a public draft citing a restricted item too), each at the line it is
    written on. `unread`: ids of item files that could not be read, which are not unknown
    (the file's own problem says why it was not read)."""
    out = []
    nearest = Nearest(ids)
    for field in parsed:
        seen: dict[str, int] = {}  # the how-manyth citation of each id in this field
        for node in markdown.walk(field.blocks):
            if node["t"] != "Cite" or not is_reference(node):
                continue
            for citation in node["c"][0]:
                ref = str(citation["citationId"])
                seen[ref] = seen.get(ref, 0) + 1
                if ref not in ids and ref not in unread:
                    close = nearest(ref)
                    out.append(
                        at_words(
                            field.entry,
                            field.path,
                            f"@{ref}",
                            "ref-unknown-item",
                            f"`@{ref}` names no item",
                            f"did you mean `@{close}`?"
                            if close
                            else "cite an item by its id, [@SF-001]; write a literal @ as \\@",
                            nth=seen[ref],
                        )
                    )
                elif (
                    why := _left_out(field.entry, ids.get(ref, []), include_drafts=include_drafts)
                ) is not None:
                    out.append(
                        at_words(
                            field.entry,
                            field.path,
                            f"@{ref}",
                            "ref-left-out",
                            f"`@{ref}` {why[0]}",
                            why[1],
                            nth=seen[ref],
                            severity="warning",
                        )
                    )
                if page(citation.get("citationSuffix", [])) is False:
                    shown = markdown_text(citation.get("citationSuffix", []))
                    out.append(
                        at_words(
                            field.entry,
                            field.path,
                            f"@{ref}",
                            "ref-locator",
                            f"`[@{ref}{shown}]`: a page is given as `p. N`, N from 1",
                            f"write [@{ref}, p. 2] for the item's second page",
                            nth=seen[ref],
                        )
                    )
    return out


def markdown_text(inlines: list[Any]) -> str:
    """Inline text for a message, approximately as written."""
    parts = []
    for node in markdown.walk(inlines):
        if node["t"] == "Str":
            parts.append(str(node["c"]))
        elif node["t"] in ("Space", "SoftBreak"):
            parts.append(" ")
    return "".join(parts)
