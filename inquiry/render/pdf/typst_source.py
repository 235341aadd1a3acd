"""The whole bundle as ONE typst document: front matter, items and a placeholder per exhibit page.

One document, so that typst itself computes every page number (index ranges, pinpoints, stamps)
in a single compile and makes the internal links. Exhibit pages are empty pages of the exhibit's
size plus a strip for the stamp; assemble.py draws the exhibits into them afterwards, which keeps
every link and page object typst made valid.

Every Markdown field of the bundle goes through one pandoc call (`render_many`); every other string
goes in as a typst string literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inquiry.markdown import render_many
from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.numbering import Numbered, Plan
from inquiry.render.pdf.chart import chart
from inquiry.render.pdf.redact import MARK, NO_REDACTION, REDACTED, Redactor
from inquiry.render.pdf.typst_code import Code, Value, lit, value
from inquiry.render.wording import (
    NO_STATEMENT_OF_TRUTH,
    STATEMENT_OF_TRUTH,
    long_date,
    number,
    short_date,
)

STRIP = 28.0
"""Height in points of the strip added below each exhibit page for its stamp and caption."""

KIND_NAMES = {
    "survey_finding": "Survey finding",
    "testimony": "Testimony",
    "statistic": "Statistic",
    "policy_extract": "Policy extract",
}
PUBLICATION = {
    "public": "Public",
    "panel_only": "The inquiry panel only",
    "none": "Not given",
}


@dataclass(frozen=True)
class ExhibitInfo:
    """What the document needs to know of a prepared exhibit: its name and page sizes."""

    file: str
    description: str
    sizes: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Source:
    """The typst document and the labels whose pages the layout query returns, in order."""

    text: str
    names: tuple[str, ...]


def item_label(item_id: str) -> str:
    return f"inq item {item_id}"


def end_label(item_id: str) -> str:
    return f"inq end {item_id}"


def exhibit_label(item_id: str, k: int) -> str:
    return f"inq ex {item_id} {k}"


def redactor_for(entry: Numbered, plan: Plan) -> Redactor:
    """A testimony's `redact` strings apply in the public edition only."""
    item = entry.item
    if plan.audience == "public" and isinstance(item, Testimony) and item.redact:
        return Redactor(item.redact)
    return NO_REDACTION


def _redaction_marks(typst: str) -> str:
    """Each MARK as a visible [REDACTED] box; in code (raw text, shown as typed) as the words."""
    inside_raw = re.sub(
        r"(`+)(.+?)\1",
        lambda m: m.group(0).replace(MARK, REDACTED),
        typst,
        flags=re.DOTALL,
    )
    # `;` ends the embedded call, so a following `(` or `.` stays text.
    return inside_raw.replace(MARK, "#redacted();")


