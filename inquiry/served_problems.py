"""Why a served edition cannot be built as it stands: problems at the place to change.

A served bundle's numbers and pages are cited; a build that would move them is refused, saying
which item or tab and what to do (`inquiry.numbering` keeps them; `inquiry.render.pdf.layout`
finds the items that no longer fit).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from inquiry import numbering
from inquiry.problems import Problem, Report, Severity, make_report

if TYPE_CHECKING:
    from inquiry.load import Corpus
    from inquiry.yamlnodes import Document


NEW_EDITION = (
    "start a new edition: `git rm served/<audience>.json`, then build and serve (its numbers "
    "and pages are given afresh, to be cited as the new edition's)"
)


def _index_named(plan: numbering.Plan, index: str) -> tuple[str, str]:
    """What `index N` (layout's name for an index that grew) is to a reader, and its pages."""
    try:
        k = int(index.removeprefix("index "))
    except ValueError:
        return f"the served {index}", "pages"
    served = plan.served
    if k == 0:
        last = served.front if served is not None else 0
        return "the served front matter (cover, index, lines of inquiry)", _pages(1, last)
    if served is not None and k <= len(served.supplements):
        return f"supplementary index {k}", _pages(*served.supplements[k - 1])
    return f"supplementary index {k}", "pages"


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


def tabs_gone(
    corpus: Corpus, plan: numbering.Plan, missing: dict[str, list[numbering.Numbered]]
) -> Report:
    """`served-tab-missing` at submission.yaml's tabs, one per served tab letter gone."""
    numbers = {letter: [n.number for n in items] for letter, items in missing.items()}
    return make_report(_tab_problems(corpus, numbers), items=len(plan.items))


def tabs_missing(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
) -> list[Problem]:
    """For `validate`: the `served-tab-missing` problems the build of this edition will refuse
    (as `numbering.missing_tabs` finds them in its plan): a served item the edition still
    includes whose served tab's letter submission.yaml no longer has. (`--reissue` of every
    such item would move it instead; the build's hint does not offer that, nor does this.)"""
    if corpus.submission is None:
        return []  # submission.yaml's own problems are reported; there are no tabs to compare
    letters = {tab.tab for tab in corpus.submission.tabs}
    gone: dict[str, list[numbering.ServedItem]] = {}
    for entry in corpus.items:
        record = served.items.get(entry.item.id)
        if (
            record is not None
            and record.tab not in letters
            and numbering.included(entry.item, audience=audience, include_drafts=include_drafts)
        ):
            gone.setdefault(record.tab, []).append(record)
    numbers = {
        letter: [r.number for r in sorted(records, key=lambda r: r.first_page)]
        for letter, records in gone.items()
    }
    return _tab_problems(corpus, numbers)


def _tab_problems(corpus: Corpus, numbers: dict[str, list[str]]) -> list[Problem]:
    """`served-tab-missing` at submission.yaml's tabs for each served letter gone, naming the
    served numbers still in the edition under it."""
    doc = corpus.submission_doc
    pos = doc.value_pos(("tabs",)) if doc is not None else None
    return [
        Problem(
            "evidence/submission.yaml",
            pos.line if pos else 1,
            pos.column if pos else 1,
            "served-tab-missing",
            f"tab {letter} was served (with {', '.join(served)}) and is no longer in `tabs`",
            hint=f"keep tab {letter} in submission.yaml (a served bundle's tabs keep their "
            f"letters), or {NEW_EDITION}",
        )
        for letter, served in sorted(numbers.items())
    ]


def grew(
    plan: numbering.Plan,
    ids: Sequence[str],
    *,
    submission: Document | None = None,
    exhibits: Mapping[tuple[str, int], str] | None = None,
) -> Report:
    """`served-item-grew` at each served item (or index) that no longer fits its pages; an
    index's at submission.yaml's `lines_of_inquiry` (`submission`, where it is read); an
    item's at the first exhibit that is not as served (`exhibits`: each exhibit's published
    sha256 by item id and 1-based index), or at its `id` when its exhibits are."""
    by_id = plan.by_id()
    problems = []
    for item_id in ids:
        entry = by_id.get(item_id)
        if entry is None:  # an index: the front matter or a supplementary index
            what, pages = _index_named(plan, item_id)
            pos = submission.value_pos(("lines_of_inquiry",)) if submission else None
            problems.append(
                Problem(
                    "evidence/submission.yaml",
                    pos.line if pos else 1,
                    pos.column if pos else 1,
                    "served-index-grew",
                    f"{what} no longer fits its served {pages}",
                    hint="shorten the titles of the items it lists, or of the lines of inquiry "
                    f"and their questions; or {NEW_EDITION}",
                )
            )
            continue
        pos = entry.entry.doc.value_pos(("id",))
        slot = plan.served.items.get(item_id) if plan.served else None
        reissue = (
            f"build with `--reissue {item_id}` to move it to the end as a new version (its old "
            "pages are then marked superseded)"
        )
        if slot is not None and (k := _exhibit_changed(slot, entry, exhibits)) is not None:
            message = (
                f"served item {entry.number} ({item_id}) no longer fits its served pages: "
                + (
                    f"its exhibit {k + 1} as served was taken out"
                    if k >= len(getattr(entry.item, "exhibits", ()))
                    else f"its exhibit {k + 1} is not the file served there"
                    if k < len(slot.exhibits)
                    else f"its exhibit {k + 1} was added since it was served"
                )
            )
            hint = f"keep its exhibits as served, or {reissue}"
            pos = entry.entry.doc.value_pos(("exhibits", k, "file")) or pos
        elif slot is None or not slot.source_sha256:  # its file's hash as served is not known
            message = (
                f"served item {entry.number} ({item_id}) no longer fits its served pages: it or "
                "what its pages show from elsewhere (its tab's title, the pinpoints it cites) grew"
            )
            hint = f"shorten it or its tab's title{_marks(entry.item)}, or {reissue}"
        elif slot.source_sha256 == entry.entry.sha256:
            # Its file is as served: what its pages show from elsewhere grew.
            message = (
                f"served item {entry.number} ({item_id}) no longer fits its served pages, though "
                "its file is as served: what its pages show from elsewhere grew (its tab's title "
                "in submission.yaml, or the pinpoints it cites, which `--reissue` of a cited "
                "item moves)"
            )
            hint = f"shorten its tab's title in submission.yaml, or {reissue}"
        else:
            message = (
                f"served item {entry.number} ({item_id}) no longer fits its served pages: "
                + (
                    "its text grew (its exhibits are as served)"
                    if exhibits is not None
                    else "its text or an exhibit grew, an exhibit was added, or its exhibits "
                    "changed order"
                )
            )
            hint = f"shorten it{_marks(entry.item)}, keep its exhibits as served, or {reissue}"
        problems.append(
            Problem(entry.entry.file, pos.line, pos.column, "served-item-grew", message, hint=hint)
        )
    return make_report(problems, items=len(plan.items))


def _marks(item: object) -> str:
    """What a hint adds for an item whose redactions carry codes: a mark is as long as its code
    (`[PERSONAL-INFORMATION]` takes more room than the name it replaces), so a shorter code, or
    none (`[REDACTED]`), may keep it on its served pages."""
    codes = [getattr(e, "code", None) for e in getattr(item, "redact", None) or ()]
    if not any(isinstance(code, str) and len(code) > 2 for code in codes):
        return ""
    return " (a redaction's mark is as long as its code: a shorter code may fit)"


def _exhibit_changed(
    slot: numbering.ServedItem,
    entry: numbering.Numbered,
    exhibits: Mapping[tuple[str, int], str] | None,
) -> int | None:
    """The 0-based place of an item's first exhibit that is not the one served there (another
    file, or one added), or None (all as served, or not known)."""
    if exhibits is None:
        return None
    count = len(getattr(entry.item, "exhibits", ()))
    now = [exhibits.get((entry.item.id, k + 1)) for k in range(count)]
    for k, sha256 in enumerate(now):
        if k >= len(slot.exhibits) or sha256 != slot.exhibits[k][0]:
            return k
    return count if count < len(slot.exhibits) else None


def ids_reused(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
    reissue: Collection[str] = (),
    severity: Severity = "error",
) -> list[Problem]:
    """`served-id-reused` at the id of each item the edition includes whose id the served
    record has withdrawn: ids are never reused, and a build would otherwise number it anew
    while the index still shows the old number withdrawn. `--reissue ID` serves it again
    under a new number (its old pages stay withdrawn). An item withdrawn by leaving the edition
    (made restricted, or a draft) and still in the evidence is not a reuse.

    `validate`, which cannot know whether the build will be given `--reissue`, reports these
    as warnings; the build, as errors unless reissued."""
    withdrawn = {r.id: r for r in served.retired if r.state == "withdrawn"}
    problems = []
    for entry in corpus.items:
        item = entry.item
        gone = withdrawn.get(item.id)
        if (
            gone is None
            or item.id in served.items
            or item.id in reissue
            or not numbering.included(item, audience=audience, include_drafts=include_drafts)
        ):
            continue
        pos = entry.doc.value_pos(("id",))
        span = (
            f"page {gone.first_page}"
            if gone.first_page == gone.last_page
            else f"pages {gone.first_page}–{gone.last_page}"
        )
        problems.append(
            Problem(
                entry.file,
                pos.line,
                pos.column,
                "served-id-reused",
                f"{item.id} was served as {gone.number} and withdrawn ({span} of the "
                f"{audience} bundle): ids are never reused",
                severity,
                hint=f"give this item a new id (`inquiry new {item.kind}`), or, if it is the "
                f"withdrawn item back, build with `--reissue {item.id}` to serve it again under "
                "a new number",
            )
        )
    return problems


def lines_missing(corpus: Corpus, served: numbering.Served) -> list[Problem]:
    """`served-loi-missing` at submission.yaml's `lines_of_inquiry`, one per line of inquiry
    the served front matter lists that submission.yaml no longer has: its served row would
    vanish from the served pages (a served tab taken out is refused likewise)."""
    if corpus.submission is None or served.front_lines is None:
        return []
    have = {loi.id for loi in corpus.submission.lines_of_inquiry}
    doc = corpus.submission_doc
    pos = doc.value_pos(("lines_of_inquiry",)) if doc is not None else None
    return [
        Problem(
            "evidence/submission.yaml",
            pos.line if pos else 1,
            pos.column if pos else 1,
            "served-loi-missing",
            f"line of inquiry {line} was served (its row is on the served front matter's "
            "pages) and is no longer in `lines_of_inquiry`",
            hint=f"keep {line} in submission.yaml (a served bundle's lines of inquiry stay "
            f"listed; one with no evidence now says so), or {NEW_EDITION}",
        )
        for line in sorted(served.front_lines - have)
    ]


def kinds_changed(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
    reissue: Collection[str] = (),
    severity: Severity = "error",
) -> list[Problem]:
    """`served-kind-changed` at the `kind` of each served item the edition includes (not
    reissued) whose served tab no longer takes its kind: it would stay under its served number
    in a tab of other kinds. `--reissue ID` serves it again under a new number in the tab that
    takes its kind (its old pages then say superseded).

    `validate` (which the build and `serve` run first, and which cannot know the build's
    `--reissue`) reports these as warnings, like `served-id-reused`; the build, as errors
    unless reissued."""
    if corpus.submission is None:
        return []
    tabs = {tab.tab: tab for tab in corpus.submission.tabs}
    problems = []
    for entry in corpus.items:
        item = entry.item
        record = served.items.get(item.id)
        tab = tabs.get(record.tab) if record is not None else None
        if (
            record is None
            or tab is None  # the tab is gone: served-tab-missing
            or item.kind in tab.kinds
            or item.id in reissue
            or not numbering.included(item, audience=audience, include_drafts=include_drafts)
        ):
            continue
        reissue = (
            f"build with `--reissue {item.id}` to serve it again under a new number in the tab "
            f"that takes {item.kind} (its old pages then say superseded)"
        )
        doc = corpus.submission_doc
        if record.kind == item.kind and doc is not None:
            # Its kind is as served: the tab's `kinds` changed.
            at = [t.tab for t in corpus.submission.tabs].index(tab.tab)
            pos = doc.value_pos(("tabs", at, "kinds"))
            problems.append(
                Problem(
                    "evidence/submission.yaml",
                    pos.line,
                    pos.column,
                    "served-kind-changed",
                    f"tab {tab.tab} ({tab.title}) no longer takes {item.kind}: {item.id} was "
                    f"served in it as {record.number} and cannot stay there",
                    severity,
                    hint=f"put {item.kind} back in tab {tab.tab}'s `kinds`, or {reissue}",
                )
            )
            continue
        pos = entry.doc.value_pos(("kind",))
        problems.append(
            Problem(
                entry.file,
                pos.line,
                pos.column,
                "served-kind-changed",
                f"{item.id} was served as {record.number} in tab {tab.tab} ({tab.title}), which "
                f"takes {', '.join(tab.kinds)}, not {item.kind}: it cannot stay there",
                severity,
                hint=f"{reissue}, or keep its kind and give the new evidence a new id "
                f"(`inquiry new {item.kind}`)",
            )
        )
    return problems


def refused(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
    reissue: Collection[str] = (),
) -> list[Problem]:
    """What a build of a served edition refuses before numbering: an id withdrawn and used
    again, a served line of inquiry gone, a served item of a kind its tab no longer takes."""
    return [
        *ids_reused(
            corpus, served, audience=audience, include_drafts=include_drafts, reissue=reissue
        ),
        *lines_missing(corpus, served),
        *kinds_changed(
            corpus, served, audience=audience, include_drafts=include_drafts, reissue=reissue
        ),
    ]


__all__ = [
    "grew",
    "ids_reused",
    "kinds_changed",
    "lines_missing",
    "refused",
    "tabs_gone",
    "tabs_missing",
]
