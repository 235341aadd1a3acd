"""A served item that its edition now leaves out (made a draft, or restricted in the public
edition) is withdrawn by the next build: its pages say so for good, and its id is never used
again but with `--reissue`. Said as a warning where it is decided (`served-item-left-out`,
red team h133: a coalition reworking an item lost its served number without a word)."""

from __future__ import annotations

from inquiry import numbering
from inquiry.load import Corpus
from inquiry.problems import Problem


def left_out(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
) -> list[Problem]:
    """`served-item-left-out` (a warning) at the `status` or `audience` of each item `served`
    holds that this edition leaves out."""
    problems = []
    for entry in corpus.entries:
        data = entry.doc.data if isinstance(entry.doc.data, dict) else {}
        item_id = entry.item.id if entry.item is not None else data.get("id")
        record = served.items.get(item_id) if isinstance(item_id, str) else None
        if entry.item is not None:
            kept = numbering.included(entry.item, audience=audience, include_drafts=include_drafts)
        else:  # a draft that fails the schema is left out too (a final one stops the build)
            kept = not entry.draft or include_drafts
        if record is None or kept:
            continue
        restricted = data.get("audience") == "restricted" and audience == "public"
        key, now, back = (
            ("audience", "restricted", "audience: public")
            if restricted
            else ("status", "a draft", "status: final")
        )
        pos = entry.doc.value_pos((key,))
        problems.append(
            Problem(
                entry.file,
                pos.line,
                pos.column,
                "served-item-left-out",
                f"{item_id} was served in the {audience} edition as {record.number}; {now}, it "
                "is left out, so the next build withdraws it: its pages say withdrawn, and its "
                "id is not used again",
                "warning",
                hint=f"write `{back}` to keep it where it was served; to take it out for good, "
                "delete its file (or build with `--reissue` later to serve it under a new number)",
            )
        )
    return problems
