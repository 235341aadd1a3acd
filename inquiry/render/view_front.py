"""The front matter's views: the cover, the index of each tab (with the served numbers since
withdrawn or superseded where they were served), the lines of inquiry, each supplement's index,
and the restricted edition's annex of what the public edition redacts.
Written by the edition's `Writer`, like the items' (`inquiry.render.view`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inquiry.numbering import Numbered, Plan, Retired
from inquiry.redaction import REDACTED, Matcher
from inquiry.render import wording
from inquiry.render.nodes import (
    AnnexRow,
    Cover,
    Fact,
    FrontView,
    IndexRow,
    IndexSection,
    ItemLink,
    LoiRow,
    PageRange,
    RetiredRow,
    Supplement,
    Text,
    TotalPages,
)
from inquiry.render.retired import successors
from inquiry.render.rich import everything
from inquiry.render.view_writer import Writer, markdown_fields_for, redaction_entries


def annex(w: Writer, plan: Plan) -> tuple[AnnexRow, ...]:
    """The restricted edition's schedule of what the public edition redacts: for each public
    item, how often each of the public edition's redacted strings occurs in its text, and each
    exhibit's declared redactions, with the code's meaning (never the strings themselves).

    The public edition's strings are every item's, shown or not (`edition_matcher`): a witness
    whose testimony is restricted is still redacted where a public item names them."""
    # In the public edition's order (its items first): of two listings of one name with
    # different codes, the one whose form is found gives its mark (see `Matcher.listed`).
    shown = [n.item for n in plan.items if n.item.audience == "public"]
    every = shown + [n.item for n in plan.items if n.item.audience != "public"]
    every += [e.item for e in plan.left_out]
    public = Matcher([e for item in every for e in redaction_entries(item)])
    if not public:
        return ()
    codes = dict(getattr(plan.submission, "redaction_codes", {}) or {})
    code_of = {e.text: e.code for e in public.entries}
    rows: list[AnnexRow] = []
    for n in plan.items:
        if n.item.audience != "public":
            continue
        texts = [_strings(n.item.model_dump(mode="json"))]
        # As rendered in this (restricted, unredacted) edition: what the public edition marks.
        texts += [everything(w.prepared[t][0]) for _, _, t in markdown_fields_for([n])]
        counts: dict[str | None, int] = {}
        for found, _ in public.search("\n".join(texts)):
            counts[code_of.get(found)] = counts.get(code_of.get(found), 0) + 1
        for code, count in sorted(counts.items(), key=lambda kv: kv[0] or ""):
            rows.append(AnnexRow(w.pin(n.item.id), None, code, _reason(codes, code), count))
        for k, exhibit in enumerate(n.item.exhibits, 1):
            declared: dict[str | None, int] = {}
            for entry in getattr(exhibit, "redact", ()) or ():
                code = getattr(entry, "code", None)
                text = entry if isinstance(entry, str) else getattr(entry, "text", None)
                named = public.search(text) if isinstance(text, str) else []
                code = code_of.get(named[0][0], code) if named else code  # the mark shown
                declared[code] = declared.get(code, 0) + 1
            for code, count in sorted(declared.items(), key=lambda kv: kv[0] or ""):
                rows.append(
                    AnnexRow(w.pin(n.item.id, exhibit=k), k, code, _reason(codes, code), count)
                )
    return tuple(rows)


_MARKDOWN_KEYS = ("summary", "finding", "paragraphs", "caveats", "commentary")


def _reason(codes: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return "No reason code given"
    return codes.get(code, "Reason code not declared in submission.yaml")


def _strings(value: object) -> str:
    """Every string in an item's fields, one per line (not its `redact` lists)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        skip = {"redact", *_MARKDOWN_KEYS}  # Markdown fields are counted as rendered instead
        return "\n".join(_strings(v) for k, v in value.items() if k not in skip)
    if isinstance(value, list):
        return "\n".join(_strings(v) for v in value)
    return ""


