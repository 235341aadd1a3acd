"""manifest.json: what was built, with hashes, so anyone can check what they received.

The file is deterministic (fixed key order, two-space indent, a final newline), so two builds of
the same commit give the same bytes and a diff of two manifests shows only what changed. Every
text in it comes from the views, so it is redacted as the bundle is (titles, exhibit file names).
Beyond SPEC.md's keys it records a SHA-256 per page (for `inquiry verify`), the digest of the
inputs (for `inquiry serve`'s staleness check), the front matter's and supplementary indexes'
pages, and in the restricted edition the annex's.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from inquiry import schedules
from inquiry.numbering import Plan
from inquiry.redaction import Matcher

if TYPE_CHECKING:
    from inquiry.exhibits.stage import Ready
    from inquiry.render.nodes import ItemView
    from inquiry.render.pdf.layout import Layout
    from inquiry.render.view import Views


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


PUBLIC_SOURCE = "inquiry public source 1"
"""What a public edition's hash of an item that redacts begins with (bump if what it covers
changes)."""


def _source(sha256: str, item: BaseModel, matcher: Matcher, written: str) -> dict[str, Any]:
    """The item's `source_sha256`: its file's hash; but in an edition that redacts, an item
    whose file (`written`) holds a redacted string (its own witness, say; a comment) is known
    by the hash of its data as redacted — the file's hash would let anyone holding a guess at
    the file confirm a name (`inquiry init`'s template and the public text are most of it)."""
    if not matcher:
        return {"source_sha256": sha256}
    data = item.model_dump(mode="json")
    if not redacts_in(data, written, matcher):
        return {"source_sha256": sha256}
    text = json.dumps(_redacted(data, matcher), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{PUBLIC_SOURCE}\n{text}".encode("utf-8", "surrogatepass"))
    return {"source_sha256": digest.hexdigest(), "source_redacted": True}


def _strings(data: object) -> Iterator[str]:
    """Every string in `data`, character references read (`&#101;` is `e` to pandoc)."""
    if isinstance(data, str):
        yield html.unescape(data) if "&" in data else data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _marks(
    view: ItemView, exhibits: Mapping[tuple[str, int], Ready], *, redacting: bool
) -> dict[str, int]:
    """`redactions`: in an edition that redacts, how many redaction marks the item's pages show (its
    text's and its exhibits'), never what they hide: an edition showing fewer on a served
    item's pages may have lost a `redact` entry (`served_changes`)."""
    if not redacting:
        return {}
    shown = len(view.marks) + sum(len(exhibits[(view.id, e.index)].marks) for e in view.exhibits)
    return {"redactions": shown}


def redacts_in(data: object, written: str, matcher: Matcher) -> bool:
    """Whether an edition redacting with `matcher` redacts anything in an item (its values
    `data`, its file's text `written`): it has a `redact` list, or `matcher` finds a string in
    the file as written (a comment may name the witness: `# chosen with Jane Smith`), or in its
    values as read where an escape could spell a name differently (`Zo\\u00eb`, `&#101;`)."""
    if _has_redact(data) or matcher.search(written):
        return True
    escaped = "\\" in written or "&" in written
    return escaped and bool(matcher.search("\n".join(_strings(data))))


def _has_redact(data: object) -> bool:
    if isinstance(data, dict):
        return bool(data.get("redact")) or any(_has_redact(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_redact(v) for v in data)
    return False


def _redacted(data: object, matcher: Matcher) -> object:
    """`data` without its `redact` lists, each string with the redacted strings marked."""
    if isinstance(data, str):
        text = html.unescape(data) if "&" in data else data
        # Searched at C speed first: few of an item's strings name anyone.
        return matcher.plain(text) if matcher.search(text) else text
    if isinstance(data, dict):
        return {k: _redacted(v, matcher) for k, v in data.items() if k != "redact"}
    if isinstance(data, list):
        return [_redacted(v, matcher) for v in data]
    return data


def manifest(
    plan: Plan,
    views: Views,
    layout: Layout,
    *,
    exhibits: Mapping[tuple[str, int], Ready],
    pdf: Path,
    inputs: str,
    page_sha256: list[str],
) -> dict[str, Any]:
    """The manifest as SPEC.md gives it, items in bundle order."""
    by_id = plan.by_id()
    numbers = {view.id: view.number for view in views.items}
    pins = schedules.pinpoints(views, layout)
    items = []
    for view in views.items:
        entry = by_id[view.id]
        placed = layout.items[view.id]
        items.append(
            {
                "id": view.id,
                "number": view.number,
                "tab": view.tab,
                "title": view.title.plain(),
                "kind": view.kind,
                "first_page": placed.first,
                "last_page": placed.last,
                "lines_of_inquiry": list(view.lines_of_inquiry),
                **_source(entry.entry.sha256, entry.item, views.matcher, entry.entry.doc.text),
                "status": "draft" if view.draft else "final",
                # What the item's pages show of other items (pinpoints, related items'
                # numbers): one reissued changes them (`inquiry diff` reports it).
                "cites": sorted(
                    pins[view.id]
                    | {numbers[r] for r in entry.item.related if r in numbers and r != view.id}
                ),
                "supplementary": entry.group > 0,
                **_marks(view, exhibits, redacting=bool(views.matcher)),
                "exhibits": [
                    {
                        "file": e.file.plain(),
                        "sha256": exhibits[(view.id, e.index)].sha256,
                        "redacted": exhibits[(view.id, e.index)].redacted,
                        "first_page": first,
                        "last_page": last,
                    }
                    for e, (first, last) in zip(view.exhibits, placed.exhibits, strict=True)
                ],
            }
        )
    return {
        "bundle": {
            "title": views.front.title,
            # What the cover and every running header show besides the items: a change here
            # changes served pages no item's change explains (`inquiry diff` reports it).
            "inquiry": views.front.cover.kicker.plain(),
            "submitted_by": views.front.author,
            "tabs": {tab: title for tab, title in views.front.tab_titles},
            "lines_of_inquiry": [row.id for row in views.front.lines_of_inquiry],
            # Their words, as every lines-of-inquiry table shows them: a retitled line changes
            # served pages no item's change explains (`inquiry diff` reports it).
            "line_titles": {
                row.id: f"{row.title.plain()}: {row.question.plain()}"
                for row in [
                    *views.front.lines_of_inquiry,
                    *(r for s in views.front.supplements for r in s.lines_of_inquiry),
                ]
            },
            "pages": layout.count,
            "sha256": _sha256(pdf),
            "audience": plan.audience,
            "include_drafts": plan.include_drafts,
            "inputs_sha256": inputs,
            "front_pages": [1, layout.front],
            **_supplements(plan, layout),
            **_annexes(plan, layout),
            "page_sha256": page_sha256,
        },
        "items": items,
        "retired": [
            {
                "id": r.id,
                "number": r.number,
                "tab": r.tab,
                "first_page": r.first_page,
                "last_page": r.last_page,
                "state": r.state,
                "superseded_by": r.superseded_by,
            }
            for r in plan.retired
        ],
    }


def _supplements(plan: Plan, layout: Layout) -> dict[str, Any]:
    """`supplement_pages`: each supplementary index's pages, a served one's as served (it may
    take fewer now, its other pages blank, and may grow back into them); and, when there are
    any, `supplements_as_served`, which tells a record made so from an older one, where a
    shrunk index's blank pages were named by nothing."""
    served = plan.served.supplements if plan.served is not None else ()
    pages = []
    for run in layout.runs:
        if run.kind == "index" and run.index > 0:
            slot = served[run.index - 1] if run.index <= len(served) else None
            pages.append([slot[0], max(slot[1], run.last)] if slot else [run.first, run.last])
    return {"supplement_pages": pages, **({"supplements_as_served": True} if pages else {})}


def _annexes(plan: Plan, layout: Layout) -> dict[str, Any]:
    """The restricted edition's annex pages (null when it has none) and those of annexes
    served before, which now say where it went: every served page must stay accounted for.
    The public edition has no annex, and its manifest no such keys."""
    if plan.audience != "restricted":
        return {}
    return {
        "annex_pages": list(layout.annex) if layout.annex else None,
        "former_annex_pages": [list(pages) for pages in layout.former_annexes],
    }


def write_manifest(
    plan: Plan,
    views: Views,
    layout: Layout,
    *,
    exhibits: Mapping[tuple[str, int], Ready],
    pdf: Path,
    inputs: str,
    page_sha256: list[str],
    dest: Path,
) -> dict[str, Any]:
    """Write manifest.json for the bundle at `pdf` to `dest`; return what it holds."""
    data = manifest(
        plan, views, layout, exhibits=exhibits, pdf=pdf, inputs=inputs, page_sha256=page_sha256
    )
    dest.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data
