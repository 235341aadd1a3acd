"""One function per kind: the sections an item shows between its summary and its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.numbering import Numbered
from inquiry.render import wording
from inquiry.render.nodes import (
    Chart,
    Column,
    Fact,
    Facts,
    Headline,
    NumberedParagraphs,
    Prose,
    Quote,
    Section,
    Statement,
    Table,
    Text,
)

if TYPE_CHECKING:
    from inquiry.render.view_writer import Writer


def sections(w: Writer, entry: Numbered) -> list[Section]:
    item = entry.item
    if isinstance(item, SurveyFinding):
        return survey_finding(w, entry, item)
    if isinstance(item, Testimony):
        return testimony(w, entry, item)
    if isinstance(item, Statistic):
        return statistic(w, entry, item)
    assert isinstance(item, PolicyExtract)
    return policy_extract(w, entry, item)


def survey_finding(w: Writer, entry: Numbered, item: SurveyFinding) -> list[Section]:
    s = item.survey
    out = [
        Section(
            "Survey",
            (
                Facts(
                    (
                        Fact("Survey", w.text(s.name)),
                        Fact("Conducted by", w.text(s.conducted_by)),
                        Fact("Sample size (n)", Text.of(wording.number(s.sample_size))),
                        Fact("Population", w.text(s.population)),
                        Fact(
                            "Fieldwork",
                            Text.of(w.date_span(s.fieldwork.start, s.fieldwork.end)),
                        ),
                        Fact("Method", w.text(s.method)),
                    )
                ),
            ),
        )
    ]
    if item.question:
        out.append(Section("Question asked", (Quote(w.lines(item.question), "question"),)))
    out.append(Section("Finding", (Prose(w.rich(entry, ("finding",), item.finding)),)))
    if item.figures:
        rows = tuple(
            (
                w.text(f.label),
                Text.of(
                    f"{wording.number(f.value)}%"
                    if f.unit == "percent"
                    else wording.number(f.value)
                ),
                Text.of(wording.number(f.base)),
            )
            for f in item.figures
        )
        columns = (Column("Figure"), Column("Value", "right"), Column("Base (n)", "right"))
        out.append(Section("Figures", (Table(columns, rows),)))
    return out


STATEMENT_OF_TRUTH = "Statement of truth"
"""The section a testimony ends with, after its source, related items and exhibits."""


def testimony(w: Writer, entry: Numbered, item: Testimony) -> list[Section]:
    c = item.consent
    rows = [
        Fact("Witness", w.text(item.witness.reference)),
        Fact("Role", w.text(item.witness.role)),
        Fact("Consent to publication", Text.of(wording.PUBLICATION[c.publication])),
        Fact("Basis of consent", w.text(c.basis)),
    ]
    if c.obtained:
        rows.append(Fact("Consent obtained", Text.of(w.date(c.obtained))))
    paragraphs = tuple(w.rich(entry, ("paragraphs", i), p) for i, p in enumerate(item.paragraphs))
    if item.statement_of_truth:
        statement = Statement(
            wording.STATEMENT_OF_TRUTH,
            Text.of(
                "Witness ",
                w.text(item.witness.reference),
                f". Dated {w.date(item.date)}.",
            ),
            True,
        )
    else:
        statement = Statement(
            wording.NO_STATEMENT_OF_TRUTH, Text.of(wording.NO_STATEMENT_NOTE), False
        )
    return [
        Section("Witness", (Facts(tuple(rows)),)),
        Section("Statement", (NumberedParagraphs(paragraphs),)),
        Section(STATEMENT_OF_TRUTH, (statement,)),
    ]


def statistic(w: Writer, entry: Numbered, item: Statistic) -> list[Section]:
    percent = wording.is_percent(item.unit)
    if item.period is not None:
        when = Fact("Period", Text.of(w.date_span(item.period.start, item.period.end)))
    else:
        when = Fact("As of", Text.of(w.date(item.as_of or "")))
    headline = Headline(
        label=w.text(item.measure),
        value=wording.number(item.value) + ("%" if percent else ""),
        unit=Text() if percent else w.text(item.unit),
    )
    out = [
        Section(None, (headline,)),
        Section(
            "Statistic",
            (
                Facts(
                    (
                        Fact("Measure", w.text(item.measure)),
                        Fact("Value", w.text(wording.value_with_unit(item.value, item.unit))),
                        when,
                        Fact("Geography", w.text(item.geography)),
                    )
                ),
            ),
        ),
    ]
    if item.series:
        # In the order the PDF draws them: the chart's title, its axis's unit, its source;
        # then the table's header and periods (the chart's period labels are thinned out).
        title = w.drawn(f"{item.measure} ({item.unit})")
        unit = w.drawn(item.unit)
        periods = tuple(w.plain(p.period) for p in item.series)
        values = tuple(p.value for p in item.series)
        source = item.source
        by = source.publisher or source.author or ""
        cited = f"{source.title}, {by}" if by else source.title
        # Wording made of several fields is redacted as a whole, as it is read: a measure
        # ending "…by Zoë" and a unit starting "Blanchflower…" name her in the chart's title.
        alt = w.plain(series_alt(item))
        chart = Chart(
            periods=periods,
            values=values,
            unit=unit,
            title=title,
            source="Source: " + w.drawn(cited),
            alt=alt,
            withheld=w.matcher,
        )
        table = Table(
            (Column("Period"), Column(f"Value ({w.drawn(item.unit)})", "right")),
            tuple(
                (Text.of(w.drawn(p.period)), Text.of(v))
                for p, v in zip(item.series, wording.series_numbers(values), strict=True)
            ),
        )
        out.append(Section("Series", (chart, table)))
    if item.caveats:
        out.append(Section("Caveats", (Prose(w.rich(entry, ("caveats",), item.caveats)),)))
    return out


def policy_extract(w: Writer, entry: Numbered, item: PolicyExtract) -> list[Section]:
    d = item.document
    out = [
        Section(
            "Document",
            (
                Facts(
                    (
                        Fact("Document", w.text(d.title)),
                        Fact("Publisher", w.text(d.publisher)),
                        Fact("Published", Text.of(w.date(d.published))),
                        Fact("Reference", w.text(d.reference)),
                    )
                ),
            ),
        ),
        Section("Extract", (Quote(w.lines(item.extract)),)),
    ]
    if item.commentary:
        out.append(Section("Commentary", (Prose(w.rich(entry, ("commentary",), item.commentary)),)))
    return out


SAID_IN_FULL = 8
"""The most values a chart's alternative text reads out; a longer series is summed up."""