def front(w: Writer, plan: Plan, commit: str | None, annex: tuple[AnnexRow, ...] = ()) -> FrontView:
    sub = plan.submission
    restricted = plan.audience == "restricted"
    drafts = any(n.item.status == "draft" for n in plan.items)
    count = len(plan.items)
    edition = (
        wording.RESTRICTED_EDITION
        if restricted
        else wording.DRAFTS_EDITION
        if drafts
        else wording.PUBLIC_EDITION
    )
    facts = [
        Fact("Submitted by", w.text(sub.submitted_by)),
        Fact("Date of submission", Text.of(w.date(sub.date))),
        Fact("Edition", Text.of(edition)),
        Fact(
            "Contents",
            Text.of(
                f"{wording.plural(count, 'evidence item')} in "
                f"{wording.plural(len({s.tab.tab for s in plan.sections}), 'tab')}; ",
                TotalPages(),
                " pages",
            ),
        ),
    ]
    marks = _legend(w, plan)
    if marks:
        legend = "; ".join(f"{code}: {meaning}".rstrip(": ") for code, meaning in marks)
        facts.append(Fact(wording.REDACTION_MARKS, Text.of(legend)))
    if commit:
        facts.append(Fact("Built from commit", Text.of(commit)))
    cover = Cover(
        kicker=w.text(sub.inquiry),
        title=w.text(sub.title),
        facts=tuple(facts),
        drafts=drafts,
        note=wording.NUMBERS_NOTE,
    )
    return FrontView(
        cover=cover,
        index=index_sections(w, plan, 0),
        lines_of_inquiry=loi_rows(w, plan, [n for n in plan.items if n.group == 0], every=True),
        supplements=supplements(w, plan),
        annex=annex,
        restricted=restricted,
        edition=edition,
        language=str(getattr(sub, "language", None) or "en-GB"),
        title=w.plain(sub.title),
        author=w.plain(sub.submitted_by),
        # The restricted edition, or one with drafts, says so in its metadata too (PDF Subject,
        # DOCX subject, HTML description), not only on its pages: a file found alone is known
        # for what it is.
        subject=w.plain(sub.inquiry)
        + (f" — {edition}" if edition != wording.PUBLIC_EDITION else ""),
        keywords="; ".join(f"{loi.id}: {w.plain(loi.title)}" for loi in sub.lines_of_inquiry),
        tab_titles=tab_titles(w, plan),
        marks=tuple((f"[{code}]", meaning) for code, meaning in marks if meaning),
    )


def tab_titles(w: Writer, plan: Plan) -> tuple[tuple[str, str], ...]:
    """(letter, title redacted) of every tab of submission.yaml, then of each served tab since
    taken out of it that its withdrawn or superseded numbers still stand under, with the title
    it was served with (the served record's `bundle.tabs`): their pages, index rows and
    bookmarks keep their heading, and the next record keeps the title."""
    out = [(tab.tab, w.plain(tab.title)) for tab in plan.submission.tabs]
    served = plan.served.tab_titles if plan.served is not None else {}
    have = {letter for letter, _ in out}
    for letter in sorted({r.tab for r in plan.retired} - have):
        if letter in served:
            out.append((letter, w.plain(served[letter])))
    return tuple(out)


def supplements(w: Writer, plan: Plan) -> tuple[Supplement, ...]:
    """Each supplementary index: one per group of items added since a serving, and one more
    when a line of inquiry the served front matter does not list has evidence only among the
    front matter's items (`_unlisted_lines`), which no index would otherwise describe."""
    groups = sorted({s.group for s in plan.sections if s.group > 0})
    served_groups = len(plan.served.supplements) if plan.served else 0
    last = max([served_groups, *groups], default=0)
    orphans = _unlisted_lines(plan)
    if orphans and last == 0:
        last = 1  # a supplementary index of its own, after the last served page
    out = []
    for group in range(1, last + 1):
        items = [n for n in plan.items if n.group == group]
        mine = {line for n in items for line in n.item.lines_of_inquiry}
        # Each supplement listing an unlisted line shows the front matter's items on it too;
        # a line no supplement's own items bear on is listed by the last one.
        extra = {line for line in orphans if line in mine or group == last}
        out.append(
            Supplement(
                group=group,
                title=f"{wording.SUPPLEMENTARY} index {group}",
                index=index_sections(w, plan, group),
                lines_of_inquiry=loi_rows(w, plan, items, every=False, front_on=extra),
            )
        )
    return tuple(out)


def _unlisted_lines(plan: Plan) -> frozenset[str]:
    """The lines of inquiry the served front matter does not list (added since it was served)
    that an item of the front matter's index bears on: its pinpoint is in no served table."""
    front_lines = plan.served.front_lines if plan.served is not None else None
    if front_lines is None:
        return frozenset()
    return frozenset(
        line
        for n in plan.items
        if n.group == 0
        for line in n.item.lines_of_inquiry
        if line not in front_lines
    )


def index_sections(w: Writer, plan: Plan, group: int) -> tuple[IndexSection, ...]:
    """The index of one group (0: the front matter's; k: the k-th supplement's), tab by tab:
    its items and, once served, each served number since retired whose pages fall among
    theirs, in page order — where a served citation of it expects to find it. A withdrawn
    number's row takes its item's place, a superseded one's stays where its item was (the new
    number is listed with the items added since), so a served index never gains rows."""
    served = plan.served
    placed: list[tuple[int, str, IndexRow | RetiredRow]] = []
    for n in (n for s in plan.sections if s.group == group for n in s.items):
        record = served.items.get(n.item.id) if served else None
        page = record.first_page if record and record.number == n.number else 0
        placed.append((page, n.tab.tab, _item_row(w, n)))
    if served is not None:
        shown = {n.number: n for n in plan.items}
        successor = successors(plan.retired, shown)
        for r in plan.retired:
            if served.group_of(r.first_page) == group:
                placed.append((r.first_page, r.tab, _retired_row(w, r, successor, shown)))
        # Served rows by their pages (the order served); items added since keep plan order.
        placed.sort(key=lambda p: p[0] if p[0] else served.last_page + 1)
    titles = {s.tab.tab: w.plain(s.tab.title) for s in plan.sections}
    titles |= dict(tab_titles(w, plan))
    runs: list[tuple[str, list[IndexRow | RetiredRow]]] = []
    for _, tab, row in placed:
        if runs and runs[-1][0] == tab:
            runs[-1][1].append(row)
        else:
            runs.append((tab, [row]))
    return tuple(
        IndexSection(
            tab=tab,
            title=titles.get(tab, ""),
            first=next((r.id for r in rows if isinstance(r, IndexRow)), ""),
            rows=tuple(rows),
            supplementary=group > 0,
        )
        for tab, rows in runs
    )


