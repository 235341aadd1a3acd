"""The kind an item most likely is, when its `kind` is missing, not text, or names a kind whose
fields it does not have.

Without a kind an item could only be checked for the fields every kind has, so a missing `kind`
hid every other problem of the file until it was put right. The item is checked instead as the
kind it most likely is: by its own fields (those only one kind has), else by its folder
(`survey_findings/`, as `inquiry new` files it), else by its id's prefix (`SF-`, as `inquiry new`
numbers it).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from inquiry.kinds import KINDS
from inquiry.model.items import ITEM_MODELS, ItemBase

FOLDERS = {
    "survey_finding": "survey_findings",
    "testimony": "testimonies",
    "statistic": "statistics",
    "policy_extract": "policy_extracts",
}
"""The folder `inquiry new` files each kind in."""
PREFIXES = {"survey_finding": "SF", "testimony": "TM", "statistic": "ST", "policy_extract": "PE"}
"""The id prefix `inquiry new` gives each kind."""

_COMMON = frozenset({*ItemBase.model_fields, "kind"})
OWN_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in ITEM_MODELS[kind].model_fields if name not in _COMMON)
    for kind in KINDS
}
"""The fields only one kind has, in the models' order."""
_REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(n for n in OWN_FIELDS[kind] if ITEM_MODELS[kind].model_fields[n].is_required())
    for kind in KINDS
}


def kind_name(kind: str) -> str:
    """`survey_finding` → `survey finding`."""
    return kind.replace("_", " ")


def own_fields_given(data: dict[str, Any], kind: str) -> list[str]:
    """The fields of `data` that only `kind` has, in the file's order."""
    own = OWN_FIELDS[kind]
    return [key for key in data if key in own]


def by_fields(data: dict[str, Any]) -> str | None:
    """The one kind whose own fields the item has most of, if one has more than the others."""
    scores = sorted(((len(own_fields_given(data, k)), k) for k in KINDS), reverse=True)
    (best, kind), (second, _) = scores[0], scores[1]
    return kind if best > second else None


def by_folder(file: str) -> str | None:
    """The kind whose folder holds the file (`evidence/statistics/x.yaml` → statistic)."""
    parts = [p.lower() for p in PurePosixPath(file).parts[:-1]]
    for kind, folder in FOLDERS.items():
        if folder in parts or kind in parts:
            return kind
    return None


def by_id(data: dict[str, Any]) -> str | None:
    """The kind whose usual prefix the item's id has (`ST-004` → statistic)."""
    item_id = data.get("id")
    if not isinstance(item_id, str):
        return None
    prefix = item_id.strip().split("-", 1)[0].upper()
    return next((kind for kind, p in PREFIXES.items() if p == prefix), None)


def likely_kind(data: dict[str, Any], file: str) -> tuple[str | None, str]:
    """The kind the item most likely is, and why (words for a hint), or None."""
    kind = by_fields(data)
    if kind is not None:
        return kind, f"its fields are {_a(kind)}'s"
    kind = by_folder(file)
    if kind is not None:
        return kind, f"it is in {FOLDERS[kind]}/"
    kind = by_id(data)
    if kind is not None:
        return kind, f"its id starts {PREFIXES[kind]}-"
    return None, ""


def other_kind(data: dict[str, Any], written: str) -> str | None:
    """The kind the item's fields clearly are, when `kind` names another: it has none of the
    written kind's own fields, and at least two of the other's (one could be a slip)."""
    if own_fields_given(data, written):
        return None
    kind = by_fields(data)
    if kind is None or kind == written or len(own_fields_given(data, kind)) < 2:
        return None
    return kind


def wrong_kind_words(data: dict[str, Any], written: str, meant: str) -> tuple[str, str]:
    """(message, hint) for an item whose fields are `meant`'s while `kind` says `written`."""
    given = ", ".join(f"`{name}`" for name in own_fields_given(data, meant))
    message = (
        f"this item's fields are {_a(meant)}'s ({given}), not {_a(written)}'s: "
        f"is `kind` meant to be `{meant}`?"
    )
    needed = ", ".join(f"`{name}`" for name in _REQUIRED[written])
    return message, f"write `kind: {meant}`, or give {_a(written)}'s fields: {needed}"


def _a(kind: str) -> str:
    return f"a {kind_name(kind)}"
