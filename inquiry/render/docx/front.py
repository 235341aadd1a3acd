"""Front matter (cover, index, lines of inquiry) and the page that opens each tab."""

from __future__ import annotations

from inquiry.numbering import Section
from inquiry.render.docx.context import KIND_NAMES, SEP, Context, bookmark
from inquiry.render.wording import long_date

PAGE_TOKEN = "INQPAGE:"  # an index cell the python-docx pass turns into a PAGEREF field


def cover(ctx: Context) -> None:
    sub, plan = ctx.plan.submission, ctx.plan
    ctx.out.styled("Cover Title", ctx.t(sub.title))
    ctx.out.styled("Cover Subtitle", ctx.t(sub.inquiry))
    ctx.out.styled("Cover Detail", "Submitted by " + ctx.t(sub.submitted_by))
    ctx.out.styled("Cover Detail", ctx.t(long_date(sub.date)))
    lines = (
        ["Public edition"]
        if plan.audience == "public"
        else ["Restricted edition", "For the inquiry panel only: not for publication"]
    )
    if plan.include_drafts:
        lines.append("Includes draft items, each marked DRAFT")
    ctx.out.styled("Cover Edition", "\\\n".join(ctx.t(line) for line in lines))
    count = len(plan.items)
    tabs = len(plan.sections)
    ctx.out.styled(
        "Cover Detail",
        ctx.t(f"{count} item{'s' * (count != 1)} in {tabs} tab{'s' * (tabs != 1)}"),
    )
    if ctx.commit:
        ctx.out.styled("Cover Commit", ctx.t(f"Built from git commit {ctx.commit}"))


def index(ctx: Context) -> None:
    ctx.out.heading(1, "Index", bookmark="front_index", new_page=True)
    rows = []
    for numbered in ctx.plan.items:
        item = numbered.item
        kind = KIND_NAMES[item.kind] + (" (DRAFT)" if item.status == "draft" else "")
        rows.append(
            [
                ctx.link(numbered),
                ctx.t(item.id),
                ctx.t(item.title),
                ctx.t(kind),
                ctx.t(long_date(item.date)),
                ctx.t(", ".join(item.lines_of_inquiry)),
                ctx.t(PAGE_TOKEN + bookmark(numbered.number)),
            ]
        )
    if not rows:
        ctx.out.block(ctx.t("This edition holds no items."))
        return
    header = ["No.", "Id", "Title", "Kind", "Date", "Lines of inquiry", "Page"]
    ctx.out.table(header, rows, widths=[6, 10, 32, 12, 12, 13, 7], right=[6])


def lines_of_inquiry(ctx: Context) -> None:
    ctx.out.heading(1, "Lines of inquiry", bookmark="front_loi", new_page=True)
    bearing: dict[str, list[str]] = {}
    for numbered in ctx.plan.items:
        for loi in numbered.item.lines_of_inquiry:
            bearing.setdefault(loi, []).append(ctx.link(numbered))
    rows = [
        [
            ctx.t(loi.id),
            ctx.t(loi.title),
            ctx.t(loi.question),
            ", ".join(bearing.get(loi.id, [])) or ctx.t("None in this edition"),
        ]
        for loi in ctx.plan.submission.lines_of_inquiry
    ]
    ctx.out.table(["Id", "Title", "Question", "Items"], rows, widths=[9, 25, 48, 18])


def tab_page(ctx: Context, section: Section) -> None:
    """A divider, as in a paper bundle: the tab's heading and what it holds."""
    tab = section.tab
    ctx.out.heading(
        1, ctx.t(f"Tab {tab.tab}: {tab.title}"), bookmark=f"tab_{tab.tab}", new_page=True
    )
    for numbered in section.items:
        item = numbered.item
        ctx.out.styled(
            "Tab Entry", ctx.link(numbered) + ctx.t(SEP + SEP.join((item.id, item.title)))
        )
