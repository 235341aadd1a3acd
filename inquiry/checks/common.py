"""Helpers shared by the rule modules."""

from __future__ import annotations

from inquiry.load import LoadedItem
from inquiry.problems import Problem, Severity
from inquiry.yamlnodes import Path


def at(
    entry: LoadedItem,
    path: Path,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
    key: bool = False,
) -> Problem:
    """A problem at the value (or key) found at `path` in an item's file."""
    pos = entry.doc.key_pos(path) if key else entry.doc.value_pos(path)
    return Problem(entry.file, pos.line, pos.column, code, message, severity, hint)
