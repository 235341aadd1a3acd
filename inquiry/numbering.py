"""Which items go in the bundle, in what order, under which numbers.

The one source of tabs, order and item numbers for the PDF, the DOCX and the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from inquiry.load import Corpus, LoadedItem
from inquiry.model import Item, Submission, Tab

Audience = Literal["public", "restricted"]


@dataclass(frozen=True)
class Numbered:
    """An item placed in the bundle: `number` is e.g. `A3`."""

    number: str
    tab: Tab
    entry: LoadedItem

    @property
    def item(self) -> Item:
        return self.entry.item


@dataclass(frozen=True)
class Section:
    tab: Tab
    items: tuple[Numbered, ...]


@dataclass(frozen=True)
class Plan:
    """The bundle's contents in order; tabs with no items are left out."""

    submission: Submission
    audience: Audience
    include_drafts: bool
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Numbered, ...]:
        return tuple(n for s in self.sections for n in s.items)

    def by_id(self) -> dict[str, Numbered]:
        return {n.item.id: n for n in self.items}


def included(item: Item, *, audience: Audience, include_drafts: bool) -> bool:
    if item.audience == "restricted" and audience == "public":
        return False
    return item.status != "draft" or include_drafts


def plan(corpus: Corpus, *, audience: Audience = "public", include_drafts: bool = False) -> Plan:
    """Order the included items: tabs as in submission.yaml, then date, then id."""
    assert corpus.submission is not None, "plan() needs a valid submission"
    sections = []
    for tab in corpus.submission.tabs:
        chosen = sorted(
            (
                e
                for e in corpus.items
                if e.item.kind in tab.kinds
                and included(e.item, audience=audience, include_drafts=include_drafts)
            ),
            key=lambda e: (e.item.date, e.item.id),
        )
        if chosen:
            numbered = tuple(Numbered(f"{tab.tab}{i}", tab, e) for i, e in enumerate(chosen, 1))
            sections.append(Section(tab, numbered))
    return Plan(corpus.submission, audience, include_drafts, tuple(sections))
