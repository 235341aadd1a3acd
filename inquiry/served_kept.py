"""What `serve` checks of a bundle besides its hashes: that it keeps what was served before it,
and that its manifest describes the evidence and the PDF it was built from.

A served number keeps its pages, or its pages stand withdrawn or superseded; nothing new takes a
number or a page already served. The restricted edition's annex (the schedule of what the public
edition redacts) is served too: its pages either hold it still or say where it went, and a
supplementary index, an item or the annex itself never lands on a page served before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inquiry.numbering import Plan, Served
    from inquiry.verify import Bookmark

_AGAIN = "rebuild with the served record in place"


def kept_problem(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Why the manifest `new` moves a number or page the served manifest `old` fixed, or
    reuses one, or None. Both are read by `served_record.parse_record`, and `old` passed
    `placement_problem`."""
    placed = {i["id"]: i for i in new.get("retired", [])}
    placed.update({i["id"]: i for i in new["items"]})
    retired_now = {(r["id"], r["number"]): r for r in new.get("retired", [])}
    old_numbers = {i["number"] for i in [*old["items"], *old.get("retired", [])]}
    old_pages = int(old["bundle"].get("pages", 0))
    for item in old["items"]:
        found = retired_now.get((item["id"], item["number"])) or placed.get(item["id"])
        if found is None:
            return (
                f"{item['id']} ({item['number']}) was served at {_span(item)} and is neither in "
                f"this bundle nor withdrawn: {_AGAIN}"
            )
        if not _same_place(item, found):
            return (
                f"{item['id']} was served as {item['number']} at {_span(item)} but this bundle "
                f"has it as {found['number']} at {_span(found)}: {_AGAIN}"
            )
    for gone in old.get("retired", []):
        if not _same_place(gone, retired_now.get((gone["id"], gone["number"]), {})):
            return (
                f"the {gone.get('state', 'retired')} pages of {gone['id']} ({gone['number']}, "
                f"{_span(gone)}) are missing from this bundle: rebuild with the served record"
            )
    served_before = {(i["id"], i["number"]) for i in old["items"]}
    for item in new["items"]:
        if (item["id"], item["number"]) in served_before:
            continue
        if item["number"] in old_numbers or item["first_page"] <= old_pages:
            return (
                f"{item['id']} would take {item['number']} at {_span(item)}, a number or page "
                f"already served: {_AGAIN}"
            )
    # A served index keeps its first page (it may take fewer pages now); a new one comes after
    # every served page.
    old_indexes = {first for first, _ in old["bundle"].get("supplement_pages", [])}
    for first, last in new["bundle"].get("supplement_pages", []):
        if first not in old_indexes and first <= old_pages:
            return (
                f"this bundle's supplementary index at {_pages(first, last)} is on pages already "
                f"served (the served bundle has {old_pages} pages): {_AGAIN}"
            )
    return _annex_problem(old, new)


