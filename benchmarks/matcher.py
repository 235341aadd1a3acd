"""The redaction matcher on texts that wake its rarer readings: CPU seconds for 125, 250 and
500 KB of each, and the ratio of the largest to the smallest beside its target (4: linear).

    python benchmarks/matcher.py

Each text repeats a piece that holds a sign glued to a word (`word™`, `nº`), or a word spelled
out letter by letter (`N-H-S`), so every reading that looks around one runs over the whole text.
Stop 41's first version of those readings copied a growing list at each such piece: 83 s for
1 MB of `word™ ` (red team h173); a search must stay linear in its text.

It then makes matchers of 250, 500 and 1,000 distinct names (random letters, as unlike one
another as names get) and prints the seconds beside the same target: making one must stay
linear in its names too. Stop 46 found it quadratic (red team h186: 2,000 names, the most a
submission may list, took 85-92 s to validate), the cycle collector walking the expression's
parse again and again.
"""

from __future__ import annotations

import random
import time

from inquiry.redaction import Entry, Matcher

PIECES = ("word™ ", "Dr nº said ", "N-H-S said ", "P R I Y A Hallam said ")
SIZES = (125_000, 250_000, 500_000)
TARGET = 4.0
"""Largest ÷ smallest: four times the text, at most four times the time."""


def main() -> None:
    matcher = Matcher.of([f"Name{i} Surname{i}" for i in range(500)] + ["Priya Hallam"])
    matcher.search("warm up")
    for piece in PIECES:
        times = []
        for size in SIZES:
            text = piece * (size // len(piece))
            start = time.process_time()
            matcher.search(text)
            matcher.plain(text)
            times.append(time.process_time() - start)
        ratio = times[-1] / max(times[0], 1e-9)
        said = ", ".join(f"{s // 1000} KB {t:.2f} s" for s, t in zip(SIZES, times, strict=True))
        verdict = "met" if ratio <= TARGET else "missed"
        print(f"{piece!r:24} {said}; ratio {ratio:.1f} (target ≤ {TARGET:.0f}): {verdict}")
    _making()


def _making() -> None:
    """Seconds to make a matcher of 250, 500 and 1,000 distinct two-word names."""
    pick = random.Random(2)

    def word() -> str:
        return "".join(pick.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))

    times = []
    counts = (250, 500, 1_000)
    for n in counts:
        names = [Entry(f"{word()} {word()}") for _ in range(n)]
        start = time.process_time()
        Matcher.of(names).search("warm up, and the look-alike reading: N1 S0mething")
        times.append(time.process_time() - start)
    ratio = times[-1] / max(times[0], 1e-9)
    said = ", ".join(f"{n:,} names {t:.1f} s" for n, t in zip(counts, times, strict=True))
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"{'making a matcher':24} {said}; ratio {ratio:.1f} (target ≤ {TARGET:.0f}): {verdict}")


if __name__ == "__main__":
    main()
