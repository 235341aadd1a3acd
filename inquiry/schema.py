"""JSON Schema (draft 2020-12) for submission.yaml and every kind, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from inquiry.model import ITEM_MODELS, Submission

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"


def schema_name(kind: str) -> str:
    return f"{kind}.schema.json"


def _schema(model: type[BaseModel], name: str) -> dict[str, Any]:
    body = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "$id": f"https://inquiry.invalid/schemas/{name}", **body}


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
