"""One item's pages: heading, the layout for its kind, then its source and related items.

Every plain string goes through `ctx.t` (escaped, redacted) and every Markdown field through
`blocks.field` (isolated, redacted), so nothing reaches pandoc unescaped or unredacted.
"""

from __future__ import annotations

from inquiry.model import PolicyExtract, Source, Statistic, SurveyFinding, Testimony
from inquiry.numbering import Numbered
from inquiry.render.docx import kinds
from inquiry.render.docx.blocks import details, markdown, subheading
from inquiry.render.docx.context import KIND_NAMES, SEP, Context, bookmark
from inquiry.render.wording import long_date


def item(ctx: Context, numbered: Numbered) -> None:
    """The item from its heading to its related items (exhibits follow separately)."""
    it = numbered.item
    out = ctx.out
    out.heading(2, ctx.heading_text(numbered), bookmark=bookmark(numbered.number), new_page=True)
    if it.status == "draft":
        out.styled("Draft Mark", ctx.t("DRAFT: this item is not final"))
    loi = {line.id: line.title for line in ctx.plan.submission.lines_of_inquiry}
    lines = ", ".join(f"{i} ({loi[i]})" if i in loi else i for i in it.lines_of_inquiry)
    out.styled(
        "Item Details",
        ctx.t(
            SEP.join(
                (KIND_NAMES[it.kind], f"Dated {long_date(it.date)}", f"Lines of inquiry: {lines}")
            )
        ),
    )
    if isinstance(it, Statistic):
        kinds.headline(ctx, it)
    out.heading(3, "Summary", bookmark=f"{bookmark(numbered.number)}_summary", new_page=False)
    markdown(ctx, it.summary)
    if isinstance(it, SurveyFinding):
        kinds.survey_finding(ctx, numbered, it)
    elif isinstance(it, Testimony):
        kinds.testimony(ctx, numbered, it)
    elif isinstance(it, Statistic):
        kinds.statistic(ctx, numbered, it)
    elif isinstance(it, PolicyExtract):
        kinds.policy_extract(ctx, numbered, it)
    source(ctx, numbered, it.source)
    related(ctx, numbered)


def _url(url: str) -> str:
    """A link destination pandoc takes verbatim: characters Markdown treats specially are
    percent-encoded, which leaves the address the same."""
    table = {"(": "%28", ")": "%29", "<": "%3C", ">": "%3E", " ": "%20", "\\": "%5C", '"': "%22"}
    return "".join(table.get(c, c) for c in url)


def source(ctx: Context, numbered: Numbered, src: Source) -> None:
    subheading(ctx, numbered, "Source")
    url = ""
    if src.url:
        shown = ctx.redact.plain(src.url)
        url = f"[{ctx.t(src.url)}]({_url(shown)})" if shown == src.url else ctx.t(src.url)
    details(
        ctx,
        [
            ("Title", ctx.t(src.title)),
            ("Author", ctx.t(src.author) if src.author else ""),
            ("Publisher", ctx.t(src.publisher) if src.publisher else ""),
            ("Published", ctx.t(long_date(src.published)) if src.published else ""),
            ("Accessed", ctx.t(long_date(src.accessed))),
            ("URL", url),
        ],
    )


def related(ctx: Context, numbered: Numbered) -> None:
    """Related items in this edition; one left out (restricted, draft) is not mentioned."""
    by_id = ctx.plan.by_id()
    present = [by_id[i] for i in numbered.item.related if i in by_id]
    if not present:
        return
    subheading(ctx, numbered, "Related items")
    for other in present:
        rest = SEP + SEP.join((other.item.id, other.item.title))
        ctx.out.styled("Tab Entry", ctx.link(other) + ctx.t(rest))
