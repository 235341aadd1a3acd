"""A matcher's forms laid out for the drawn reading (`inquiry.name_readings.drawn_text`): each
letter of a name as itself or a character read as it, and which matches count (those that read
a character as a letter).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from inquiry import name_addresses as addresses
from inquiry import name_patterns as patterns
from inquiry.folding import DRAWN_MARK_OF
from inquiry.name_readings import DRAWN_MARKS, drawn_text
from inquiry.name_spaced import SPACED, spaced_letters, spaced_matches

DRAWN_CHARS = {
    letter: f"[{'i' if letter == 'l' else ''}{letter}{mark}]"
    for letter, mark in DRAWN_MARK_OF.items()
}
"""Each letter of a name (as `one_stroke` and folding leave it) as the drawn reading matches
it: itself, or a character read as it (`drawn_text`)."""


def one_stroke(word: str) -> str:
    """A folded word with `i` and `l` as one letter (`l`): how the drawn reading lays out a
    name, since a 1, a bar, an exclamation mark or a capital I may stand for either
    (`Wrenf1eld` and `Wrenfie1d` are both `Wrenfield`)."""
    return word.replace("i", "l")


def drawn_counts(norm: str, start: int, end: int) -> bool:
    """Whether a drawn reading's match `norm[start:end]` (a folded text) is a name drawn with
    look-alikes: it holds one of `DRAWN_MARKS`."""
    return any(ch in DRAWN_MARKS for ch in norm[start:end])


_AS_PLAIN = str.maketrans({mark: letter for letter, mark in DRAWN_MARK_OF.items()})
"""The drawn reading's marks as the letters they stand for: where an address, a host or a
hashtag starts and ends is found in this copy of the text (their expressions take letters)."""


@dataclass(frozen=True)
class Drawn:
    """A matcher's forms laid out for the drawn reading: those of three letters or more as
    whole words (`i` and `l` as one letter, each letter as `DRAWN_CHARS`
    gives it) and anywhere in an address's name part or a handle (`bare`); those of five
    letters or more anywhere in a hashtag or a host (`inside`), as the plain reading reads
    them."""

    whole: re.Pattern[str] | None
    bare: re.Pattern[str] | None
    inside: re.Pattern[str] | None

    @classmethod
    def of(
        cls,
        words: Sequence[Sequence[str]],
        commas: Sequence[int],
        bare_ok: Sequence[bool],
        host_ok: Sequence[bool],
    ) -> Drawn:
        stroked = [[one_stroke(w) for w in form] for form in words]

        def laid_out(
            ok: Sequence[bool], whole: bool, glued: bool = False
        ) -> re.Pattern[str] | None:
            kept = [w if keep else patterns.NEVER for w, keep in zip(stroked, ok, strict=True)]
            return patterns.pattern(
                kept, commas, whole=whole, literal=True, chars=DRAWN_CHARS, glued=glued
            )

        return cls(
            laid_out(bare_ok, True), laid_out(bare_ok, False, True), laid_out(host_ok, False)
        )

    def spans(self, norm: str) -> list[tuple[int, int, int]]:
        """(start, end, form) of each match in a folded text that is one (`drawn_counts`)."""
        if self.whole is None or self.bare is None or self.inside is None:
            return []
        found = list(self.whole.finditer(norm))
        shadow = norm.translate(_AS_PLAIN)
        if "#" in norm:
            for part in addresses.HASHTAG.finditer(shadow):
                found += self.inside.finditer(norm, part.start(), part.end())
        if "@" in norm:
            for part in addresses.ADDRESS.finditer(shadow):
                found += self.bare.finditer(norm, part.start(), part.end())
        # As `name_spans.Forms.spans`.
        if "." in norm or "/" in norm or "\\" in norm or "\u3002" in norm:
            for part in addresses.hosts(shadow):
                if not addresses.ours(part.group()):
                    found += self.inside.finditer(norm, part.start(), part.end())
        out = []
        for m in found:
            if m.end() > m.start() and drawn_counts(norm, m.start(), m.end()):
                assert m.lastgroup is not None
                out.append((m.start(), m.end(), int(m.lastgroup[1:])))
        for run in SPACED.finditer(shadow):
            # Letter-spaced (`W R E N F 1 E L D`): read with its letters together, then drawn.
            # Read in the shadow, where a mark already made is a letter (`M\u2009⁰\u2009O…`,
            # its `⁰` read in its word), then written with the marks again.
            plain, where = spaced_letters(shadow, run.start(), run.end())
            kept = "".join(
                " " if ch == " " else norm[i] for ch, i in zip(plain, where, strict=True)
            )
            drawn = drawn_text(kept) or kept
            for m in spaced_matches(drawn, self.whole, self.inside):
                if m.end() > m.start() and drawn_counts(drawn, m.start(), m.end()):
                    assert m.lastgroup is not None
                    out.append((where[m.start()], where[m.end() - 1] + 1, int(m.lastgroup[1:])))
        return out
