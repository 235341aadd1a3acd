"""Stop 36 (h130's note): a redacted string found in a piece's typst source is blamed on the
item whose part shows it, read as the proof reads it (`typst_words.source_text`) — not on an
earlier item whose chart is merely drawn in `black`."""

from __future__ import annotations

from inquiry.redaction import Matcher
from inquiry.render.pdf import compile as compiling


def test_the_item_that_shows_the_string_is_blamed_not_the_chart() -> None:
    source = (
        '#import "template.typ": *\n'
        f'#item-page(anchor: "{compiling.ANCHOR_PREFIX}ST-001")[\n'
        "#line(length: 100%, stroke: 0.6pt + black)\n"
        '#text(weight: "bold")[Calls per month]\n]\n'
        f'#item-page(anchor: "{compiling.ANCHOR_PREFIX}TM-002")[\n'
        "Mr Black said so.\n]\n"
    )
    matcher = Matcher.of([("Black", None)])
    assert compiling._source_item(source, matcher) == ("TM-002", "its typst source")
    clean = source.replace("Mr Black said", "He said")
    assert compiling._source_item(clean, matcher) == ("", "typst source")
