"""Every message a user sees is ours, with a hint: bad values of every kind in every field of every
model, and no problem carries pydantic's own wording."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from test_rules import PE, SF, ST, SUBMISSION, TM

from inquiry.model import ITEM_MODELS, Submission
from inquiry.model.messages import describe

PYDANTIC_WORDING = (
    "Input should",
    "should have at least",
    "should have at most",
    "after validation",
    "Field required",
    "Extra inputs are not permitted",
    "Value error",
    "validation error",
    "Unable to extract tag",
    "Assertion failed",
    "[type=",
    "pydantic",
)

REDACTING_TM = TM + (
    "redact:\n  - Jane Doe\n  - {text: St Elsewhere, code: GRO-B}\n"
    "exhibits:\n  - file: exhibits/a.pdf\n    description: A letter\n"
    "    sha256: '" + "a" * 64 + "'\n"
    "    redact:\n      - Jane Doe\n      - {text: John, code: GRO-B}\n"
    "      - {page: 1, box: [10, 10, 200, 40], code: GRO-B}\n"
)
FULL_SUBMISSION = SUBMISSION + "language: en-GB\nredaction_codes:\n  GRO-B: A name\n"
FULL_ST = ST + "series:\n  - {period: 2019-20, value: 1}\nrelated: [PE-001]\n"
FULL_SF = SF.replace("finding:", "question: Asked?\nfinding:")

BASES: dict[str, tuple[type[BaseModel], str]] = {
    "submission": (Submission, FULL_SUBMISSION),
    "survey_finding": (ITEM_MODELS["survey_finding"], FULL_SF),
    "testimony": (ITEM_MODELS["testimony"], REDACTING_TM),
    "statistic": (ITEM_MODELS["statistic"], FULL_ST),
    "policy_extract": (ITEM_MODELS["policy_extract"], PE + "commentary: Why.\n"),
}

BAD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    10**400,
    -(10**16),
    float("nan"),
    float("inf"),
    "",
    "two\nlines",
    "text",
    "2024-13-45",
    "lower-case-id",
    [],
    [1, "x"],
    [[1]],
    {},
    {"x": 1},
    {"page": 0, "box": [5, 5, 1, 1, 9]},
]


def paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*path, i))


def variants(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The data with each value replaced by each bad value, each key removed, and an unknown
    key added at each mapping."""
    for path in list(paths(data)):
        parent_path, last = path[:-1], path[-1]
        for bad in BAD_VALUES:
            changed = copy.deepcopy(data)
            parent = changed
            for part in parent_path:
                parent = parent[part]
            parent[last] = copy.deepcopy(bad)
            yield changed
        if isinstance(last, str):
            removed = copy.deepcopy(data)
            parent = removed
            for part in parent_path:
                parent = parent[part]
            del parent[last]
            yield removed
            parent[f"{last}_typo"] = 1
            yield removed


def problems_of(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[str, Any]]:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [(err["type"], describe(err, model)) for err in exc.errors(include_url=False)]
    return []


@pytest.mark.parametrize("name", sorted(BASES))
def test_every_schema_error_is_in_our_words_with_a_hint(name: str) -> None:
    model, text = BASES[name]
    data = YAML(typ="safe", pure=True).load(text)
    assert problems_of(model, data) == [], "the base must be valid"
    seen: set[str] = set()
    bad: list[str] = []
    for variant in variants(data):
        for kind, problem in problems_of(model, variant):
            seen.add(kind)
            words = problem.message + " " + problem.hint
            if any(w.lower() in words.lower() for w in PYDANTIC_WORDING):
                bad.append(f"{kind}: {words}")
            if not problem.hint or not problem.message:
                bad.append(f"{kind}: no hint for {problem.message}")
            if not problem.message.startswith(("`", "unknown field", "a ", "the ")):
                bad.append(f"{kind}: does not name the field: {problem.message}")
    assert bad == []
    # The walk reaches the error types these models raise.
    common = {
        "missing",
        "extra_forbidden",
        "string_type",
        "list_type",
        "model_type",
        "string_too_short",
        "string_pattern_mismatch",
        "too_short",
        "value_error",
    }
    assert common <= seen, common - seen
    if name in ("survey_finding", "statistic"):
        assert {"float_type", "less_than_equal", "greater_than_equal"} <= seen
    if name == "testimony":
        assert {"bool_type", "literal_error", "union_tag_not_found", "too_long"} <= seen
    if name == "submission":
        assert {"dict_type", "literal_error"} <= seen


def test_an_empty_list_of_lines_of_inquiry() -> None:
    data = YAML(typ="safe", pure=True).load(SUBMISSION)
    data["lines_of_inquiry"] = []
    [(_, problem)] = problems_of(Submission, data)
    assert problem.message == "`lines_of_inquiry` needs at least one line of inquiry"
    assert problem.hint.startswith("The questions the evidence bears on")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("statement_of_truth", "yes", "`statement_of_truth` must be true or false, not text"),
        ("paragraphs", "One.", "`paragraphs` must be a list, not text"),
        ("witness", "W-01", "`witness` must be a mapping of fields, not text"),
        ("title", "two\nlines", "`title` must fit on one line"),
        ("audience", "secret", "`audience` must be one of: public, restricted"),
    ],
)
def test_messages_read_as_sentences(field: str, value: Any, message: str) -> None:
    data = YAML(typ="safe", pure=True).load(TM)
    data[field] = value
    [(_, problem)] = problems_of(ITEM_MODELS["testimony"], data)
    assert problem.message == message


def test_a_region_whose_box_is_upside_down() -> None:
    data = YAML(typ="safe", pure=True).load(REDACTING_TM)
    data["exhibits"][0]["redact"][2]["box"] = [200, 10, 100, 40]
    [(kind, problem)] = problems_of(ITEM_MODELS["testimony"], data)
    assert kind == "value_error"
    assert problem.path == ("exhibits", 0, "redact", 2, "box")
    assert "x0 < x1" in problem.message
