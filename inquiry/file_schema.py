"""One evidence file checked against its model (for `inquiry.load`): the whole model when it passes,
else the fields that did, and every schema problem at its place in the file, a misspelt or
missing kind among them."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from inquiry.model import KINDS
from inquiry.model.messages import SchemaProblem, describe, kind_of, position
from inquiry.model.needs import NEEDS_ERROR, needs_problems
from inquiry.model.partial import Fields, validate_partial
from inquiry.model.pasted import pasted_hint
from inquiry.problems import Problem
from inquiry.readfiles import problem_at
from inquiry.yamlcompose import Pos
from inquiry.yamlnodes import Document


def is_mapping(doc: Document, file: str, problems: list[Problem]) -> bool:
    """A file holds one mapping of fields; anything else is one problem at its start."""
    if isinstance(doc.data, dict):
        return True
    found = {type(None): "nothing", str: "only text", list: "a list"}.get(
        type(doc.data), "a single value"
    )
    message = f"the file holds {found}; it must hold a mapping of fields (`key: value` lines)"
    problems.append(
        problem_at(
            file, doc.value_pos(()), "schema-type", message, "write one `key: value` per line"
        )
    )
    return False


def validate_file(
    model: type[BaseModel],
    doc: Document,
    file: str,
    problems: list[Problem],
    *,
    common_only: bool = False,
    meant: str | None = None,
) -> tuple[BaseModel | None, Fields]:
    """The whole model when the file passes; otherwise its problems and the fields that did.
    `common_only`: the kind is unknown, so only the fields every kind has are checked (its
    other fields are not reported as unknown: they may be right for the kind it meant).
    `meant`: the kind is misspelt as one `meant` (already reported): the file is checked as that
    kind, so its other problems come in the same run, not after the spelling is put right."""
    data = doc.data if meant is None else {**doc.data, "kind": meant}
    # The rules across fields run on the file as written: pydantic skips a model's own once
    # any of its fields fails, which hid them behind any other fault.
    needs = needs_problems(model, data)
    try:
        valid = model.model_validate(data)
        return valid, Fields(valid, doc.data)
    except ValidationError as exc:
        found_all = [
            describe(err, model)
            for err in exc.errors(include_url=False)
            if not (common_only and err["type"] == "extra_forbidden" and len(err["loc"]) == 1)
            and not (meant is not None and tuple(err["loc"]) == ("kind",))
            and err["type"] != NEEDS_ERROR
        ]
        found_all += needs
        if doc.unread:  # nothing is said of fields on lines YAML could not read
            found_all = [f for f in found_all if not _of_unread(f, doc.unread)]
        for found in found_all[:FILE_SCHEMA_PROBLEMS]:
            problems.append(
                problem_at(
                    file, position(found, doc), found.code, found.message, pasted_hint(found, doc)
                )
            )
        if len(found_all) > FILE_SCHEMA_PROBLEMS:
            more = len(found_all) - FILE_SCHEMA_PROBLEMS
            problems.append(
                problem_at(
                    file,
                    Pos(1, 1),
                    "schema-many",
                    f"and {more:,} more problems of the same kinds in this file (the first "
                    f"{FILE_SCHEMA_PROBLEMS} are listed)",
                    "fix the ones listed and validate again; a file this far from its kind "
                    "may be the wrong kind, or not an item",
                )
            )
    return None, Fields(validate_partial(model, data), doc.data)


def _of_unread(found: SchemaProblem, unread: frozenset[str]) -> bool:
    """Whether a problem is about a top-level field YAML could not read (or names one)."""
    return bool(found.path and found.path[0] in unread) or any(
        f"`{key}`" in found.message for key in unread
    )


def meant_kind(kind: object) -> str | None:
    """The kind a misspelt `kind` was meant to be (`testimoney`, `[testimony]`), when one is
    close."""
    if isinstance(kind, list) and len(kind) == 1:
        kind = kind[0]
    if not isinstance(kind, str):
        return None
    close = difflib.get_close_matches(kind.strip().lower(), KINDS, n=1, cutoff=0.8)
    return close[0] if close else None


def kind_problem(doc: Document, file: str, guess: str | None, why: str) -> Problem:
    """`kind` missing, not text, or no kind: the hint names the kind it most likely is."""
    kind = doc.data.get("kind")
    pos = doc.value_pos(("kind",) if "kind" in doc.data else ())
    close = difflib.get_close_matches(str(kind), KINDS, n=1)
    if kind is None:
        code, message = "schema-missing", "`kind` is required"
        hint = f"{why}: add `kind: {guess}`" if guess else ""
    elif not isinstance(kind, str):
        code, message = "schema-type", f"`kind` must be text, not {kind_of(kind)}"
        hint = f"write `kind: {guess}`" if guess else ""
    else:
        code, message = "schema-value", f"unknown kind `{kind}`"
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else (f"{why}: is it `{guess}`?" if guess else "")
        )
    return problem_at(file, pos, code, message, hint or f"one of: {', '.join(KINDS)}")


FILE_SCHEMA_PROBLEMS = 200
"""Schema problems listed for one file; past them, one problem says how many more (a pull
request of files of 40,000 unknown keys each made 320,000 problems and a gigabyte of memory)."""
