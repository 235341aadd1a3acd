"""Read `evidence/` into models, turning every YAML and schema error into a positioned Problem."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from inquiry.model import ITEM_MODELS, KINDS, Item, Submission
from inquiry.problems import Problem
from inquiry.yamlnodes import Document, Pos, YamlProblem, read_yaml

EVIDENCE = "evidence"
SUBMISSION_FILE = "submission.yaml"


@dataclass(frozen=True)
class LoadedItem:
    """An evidence item with the file it came from."""

    item: Item
    file: str  # relative to the root, with forward slashes
    doc: Document
    sha256: str


@dataclass(frozen=True)
class Corpus:
    """Everything read from a submission repository, valid or not."""

    root: Path
    submission: Submission | None
    submission_doc: Document | None
    items: tuple[LoadedItem, ...]
    files: int


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _problem(file: str, pos: Pos, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(file, pos.line, pos.column, code, message, "error", hint)


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed where `loc` points, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = fields[part].annotation
        for arg in getattr(current, "__args__", ()) or ():
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
    return list(getattr(current, "model_fields", {}))


def schema_problems(
    exc: ValidationError, model: type[BaseModel], doc: Document, file: str
) -> list[Problem]:
    """Map pydantic's error locations back to the YAML key or value they concern."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        where = _dotted(loc)
        hint = None
        if kind == "missing":
            pos = doc.value_pos(loc[:-1])
            code, message = "schema-missing", f"`{where}` is required"
        elif kind == "extra_forbidden":
            pos = doc.key_pos(loc)
            code, message = "schema-unknown-field", f"unknown field `{where}`"
            allowed = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            hint = (
                f"did you mean `{close[0]}`?"
                if close
                else (f"allowed here: {', '.join(allowed)}" if allowed else None)
            )
        else:
            # An empty value (`title:`) has no position of its own worth showing: use its key.
            pos = doc.key_pos(loc) if err.get("input") is None else doc.value_pos(loc)
            msg = str(err["msg"]).removeprefix("Value error, ")
            code = (
                "schema-type"
                if kind.endswith("_type") or kind.endswith("_parsing")
                else ("schema-value")
            )
            message = f"`{where}`: {msg}" if loc else msg
            if err.get("input") is None and loc:
                message = f"`{where}` is empty: give it a value"
            if kind == "string_type" and isinstance(err.get("input"), bool):
                hint = "quote it: values YAML reads as true/false must be quoted to be text"
            elif kind == "string_type" and isinstance(err.get("input"), int | float):
                hint = "quote it: values YAML reads as numbers must be quoted to be text"
            elif kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
                hint = "ids look like SF-001: 2–5 capital letters, a hyphen, 3 or more digits"
        out.append(_problem(file, pos, code, message, hint))
    return out


def _read(root: Path, path: Path, problems: list[Problem]) -> tuple[Document, bytes] | None:
    file = _rel(root, path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(_problem(file, Pos(1, 1), "file-unreadable", exc.strerror or str(exc)))
        return None
    try:
        return read_yaml(raw), raw
    except YamlProblem as exc:
        problems.append(_problem(file, exc.pos, exc.code, exc.message, exc.hint))
        return None


def _is_mapping(doc: Document, file: str, problems: list[Problem]) -> bool:
    """A file holds one mapping of fields; anything else is one problem at its start."""
    if isinstance(doc.data, dict):
        return True
    found = "nothing" if doc.data is None else f"a {type(doc.data).__name__}"
    message = f"the file holds {found}; it must hold a mapping of fields (`key: value` lines)"
    problems.append(_problem(file, doc.value_pos(()), "schema-type", message))
    return False


def _validate(
    model: type[BaseModel], doc: Document, file: str, problems: list[Problem]
) -> BaseModel | None:
    if not _is_mapping(doc, file, problems):
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, model, doc, file))
        return None


def item_files(root: Path) -> list[Path]:
    """Every item file under evidence/, in a stable order."""
    base = root / EVIDENCE
    files = [*base.rglob("*.yaml"), *base.rglob("*.yml")]
    return sorted(p for p in files if p.name != SUBMISSION_FILE or p.parent != base)


def load(root: Path) -> tuple[Corpus, list[Problem]]:
    """Read submission.yaml and every item; return what could be read and every problem met."""
    problems: list[Problem] = []
    sub_path = root / EVIDENCE / SUBMISSION_FILE
    submission: Submission | None = None
    sub_doc: Document | None = None
    if not sub_path.is_file():
        problems.append(
            Problem(
                f"{EVIDENCE}/{SUBMISSION_FILE}",
                1,
                1,
                "submission-missing",
                "evidence/submission.yaml is missing",
                hint="run `inquiry init DIR` for a new submission, or pass --root",
            )
        )
    else:
        read = _read(root, sub_path, problems)
        if read:
            sub_doc = read[0]
            model = _validate(Submission, sub_doc, _rel(root, sub_path), problems)
            submission = model if isinstance(model, Submission) else None

    items: list[LoadedItem] = []
    paths = item_files(root) if (root / EVIDENCE).is_dir() else []
    for path in paths:
        read = _read(root, path, problems)
        if not read:
            continue
        doc, raw = read
        file = _rel(root, path)
        if not _is_mapping(doc, file, problems):
            continue
        kind = doc.data.get("kind")
        if not (isinstance(kind, str) and kind in ITEM_MODELS):
            pos = doc.value_pos(("kind",) if "kind" in doc.data else ())
            close = difflib.get_close_matches(str(kind), KINDS, n=1)
            problems.append(
                _problem(
                    file,
                    pos,
                    "schema-missing" if kind is None else "schema-value",
                    "`kind` is required" if kind is None else f"unknown kind `{kind}`",
                    f"did you mean `{close[0]}`?" if close else f"one of: {', '.join(KINDS)}",
                )
            )
            continue
        model = _validate(ITEM_MODELS[kind], doc, file, problems)
        if model is not None:
            items.append(LoadedItem(model, file, doc, hashlib.sha256(raw).hexdigest()))  # type: ignore[arg-type]
    corpus = Corpus(root, submission, sub_doc, tuple(items), files=len(paths))
    return corpus, problems
