"""Work that grew with the square of a hostile pull request's size, found by stop 31's red
team, now grows with its size: "did you mean" for thousands of unknown ids (69 s for 45,000
references to 1,000 items), and thousands of files sharing one id (39 s for 16,000). Measured
by what is compared, not by time."""

from __future__ import annotations

import difflib
from typing import Any

import pytest

import inquiry.checks.references as references
from inquiry.checks import common
from inquiry.checks.common import FULL_SEARCHES, Nearest


@pytest.fixture
def sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many ids each "did you mean" search compares, in turn."""
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: Any, *args: Any, **kwargs: Any) -> list[str]:
        possibilities = list(possibilities)
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(common.difflib, "get_close_matches", counting)
    return compared


def test_did_you_mean_compares_few_ids_after_the_first_searches(sizes: list[int]) -> None:
    nearest = Nearest({f"TM-{i:05d}" for i in range(5000)})
    for k in range(FULL_SEARCHES + 300):
        typo = f"TM-{k:05d}X"  # one letter added
        assert nearest(typo) == f"TM-{k:05d}", typo
    assert sizes[:FULL_SEARCHES] == [5000] * FULL_SEARCHES
    assert max(sizes[FULL_SEARCHES:]) <= 20, max(sizes[FULL_SEARCHES:])
    assert nearest("tm-00042") == "TM-00042"  # another case: no search at all
    assert nearest("QQ-12345678") is None


def test_a_duplicate_id_names_only_the_few_files_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = references._named

    def counting(other: str, this: str) -> str:
        calls.append(other)
        return real(other, this)

    monkeypatch.setattr(references, "_named", counting)

    class E:
        def __init__(self, file: str) -> None:
            self.file = file

    entries: list[Any] = [E(f"evidence/d/T{i:05d}.yaml") for i in range(2000)]
    said = references._others(entries[5], entries)
    assert said.endswith(f"and {2000 - 1 - references.SHOWN_OTHERS:,} other files"), said
    assert len(calls) == references.SHOWN_OTHERS
    assert "T00005" not in said and "T00000" in said


def test_ids_longer_than_the_index_cost_no_search_after_the_first(sizes: list[int]) -> None:
    """Ids sharing their first 64 characters all fell under one key of the index, so every
    search still compared every one (review of this change)."""
    nearest = Nearest({"SF-" + "0" * 61 + f"{i:05d}" for i in range(3000)})
    for k in range(FULL_SEARCHES):
        nearest(f"XX-{k}")
    sizes.clear()
    assert nearest("SF-" + "0" * 61 + "00042X") is None
    assert sizes == []


def test_a_number_written_two_ways_is_found_at_the_one_with_a_leading_zero() -> None:
    from inquiry.served_placement import skipped_number

    numbers = [f"A{i}" for i in range(1, 5000)] + ["A07"]
    found = skipped_number(numbers)
    assert found is not None and "written two ways" in found[0] and found[1] == "A07"