def _item_row(w: Writer, n: Numbered) -> IndexRow:
    return IndexRow(
        number=n.number,
        id=n.item.id,
        title=w.text(n.item.title),
        kind_name=wording.KIND_NAMES[n.item.kind],
        date=w.date(n.item.date, wording.short_date),
        lines_of_inquiry=", ".join(dict.fromkeys(n.item.lines_of_inquiry)),
        draft=n.item.status == "draft",
        pages=PageRange(n.item.id),
    )


def _retired_row(
    w: Writer, r: Retired, successor: Mapping[str, str], shown: Mapping[str, Numbered]
) -> RetiredRow:
    """A retired number's row: its number and id and why, never its title (a withdrawn item's
    title may be what was withdrawn); the number now in its place as the old pages name it."""
    by = successor.get(r.number, "")
    if not by:
        notice = Text.of(wording.withdrawn(r.number, r.id))
        withdrawn = Text.of(wording.WITHDRAWN)
        return RetiredRow(r.number, r.id, withdrawn, r.first_page, r.last_page, notice)
    target = shown.get(by)
    if target is None:  # since withdrawn too: its own row says so
        statement = Text.of(wording.superseded_by(by))
        notice = Text.of(wording.superseded(r.number, r.id, by, 0))
        by_id = ""
    else:
        by_id = target.item.id
        statement = Text.of(f"{wording.SUPERSEDED_BY} ", ItemLink(by_id, by))
        before, between, after = wording.superseded_parts(r.number, r.id)
        notice = Text.of(before, by, between, w.pin(by_id), after)  # the pinpoint links
    return RetiredRow(r.number, r.id, statement, r.first_page, r.last_page, notice, by, by_id)


def _legend(w: Writer, plan: Plan) -> list[tuple[str, str]]:
    """What each mark of the public edition stands for (`PI`, `Personal information`), from
    submission.yaml's `redaction_codes` (the meaning redacted; empty when not declared): said
    once on the cover, so that neither a reader nor a screen reader is left with a bare code.
    Empty when the edition redacts nothing."""
    if plan.audience != "public":
        return []
    codes: set[str | None] = set()
    for n in plan.items:
        codes.update(e.code for e in redaction_entries(n.item))
        for exhibit in n.item.exhibits:
            # A plain string entry has no code: it is marked `[REDACTED]`.
            codes.update(getattr(r, "code", None) for r in getattr(exhibit, "redact", ()) or ())
    meanings = getattr(plan.submission, "redaction_codes", None) or {}
    # Each code without its brackets: a mark's label is found in the text only where the
    # mark stands (a count of `[PI]` in the bundle counts the redactions).
    said = [
        (code, w.plain(str(meanings.get(code, ""))))
        for code in sorted(c for c in codes if c is not None)
    ]
    if None in codes:
        said.append((REDACTED.strip("[]"), wording.NO_REASON))
    return said


def loi_rows(
    w: Writer,
    plan: Plan,
    items: Sequence[Numbered],
    *,
    every: bool,
    front_on: frozenset[str] | set[str] = frozenset(),
) -> tuple[LoiRow, ...]:
    """Each line of inquiry with pinpoints to `items` bearing on it (`every`: also those with
    none, which the front matter lists; a supplement lists only lines it adds evidence to).

    Once served, the front matter lists the lines it was served with (a record that says
    which), so that one added since cannot push the served front matter past its pages: it is
    in the supplementary index that adds its evidence. A served line whose evidence was all
    added since says where it is, not that there is none. A supplement's row for a line in
    `front_on` (one the served front matter does not list) also points to the front matter's
    items on it, ahead of its own."""
    served = plan.served.front_lines if plan.served is not None and every else None
    rows = []
    for loi in plan.submission.lines_of_inquiry:
        if served is not None and loi.id not in served:
            continue
        on = [n for n in items if loi.id in n.item.lines_of_inquiry]
        if loi.id in front_on:
            on = [n for n in plan.items if n.group == 0 and loi.id in n.item.lines_of_inquiry] + on
        pins = tuple(w.pin(n.item.id) for n in on)
        later = every and any(loi.id in n.item.lines_of_inquiry for n in plan.items)
        none = wording.EVIDENCE_SINCE if later and not pins else wording.NO_EVIDENCE
        if pins or every:
            rows.append(LoiRow(loi.id, w.text(loi.title), w.text(loi.question), pins, none))
    return tuple(rows)
