"""The redaction matcher on texts that wake its rarer readings: CPU seconds for 125, 250 and
500 KB of each, and the ratio of the largest to the smallest beside its target (4: linear).

    python benchmarks/matcher.py

Each text repeats a piece that holds a sign glued to a word (`word™`, `nº`), or a word spelled
out letter by letter (`N-H-S`), so every reading that looks around one runs over the whole text.
Stop 41's first version of those readings copied a growing list at each such piece: 83 s for
1 MB of `word™ ` (red team h173); a search must stay linear in its text.
"""

from __future__ import annotations

import time

from inquiry.redaction import Matcher

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


if __name__ == "__main__":
    main()
