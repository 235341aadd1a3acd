"""Prepared Markdown fields are remembered field by field, and a remembered field is exactly
what preparing it again would give."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inquiry import markdown
from inquiry.redaction import Entry, Matcher
from inquiry.render.fields import NAMESPACE, prepared_fields
from inquiry.render.rich import prepare


class DictStore:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], bytes] = {}

    def get(self, namespace: str, key: str) -> bytes | None:
        return self.data.get((namespace, key))

    def put(self, namespace: str, key: str, data: bytes) -> None:
        self.data[(namespace, key)] = data


class CountingParse:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[Any]]:
        self.seen += texts
        return markdown.parse_many(texts)


TEXTS = [
    "Said by *Sebastian* Quill, see [@SF-001, p. 2] and [@ST-002, para 4].",
    "Nothing to redact here, [a link](https://example.org/Sebastian%20Quill).",
    "Plain.",
]


def test_a_remembered_field_is_what_preparing_it_gives() -> None:
    matcher = Matcher([Entry("Sebastian Quill", "W1")])
    store, parse = DictStore(), CountingParse()
    first = prepared_fields(TEXTS, matcher, parse, store=store, salt="s")
    assert sorted(parse.seen) == sorted(TEXTS)
    again = prepared_fields(TEXTS, matcher, parse, store=store, salt="s")
    assert len(parse.seen) == len(TEXTS)  # nothing parsed the second time
    fresh = {t: prepare(b, matcher) for t, b in zip(TEXTS, markdown.parse_many(TEXTS), strict=True)}
    for text in TEXTS:
        assert first[text] == fresh[text]
        assert again[text] == fresh[text]
    blocks, outcome = again[TEXTS[0]]
    assert outcome.marks == ["W1"]
    assert [(p.item, p.page) for p in outcome.pins] == [("SF-001", 2), ("ST-002", None)]
    assert [b.strip(", ") for b in outcome.bad_locators] == ["para 4"]
    assert "Sebastian" not in repr(blocks) and "Quill" not in repr(blocks)


def test_only_changed_fields_are_parsed_and_the_matcher_is_part_of_the_key() -> None:
    store, parse = DictStore(), CountingParse()
    plain = Matcher(())
    prepared_fields(TEXTS, plain, parse, store=store)
    parse.seen.clear()
    prepared_fields([*TEXTS, "New *field*."], plain, parse, store=store)
    assert parse.seen == ["New *field*."]
    parse.seen.clear()
    redacting = Matcher([Entry("Sebastian Quill")])
    got = prepared_fields(TEXTS, redacting, parse, store=store)
    assert sorted(parse.seen) == sorted(TEXTS)  # another edition's redactions: a miss
    assert "Sebastian" not in repr(got[TEXTS[0]][0])


def test_a_damaged_entry_is_recomputed() -> None:
    store, parse = DictStore(), CountingParse()
    matcher = Matcher([Entry("Sebastian Quill")])
    prepared_fields(TEXTS, matcher, parse, store=store)
    for key in list(store.data):
        store.data[key] = b'{"blocks": 3}'
    parse.seen.clear()
    got = prepared_fields(TEXTS, matcher, parse, store=store)
    assert sorted(parse.seen) == sorted(TEXTS)
    assert all(ns == NAMESPACE for ns, _ in store.data)
    assert "Sebastian" not in repr(got[TEXTS[0]][0])


def test_each_fields_footnotes_are_its_own() -> None:
    """Fields are parsed as one joined document, where pandoc would give every `[^1]` the first
    field's note: each field's labels are its own, and a label left as text reads as written."""
    texts = [
        "One.[^1]\n\n[^1]: The first field note.",
        "Two.[^1] Code `[^1]` and `[^0-9]`, a [^missing] label.\n\n[^1]: The second note.",
        "Three.[^a]\n\n[^a]: The third note.",
        "Four.[^a]\n\n[^a]: The fourth note.",
        "Sup [^a^] and x^[^b]^ and [report](https://example.org/report[^2].pdf) "
        "<https://example.org/a[^1]>.\n\n[^2]: Two.",
    ]
    joined = markdown.parse_many(texts)
    alone = [markdown.parse_many([t])[0] for t in texts]
    assert joined == alone

    def notes(blocks: list[Any]) -> list[str]:
        return [
            " ".join(s["c"] for s in markdown.walk(n["c"]) if s["t"] == "Str")
            for n in markdown.walk(blocks)
            if n["t"] == "Note"
        ]

    assert [notes(b) for b in joined][:4] == [
        ["The first field note."],
        ["The second note."],
        ["The third note."],
        ["The fourth note."],
    ]
    targets = [n["c"][2][0] for n in markdown.walk(joined[4]) if n["t"] == "Link"]
    assert targets == [
        "https://example.org/report%5B%5E2%5D.pdf",
        "https://example.org/a%5B%5E1%5D",
    ]
    codes = [n["c"][1] for n in markdown.walk(joined[1]) if n["t"] == "Code"]
    assert codes == ["[^1]", "[^0-9]"]
    assert "[^missing]" in [n["c"] for n in markdown.walk(joined[1]) if n["t"] == "Str"]
