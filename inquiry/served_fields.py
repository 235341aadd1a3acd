"""A served record's descriptive values checked for what `inquiry serve` writes there.

A build numbers from an entry's id, number and pages (`served_shape`, `served_placement`); `diff`
and `verify` read the rest: titles, kinds, lines of inquiry, hashes. Hand-edited to the wrong type
they were read as they were (red team h190: a title of `12345`, a page hash `"zz"` that made
`verify` blame the PDF for a page the record had broken, `include_drafts: true` in a record
`serve` would have refused). Each is reported at its value, as every other record problem is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inquiry.kinds import KINDS
from inquiry.served_shape import Path, is_sha256, kind_of

_STATUS = ("final",)
"""The only status a served item has: `serve` refuses a bundle built with drafts."""


def field_problems(manifest: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Every descriptive value of a served record's manifest (shaped as `served_shape` wants)
    that is not what `inquiry build` writes: the path of the value and why."""
    out: list[tuple[Path, str]] = []
    bundle = manifest.get("bundle")
    if isinstance(bundle, dict):
        for key in ("title", "inquiry", "submitted_by"):
            if key in bundle and not isinstance(bundle[key], str):
                out.append((("bundle", key), _wrong(f"bundle.{key}", "a string", bundle[key])))
        if bundle.get("include_drafts", False) is not False:
            out.append((("bundle", "include_drafts"), _drafts(bundle["include_drafts"])))
        tabs = bundle.get("tabs")
        for letter, title in tabs.items() if isinstance(tabs, dict) else ():
            if not isinstance(title, str):
                at = ("bundle", "tabs", letter)
                out.append((at, _wrong(f"bundle.tabs.{letter}", "its title", title)))
        hashes = bundle.get("page_sha256", [])
        if not isinstance(hashes, list):
            out.append((("bundle", "page_sha256"), _wrong("bundle.page_sha256", "a list", hashes)))
        else:
            bad = next((k for k, h in enumerate(hashes) if not is_sha256(h)), None)
            if bad is not None:
                at = ("bundle", "page_sha256", bad)
                out.append((at, _wrong(f"bundle.page_sha256[{bad}]", "a SHA-256", hashes[bad])))
    for i, item in enumerate(manifest.get("items", [])):
        if isinstance(item, dict):
            out += _item(i, item)
    return out


def _item(i: int, item: Mapping[str, Any]) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    name = f"items[{i}]"
    checks: tuple[tuple[str, str, bool], ...] = (
        ("title", "a string", isinstance(item.get("title"), str)),
        ("kind", "a kind of item", item.get("kind") in KINDS),
        ("source_sha256", "a SHA-256", is_sha256(item.get("source_sha256"))),
        ("status", "final", item.get("status") in _STATUS),
        ("lines_of_inquiry", "a list of ids", _strings(item.get("lines_of_inquiry"))),
    )
    for key, wanted, good in checks:
        if key in item and not good:
            out.append(((("items", i, key)), _wrong(f"{name}.{key}", wanted, item[key])))
    exhibits = item.get("exhibits", [])
    for k, exhibit in enumerate(exhibits if isinstance(exhibits, list) else []):
        if isinstance(exhibit, dict) and "sha256" in exhibit and not is_sha256(exhibit["sha256"]):
            at = ("items", i, "exhibits", k, "sha256")
            out.append((at, _wrong(f"{name}.exhibits[{k}].sha256", "a SHA-256", exhibit["sha256"])))
    return out


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _wrong(name: str, wanted: str, value: object) -> str:
    return f"`{name}` must be {wanted}, not {kind_of(value)}"


def _drafts(value: object) -> str:
    if value is True:
        return "`bundle.include_drafts` is true: a bundle built with drafts is never served"
    return _wrong("bundle.include_drafts", "false", value)


__all__ = ["field_problems"]
