"""Pydantic's validation errors in our words: a code, a message and a hint for each, at the YAML
key or value it concerns. No message a user sees is pydantic's own text."""

from __future__ import annotations

import difflib
import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from inquiry.model.redact import UNION_TAGS
from inquiry.model.types import ID_PATTERN, LOI_PATTERN, NUMBER_LIMIT
from inquiry.shown import escaped, number
from inquiry.yamlcompose import Pos
from inquiry.yamlnodes import Document, Path

_NOUNS = {
    "lines_of_inquiry": "line of inquiry",
    "tabs": "tab",
    "kinds": "kind",
    "paragraphs": "paragraph",
}
_ID_HINT = "ids look like SF-001: 2–5 capital letters, a hyphen, 3 or more digits"
_LOI_HINT = "line-of-inquiry ids look like LOI-1: capital letters and digits, joined by hyphens"
_CODE_HINT = "codes look like GRO-B: capital letters and digits, joined by hyphens"
_LIST_HINT = "write it as `[a, b]`, or one `- item` per line under it"
_MAPPING_HINT = "write its fields as `key: value` lines, indented under it"


@dataclass(frozen=True)
class SchemaProblem:
    """One schema error, described: where (a YAML path), what and how to fix it."""

    path: Path
    at_key: bool
    code: str
    message: str
    hint: str


def _path(loc: Sequence[str | int], kind: str = "") -> Path:
    """The YAML path of a location, without pydantic's additions: the name of the union member
    after a list index, and the `[key]` marker after a mapping key whose name is refused."""
    parts = list(loc)
    if kind != "extra_forbidden" and parts and parts[-1] == "[key]":
        parts.pop()
    last = len(parts) - 1 if kind == "extra_forbidden" else len(parts)
    return tuple(
        p
        for i, p in enumerate(parts)
        if not (i < last and i and p in UNION_TAGS and isinstance(parts[i - 1], int))
    )


def dotted(path: Path) -> str:
    """`source.accessed`, `paragraphs[2]`: a path as people write it."""
    out = ""
    for part in path:
        # A name shown as written would hide a zero-width space (`ti<U+200B>tle`) or be empty.
        name = (escaped(part) or '""') if isinstance(part, str) else ""
        out += f"[{part}]" if isinstance(part, int) else (f".{name}" if out else name)
    return out or "(top level)"


def field_at(model: type[BaseModel], path: Path) -> FieldInfo | None:
    """The declaration of the field at `path` (list indexes pass through to the element; in a
    union of models, the member that declares the next part)."""
    candidates: list[Any] = [model]
    found: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        owner = next((m for m in candidates if part in getattr(m, "model_fields", {})), None)
        if owner is None:
            return None
        found = owner.model_fields[part]
        candidates = _models_in(found.annotation)
    return found


def _models_in(annotation: Any) -> list[Any]:
    """The models a field holds, directly, optionally, as list elements or union members."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _model_in(annotation: Any) -> Any:
    models = _models_in(annotation)
    return models[0] if models else None


def fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """The field names allowed where `path` points, for 'did you mean' hints."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _model_in(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or {})


def _describe_field(info: FieldInfo | None) -> str:
    if info is None:
        return "see the schema in schemas/ for what this field holds"
    text = (info.description or "").rstrip(".")
    examples: list[Any] = []
    for example in info.examples or []:
        examples += example if isinstance(example, list) else [example]
    shown = [e for e in examples if isinstance(e, str | int | float)][:2]
    if shown:
        # A description giving its own example ("e.g. 'published by…'") is not given a
        # second "e.g.".
        lead = ", or " if "e.g." in text else (", e.g. " if text else "e.g. ")
        text += lead + " or ".join(f"`{e}`" for e in shown)
    return text or "see the schema in schemas/ for what this field holds"