class _Markdown:
    """Collects Markdown fields so the whole bundle needs one pandoc call."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.redacted: list[bool] = []

    def add(self, text: str, redactor: Redactor) -> Code:
        self.texts.append(redactor.markdown(text))
        self.redacted.append(bool(redactor))
        return Code(f"\x00{len(self.texts) - 1}\x00")

    def fill(self, source: str) -> str:
        rendered = render_many(self.texts, "typst")
        for i, flag in enumerate(self.redacted):
            if flag:
                rendered[i] = _redaction_marks(rendered[i])
        return re.sub(r"\x00(\d+)\x00", lambda m: f"md[\n{rendered[int(m.group(1))]}\n]", source)


class _Writer:
    """Builds one item's dictionary; every string goes through the item's redactor."""

    def __init__(self, entry: Numbered, plan: Plan, md: _Markdown) -> None:
        self.redactor = redactor_for(entry, plan)
        self.md = md

    def text(self, s: str) -> Value:
        if not self.redactor:
            return s
        pieces = [lit(p) if p is not None else "redacted()" for p in self.redactor.split(s)]
        return Code("(" + " + ".join(pieces or ['""']) + ")")

    def untouched(self, s: str) -> bool:
        """True when no redacted string occurs in `s`."""
        return self.redactor.split(s) == [s]

    def opt(self, s: str | None) -> Value:
        return None if s is None else self.text(s)

    def markdown(self, s: str) -> Code:
        return self.md.add(s, self.redactor)

    def rows(self, rows: Sequence[tuple[str, str | None]]) -> list[Value]:
        return [(label, self.text(v)) for label, v in rows if v is not None]


def _common(
    entry: Numbered,
    by_id: Mapping[str, Numbered],
    w: _Writer,
    exhibits: Sequence[ExhibitInfo],
    first_in_tab: bool,
) -> dict[str, Value]:
    item = entry.item
    source = item.source
    by = ", ".join(x for x in (source.author, source.publisher) if x)
    related = [(by_id[r].number, r) for r in item.related if r in by_id and r != item.id]
    return {
        "number": entry.number,
        "id": item.id,
        "kind": KIND_NAMES[item.kind],
        "title": w.text(item.title),
        "date": long_date(item.date),
        "lois": ", ".join(item.lines_of_inquiry),
        "draft": item.status == "draft",
        "tab": entry.tab.tab,
        "tab-title": entry.tab.title,
        "first-in-tab": first_in_tab,
        "summary": w.markdown(item.summary),
        "source": {
            "title": w.text(source.title),
            "by": w.text(by) if by else None,
            "published": long_date(source.published) if source.published else None,
            "accessed": long_date(source.accessed),
            # A URL cannot carry a [REDACTED] mark and still lead anywhere: it goes whole.
            "url": source.url if source.url and w.untouched(source.url) else None,
        },
        "related": related,
        "exhibits": [
            {
                "description": w.text(e.description),
                "file": w.text(e.file),
                "pages": len(e.sizes),
                "first-name": exhibit_label(item.id, k),
            }
            for k, e in enumerate(exhibits, 1)
        ],
    }


def _survey_finding(item: SurveyFinding, w: _Writer, d: dict[str, Value]) -> str:
    s = item.survey
    d["survey"] = w.rows(
        [
            ("Survey", s.name),
            ("Conducted by", s.conducted_by),
            ("Sample size (n)", number(s.sample_size)),
            ("Population", s.population),
            ("Fieldwork", f"{long_date(s.fieldwork.start)} – {long_date(s.fieldwork.end)}"),
            ("Method", s.method),
        ]
    )
    d["question"] = w.opt(item.question)
    d["finding"] = w.markdown(item.finding)
    d["figures"] = [
        {
            "label": w.text(f.label),
            "value": f"{number(f.value)}%" if f.unit == "percent" else number(f.value),
            "base": number(f.base),
        }
        for f in item.figures
    ]
    return "survey-finding"


def _testimony(item: Testimony, w: _Writer, d: dict[str, Value]) -> str:
    c = item.consent
    d["witness"] = w.rows(
        [
            ("Witness", item.witness.reference),
            ("Role", item.witness.role),
            ("Consent to publication", PUBLICATION[c.publication]),
            ("Basis of consent", c.basis),
            ("Consent obtained", long_date(c.obtained) if c.obtained else None),
        ]
    )
    d["paragraphs"] = [w.markdown(p) for p in item.paragraphs]
    d["truth"] = item.statement_of_truth
    d["truth-text"] = STATEMENT_OF_TRUTH if item.statement_of_truth else NO_STATEMENT_OF_TRUTH
    d["reference"] = item.witness.reference
    d["truth-date"] = long_date(item.date)
    return "testimony"


def _statistic(item: Statistic, w: _Writer, d: dict[str, Value]) -> str:
    percent = item.unit.strip().lower() in ("percent", "%", "per cent")
    if item.period is not None:
        when = f"{long_date(item.period.start)} – {long_date(item.period.end)}"
    else:
        when = f"As of {long_date(item.as_of or '')}"
    d["measure"] = w.text(item.measure)
    d["value"] = number(item.value) + ("%" if percent else "")
    d["unit"] = "" if percent else w.text(item.unit)
    d["when"] = when
    d["geography"] = w.text(item.geography)
    d["facts"] = w.rows(
        [
            ("Measure", item.measure),
            ("Value", f"{number(item.value)} {item.unit}"),
            ("Period" if item.period else "As of", when.removeprefix("As of ")),
            ("Geography", item.geography),
        ]
    )
    source = item.source
    by = source.publisher or source.author or ""
    d["chart"] = (
        Code(
            chart(
                [p.period for p in item.series],
                [p.value for p in item.series],
                unit=item.unit,
                measure=item.measure,
                source=f"{source.title}, {by}" if by else source.title,
            )
        )
        if item.series
        else None
    )
    d["caveats"] = w.markdown(item.caveats) if item.caveats else None
    return "statistic"


def _policy_extract(item: PolicyExtract, w: _Writer, d: dict[str, Value]) -> str:
    doc = item.document
    d["document"] = w.rows(
        [
            ("Document", doc.title),
            ("Publisher", doc.publisher),
            ("Published", long_date(doc.published)),
            ("Reference", doc.reference),
        ]
    )
    # Verbatim: the author's line breaks stay (a `|` block keeps them, a `>` block folds them).
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", item.extract) if p.strip()]
    parts = [
        " #linebreak() ".join(f"#{{{value(w.text(line.strip()))}}}" for line in p.splitlines())
        for p in paragraphs
    ]
    d["extract"] = Code("[" + " #parbreak() ".join(parts) + "]")
    d["commentary"] = w.markdown(item.commentary) if item.commentary else None
    return "policy-extract"


def _item(
    entry: Numbered,
    plan: Plan,
    by_id: Mapping[str, Numbered],
    md: _Markdown,
    exhibits: Sequence[ExhibitInfo],
    first_in_tab: bool,
) -> str:
    w = _Writer(entry, plan, md)
    d = _common(entry, by_id, w, exhibits, first_in_tab)
    item = entry.item
    if isinstance(item, SurveyFinding):
        fn = _survey_finding(item, w, d)
    elif isinstance(item, Testimony):
        fn = _testimony(item, w, d)
    elif isinstance(item, Statistic):
        fn = _statistic(item, w, d)
    else:
        fn = _policy_extract(item, w, d)
    return f"#{fn}({value(d)})"


def _exhibit_pages(entry: Numbered, exhibits: Sequence[ExhibitInfo], plan: Plan) -> list[str]:
    out = []
    item = entry.item
    draft = value(item.status == "draft")
    restricted = value(plan.audience == "restricted")
    for k, ex in enumerate(exhibits, 1):
        name = redactor_for(entry, plan).plain(ex.file.rsplit("/", 1)[-1])
        for i, (w, h) in enumerate(ex.sizes):
            caption = f"{entry.number} ({item.id}) · Exhibit {k}: {name}"
            caption += f" · page {i + 1} of {len(ex.sizes)}"
            markers = (
                f"[#metadata(none)#label({lit(exhibit_label(item.id, k))})]" if i == 0 else "[]"
            )
            out.append(
                f"#exhibit-page({w:.4f}, {h:.4f}, {STRIP}, {lit(caption)}, {draft}, "
                f"{restricted}, {markers})"
            )
    return out


def _index_sections(
    plan: Plan, exhibits: Mapping[str, Sequence[ExhibitInfo]], md: _Markdown
) -> list[Value]:
    sections: list[Value] = []
    for section in plan.sections:
        rows: list[Value] = []
        for n in section.items:
            item = n.item
            item_exhibits = exhibits.get(item.id, ())
            # An item ends on its last exhibit's last page: the first plus its page count less one.
            last_name, extra = end_label(item.id), 0
            if item_exhibits:
                last_name = exhibit_label(item.id, len(item_exhibits))
                extra = len(item_exhibits[-1].sizes) - 1
            rows.append(
                {
                    "number": n.number,
                    "id": item.id,
                    "title": _Writer(n, plan, md).text(item.title),
                    "kind": KIND_NAMES[item.kind],
                    "date": short_date(item.date),
                    "lois": ", ".join(item.lines_of_inquiry),
                    "draft": item.status == "draft",
                    "last-name": last_name,
                    "extra": extra,
                }
            )
        sections.append(
            {
                "tab": section.tab.tab,
                "title": section.tab.title,
                "first": section.items[0].item.id,
                "rows": rows,
            }
        )
    return sections


def _front(
    plan: Plan,
    exhibits: Mapping[str, Sequence[ExhibitInfo]],
    md: _Markdown,
    commit: str | None,
    names: Sequence[str],
) -> list[str]:
    sub = plan.submission
    restricted = plan.audience == "restricted"
    cover: dict[str, Value] = {
        "inquiry": sub.inquiry,
        "title": sub.title,
        "submitted-by": sub.submitted_by,
        "date": long_date(sub.date),
        "edition": "Restricted edition — not for publication" if restricted else "Public edition",
        "commit": commit,
        "items": len(plan.items),
        "drafts": any(n.item.status == "draft" for n in plan.items),
    }
    lois: list[Value] = [
        {
            "id": loi.id,
            "title": loi.title,
            "question": loi.question,
            "items": [
                (n.number, n.item.id) for n in plan.items if loi.id in n.item.lines_of_inquiry
            ],
        }
        for loi in sub.lines_of_inquiry
    ]
    collector = (
        "#context [#metadata(("
        + "".join(f"locate(label({lit(name)})).page(), " for name in names)
        + '))#label("inq layout")]'
    )
    return [
        f"#cover({value(cover)})",
        # The layout collector sits on the cover: anything after the last exhibit page would
        # start a new page.
        collector,
        f"#index-page({value(_index_sections(plan, exhibits, md))})",
        f"#loi-page({value(lois)})",
    ]


def document(
    plan: Plan,
    exhibits: Mapping[str, Sequence[ExhibitInfo]],
    *,
    commit: str | None,
) -> Source:
    """The typst source of the bundle and the label names the layout query reports."""
    md = _Markdown()
    by_id = plan.by_id()
    names: list[str] = []
    body: list[str] = []
    for section in plan.sections:
        for i, entry in enumerate(section.items):
            item_id = entry.item.id
            item_exhibits = exhibits.get(item_id, ())
            names += [item_label(item_id), end_label(item_id)]
            names += [exhibit_label(item_id, k) for k in range(1, len(item_exhibits) + 1)]
            body.append(_item(entry, plan, by_id, md, item_exhibits, i == 0))
            body += _exhibit_pages(entry, item_exhibits, plan)
    restricted = value(plan.audience == "restricted")
    text = "\n".join(
        [
            '#import "template.typ": *',
            f"#show: setup.with(restricted: {restricted})",
            *_front(plan, exhibits, md, commit, names),
            *body,
            "",
        ]
    )
    return Source(md.fill(text), tuple(names))
