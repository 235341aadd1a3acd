"""A matcher's forms laid out for the look-alike reading (`inquiry.folding`, `look_alike`): each
word an expression that takes its every letter in either case (`name_patterns.look_tokens`).
They are made when first needed (a text or an entry holding a look-alike letter): most builds
never need them, and they are most of the cost of a matcher of hundreds of names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry import name_patterns as patterns


def anywhere(
    words: Sequence[Sequence[str]],
    ok: Sequence[bool],
    commas: Sequence[int],
    *,
    literal: bool = False,
    glued: bool = False,
) -> re.Pattern[str] | None:
    """The forms whose `ok` is set, found anywhere (not only as whole words); the others never.
    `glued`: a surname first may be glued to the given name (an address's name part)."""
    kept = [w if keep else patterns.NEVER for w, keep in zip(words, ok, strict=True)]
    return patterns.pattern(kept, commas, whole=False, literal=literal, glued=glued)


@dataclass(frozen=True)
class Looks:
    """A matcher's forms (as written) for the look-alike reading: their words (`words`), and
    the expressions for whole words (`whole`), inside a host, a hashtag (`host`) and an
    address's name part or a handle (`bare`), as the plain reading has them. Each is made
    when first asked for."""

    forms: Sequence[str]
    commas: Sequence[int]
    bare_ok: Sequence[bool]
    host_ok: Sequence[bool]

    @functools.cached_property
    def tokens(self) -> list[list[str]]:
        return [patterns.look_tokens(form) for form in self.forms]

    @functools.cached_property
    def words(self) -> list[tuple[re.Pattern[str], ...]]:
        return [tuple(re.compile(w) for w in words) for words in self.tokens]

    @functools.cached_property
    def whole(self) -> re.Pattern[str] | None:
        return patterns.pattern(self.tokens, self.commas)

    @functools.cached_property
    def host(self) -> re.Pattern[str] | None:
        return anywhere(self.tokens, self.host_ok, self.commas)

    @functools.cached_property
    def bare(self) -> re.Pattern[str] | None:
        return anywhere(self.tokens, self.bare_ok, self.commas, glued=True)
