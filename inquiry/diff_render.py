"""A diff (`inquiry.diff`) as each reader takes it: JSON for tools (`render_json`), a few lines
for people (`render_text`), a job summary in Markdown (`render_markdown`). Every title, id and
field from a pull request is printed inert (`printable`), and `redact` is applied to the words
a public diff could otherwise print."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from inquiry.diff import Diff, by_id, item_span, page_count, page_ranges


def render_json(d: Diff) -> str:
    """SPEC's shape (`added`, `removed`, `changed`, `moved`), plus `fields`, `bundle` and
    `page_map` (runs of old pages and where they went)."""
    out = {
        "added": list(d.added),
        "removed": list(d.removed),
        "changed": list(d.changed),
        "moved": [{"id": m.id, "old": list(m.old), "new": list(m.new)} for m in d.moved],
        "fields": {k: list(v) for k, v in d.changed.items()},
        "bundle": list(d.bundle),
        "page_map": [
            {"old": list(old), "new": None if new is None else list(new)}
            for old, new in page_ranges(d.page_map)
        ],
    }
    if d.reread:
        out["reread"] = list(d.reread)  # pages that read differently, nothing else differing
    # ASCII: an id from a pull request may hold a lone surrogate, which no output can encode;
    # and no `##[`, which a CI runner takes for a command (the same text to a JSON reader).
    return json.dumps(out, indent=2, ensure_ascii=True).replace("##[", "#\\u0023[")


def _reread(d: Diff) -> str:
    runs = ", ".join(_pages_text(r) for r in _runs_of(d.reread))
    return f"{runs} read differently, though no item or bundle field changed"


def _runs_of(pages: tuple[int, ...]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for page in pages:
        if runs and runs[-1][1] == page - 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def _pages_text(span: tuple[int, int]) -> str:
    first, last = span
    return f"page {first}" if first == last else f"pages {first}–{last}"


def _range(span: tuple[int, int] | None) -> str:
    if span is None:  # the pages may still be there (withdrawn, blank, another file)
        return "content gone"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _counts(d: Diff) -> str:
    parts = [
        f"{len(d.added)} added",
        f"{len(d.removed)} removed",
        f"{len(d.changed)} changed",
        f"{len(d.moved)} moved",
    ]
    return ", ".join(parts)


def _bundle_changes(d: Diff) -> list[tuple[str, str, str]]:
    """Each bundle field that changed (not `pages`: the counts line says them), as (name,
    before, after); a tab's title by its letter (`tab B`), a tab added or gone as `—`."""
    out = []
    for name in (f for f in d.bundle if f != "pages"):
        before, after = d.old["bundle"][name], d.new["bundle"][name]
        if name in ("tabs", "line_titles") and isinstance(before, dict) and isinstance(after, dict):
            label = "tab" if name == "tabs" else "line of inquiry"
            for key in sorted(set(before) | set(after)):
                if before.get(key) != after.get(key):
                    was, now = (str(t.get(key, "—")) for t in (before, after))
                    out.append((f"{label} {printable(str(key))}", was, now))
        else:
            out.append((name, str(before), str(after)))
    return out


def render_text(d: Diff, redact: Callable[[str], str] = str) -> str:
    """A few lines for people: each difference, then the page map as runs. `redact` is applied
    to every title and bundle field printed (a public diff must not print a redacted name
    that an older manifest still holds)."""
    if d.empty:
        return "No changes to the bundle"
    olds, news = by_id(d.old["items"]), by_id(d.new["items"])
    lines = [f"Bundle: {page_count(d.old)} → {page_count(d.new)} pages; {_counts(d)}"]
    for name, before, after in _bundle_changes(d):
        lines.append(f"bundle {name}: {redact(before)!r} → {redact(after)!r}")
    if d.reread:
        lines.append(_reread(d))
    for id_ in d.added:
        item = news[id_]
        lines.append(
            f"added    {printable(str(item['number']))} {printable(id_)} "
            f"{redact(str(item.get('title', '')))!r}, "
            f"{_pages_text(item_span(item))}"
        )
    for id_ in d.removed:
        item = olds[id_]
        lines.append(
            f"removed  {printable(str(item['number']))} {printable(id_)} "
            f"{redact(str(item.get('title', '')))!r}, "
            f"was {_pages_text(item_span(item))}"
        )
    for id_, fields in d.changed.items():
        said = ", ".join(_field(f, olds[id_], news[id_]) for f in fields)
        lines.append(f"changed  {id_number(olds, news, id_)} {printable(id_)}: {said}")
    for m in d.moved:
        lines.append(
            f"moved    {id_number(olds, news, m.id)} {printable(m.id)}: "
            f"{_pages_text(m.old)} → {_pages_text(m.new)}"
        )
    runs = page_ranges(d.page_map)
    lines.append("pages: " + "; ".join(f"{_range(o)} → {_range(n)}" for o, n in runs))
    return "\n".join(lines)


