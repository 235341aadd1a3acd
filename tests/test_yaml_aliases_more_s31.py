"""Past the first 20 aliases of a file, the last one listed says how many more there are
(stop 31's red team: the rest went unmentioned, so a fix of the 20 met 20 more)."""

from __future__ import annotations

from inquiry.yamlanchors import ANCHORS_SHOWN, anchor_problems


def test_the_aliases_not_listed_are_counted() -> None:
    text = "a: &x 1\n" + "".join(f"k{i}: *x\n" for i in range(ANCHORS_SHOWN + 10))
    found = anchor_problems(text)
    assert len(found) == ANCHORS_SHOWN
    assert found[-1].message.endswith("(10 more aliases in this file are not listed)")
    assert not any("more aliases" in p.message for p in found[:-1])


def test_twenty_or_fewer_say_nothing_more() -> None:
    text = "a: &x 1\n" + "".join(f"k{i}: *x\n" for i in range(ANCHORS_SHOWN))
    found = anchor_problems(text)
    assert len(found) == ANCHORS_SHOWN
    assert not any("more aliases" in p.message for p in found)
