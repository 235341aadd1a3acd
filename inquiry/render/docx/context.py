"""What every part of the DOCX needs while it is written: the plan, the edition's redactions,
and the few phrasings (kinds, dates, links) that must read the same on every page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from inquiry.model import Testimony
from inquiry.numbering import Numbered, Plan
from inquiry.render.docx.text import Redactor
from inquiry.render.docx.writer import Writer

KIND_NAMES = {
    "survey_finding": "Survey finding",
    "testimony": "Testimony",
    "statistic": "Statistic",
    "policy_extract": "Policy extract",
}
SEP = " · "


def bookmark(number: str) -> str:
    """The bookmark on an item's heading, which the index's PAGEREF fields point at."""
    return f"item_{number}"


@dataclass
class Context:
    plan: Plan
    root: Path
    commit: str | None
    redact: Redactor
    out: Writer = field(default_factory=Writer)

    @classmethod
    def for_plan(cls, plan: Plan, *, root: Path, commit: str | None) -> Context:
        """The public edition redacts every included testimony's `redact` strings everywhere."""
        strings: list[str] = []
        if plan.audience == "public":
            for numbered in plan.items:
                if isinstance(numbered.item, Testimony):
                    strings += numbered.item.redact
        return cls(plan, root, commit, Redactor(strings))

    def t(self, text: str) -> str:
        """Plain text as Markdown: escaped and redacted."""
        return self.redact.text(text)

    def link(self, numbered: Numbered) -> str:
        """`A1` linked to the item's heading."""
        return f"[{self.t(numbered.number)}](#{bookmark(numbered.number)})"

    def heading_text(self, numbered: Numbered) -> str:
        item = numbered.item
        return self.t(SEP.join((numbered.number, item.id, item.title)))
