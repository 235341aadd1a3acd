"""Whether a text holds the words of a redacted string anywhere, in any order
(`Matcher.words_present`, `Matcher.parts_present`): a page where a name could be drawn out of
reading order, or wrapped with other words between its parts. They say where a name may be,
never more.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry import name_patterns as patterns
from inquiry.folding import has_look_alikes, normalise_fast
from inquiry.folding_chars import NARROW_MARK
from inquiry.name_look import Looks

WHOLE_NAME = str.maketrans(patterns.WHOLE_NAME_LETTERS)


@dataclass(frozen=True)
class Presence:
    """A matcher's forms' words (`words`, as written), its look-alike reading (`looks`), and
    whether an entry holds a look-alike letter itself (`look_always`)."""

    words: Sequence[Sequence[str]]
    looks: Looks
    look_always: bool

    def words_present(self, text: str) -> bool:
        """Whether every word of some redacted string is somewhere in `text`, in any order: a
        page where a name could be drawn out of reading order."""
        if not self.words or not text:
            return False
        kept = normalise_fast(text, keep_narrow=True).translate(WHOLE_NAME)
        for norm in {kept.replace(NARROW_MARK, " "), kept.replace(NARROW_MARK, "")}:
            if any(all(word in norm for word in words) for words in self.plain_words):
                return True
        if not (self.look_always or has_look_alikes(text)):
            return False
        kept = normalise_fast(text, look_alike=True, keep_narrow=True)
        return any(
            all(word.search(norm) for word in words)
            for norm in {kept.replace(NARROW_MARK, " "), kept.replace(NARROW_MARK, "")}
            for words in self.looks.words
        )

    def parts_present(self, text: str) -> bool:
        """Whether the start of every word of some redacted string is in `text` (a word's
        first four letters, or all of a shorter one): a page where a name could be wrapped
        with other words between its parts (`Place-`, a table's next cell, `holder`)."""
        if not self.words or not text:
            return False
        norm = normalise_fast(text).replace(NARROW_MARK, " ").translate(WHOLE_NAME)
        return any(all(word[:4] in norm for word in words) for words in self.plain_words)

    @functools.cached_property
    def plain_words(self) -> list[tuple[str, ...]]:
        """Each form's words with an Arabic alef maksura or teh marbuta read as the yeh or
        heh a whole name takes it for (`patterns.WHOLE_NAME_LETTERS`), as a text is read by
        `words_present` and `parts_present`: they say where a name may be, never more."""
        return [tuple(w.translate(WHOLE_NAME) for w in words) for words in self.words]
