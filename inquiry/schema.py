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
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from inquiry.model import ITEM_MODELS, Submission

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


def stale(root: Path) -> list[str]:
    """Schema files under `root/schemas` that are missing or differ from the models."""
    out = []
    for name, text in schemas().items():
        path = root / SCHEMA_DIR / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(f"{SCHEMA_DIR}/{name}")
    return out


def write(root: Path) -> list[str]:
    """Write every schema; return the paths written."""
    (root / SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
    for name, text in schemas().items():
        (root / SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    return [f"{SCHEMA_DIR}/{name}" for name in schemas()]