def _annex_problem(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Each annex served (the annex, and earlier ones whose pages say where it went) keeps
    its pages in the new bundle, as the annex or as pages saying where it went; an annex not
    served before comes after every served page."""
    from inquiry.numbering import served_from

    served = served_from(old)
    before = [*served.former_annexes, *([served.annex] if served.annex else [])]
    bundle = new["bundle"]
    annex = bundle.get("annex_pages")
    now = {(int(a), int(b)) for a, b in bundle.get("former_annex_pages", [])}
    if annex:
        now.add((int(annex[0]), int(annex[1])))
    for first, last in before:
        if (first, last) not in now:
            return (
                f"the annex served at {_pages(first, last)} is missing from this bundle (it "
                f"neither stands there nor do its pages say where it went): {_AGAIN}"
            )
    old_pages = int(old["bundle"].get("pages", 0))
    if annex and (annex[0], annex[1]) not in before and annex[0] <= old_pages:
        return (
            f"this bundle's annex at {_pages(annex[0], annex[1])} is on pages already served "
            f"(the served bundle has {old_pages} pages): {_AGAIN}"
        )
    return None


def _same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("number", "first_page", "last_page")
    return all(k in b and a[k] == b[k] for k in keys)


def _span(item: Mapping[str, Any]) -> str:
    return _pages(item["first_page"], item["last_page"])


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


def evidence_problem(
    manifest: Mapping[str, Any],
    plan: Plan,
    root: Path,
    *,
    served: Served | None,
    built: bool,
) -> str | None:
    """Why a manifest does not describe the edition `plan` (numbered as if never served) of
    the evidence it was built from, or None: every fact of it the evidence decides, checked —
    the items it lists, each item's kind, source hash, lines of inquiry and exhibits (file,
    and hash of a file not redacted), the tabs and the front matter's lines of inquiry (those
    of submission.yaml, less any added since the front matter was served). A tab taken out of
    submission.yaml since `served` keeps the title it was served with.
    `built`: the PDF has bookmarks, so it was made by `inquiry build` and lists every item and
    exhibit.
    What the pages and bookmarks decide is `verify`'s (`serve` checks both)."""
    from inquiry.exhibits.files import resolve
    from inquiry.render.view_writer import edition_matcher
    from inquiry.served import file_sha256

    wanted = {n.item.id: n for n in plan.items}
    listed = [str(item["id"]) for item in manifest["items"]]
    if built and sorted(listed) != sorted(wanted):
        extra = sorted(set(listed) - set(wanted)) or sorted(wanted.keys() - set(listed))
        return f"it lists other items than the evidence's ({', '.join(extra[:3])})"
    for item in manifest["items"]:
        entry = wanted.get(item["id"])
        if entry is None:
            continue
        model, here = entry.item, item["id"]
        if item.get("kind", model.kind) != model.kind:
            return f"{here} is a {model.kind}, not a {_shown(item['kind'])}"
        if not item.get("source_redacted") and item.get("source_sha256") != entry.entry.sha256:
            return f"the `source_sha256` of {here} is not {entry.entry.file}'s"
        lines = item.get("lines_of_inquiry", list(model.lines_of_inquiry))
        if lines != list(model.lines_of_inquiry):
            said = ", ".join(model.lines_of_inquiry) or "none"
            return f"{here}'s `lines_of_inquiry` is not its item's ({said})"
        exhibits = item.get("exhibits", [])
        if built and len(exhibits) != len(model.exhibits):
            return f"{here} has {len(model.exhibits)} exhibit(s), not {len(exhibits)}"
        for k, (shown, exhibit) in enumerate(zip(exhibits, model.exhibits, strict=False), 1):
            if not _same_file(str(shown.get("file", "")), exhibit.file):
                return f"{here}'s exhibit {k} is `{exhibit.file}`, not `{_shown(shown['file'])}`"
            path = resolve(root, exhibit.file)
            redacted = shown.get("redacted")
            if isinstance(path, Path) and not redacted and shown.get("sha256") != file_sha256(path):
                return f"the `sha256` of {here}'s exhibit {k} is not {exhibit.file}'s"
    bundle = manifest["bundle"]
    letters = [tab.tab for tab in plan.submission.tabs]
    tabs = bundle.get("tabs", dict.fromkeys(letters))
    before = served.tab_titles if served is not None else {}
    # A kept title as the build writes it: redacted as this edition redacts (a name in it may
    # be redacted since it was served).
    matcher = edition_matcher(plan) if before else None
    kept = {
        k: matcher.plain(" ".join(v.split())) if matcher is not None else v
        for k, v in before.items()
    }
    if not (
        isinstance(tabs, dict)
        and set(letters) <= set(tabs)
        and all(k in letters or v in (before.get(k), kept.get(k)) for k, v in tabs.items())
    ):
        return f"its `bundle.tabs` are not submission.yaml's ({', '.join(letters)})"
    front_lines = served.front_lines if served is not None else None
    front = [
        loi.id
        for loi in plan.submission.lines_of_inquiry
        if front_lines is None or loi.id in front_lines
    ]
    if bundle.get("lines_of_inquiry", front) != front:
        return f"its `bundle.lines_of_inquiry` are not the front matter's ({', '.join(front)})"
    return None


def cover_problem(
    manifest: Mapping[str, Any], info: Mapping[str, str], marks: Sequence[Bookmark]
) -> str | None:
    """Why the manifest's title, inquiry, submitter or tab titles are not the PDF's (its
    document information and its tabs' bookmarks, made from the same views), or None. A PDF
    without them (not made by `inquiry build`) is not checked."""
    from inquiry.render import wording

    bundle = manifest["bundle"]
    for key, name in (("title", "Title"), ("submitted_by", "Author"), ("inquiry", "Subject")):
        said = info.get(name)
        if said is None or key not in bundle:
            continue
        value = str(bundle[key])
        if said != value and not (name == "Subject" and said.startswith(value + " — ")):
            return f"its `bundle.{key}` is not the PDF's ({_shown(said)})"
    tabs = bundle.get("tabs")
    if not isinstance(tabs, dict):
        return None
    for mark in _tab_marks(marks):
        letter = mark.title.split(" ", 2)[1]
        title = tabs.get(letter)
        heading = wording.tab_heading(letter, str(title) if title else "")
        if title is not None and not mark.title.startswith(f"{heading} (p. "):
            return f"the title of tab {letter} in `bundle.tabs` is not the PDF's"
    return None


def _tab_marks(marks: Sequence[Bookmark]) -> list[Bookmark]:
    """The tabs' bookmarks: at the top level and under each supplementary index's."""
    out = []
    for mark in marks:
        if re.match(r"Tab [A-Z]\b", mark.title):
            out.append(mark)
        else:
            out += [c for c in mark.children if re.match(r"Tab [A-Z]\b", c.title)]
    return out


def _same_file(shown: str, file: str) -> bool:
    """Whether an exhibit's file as a manifest shows it is `file`: the same, or the same but
    for the public edition's redaction marks (`[PI]`, `[REDACTED]`) where strings stood."""
    if shown == file:
        return True
    parts = re.split(r"\[[A-Z][A-Z0-9_-]*\]", shown)
    if len(parts) == 1:
        return False
    return re.fullmatch(".+".join(map(re.escape, parts)), file, re.DOTALL) is not None


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


__all__ = ["cover_problem", "evidence_problem", "kept_problem"]