def kind_of(value: Any) -> str:
    """What a value is, in words: `text`, `a number`, `a list`."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _literal_values(info: FieldInfo | None) -> list[str]:
    if info is None:
        return []
    for candidate in (info.annotation, *typing.get_args(info.annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return [str(v) for v in typing.get_args(candidate)]
    return []


def _number(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "not a number (NaN)"
    if isinstance(value, float) and math.isinf(value):
        return "infinite"
    if isinstance(value, int) and value.bit_length() > 256:
        # Never written out: Python refuses to make text of an int past 4,300 digits (a
        # `0xfff…` value in YAML), and a few hundred digits tell the reader nothing more.
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"a number of about {digits:,} digits"
    if isinstance(value, float):
        return number(value)
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)} digits)"


def _range(err: ErrorDetails, where: str, info: FieldInfo | None) -> tuple[str, str]:
    value, ctx = err.get("input"), err.get("ctx") or {}
    bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
    if bound in (NUMBER_LIMIT, -NUMBER_LIMIT) or (
        isinstance(value, float) and not math.isfinite(value)
    ):
        return (
            f"`{where}` is {_number(value)}: numbers must lie within ±10^15",
            "write the figure itself, as a finite number; give its unit in words",
        )
    low = "ge" in ctx or "gt" in ctx
    return (
        f"`{where}` is {_number(value)}; it must be "
        + ("at least " if low else "at most ")
        + _number(bound),
        _describe_field(info),
    )


def _message(err: ErrorDetails, model: type[BaseModel]) -> tuple[str, str, str]:
    """(code, message, hint) for one error."""
    kind = err["type"]
    path = _path(err["loc"], err["type"])
    where = dotted(path)
    info = field_at(model, path)
    value = err.get("input")
    about = _describe_field(info)
    if kind == "missing":
        if path and isinstance(path[-1], int):
            return "schema-missing", f"`{dotted(path[:-1])}` has too few entries", about
        return "schema-missing", f"`{where}` is required", about
    if value is None and path:
        return "schema-type", f"`{where}` is empty: give it a value", about
    if kind in ("string_type", "int_type", "float_type", "bool_type"):
        return _type_message(kind, where, value, about)
    if kind in ("list_type", "tuple_type"):
        return "schema-type", f"`{where}` must be a list, not {kind_of(value)}", _LIST_HINT
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"`{where}` must be a mapping of fields, not {kind_of(value)}"
        return "schema-type", message, _MAPPING_HINT
    if kind == "string_too_short":
        return "schema-value", f"`{where}` is empty: give it a value", about
    if kind == "string_too_long":
        most = (err.get("ctx") or {}).get("max_length", "")
        message = f"`{where}` is {len(str(value)):,} characters long: at most {most} fit its line"
        return "schema-value", message, about
    if kind == "string_pattern_mismatch":
        return "schema-value", *_pattern_message(err, path, where, about)
    if kind == "literal_error":
        allowed = _literal_values(info)
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else about
        return "schema-value", f"`{where}` must be one of: {', '.join(allowed)}", hint
    if kind == "too_short":
        noun = _NOUNS.get(str(path[-1]) if path else "", "entry")
        return "schema-value", f"`{where}` needs at least one {noun}", about
    if kind == "too_long":
        return "schema-value", *_too_long(err, path, where, about)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return "schema-value", *_range(err, where, info)
    if kind == "finite_number":
        return "schema-value", f"`{where}` must be a finite number", about
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        message = f"`{where}` must be text, or a mapping such as `{{text: …, code: …}}`"
        return "schema-type", message, about
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", "")) or "is not valid"
        return (
            "schema-value",
            (f"`{where}`: {message}" if path else message),
            _value_hint(message, about),
        )
    return "schema-value", f"`{where}` is not valid here ({kind_of(value)})", about


def _type_message(kind: str, where: str, value: Any, about: str) -> tuple[str, str, str]:
    wanted = {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
    }[kind]
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return (
            "schema-value",
            f"`{where}` is {_number(value)}: numbers must lie within ±10^15",
            "write the figure itself, as a finite number; give its unit in words",
        )
    if kind == "string_type" and isinstance(value, bool):
        hint = "quote it: values YAML reads as true/false must be quoted to be text"
    elif kind == "string_type" and isinstance(value, int | float):
        hint = "quote it: values YAML reads as numbers must be quoted to be text"
    elif kind in ("int_type", "float_type") and isinstance(value, str):
        hint = _number_hint(value)
    elif kind == "bool_type":
        hint = "write true or false, without quotes"
    else:
        hint = about
    if kind == "int_type" and isinstance(value, float):
        if math.isfinite(value):
            return "schema-type", f"`{where}` must be a whole number, not {number(value)}", hint
        return "schema-type", f"`{where}` must be a whole number", hint
    return "schema-type", f"`{where}` must be {wanted}, not {kind_of(value)}", hint


def _pattern_message(err: ErrorDetails, path: Path, where: str, about: str) -> tuple[str, str]:
    pattern = str((err.get("ctx") or {}).get("pattern", ""))
    value = err.get("input")
    if err["loc"][-1:] == ("[key]",):
        if value == "":
            return f'`{dotted(path[:-1])}` has an empty code (`""`): give it a code', _CODE_HINT
        return f"`{where}`: `{escaped(str(value))}` is not a reason code", _CODE_HINT
    if pattern == r"^[^\n]+$":
        return f"`{where}` must fit on one line", "remove the line breaks (use `>` or quotes)"
    if pattern == ID_PATTERN:
        return f"`{where}`: `{value}` is not an item id", _ID_HINT
    if path and path[-1] == "code":
        return f"`{where}`: `{value}` is not a reason code", _CODE_HINT
    if pattern == LOI_PATTERN:
        return f"`{where}`: `{value}` is not a line-of-inquiry id", _LOI_HINT
    if path and path[-1] == "url":
        return f"`{where}` must be a web address starting http:// or https://", about
    return f"`{where}`: `{value}` is not in the expected form", about


_TOO_LONG = {
    "lines_of_inquiry": (
        "names",
        "lines of inquiry",
        "cite the lines of inquiry the item bears on most directly: each is listed on the"
        " item's page and in its index row, which must fit the build's memory",
    ),
    "series": (
        "has",
        "points",
        "a chart of more points than this cannot be drawn within the build's memory:"
        " give yearly or monthly values, and attach the full table as an exhibit",
    ),
    "paragraphs": (
        "has",
        "paragraphs",
        "split the statement into several testimonies, or attach it as an exhibit and"
        " quote the paragraphs that matter",
    ),
}


def _too_long(err: ErrorDetails, path: Path, where: str, about: str) -> tuple[str, str]:
    """A list over its limit: how long it is, the limit, and what to do instead."""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    actual = ctx.get("actual_length", len(value) if isinstance(value, list | dict) else 0)
    most = ctx.get("max_length", 0)
    verb, noun, hint = _TOO_LONG.get(str(path[-1]) if path else "", ("has", "entries", about))
    return f"`{where}` {verb} {actual:,} {noun}: at most {most:,} are allowed", hint


def _value_hint(message: str, about: str) -> str:
    if "author" in message and "publisher" in message:
        return "add `author:` (who wrote it) or `publisher:` (who published it)"
    if "period" in message and "as_of" in message:
        return "give `period: {start: …, end: …}` or `as_of: …`, not both"
    return about


def describe(err: ErrorDetails, model: type[BaseModel]) -> SchemaProblem:
    """One pydantic error as a problem at a YAML path."""
    code, message, hint = _message(err, model)
    path = _path(err["loc"], err["type"])
    kind = err["type"]
    if kind == "extra_forbidden":
        return _unknown_field(model, path)
    if kind == "missing":
        return SchemaProblem(path[:-1], False, code, message, hint)
    at_key = err["loc"][-1:] == ("[key]",) or (err.get("input") is None and bool(path))
    return SchemaProblem(path, at_key, code, message, hint)


def _unknown_field(model: type[BaseModel], path: Path) -> SchemaProblem:
    """A key the model does not have: an empty one, one holding a character that prints as
    nothing (shown, with a word on it), or a misspelling (with "did you mean")."""
    name = str(path[-1])
    if not name:
        where = "a key" if len(path) == 1 else f"`{dotted(path[:-1])}` has a key that"
        message = f'{where} is empty (`""`)'
        hint = "give the field its name, or remove the line"
        return SchemaProblem(path, True, "schema-unknown-field", message, hint)
    allowed = fields_at(model, path[:-1])
    unseen = [c for c in name if escaped(c) != c]
    visible = "".join(c for c in name if c not in unseen)
    close = difflib.get_close_matches(visible, allowed, n=1, cutoff=0.6)
    hint = (
        f"did you mean `{close[0]}`?"
        if close
        else (f"allowed here: {', '.join(allowed)}" if allowed else "remove it")
    )
    if unseen:
        codes = ", ".join(dict.fromkeys(escaped(c) for c in unseen))
        hint += f"; the name holds a character that prints as nothing ({codes}): retype it"
    if visible.isdigit() and len(path) > 1:
        # `{label: 2023, value: 1,234}`: in a `{…}` mapping a comma ends the value.
        hint = (
            "a number written with a thousands separator (`1,234`) inside `{…}` is cut at its "
            "comma, the rest read as a key: write it without the comma (`1234`)"
        )
    message = f"unknown field `{dotted(path)}`"
    return SchemaProblem(path, True, "schema-unknown-field", message, hint)


def position(problem: SchemaProblem, doc: Document) -> Pos:
    """Where a schema problem stands in its file: the key or the value."""
    return doc.key_pos(problem.path) if problem.at_key else doc.value_pos(problem.path)


def _number_hint(value: str) -> str:
    """What to do with text where a number belongs: the usual slips named."""
    text = value.strip()
    if text.endswith("%"):
        return "write the number alone (`50.5`) and `unit: percent`"
    if "," in text:
        return "write the number without thousands separators (`1200`)"
    return "write the number alone, without quotes or words around it"
