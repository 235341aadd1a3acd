"""The rules across fields ("needs one of"), read from the data as written.

Pydantic runs a model's `model_validator(mode="after")` only when every field of it passed, so a
bad date in `source` hid a source with neither `author` nor `publisher`, and nothing re-ran them
on the fields that passed one by one. Here they run on the mapping as written, whatever else in
the file fails, and each is placed at the fields it concerns. The models keep their validators
(raising `NEEDS_ERROR`, which loading leaves to these rules) so that a model made in code is held
to the same rules.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from inquiry.model.items import NEEDS_ERROR, ItemBase, Source, Statistic
from inquiry.model.messages import SchemaProblem

__all__ = ["NEEDS_ERROR", "needs_problems"]

AUTHOR_OR_PUBLISHER = "`source` needs an `author` or a `publisher`"
AUTHOR_HINT = "add `author:` (who wrote it) or `publisher:` (who published it)"
PERIOD_OR_AS_OF = "a statistic needs `period` or `as_of`"
PERIOD_AND_AS_OF = "a statistic has `period` or `as_of`, not both"
PERIOD_HINT = "give `period: {start: …, end: …}` or `as_of: …`, not both"


def _given(data: dict[str, Any], key: str) -> bool:
    """Whether `key` is given, or misspelt: a misspelt key (`pubisher:`) is reported as unknown,
    with "did you mean"; saying the field is missing as well would have it written twice."""
    # `author: null` is the field left empty, as pydantic reads it (the default, None).
    if data.get(key) is not None:
        return True
    others = [k for k in data if isinstance(k, str) and k not in _FIELDS]
    return bool(difflib.get_close_matches(key, others, n=1, cutoff=0.6))


_FIELDS = frozenset({*ItemBase.model_fields, *Statistic.model_fields, *Source.model_fields})


def needs_problems(model: type[BaseModel], data: dict[str, Any]) -> list[SchemaProblem]:
    """Each "needs one of" rule of `model` that the mapping `data` breaks, at its place."""
    out: list[SchemaProblem] = []
    source = data.get("source")
    if (
        issubclass(model, ItemBase)
        and isinstance(source, dict)
        and not _given(source, "author")
        and not _given(source, "publisher")
    ):
        out.append(
            SchemaProblem(("source",), False, "schema-value", AUTHOR_OR_PUBLISHER, AUTHOR_HINT)
        )
    if issubclass(model, Statistic):
        given = [k for k in data if k in ("period", "as_of") and data[k] is not None]
        if not _given(data, "period") and not _given(data, "as_of"):
            out.append(SchemaProblem((), False, "schema-value", PERIOD_OR_AS_OF, PERIOD_HINT))
        elif len(given) > 1:
            out.append(
                SchemaProblem((given[-1],), True, "schema-value", PERIOD_AND_AS_OF, PERIOD_HINT)
            )
    return out
