"""Stop 44: the builder tracks nodes met twice only where an alias could bring one back.

An alias needs an anchor, and an anchor is written with `&`: a text without one reads the same
whether or not every node is tracked. The tracked reading is forced here by a comment holding
`&` at the end of the text (no value, no line before it, changes)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inquiry.yamlbuild import Builder
from inquiry.yamlcompose import YamlProblem, compose
from inquiry.yamlnodes import read_yaml

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="&"), max_size=12
)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


def _block(value: Any, indent: int = 0) -> str:
    """`value` as block YAML, its scalars as JSON (a valid YAML double-quoted scalar)."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        return "".join(
            f"{pad}{json.dumps(k)}:\n{_block(v, indent + 2)}"
            if isinstance(v, (dict, list)) and v
            else f"{pad}{json.dumps(k)}: {json.dumps(v)}\n"
            for k, v in value.items()
        )
    if isinstance(value, list) and value:
        return "".join(
            f"{pad}-\n{_block(v, indent + 2)}"
            if isinstance(v, (dict, list)) and v
            else f"{pad}- {json.dumps(v)}\n"
            for v in value
        )
    return f"{pad}{json.dumps(value)}\n"


def _read(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    doc = read_yaml(text.encode("utf-8"))
    return doc.data, [(f.code, f.pos.line, f.pos.column) for f in doc.flaws]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_TEXT, _VALUES, min_size=1, max_size=5))
def test_untracked_reading_equals_tracked(value: dict[str, Any]) -> None:
    text = _block(value)
    assert "&" not in text
    try:
        plain = _read(text)
    except YamlProblem as exc:
        with pytest.raises(YamlProblem) as tracked:
            _read(text + "# &\n")
        assert (tracked.value.code, tracked.value.pos) == (exc.code, exc.pos)
        return
    assert plain == _read(text + "# &\n")


def test_only_a_text_with_an_ampersand_is_tracked() -> None:
    for text, repeats in (("a: 1\n", False), ("a: R&D\n", True), ("a: &x 1\nb: *x\n", True)):
        node, constructor = compose(text)
        assert node is not None
        assert Builder(constructor, text).repeats is repeats


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",
        "a: &x {k: v}\nb: [*x, *x]\n",
        "? &k key\n: v\nother: *k\n",
    ],
)
def test_an_alias_is_still_refused_at_its_place(text: str) -> None:
    doc = read_yaml(text.encode())
    codes = [f.code for f in doc.flaws]
    assert "yaml-alias" in codes, codes
    flat = json.dumps(doc.data, default=str)
    assert flat.count("1, 2") <= 1 and flat.count('"k": "v"') <= 1


def test_an_alias_to_no_anchor_is_a_problem() -> None:
    with pytest.raises(YamlProblem) as exc:
        read_yaml(b"a: 1\nb: *nowhere\n")
    assert exc.value.pos.line == 2
