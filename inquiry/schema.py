"""JSON Schema (draft 2020-12) for submission.yaml and every kind, generated from the models.

Shaped for editors as much as for validators (the YAML language server reads them through the
`# yaml-language-server: $schema=…` line that `inquiry new` writes):
- every property has a title and a description, and examples that validate;
- an optional field is `"type": ["string", "null"]`, not an `anyOf` with a null branch: editors
  show an `anyOf`'s branches as "Url || Url" and drop the description; no `"default": null`,
  which completion would insert literally;
- `$id` is `https://inquiry.invalid/schemas/<file name>`: stable across versions, and under the
  reserved `.invalid` domain so that no tool ever fetches it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from inquiry.atomic import write_atomic
from inquiry.errors import InquiryError, UsageProblem
from inquiry.model import ITEM_MODELS, Submission
from inquiry.readfiles import Unreadable, read_limited, reason

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
ID_BASE = "https://inquiry.invalid/schemas/"
_CONDITIONS = ("if", "then", "else", "not")


def schema_name(kind: str) -> str:
    return f"{kind}.schema.json"


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _nullable(name: str, prop: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [X, {type: null}]` as one schema where it can be, else with a titled null."""
    branches = prop.get("anyOf")
    if not (isinstance(branches, list) and len(branches) == 2 and branches[1] == {"type": "null"}):
        return prop
    inner = branches[0]
    outer = {k: v for k, v in prop.items() if k != "anyOf"}
    if "$ref" not in inner and isinstance(inner.get("type"), str):
        merged = {**inner, **outer}
        merged["type"] = [inner["type"], "null"]
        return merged
    empty = {
        "type": "null",
        "title": f"{outer.get('title', _title(name))} left empty",
        "description": f"Leave `{name}` empty or out when it does not apply.",
    }
    return {**outer, "anyOf": [inner, empty]}


def _polish(node: Any, declared: dict[str, Any] | None = None) -> Any:
    """Apply the editor-friendly shape to every object schema, however deep."""
    if isinstance(node, list):
        return [_polish(n, declared) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _polish(v, node.get("properties", declared)) for k, v in node.items()}
    props = out.get("properties")
    if isinstance(props, dict):
        for name, prop in list(props.items()):
            prop = _nullable(name, prop)
            if prop.get("default", 0) is None:
                del prop["default"]
            known = (declared or {}).get(name, {})
            prop.setdefault("title", known.get("title", _title(name)))
            if "description" in known:
                prop.setdefault("description", known["description"])
            props[name] = prop
    for key in _CONDITIONS:
        if isinstance(out.get(key), dict):
            out[key] = _polish(out[key], out.get("properties", declared))
    return out


def _described_refs(node: Any, defs: dict[str, Any]) -> None:
    """A property that is a `$ref` shows its model's description when it has none of its own
    (pydantic leaves it out when the two are the same)."""
    for prop in _each_property(node):
        ref = prop.get("$ref")
        if isinstance(ref, str) and "description" not in prop:
            target = defs.get(ref.rsplit("/", 1)[-1], {})
            if "description" in target:
                prop["description"] = target["description"]


def _each_property(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            out += [p for p in props.values() if isinstance(p, dict)]
        for value in node.values():
            out += _each_property(value)
    elif isinstance(node, list):
        for value in node:
            out += _each_property(value)
    return out


def _schema(model: type[BaseModel], name: str) -> dict[str, Any]:
    body = _polish(model.model_json_schema(mode="validation"))
    _described_refs(body, body.get("$defs", {}))
    return {"$schema": DIALECT, "$id": f"{ID_BASE}{name}", **body}


def schemas() -> dict[str, str]:
    """File name → schema text, for the submission and each kind."""
    models: dict[str, type[BaseModel]] = {"submission": Submission, **ITEM_MODELS}
    return {
        schema_name(kind): json.dumps(
            _schema(model, schema_name(kind)), indent=2, ensure_ascii=False
        )
        + "\n"
        for kind, model in models.items()
    }


@dataclass(frozen=True)
class Stale:
    """A schema file that `write` would change, and why."""

    path: str  # relative to the root, e.g. `schemas/testimony.schema.json`
    reason: str


class SchemaWriteError(InquiryError):
    """A schema file that could not be written (exit 2: the place, not the evidence); the
    message is one line."""


def check(root: Path) -> list[Stale]:
    """Every schema file under `root/schemas` that is missing, differs from the models, or is
    not a regular file of its own (`write` would replace it): never an exception, and nothing
    is read through a link or from a FIFO or device."""
    folder = root / SCHEMA_DIR
    outside = _leads_outside(root, folder)
    out = []
    for name, text in schemas().items():
        rel = f"{SCHEMA_DIR}/{name}"
        if outside is not None:
            out.append(Stale(rel, f"{SCHEMA_DIR}/ is a link that leads outside the repository"))
            continue
        reason = _why_stale(folder / name, text.encode("utf-8"))
        if reason is not None:
            out.append(Stale(rel, reason))
    return out


def _why_stale(path: Path, expected: bytes) -> str | None:
    if os.path.islink(path):
        return "a link, not the file itself"
    if not os.path.lexists(path):
        return "missing"
    try:
        # One byte over what is expected is enough to tell that it differs.
        found = read_limited(path, len(expected))
    except Unreadable as exc:
        return "out of date" if exc.code == "file-too-large" else exc.message
    if found == expected:
        return None
    try:
        found.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    return "out of date"


def stale(root: Path) -> list[str]:
    """The paths of `check`: schema files that are missing or differ from the models."""
    return [found.path for found in check(root)]


def write(root: Path) -> list[str]:
    """Write every schema into `root/schemas`; return the paths written.

    Each file is replaced as one (written beside it, then renamed over it), so a reader never
    sees half a schema and a link in its place is replaced, never written through: a pull
    request may commit `schemas/x.schema.json` as a link to any file of the machine. A
    `schemas/` that is itself a link out of the repository is refused (`UsageProblem`)."""
    if not root.is_dir():
        what = "is not a directory" if root.exists() else "does not exist"
        raise UsageProblem(f"{root} {what}: give the repository with --root")
    folder = root / SCHEMA_DIR
    outside = _leads_outside(root, folder)
    if outside is not None:
        raise UsageProblem(
            f"{folder} is a link that leads outside the repository, to {outside}; nothing was "
            "written: replace the link with a folder"
        )
    if os.path.lexists(folder) and not folder.is_dir():
        raise SchemaWriteError(
            f"cannot create {folder}: a file of that name is in the way; move it aside (the "
            "schemas are a folder of files)"
        )
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise SchemaWriteError(f"cannot create {folder}: {reason(exc)}") from None
    written = []
    for name, text in schemas().items():
        _replace(folder / name, text.encode("utf-8"))
        written.append(f"{SCHEMA_DIR}/{name}")
    return written


def _replace(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SchemaWriteError(f"cannot write {path}: {reason(exc)}") from None


def _leads_outside(root: Path, folder: Path) -> Path | None:
    """Where `folder` really is when a link takes it outside `root`; None when it stays in."""
    real = Path(os.path.realpath(folder))
    return None if real.is_relative_to(os.path.realpath(root)) else real
