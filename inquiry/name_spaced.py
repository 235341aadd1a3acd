"""A letter-spaced run (`J A N E  P L A C E`, `Q.U.O.R.V.A.T.H`: a heading or a signature block)
read with its letters together and its words apart, and what the search finds in it (see
`inquiry.redaction.Matcher.find`); and the text around such a run read with the run as the
words it spells, so a word spelled out makes a name with the words beside it (`Priya
H-A-L-L-A-M`, `spelled_readings`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from inquiry.folding import DRAWN_MARK_OF

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


SPELLED_REACH = 120
"""How many characters either side of a letter-spaced run are read with it spelled out: the
rest of a name (its other words, titles, initials) stands within them."""
_AS_PLAIN = str.maketrans({mark: letter for letter, mark in DRAWN_MARK_OF.items()})
_DRAWN_MARKS = tuple(DRAWN_MARK_OF.values())


def spelled_readings(norm: str, origin: Sequence[int]) -> list[tuple[str, list[int]]]:
    """The stretches of a normalised text around its letter-spaced runs, each run read as the
    words it spells in place, with where each character came from (`origin`): a surname
    spelled out in testimony is read with the given name beside it (`Priya H-A-L-L-A-M`,
    `Hallam, P R I Y A`, `P R I Y A H-A-L-L-A-M`; red team h171 L3). A run's words are
    parted as `spelled_words` says; each stretch is read four times, with the run's first
    and last letters also read as words of their own or not (`P R I Y A H A L L A M I said`:
    `Hallam` and `I`). Only a run with one gap twice running spells a word (`I'm a` does
    not). Empty for a text with no such run. A mark the drawn reading made is a letter here
    (`P R \\ue001 Y A`)."""
    shadow = norm.translate(_AS_PLAIN) if any(m in norm for m in _DRAWN_MARKS) else norm
    runs = [(m.start(), m.end()) for m in SPACED.finditer(shadow) if _spells(m.group())]
    if not runs:
        return []
    out: list[tuple[str, list[int]]] = []
    for low, high, inside in stretches(shadow, runs):
        spelled = [spelled_words(shadow, start, end) for start, end in inside]
        for first, last in itertools.product((False, True), repeat=2):
            read = [_detached(kept, where, first, last) for kept, where in spelled]
            if (first or last) and read == spelled:
                continue
            chars: list[str] = []
            came: list[int] = []
            at = low
            for (start, end), (kept, where) in zip(inside, read, strict=True):
                chars.append(norm[at:start])
                came += range(at, start)
                chars += [ch if ch == " " else norm[i] for ch, i in zip(kept, where, strict=True)]
                came += where
                at = end
            chars.append(norm[at:high])
            came += range(at, high)
            out.append(("".join(chars), [origin[i] for i in came]))
    return out


def _spells(run: str) -> bool:
    """Whether a letter-spaced run holds a word of three letters or more spelled out: one gap
    written twice running (`H-A-L`; not `i'm a`, which most prose holds)."""
    gaps = _LETTER_ALONE.split(run)[1:-1]
    return any(a == b for a, b in itertools.pairwise(gaps))


_DETACHED = 4
"""The fewest letters a run's first (last) word needs for its first (last) letter to be read
as a word of its own."""


def _detached(kept: str, where: list[int], first: bool, last: bool) -> tuple[str, list[int]]:
    """A run as `spelled_words` reads it, its first letter (with `first`) and its last (with
    `last`) read as words of their own when their words are long enough (`_DETACHED`)."""
    words = kept.split(" ")
    if first and len(words[0]) >= _DETACHED:
        kept, where = kept[0] + " " + kept[1:], [where[0], where[1], *where[1:]]
    if last and len(words[-1]) >= _DETACHED:
        kept, where = kept[:-1] + " " + kept[-1], [*where[:-1], where[-1], where[-1]]
    return kept, where


def stretches(
    norm: str, runs: list[tuple[int, int]]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The stretches read around `runs` of `norm` (`SPELLED_REACH` either side, from a word's
    start to a word's end), those that overlap made one, each with the runs inside it."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in runs:
        low = _word_start(norm, start)
        high = _word_end(norm, end)
        if out and low <= out[-1][1]:  # the list grown in place: a copy each time was
            out[-1][2].append((start, end))  # quadratic (`word™ ` × 1 MB: 83 s; h173)
            out[-1] = (out[-1][0], max(high, out[-1][1]), out[-1][2])
        else:
            out.append((low, high, [(start, end)]))
    return out


def _word_start(norm: str, start: int) -> int:
    """Where a stretch before `start` begins: after the first space or line end `SPELLED_REACH`
    or less before it, else at `start` (inside a long word, an address's or a path's, nothing
    before the run is read with it: a part of an address is read as no address is)."""
    low = max(0, start - SPELLED_REACH)
    if low == 0:
        return 0
    found = [at for at in (norm.find(" ", low, start), norm.find("\n", low, start)) if at >= 0]
    return min(found) + 1 if found else start


def _word_end(norm: str, end: int) -> int:
    """Where a stretch after `end` ends: at the last space or line end `SPELLED_REACH` or less
    after it, else at `end` (as `_word_start`)."""
    high = end + SPELLED_REACH
    if high >= len(norm):
        return len(norm)
    return max(norm.rfind(" ", end, high), norm.rfind("\n", end, high), end)


def spelled_words(norm: str, start: int, end: int) -> tuple[str, list[int]]:
    """A letter-spaced run of `norm` read as the words it spells: each stretch of it with one
    gap between every two of its letters is one word (`H-A-L-L-A-M`), so a run of several
    (`P R I Y A H-A-L-L-A-M`, `P-R-I-Y-A H A L L A M`) is read as several, the letter where
    two meet taken by the word whose gap is tighter (`_looseness`); a gap
    written once where others are written more is between two words (`J O  S M I T H`). With,
    for each character read, where it stands in `norm` (a space: where its gap starts)."""
    letters = list(_LETTER_ALONE.finditer(norm, start, end))
    gaps = [norm[a.end() : b.start()] for a, b in itertools.pairwise(letters)]
    breaks = _breaks(gaps)
    kept, where = [letters[0].group()], [letters[0].start()]
    for gap, cut, letter in zip(gaps, breaks, letters[1:], strict=True):
        if cut:
            kept.append(" ")
            where.append(letter.start() - len(gap))
        kept.append(letter.group())
        where.append(letter.start())
    return "".join(kept), where


def _breaks(gaps: list[str]) -> list[bool]:
    """For each gap of a run (`spelled_words`), whether it parts two words."""
    groups: list[tuple[str, int, int]] = []  # a gap, and the first and last of its stretch
    for i, gap in enumerate(gaps):
        if groups and groups[-1][0] == gap:
            groups[-1] = (gap, groups[-1][1], i)
        else:
            groups.append((gap, i, i))
    inside = {gap for gap, first, last in groups if last > first}
    if not inside:  # no gap written twice running: the one written most often (`A B-C`)
        inside = {max(gaps, key=lambda g: (gaps.count(g), -len(g)))} if gaps else set()
    breaks = [gap not in inside for gap in gaps]
    for (before, _, last), (after, first, _) in itertools.pairwise(groups):
        if before in inside and after in inside:
            # Two words meet at a letter: the looser gap is the one between them.
            breaks[first if _looseness(after) > _looseness(before) else last] = True
    return breaks


def _looseness(gap: str) -> tuple[bool, int]:
    """How far a gap parts two letters: spaces alone part them most (they part words), then a
    longer gap more than a shorter (`. ` more than `.`)."""
    return (gap.isspace(), len(gap))
