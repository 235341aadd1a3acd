"""Anchors and aliases, refused: each alias at its place, and each anchor no alias uses.

An alias repeats a value wherever it is used, so a few kilobytes could hold megabytes of
Markdown for pandoc. The events are read (`inquiry.yamlcompose.events`) only where an anchor could
stand.
"""

from __future__ import annotations

import re

from ruamel.yaml.events import AliasEvent, Event, NodeEvent

from inquiry.yamlcompose import Pos, YamlProblem, events

ANCHOR_HINT = "write the value out in full wherever it is needed"
_ANCHOR_TOKEN = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]", re.MULTILINE)
"""Where an anchor could stand: `&name` at the start of a node. Text such as `R&D` or `A & B` does
not match, so the events of most files are never read twice."""
_NAME_SHOWN = 40


ANCHORS_SHOWN = 20


def anchor_problems(text: str, *, certain: bool = False) -> list[YamlProblem]:
    """Each alias in `text` as a problem at its position, and each anchor no alias uses (up
    to `ANCHORS_SHOWN`). Anchors and aliases are refused: an alias repeats a value wherever it
    is used, so a few kilobytes could hold megabytes of Markdown for pandoc. `certain`: an
    alias was already seen (read the events even where the quick test finds no anchor)."""
    if not certain and ("&" not in text or _ANCHOR_TOKEN.search(text) is None):
        return []
    anchors: dict[str, Pos] = {}
    used: set[str] = set()
    out: list[YamlProblem] = []
    more = 0  # aliases past the ones shown
    for event in events(text):
        if len(out) >= ANCHORS_SHOWN:
            more += isinstance(event, AliasEvent)
            continue
        if isinstance(event, AliasEvent):
            name = _shown(event.anchor)
            defined = anchors.get(str(event.anchor))
            used.add(str(event.anchor))
            where = f" anchored at line {defined.line}" if defined is not None else ""
            out.append(
                YamlProblem(
                    "yaml-alias",
                    f"alias `*{name}` repeats the value{where}: anchors and aliases are refused",
                    _mark_pos(event),
                    ANCHOR_HINT + (f", and remove `&{name}`" if defined is not None else ""),
                )
            )
        elif isinstance(event, NodeEvent) and event.anchor is not None:
            anchors.setdefault(str(event.anchor), _mark_pos(event))
    if more:
        last = out[-1]
        out[-1] = YamlProblem(
            last.code,
            f"{last.message} ({more:,} more aliases in this file are not listed)",
            last.pos,
            last.hint,
        )
        return out
    for name, pos in anchors.items():
        if name not in used and len(out) < ANCHORS_SHOWN:
            out.append(
                YamlProblem(
                    "yaml-alias",
                    f"anchor `&{_shown(name)}`: anchors and aliases are refused",
                    pos,
                    f"if `&{_shown(name)}` is text, put the whole value in quotes; otherwise"
                    f" remove it and {ANCHOR_HINT}",
                )
            )
    return sorted(out, key=lambda p: (p.pos.line, p.pos.column))


def _shown(name: object) -> str:
    text = str(name)
    return text if len(text) <= _NAME_SHOWN else text[:_NAME_SHOWN] + "…"


def _mark_pos(event: Event) -> Pos:
    mark = event.start_mark
    return Pos(mark.line + 1, mark.column + 1)
