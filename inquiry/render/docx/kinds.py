"""The layout of each kind of item between its summary and its source."""

from __future__ import annotations

from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
from inquiry.numbering import Numbered
from inquiry.render.docx.blocks import details, field, markdown, one_line, quotation, subheading
from inquiry.render.docx.chart import bar_chart
from inquiry.render.docx.context import Context
from inquiry.render.wording import (
    NO_STATEMENT_OF_TRUTH,
    STATEMENT_OF_TRUTH,
    long_date,
    number,
)

CHART_WIDTH_CM = 14.0


def survey_finding(ctx: Context, numbered: Numbered, it: SurveyFinding) -> None:
    s = it.survey
    subheading(ctx, numbered, "Survey")
    details(
        ctx,
        [
            ("Survey", ctx.t(s.name)),
            ("Conducted by", ctx.t(s.conducted_by)),
            ("Sample size", ctx.t(number(s.sample_size))),
            ("Population", one_line(ctx, s.population)),
            (
                "Fieldwork",
                ctx.t(f"{long_date(s.fieldwork.start)} – {long_date(s.fieldwork.end)}"),
            ),
            ("Method", one_line(ctx, s.method)),
        ],
    )
    if it.question:
        subheading(ctx, numbered, "Question asked")
        quotation(ctx, it.question)
    subheading(ctx, numbered, "Finding")
    markdown(ctx, it.finding)
    if it.figures:
        subheading(ctx, numbered, "Figures")
        rows = [
            [
                ctx.t(f.label),
                ctx.t(f"{number(f.value)}%" if f.unit == "percent" else number(f.value)),
                ctx.t("Percentage" if f.unit == "percent" else "Count"),
                ctx.t(number(f.base)),
            ]
            for f in it.figures
        ]
        ctx.out.table(
            ["Figure", "Value", "Unit", "Base (respondents)"], rows, widths=[50, 14, 14, 22]
        )


def testimony(ctx: Context, numbered: Numbered, it: Testimony) -> None:
    subheading(ctx, numbered, "Witness")
    consent = {
        "public": "Public",
        "panel_only": "Panel only",
        "none": "None",
    }[it.consent.publication]
    details(
        ctx,
        [
            ("Witness", ctx.t(it.witness.reference)),
            ("Role", ctx.t(it.witness.role)),
            ("Consent", ctx.t(f"{consent}: ") + one_line(ctx, it.consent.basis)),
            ("Obtained", ctx.t(long_date(it.consent.obtained)) if it.consent.obtained else ""),
        ],
    )
    subheading(ctx, numbered, "Statement")
    for n, paragraph in enumerate(it.paragraphs, 1):
        text = field(ctx, paragraph)
        number_mark = f'[{n}.]{{custom-style="Paragraph Number"}}'
        ctx.out.styled("Witness Paragraph", f"{number_mark} {text}")
    subheading(ctx, numbered, "Statement of truth")
    if it.statement_of_truth:
        ctx.out.styled("Statement of Truth", ctx.t(STATEMENT_OF_TRUTH))
        ctx.out.styled("Detail", ctx.t(f"Witness {it.witness.reference}"))
    else:
        ctx.out.styled("Statement of Truth", ctx.t(NO_STATEMENT_OF_TRUTH))


def _value(value: float, unit: str) -> str:
    return (
        f"{number(value)}%"
        if unit.strip().lower() in ("percent", "%")
        else f"{number(value)} {unit}"
    )


def headline(ctx: Context, it: Statistic) -> None:
    """The figure itself, large, with what it measures, where and when: before all else."""
    ctx.out.styled("Statistic Value", ctx.t(_value(it.value, it.unit)))
    details(
        ctx,
        [
            ("Measure", ctx.t(it.measure)),
            ("Unit", ctx.t(it.unit)),
            (
                "Period",
                ctx.t(f"{long_date(it.period.start)} – {long_date(it.period.end)}")
                if it.period
                else "",
            ),
            ("As of", ctx.t(long_date(it.as_of)) if it.as_of else ""),
            ("Geography", ctx.t(it.geography)),
        ],
    )


def statistic(ctx: Context, numbered: Numbered, it: Statistic) -> None:
    if it.series:
        subheading(ctx, numbered, "Series")
        plain = ctx.redact.plain
        png = bar_chart(
            [(plain(p.period), p.value) for p in it.series],
            title=plain(f"{it.measure}, {it.geography}"),
            y_label=plain(it.unit),
        )
        ctx.out.image(
            png,
            "image/png",
            alt=ctx.t(f"Chart: {it.measure} by period ({it.unit})"),
            width_cm=CHART_WIDTH_CM,
            height_cm=CHART_WIDTH_CM * 9 / 16,
        )
        rows = [[ctx.t(p.period), ctx.t(number(p.value))] for p in it.series]
        ctx.out.table(["Period", f"Value ({ctx.t(it.unit)})"], rows, widths=[50, 50], right=[1])
    if it.caveats:
        subheading(ctx, numbered, "Caveats")
        markdown(ctx, it.caveats)


def policy_extract(ctx: Context, numbered: Numbered, it: PolicyExtract) -> None:
    d = it.document
    subheading(ctx, numbered, "Document")
    details(
        ctx,
        [
            ("Title", ctx.t(d.title)),
            ("Publisher", ctx.t(d.publisher)),
            ("Published", ctx.t(long_date(d.published))),
            ("Reference", ctx.t(d.reference)),
        ],
    )
    subheading(ctx, numbered, "Extract")
    quotation(ctx, it.extract)
    if it.commentary:
        subheading(ctx, numbered, "Commentary")
        markdown(ctx, it.commentary)
