"""A letter-spaced run (`J A N E  P L A C E`, `Q.U.O.R.V.A.T.H`: a heading or a signature block)
read with its letters together and its words apart, and what the search finds in it (see
`inquiry.redaction.Matcher.find`).
"""

from __future__ import annotations

import itertools
import re

SPACED_GAP = r"(?:\s{0,3}[^\w\s]{1,3}\s{0,3}|\s{1,3})"
"""What a letter-spaced word has between two of its letters: one to three spaces, or one to
three marks with spaces either side (`W R E N F I E L D , H O B A R T`, as letter-spaced type
and a PDF's text space punctuation: red team h159)."""
SPACED = re.compile(rf"(?<![^\W_])[^\W_](?:{SPACED_GAP}[^\W_](?![^\W_])){{2,}}")
"""A run of three or more letters or digits each standing alone, one to three spaces apart, or
one to three marks (and spaces) after each (`Q.U.O.R.V.A.T.H`, `Q-U-O-R`, `Q. U. O. R.`)."""
_LETTER_ALONE = re.compile(r"[^\W_]")


SPACED_EDGE = 2
"""The most letters a letter-spaced run may hold either side of a name inside its word: words
of one or two letters spaced like it (`R v`, `b y`) read into the run, not a longer word."""


def spaced_matches(
    kept: str, whole: re.Pattern[str], inside: re.Pattern[str]
) -> list[re.Match[str]]:
    """The matches in a letter-spaced run read together (`spaced_letters`): of `whole` words,
    and of `inside` (names of five letters or more) with at most `SPACED_EDGE` letters of their
    word either side — a word of one or two letters beside the name is read into the run (`R v
    W R E N F I E L D`, red team h127), a longer one is another word (`D E C L A R A T I O N`
    holds no Clara)."""
    found = list(whole.finditer(kept))
    for m in inside.finditer(kept):
        start = kept.rfind(" ", 0, m.start()) + 1
        end = kept.find(" ", m.end())
        end = len(kept) if end < 0 else end
        if m.start() - start <= SPACED_EDGE and end - m.end() <= SPACED_EDGE:
            found.append(m)
    return found


def spaced_letters(norm: str, start: int, end: int) -> tuple[str, list[int]]:
    """A letter-spaced run of `norm` read with its letters together: the gap written most often
    between two letters is inside a word, and any other gap (a wider space, a dot and a space)
    is between two words. With, for each character read, where it stands in `norm`."""
    letters = list(_LETTER_ALONE.finditer(norm, start, end))
    gaps = [norm[a.end() : b.start()] for a, b in itertools.pairwise(letters)]
    counts: dict[str, int] = {}
    for gap in gaps:
        counts[gap] = counts.get(gap, 0) + 1
    inside = max(counts, key=lambda g: (counts[g], -len(g))) if counts else ""
    kept, where = [letters[0].group()], [letters[0].start()]
    for gap, letter in zip(gaps, letters[1:], strict=True):
        if gap != inside:
            kept.append(" ")
            where.append(letter.start() - len(gap))
        kept.append(letter.group())
        where.append(letter.start())
    return "".join(kept), where
