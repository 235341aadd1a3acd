"""`inquiry new`'s KIND: a kind of item by any name a person gives it."""

from __future__ import annotations

from typing import Any

import click

from inquiry.kinds import KINDS


class KindChoice(click.Choice):  # type: ignore[type-arg]
    """A kind by its name, its folder's (`testimonies`), a short name or its ids' prefix."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import difflib

        from inquiry.kinds import ALIASES, kind_named

        kind = kind_named(str(value))
        if kind is not None:
            return kind
        words = [*KINDS, *ALIASES]
        close = difflib.get_close_matches(str(value).casefold(), words, n=1, cutoff=0.6)
        meant = f"; did you mean `{kind_named(close[0])}`?" if close else ""
        self.fail(f"{value!r} is not a kind of item ({', '.join(KINDS)}){meant}", param, ctx)
