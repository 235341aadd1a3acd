"""Every Markdown field of an edition parsed and prepared (`inquiry.render.rich.prepare`) once,
remembered in the build cache.

Preparing a field is pure: its result follows from the field's text, the edition's redaction
strings (the matcher's signature), pandoc's version and reader, and this code. So it is cached
under those, field by field: a rebuild parses and walks only the fields that changed, and a
one-item edit costs one field's work, not the submission's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from inquiry.redaction import Matcher
from inquiry.render.rich import Blocks, Outcome, Pin, prepare

NAMESPACE = "field"
VERSION = "prepare-8"  # the entries' layout; the code that makes them is in every key (`_code`)


def _code() -> str:
    """The code that prepares a field (parsing, attributes, redaction), in every key."""
    from inquiry.cache_keys import code_digest

    return code_digest(*PREPARING)


PREPARING = (
    "inquiry.markdown",
    "inquiry/data/pandoc/fields.lua",
    "inquiry.render.fields",
    "inquiry.render.rich",
    "inquiry.render.rich_nodes",
    "inquiry.render.rich_redact",
    "inquiry.render.languages",
    "inquiry.model.types",
    "inquiry.redaction",
    "inquiry.name_patterns",
    "inquiry.name_spaced",
    "inquiry.name_readings",
    "inquiry.name_drawn",
    "inquiry.name_look",
    "inquiry.name_present",
    "inquiry.name_spans",
    "inquiry.drawn_chars",
    "inquiry.redaction_spans",
    "inquiry.name_addresses",
    "inquiry.name_forms",
    "inquiry.name_titles",
    "inquiry.name_gaps",
    "inquiry.folding",
    "inquiry.folding_chars",
    "inquiry.marked_letters",
    "inquiry.look_alikes",
)

Parse = Callable[[Sequence[str]], list[list[Any]]]


class Store(Protocol):
    """The part of `inquiry.cache.Cache` used here."""

    def get(self, namespace: str, key: str) -> bytes | None: ...

    def put(self, namespace: str, key: str, data: bytes) -> object: ...


Prepared = tuple[Blocks, Outcome]


def prepared_fields(
    texts: Sequence[str],
    matcher: Matcher,
    parse: Parse,
    *,
    store: Store | None = None,
    salt: str = "",
) -> dict[str, Prepared]:
    """Each of `texts` parsed by `parse` and prepared with `matcher`; `salt` names what else the
    result depends on (pandoc's version and reader)."""
    from inquiry.cache import Cache

    out: dict[str, Prepared] = {}
    keys: dict[str, str] = {}
    missing: list[str] = []
    code = _code() if store is not None else ""
    for text in texts:
        if store is not None:
            keys[text] = Cache.key(VERSION, code, salt, matcher.signature, text)
            data = store.get(NAMESPACE, keys[text])
            found = _load(data) if data is not None else None
            if found is not None:
                out[text] = found
                continue
        missing.append(text)
    for text, blocks in zip(missing, parse(missing) if missing else [], strict=True):
        out[text] = prepare(blocks, matcher)
        if store is not None:
            store.put(NAMESPACE, keys[text], _dump(out[text]))
    return out


def _dump(prepared: Prepared) -> bytes:
    blocks, outcome = prepared
    data = {
        "blocks": blocks,
        "pins": [[p.item, p.page] for p in outcome.pins],
        "redactions": outcome.redactions,
        "marks": outcome.marks,
        "bad_locators": outcome.bad_locators,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


def _load(data: bytes) -> Prepared | None:
    """The entry, or None when it is not one this code wrote (a miss, recomputed)."""
    try:
        raw = json.loads(data.decode("utf-8", "surrogatepass"))
        outcome = Outcome(
            pins=[
                Pin(str(item), None if page is None else int(page)) for item, page in raw["pins"]
            ],
            redactions=int(raw["redactions"]),
            marks=[None if m is None else str(m) for m in raw["marks"]],
            bad_locators=[str(b) for b in raw["bad_locators"]],
        )
        blocks = raw["blocks"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(blocks, list):
        return None
    return blocks, outcome