def _field(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """A changed field's name; for `cites`, with the pinpoints and numbers that went and came
    (`cites [C1/6] → [C2/11]`)."""
    if name != "cites":
        return name
    was, now = (set(map(str, i["cites"])) for i in (before, after))
    gone, came = (", ".join(f"[{printable(c)}]" for c in sorted(x)) for x in (was - now, now - was))
    return f"cites {gone or '—'} → {came or '—'}"


def id_number(olds: Mapping[str, Any], news: Mapping[str, Any], id_: str) -> str:
    """An item's number, as `B3 → B7` when it changed (escaped as `printable`)."""
    a, b = (printable(str(n)) for n in (olds[id_]["number"], news[id_]["number"]))
    return a if a == b else f"{a} → {b}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>!~])")


def _md(text: object) -> str:
    """Text from a pull request, made inert in a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(str(text).split())))


_UNSEEN = frozenset({"Cc", "Cf", "Cs"})


def printable(text: str) -> str:
    """`text` with each control or format character (ESC, a bidirectional override) and each
    lone surrogate written as its escape (`\\x1b`, `\\u202e`): a title or id from a pull
    request cannot move the terminal's cursor, reorder a job summary, or stop the output."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _UNSEEN else c for c in text)


def _escape(c: str) -> str:
    code = ord(c)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def render_markdown(d: Diff, redact: Callable[[str], str] = str) -> str:
    """A GitHub job summary: heading, counts, a table per kind of difference (`redact` as for
    `render_text`)."""
    if d.empty:
        return "No changes to the bundle"
    olds, news = by_id(d.old["items"]), by_id(d.new["items"])
    audience = d.new["bundle"].get("audience")
    out = [f"## Changes to the {_md(audience)} bundle" if audience else "## Changes to the bundle"]
    out.append("")
    out += [f"{page_count(d.old)} → {page_count(d.new)} pages: {_counts(d)}.", ""]
    if d.reread:
        said = _reread(d)
        out += [said[0].upper() + said[1:] + ".", ""]
    fields = _bundle_changes(d)
    if fields:
        out += ["| Bundle field | Before | After |", "| --- | --- | --- |"]
        out += [
            f"| {_md(f)} | {_md(redact(before))} | {_md(redact(after))} |"
            for f, before, after in fields
        ]
        out.append("")

    def table(title: str, header: str, rows: list[str]) -> None:
        if rows:
            cells = header.count("|") - 1
            out.extend([f"### {title}", "", header, "|" + " --- |" * cells, *rows, ""])

    def row(id_: str, number: str, item: Mapping[str, Any], *cells: str) -> str:
        title = _md(redact(str(item.get("title", ""))))
        return f"| {_md(number)} | {_md(id_)} | {title} | " + " | ".join(cells) + " |"

    head = "| Number | Id | Title |"
    added = [row(i, news[i]["number"], news[i], _range(item_span(news[i]))) for i in d.added]
    table("Added", head + " Pages |", added)
    removed = [row(i, olds[i]["number"], olds[i], _range(item_span(olds[i]))) for i in d.removed]
    table("Removed", head + " Pages |", removed)
    changed = [
        row(
            i,
            id_number(olds, news, i),
            news[i],
            ", ".join(_md(_field(f, olds[i], news[i])) if f == "cites" else f for f in fs),
        )
        for i, fs in d.changed.items()
    ]
    table("Changed", head + " Fields |", changed)
    moved = [
        row(m.id, id_number(olds, news, m.id), news[m.id], _range(m.old), _range(m.new))
        for m in d.moved
    ]
    table("Moved", head + " Old pages | New pages |", moved)
    shifted = [(o, n) for o, n in page_ranges(d.page_map) if o != n]
    if shifted:
        out += ["<details><summary>Pages that moved or went</summary>", ""]
        out += ["| Old pages | New pages |", "| --- | --- |"]
        out += [f"| {_range(o)} | {_range(n)} |" for o, n in shifted]
        out += ["", "</details>"]
    return "\n".join(out).rstrip() + "\n"
