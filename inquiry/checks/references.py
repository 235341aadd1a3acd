"""Ids unique and well-formed; references to lines of inquiry and items resolve."""

from __future__ import annotations

import difflib
from collections import defaultdict

from inquiry.checks.common import at
from inquiry.load import Corpus
from inquiry.problems import Problem


def check(corpus: Corpus) -> list[Problem]:
    out: list[Problem] = []
    by_id = defaultdict(list)
    for entry in corpus.items:
        by_id[entry.item.id].append(entry)
    for item_id, entries in by_id.items():
        if len(entries) > 1:
            for entry in entries:
                others = ", ".join(e.file for e in entries if e is not entry)
                out.append(
                    at(
                        entry,
                        ("id",),
                        "id-duplicate",
                        f"id `{item_id}` is also used in {others}",
                        "ids are unique across the submission and never reused",
                    )
                )
    sub, sub_doc = corpus.submission, corpus.submission_doc
    if sub is None or sub_doc is None:
        return out
    sub_file = "evidence/submission.yaml"
    loi_ids = [loi.id for loi in sub.lines_of_inquiry]
    seen: set[str] = set()
    for i, loi in enumerate(sub.lines_of_inquiry):
        if loi.id in seen:
            pos = sub_doc.value_pos(("lines_of_inquiry", i, "id"))
            out.append(
                Problem(
                    sub_file,
                    pos.line,
                    pos.column,
                    "loi-duplicate",
                    f"line of inquiry `{loi.id}` is defined twice",
                )
            )
        seen.add(loi.id)
    letters: set[str] = set()
    for i, tab in enumerate(sub.tabs):
        if tab.tab in letters:
            pos = sub_doc.value_pos(("tabs", i, "tab"))
            out.append(
                Problem(
                    sub_file,
                    pos.line,
                    pos.column,
                    "tab-duplicate",
                    f"tab `{tab.tab}` is defined twice",
                )
            )
        letters.add(tab.tab)
    tabbed: set[str] = set()
    for i, tab in enumerate(sub.tabs):
        for j, kind in enumerate(tab.kinds):
            if kind in tabbed:
                pos = sub_doc.value_pos(("tabs", i, "kinds", j))
                out.append(
                    Problem(
                        sub_file,
                        pos.line,
                        pos.column,
                        "tab-kind-twice",
                        f"`{kind}` is filed under two tabs",
                        hint="each kind belongs to one tab, so every item has one number",
                    )
                )
            tabbed.add(kind)
    used: set[str] = set()
    for entry in corpus.items:
        item = entry.item
        if item.kind not in tabbed:
            out.append(
                at(
                    entry,
                    ("kind",),
                    "kind-no-tab",
                    f"no tab in submission.yaml takes `{item.kind}`",
                    "add the kind to a tab's `kinds`",
                )
            )
        for j, ref in enumerate(item.lines_of_inquiry):
            if ref in seen:
                used.add(ref)
                continue
            close = difflib.get_close_matches(ref, loi_ids, n=1)
            out.append(
                at(
                    entry,
                    ("lines_of_inquiry", j),
                    "ref-unknown-loi",
                    f"unknown line of inquiry `{ref}`",
                    f"did you mean `{close[0]}`?" if close else f"defined: {', '.join(loi_ids)}",
                )
            )
        for j, ref in enumerate(item.related):
            if ref == item.id:
                out.append(
                    at(entry, ("related", j), "ref-self", "an item cannot be related to itself")
                )
            elif ref not in by_id:
                close = difflib.get_close_matches(ref, list(by_id), n=1)
                out.append(
                    at(
                        entry,
                        ("related", j),
                        "ref-unknown-item",
                        f"unknown item `{ref}`",
                        f"did you mean `{close[0]}`?" if close else None,
                    )
                )
    # An item that failed to load may well bear on the line: say nothing until it loads.
    all_loaded = len(corpus.items) == corpus.files
    for i, loi in enumerate(sub.lines_of_inquiry):
        if all_loaded and loi.id not in used:
            pos = sub_doc.value_pos(("lines_of_inquiry", i, "id"))
            out.append(
                Problem(
                    sub_file,
                    pos.line,
                    pos.column,
                    "loi-no-evidence",
                    f"no evidence item bears on line of inquiry `{loi.id}`",
                    "warning",
                    "add an item, or drop the line of inquiry",
                )
            )
    return out