def series_alt(item: Statistic) -> str:
    """The chart's alternative text: what it shows and every value of a short series; of a longer
    one, its shape (first and last values, highest and lowest), since the table after the chart
    gives every value and a screen reader would otherwise read sixty values twice."""
    from inquiry.render.chart import is_bar_chart

    series = item.series or []
    values = [p.value for p in series]
    shape = "Bar chart" if is_bar_chart(values) else "Line chart"
    lead = f"{shape} of {item.measure} ({item.unit}) by period"

    shown = wording.series_numbers(values)

    def at(k: int) -> str:
        return f"{shown[k]} in {series[k].period}"

    if len(series) <= SAID_IN_FULL:
        written = "; ".join(f"{p.period}: {v}" for p, v in zip(series, shown, strict=True))
        return f"{lead}: {written}."
    if len(set(values)) == 1:  # not "highest 42.5 in Q0, lowest 42.5 in Q0" (red team h166)
        return (
            f"{lead}, {len(series)} values: every one {shown[0]}, from {series[0].period} to "
            f"{series[-1].period}. The table below gives every value."
        )
    high = values.index(max(values))
    low = values.index(min(values))
    return (
        f"{lead}, {len(series)} values: {at(0)} first and {at(len(series) - 1)} last; "
        f"highest {at(high)}, lowest {at(low)}. The table below gives every value."
    )
