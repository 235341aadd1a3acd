"""docs/format.md is kept in step with the models: every field documented, no field invented.

Each field table in the document sits under a heading whose first code span names where the
fields live — `submission.yaml`, `item` (every kind), a kind, or a path such as `exhibits[]` or
`survey.fieldwork` — and lists one field per row. The models give the same map.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from inquiry.model import ITEM_MODELS, ItemBase, Submission

DOC = Path(__file__).resolve().parent.parent / "docs" / "format.md"
COMMON = {*ItemBase.model_fields, "kind"}


def _nested(annotation: Any, suffix: str = "") -> list[tuple[type[BaseModel], str]]:
    """The models inside a field's type, each with `[]` when it sits in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, suffix)]
    inner = "[]" if get_origin(annotation) in (list, tuple, set, frozenset) else suffix
    return [found for arg in get_args(annotation) for found in _nested(arg, inner)]


def _walk(
    model: type[BaseModel], path: str, fields: set[str], out: dict[str, set[str]], root: bool
) -> None:
    out.setdefault(path, set()).update(fields)
    for name in fields:
        for inner, suffix in _nested(model.model_fields[name].annotation):
            child = f"{name}{suffix}" if root else f"{path}.{name}{suffix}"
            _walk(inner, child, set(inner.model_fields), out, root=False)


def model_tables() -> dict[str, set[str]]:
    """Where fields live → their names, from the models."""
    out: dict[str, set[str]] = {}
    _walk(Submission, "submission.yaml", set(Submission.model_fields), out, root=True)
    for kind, model in ITEM_MODELS.items():
        _walk(model, "item", COMMON & set(model.model_fields), out, root=True)
        _walk(model, kind, set(model.model_fields) - COMMON, out, root=True)
    return out


def doc_tables(text: str) -> dict[str, set[str]]:
    """Heading's first code span → the first-column code spans of the field table under it."""
    out: dict[str, set[str]] = {}
    key = None
    in_fields = False
    for line in text.splitlines():
        if line.startswith("#"):
            spans = re.findall(r"`([^`]+)`", line)
            key = spans[0] if spans else None
            in_fields = False
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if cells[0] == "field":
                assert key, f"a field table needs a heading naming where it lives: {line}"
                assert key not in out, f"two field tables for `{key}`"
                out[key] = set()
                in_fields = True
            elif in_fields and key and not set(cells[0]) <= {"-", " "}:
                names = re.findall(r"`([^`]+)`", cells[0])
                assert len(names) == 1, f"one field per row: {line}"
                out[key].add(names[0])
        else:
            in_fields = False
    return out


def test_every_model_field_is_documented_and_no_other() -> None:
    documented = doc_tables(DOC.read_text(encoding="utf-8"))
    expected = model_tables()
    assert set(documented) == set(expected), (
        f"tables for no model: {sorted(set(documented) - set(expected))}; "
        f"models without a table: {sorted(set(expected) - set(documented))}"
    )
    for where, fields in expected.items():
        assert documented[where] == fields, (
            f"`{where}`: undocumented {sorted(fields - documented[where])}, "
            f"not in the models {sorted(documented[where] - fields)}"
        )


def test_the_reader_finds_every_kind_and_the_references() -> None:
    text = DOC.read_text(encoding="utf-8")
    for kind in ITEM_MODELS:
        assert f"### `{kind}`" in text
    assert "`[@SF-001]`" in text and "`[@SF-001, p. 2]`" in text


def test_the_walker_sees_nested_lists_of_models() -> None:
    tables = model_tables()
    assert tables["survey.fieldwork"] == {"start", "end"}
    assert tables["figures[]"] == {"label", "value", "unit", "base"}
    assert {"id", "kind", "source", "status"} <= tables["item"]
    assert "kind" not in tables["testimony"]


def test_every_code_the_document_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9]+(?:-[a-z0-9]+)+)` \|", text, re.M)
    assert len(rows) > 40
    package = DOC.parent.parent / "inquiry"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    assert [code for code in rows if f'"{code}"' not in source] == []
