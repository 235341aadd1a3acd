"""What a redacted string matches: one rule for every text of every output, and for the check.

A name is found as a reader would find it in the rendered bundle, not as it was typed: the text
is Unicode-normalised (compatibility forms, accents dropped), case-folded, with zero-width
characters and soft hyphens ignored, every kind of space and dash treated alike, a hyphen at a
line end joined up (`inquiry.folding`), and the words of a name allowed to run together or be
split by spaces, dashes, dots, underscores, middle dots, plus signs or slashes (`Anne Marie`,
`Anne-Marie`, `Anne–Marie`, `anne_marie`, `AnneMarie`, `Anne·Marie`, `Anne+Marie`), with an `s`
after it (`the Quorvaths`). Each entry is also looked for in its other usual forms
(`inquiry.name_forms`: without a title, honours or middle initials, surname first after a
comma or spaces, `ü` spelt `ue`, a telephone number as dialled from abroad; digits of any
script are those digits, and a long number's 0 and 1 may be typed O and l). A text
holding Greek, Cyrillic or Armenian letters is read a second time with each letter drawn like a
Latin one taken for it (`Daνid` with a Greek nu is `David`), so a name written in those
alphabets is still found in either case, and one disguised by them is found too. A match must
start and end at a word boundary, so a redacted `Ann` does not take the middle out of `planning`
(a digit or a letter of a script written without spaces is not a word's middle: `Rowe2`,
`Quinceさん` are found); but in the part of an e-mail address before its `@`, and in an `@handle`,
a name is found wherever it stands (`jsmith@`, `@annsmith`), and so is a name of five letters or
more inside a host, a file's or a folder's name or a hashtag (`oursomerset.org.uk`,
`janesmithphotography.com`, `#justiceforjanesmith`); a link is read decoded as often as it
was percent-encoded (`Jane%2520Smith`). Words run together by their capitals are read apart,
and characters drawn like letters as those letters (`JusticeForJaneSmith`, `Jane Sm1th`:
`inquiry.name_readings`); a word spelled out letter by letter as the word it spells, beside
the others (`Priya H-A-L-L-A-M`: `inquiry.name_spaced`); and a sign read as letters glued to a
word's start or end as no letter of it (`Priya Hallam™`, `Priya Hallamᵃ`).

The same matcher removes names before rendering and searches the rendered outputs afterwards
(`inquiry.proof`), so the two can never disagree about what a name looks like. It errs towards
removing too much.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inquiry import name_addresses as addresses
from inquiry import name_forms
from inquiry import name_patterns as patterns
from inquiry import name_readings as readings
from inquiry.folding import (
    has_look_alikes,
    normalise,
    normalise_fast,
)
from inquiry.folding_chars import NARROW_MARK
from inquiry.look_alikes import LOOK_ALIKES, LOOK_BLOCKS
from inquiry.name_drawn import Drawn
from inquiry.name_gaps import TITLE_RUN
from inquiry.name_look import Looks, anywhere
from inquiry.name_present import Presence
from inquiry.name_spaced import spelled_readings
from inquiry.name_spans import Forms
from inquiry.redaction_spans import Hit, merged, widened

REDACTED = "[REDACTED]"


RULES = "match-49"
"""Bump when what a redacted string matches changes: cached results keyed by a matcher's
signature (prepared fields, exhibits) are then made again."""


_TABLE = hashlib.sha256(
    "".join(f"{k}{v}" for k, v in sorted(LOOK_ALIKES.items())).encode("utf-8", "surrogatepass")
).hexdigest()[:16]
"""The look-alike table's digest, in `Matcher.signature`: a new release of Unicode's
confusables list changes what is matched, and cached results made with the old one go."""


def mark_label(code: str | None) -> str:
    """The visible mark that stands where a redacted string was: `[GRO-B]` or `[REDACTED]`."""
    return f"[{code}]" if code else REDACTED


@dataclass(frozen=True)
class Entry:
    """One redacted string and the reason code its mark shows (None: `[REDACTED]`)."""

    text: str
    code: str | None = None


class Matcher:
    """Finds an edition's redacted strings in any text; with none, finds nothing."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_tokens: dict[tuple[str, ...], Entry] = {}
        forms: dict[tuple[int, tuple[str, ...]], tuple[str, Entry]] = {}
        for entry in entries:
            tokens = tuple(patterns.tokens(name_forms.trimmed(entry.text)))
            if not tokens or tokens in by_tokens:
                continue
            by_tokens[tokens] = entry
            for form, surname_first in name_forms.forms(entry.text):
                words = tuple(patterns.tokens(form))
                if words and (len(words) > 1 or not surname_first):
                    forms.setdefault((surname_first, words), (form, entry))
        self.entries: tuple[Entry, ...] = tuple(e for _, e in patterns.longest_first(by_tokens))
        # As listed (one of each): a matcher made again from them (an exhibit's worker's)
        # gives each form the same entry, so a name is shown by the same code everywhere.
        self.listed: tuple[Entry, ...] = tuple(by_tokens.values())
        # Every form of every entry, longest first, so that "Jane Placeholder" is taken whole
        # before "Jane"; alternative k of the expressions is form k, found for `_owners[k]`.
        ordered = sorted(forms.items(), key=lambda kv: (-len("".join(kv[0][1])), kv[0]))
        self._owners = [entry for _, (_, entry) in ordered]
        self._codes = [e.code for e in self._owners]
        commas = [surname_first for (surname_first, _), _ in ordered]
        # Each form's words as written; and for the look-alike reading, each word as an
        # expression that takes its every letter in either case (see `folding.look_forms`).
        self._words = [tokens for (_, tokens), _ in ordered]
        self._commas = commas
        # Surname first without a comma (`WRENFIELD Hobart`) is a weak form: cut wherever a
        # text holds it, but a search (the outputs' check, `redact-across-fields`) takes it
        # only within a line, never across one (`…cut the power⏎Will it return?` is no `Will
        # Power`: stop 38, red team h150 F6).
        self._weak = frozenset(
            k for k, join in enumerate(commas) if patterns.join_kind(join) == patterns.SPACED_ONLY
        )
        self._pattern = patterns.pattern(self._words, commas, literal=True)
        # Inside an address or a handle a name may touch other letters, so a short one would
        # be found everywhere (`Ed` in `@media`): there, names of three letters or more.
        # And inside a host's words (`oursomerset.org.uk`), names of five letters or more.
        self._bare_ok = [len("".join(w)) >= addresses.BARE_LETTERS for w in self._words]
        self._host_ok = [len("".join(w)) >= addresses.HOST_LETTERS for w in self._words]
        self._bare = anywhere(self._words, self._bare_ok, commas, literal=True, glued=True)
        self._host = anywhere(self._words, self._host_ok, commas, literal=True)
        # The look-alike reading's expressions are made when first needed (a text or an entry
        # holding a look-alike letter): most builds never need them, and they are most of the
        # cost of a matcher of hundreds of names.
        self._looks = Looks(
            [form for _, (form, _) in ordered], commas, self._bare_ok, self._host_ok
        )
        # An entry that holds look-alike letters itself (a name pasted with a Cyrillic `о`),
        # in any case (`look_tokens` takes its letters in either), must be looked for that way
        # in every text, plain Latin ones included: otherwise what a text is found to hold
        # would turn on whether a look-alike stands anywhere else in it.
        self._look_always = any(
            has_look_alikes(form)
            for e in self.entries
            for form in (e.text, e.text.upper(), e.text.lower())
        )
        self._presence = Presence(self._words, self._looks, self._look_always)
        self._forms = Forms(
            self._words, self._weak, self._pattern, self._bare, self._host, self._looks
        )

    @classmethod
    def of(cls, entries: Iterable[tuple[str, str | None] | Entry | str]) -> Matcher:
        """A matcher from entries given as `Entry`, `(text, code)` or plain strings; the same
        entries give the same matcher, made once in a process (each worker laying out pieces
        or preparing exhibits asks for its edition's for every task)."""
        out = []
        for e in entries:
            if isinstance(e, Entry):
                out.append(e)
            elif isinstance(e, str):
                out.append(Entry(e))
            else:
                out.append(Entry(e[0], e[1]))
        return _made(tuple(out))

    def __bool__(self) -> bool:
        return self._pattern is not None

    @property
    def signature(self) -> str:
        """A digest of the entries: what a cache key needs to know of the redactions."""
        text = RULES + _TABLE + "\x1f".join(f"{e.text}\x1e{e.code or ''}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:32]

    @property
    def strings(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.entries)

    def find(self, text: str) -> list[Hit]:
        """Every redacted string in `text`, as spans of `text` itself: read as written, and
        (when it holds any) with look-alike letters taken for Latin ones."""
        if self._pattern is None or not text:
            return []
        hits = []
        for look_alike in self._readings(text):
            kept, kept_origin = normalise(text, look_alike=look_alike, keep_narrow=True)
            for norm, origin in _narrow_readings(kept, kept_origin):
                for start, end, k in self._forms.spans(norm, look_alike=look_alike):
                    hits.append(Hit(origin[start], origin[end - 1] + 1, self._codes[k]))
        drawn = readings.drawn_text(text)  # `WrenfieId`, `Wrenf1eld`: the same length
        # `JusticeForJaneSmith`; read in the drawn text too, where a capital I drawn as an l
        # is no word's start (`JusticeForWrenfieId`).
        for source in self._camel_sources(text, drawn):
            for spaced, origin in readings.camel_readings(source):
                found = self.find(spaced)
                hits += [Hit(origin[h.start], origin[h.end - 1] + 1, h.code) for h in found]
        if drawn is not None:
            for look_alike in self._readings(text):
                kept, kept_origin = normalise(drawn, look_alike=look_alike, keep_narrow=True)
                for norm, origin in _narrow_readings(kept, kept_origin, drawn=True):
                    for start, end, k in self._drawn.spans(norm):
                        hits.append(Hit(origin[start], origin[end - 1] + 1, self._codes[k]))
        for at, glued in readings.glued_readings(text):  # `Priya Hallam™`
            hits += [Hit(at + h.start, at + h.end, h.code) for h in self.find(glued)]
        return widened(text, merged(hits))

    @staticmethod
    def _camel_sources(text: str, drawn: str | None) -> tuple[str, ...]:
        """The texts read for words run together by capitals: `text`, and its drawn reading
        when a capital I in it was read as an l (which starts no word there)."""
        return (text,) if drawn is None or not readings.capital_i_read(text) else (text, drawn)

    @functools.cached_property
    def _drawn(self) -> Drawn:
        """The forms laid out for the drawn reading: made when a text first has a character
        drawn like a letter beside a letter."""
        return Drawn.of(self._words, self._commas, self._bare_ok, self._host_ok)

    def _readings(self, text: str) -> list[bool]:
        """The readings `text` is searched in: as written, and with look-alike letters taken
        for Latin ones when it (or an entry) holds any."""
        if self._pattern is not None and (self._look_always or has_look_alikes(text)):
            return [False, True]
        return [False]

    def search(
        self, text: str, *, hosts: bool = True, camel: bool = True, lines: bool = True
    ) -> list[tuple[str, int]]:
        """(redacted string, offset in the normalised text) for each occurrence: for checking
        large outputs, where only whether and what matters. Same matching as `find`, at C speed;
        without `hosts`, not inside web addresses (a reading that runs paragraphs together makes
        `Manchester.` and `It` an address); without `camel`, not reading words run together by
        their capitals apart (a format's own names: `DecValTok`, `CreatorTool`); without
        `lines`, not a weak form (surname first without a comma) across a line end — for the
        outputs' check and `redact-across-fields`, where a line end may part two fields. Every
        other search takes it, as `find` cuts it: a gate that searched without it left a field
        holding `WRENFIELD⏎Hobart` uncut (stop 38, red team h153)."""
        out: list[tuple[str, int]] = []
        if self._pattern is None or not text:
            return out
        spans: list[tuple[int, int, int]] = []
        for look_alike in self._readings(text):
            kept = normalise_fast(text, look_alike=look_alike, keep_narrow=True)
            # Offsets in the reading with narrow spaces as spaces, whichever reading found it
            # (so one found by both is one occurrence).
            for norm, where in _narrow_readings(kept, range(len(kept))):
                spans += [
                    (where[start], where[end - 1] + 1, k)
                    for start, end, k in self._forms.spans(norm, look_alike=look_alike, hosts=hosts)
                    if lines or not self._across_lines(norm, start, end, k)
                ]
        # One occurrence found by both readings is one occurrence (the readings keep the
        # text's length wherever a look-alike letter stands).
        reach = -1
        for start, end, k in sorted(spans):
            if start < reach:
                reach = max(reach, end)
                continue
            out.append((self._owners[k].text, start))
            reach = end
        seen = {s for s, _ in out}  # what another reading finds is said once
        drawn = readings.drawn_text(text)
        for source in self._camel_sources(text, drawn) if camel else ():
            for spaced, origin in readings.camel_readings(source):  # as `find` does
                for s, _ in self.search(spaced, hosts=hosts, lines=lines):
                    if s not in seen:
                        seen.add(s)
                        out.append((s, origin[0]))
        if drawn is not None:
            for look_alike in self._readings(text):
                kept = normalise_fast(drawn, look_alike=look_alike, keep_narrow=True)
                found = []
                for norm, where in _narrow_readings(kept, range(len(kept)), drawn=True):
                    found += [
                        (where[start], k)
                        for start, end, k in self._drawn.spans(norm)
                        if lines or not self._across_lines(norm, start, end, k)
                    ]
                for start, k in found:
                    if self._owners[k].text not in seen:
                        seen.add(self._owners[k].text)
                        out.append((self._owners[k].text, start))
        for at, glued in readings.glued_readings(text):  # as `find` does
            for s, _ in self.search(glued, hosts=hosts, camel=camel, lines=lines):
                if s not in seen:
                    seen.add(s)
                    out.append((s, at))
        return out

    def _across_lines(self, norm: str, start: int, end: int, k: int) -> bool:
        """Whether a match of a weak form (`_weak`) runs across a line end: a search does not
        take it (two fields, two paragraphs, a list's lines read one after the other)."""
        return k in self._weak and "\n" in norm[start:end]

    def words_present(self, text: str) -> bool:
        """Whether every word of some redacted string is somewhere in `text`, in any order
        (`Presence.words_present`)."""
        return self._presence.words_present(text)

    def parts_present(self, text: str) -> bool:
        """Whether the start of every word of some redacted string is in `text`
        (`Presence.parts_present`)."""
        return self._presence.parts_present(text)

    def in_url(self, url: str) -> bool:
        """True when a redacted string appears in a link target, percent-encoded (once or more)
        or not."""
        if self._pattern is None:
            return False
        return any(self.find(text) for text in (url, *addresses.unquotings(url)))

    def split(self, text: str) -> list[str | Hit]:
        """`text` as pieces: the text kept, and a Hit where a redacted string was removed."""
        out: list[str | Hit] = []
        pos = 0
        for hit in self.find(text):
            if hit.start > pos:
                out.append(text[pos : hit.start])
            out.append(hit)
            pos = hit.end
        if pos < len(text):
            out.append(text[pos:])
        return out

    def plain(self, text: str) -> str:
        """`text` with each redacted string replaced by its mark (bookmarks, metadata, names)."""
        return "".join(p if isinstance(p, str) else mark_label(p.code) for p in self.split(text))


@functools.lru_cache(maxsize=8)
def _made(entries: tuple[Entry, ...]) -> Matcher:
    with patterns.collector_paused():  # millions of small objects, kept (red team h186)
        return Matcher(entries)


def _narrow_readings(
    norm: str, origin: Sequence[int], *, drawn: bool = False
) -> list[tuple[str, Sequence[int]]]:
    """A normalised text (narrow spaces kept) read with each narrow space as a space, and,
    when it holds any, read again without them (`Quor<hair>vath` is drawn as one word); each
    reading that holds titles after a comma (`Wrenfield, Staff Nurse Hobart`) read once more
    without them (`name_gaps.TITLE_RUN`), so a surname first is found past its titles; and
    around each letter-spaced run, each reading read again with the run as the words it spells
    (`name_spaced.spelled_readings`: `Priya H-A-L-L-A-M`); for the `drawn` reading, with the
    letters of those read as `name_readings.drawn_text` reads them."""
    if NARROW_MARK not in norm:
        out = [(norm, origin)]
    else:
        spaced = norm.replace(NARROW_MARK, " ")
        kept = [i for i, ch in enumerate(norm) if ch != NARROW_MARK]
        squeezed = "".join(norm[i] for i in kept)
        out = [(spaced, origin), (squeezed, [origin[i] for i in kept])]
    spelled = [one for text, where in out for one in spelled_readings(text, where)]
    untitled = [one for text, where in out if (one := _untitled(text, where))]
    if spelled:  # a run the titles' reading holds is one the text holds (each pass: 30 ms/MB)
        spelled += [one for text, where in untitled for one in spelled_readings(text, where)]
    out += untitled
    if drawn:  # for the drawn reading, its letters drawn (`P R 1 Y A Hallam`: the same length)
        spelled = [(readings.drawn_text(text) or text, where) for text, where in spelled]
    return out + spelled


def _untitled(norm: str, origin: Sequence[int]) -> tuple[str, Sequence[int]] | None:
    """`norm` without the titles after each comma (`TITLE_RUN`), with where each character
    came from; None when it holds none."""
    runs = [m.span(1) for m in TITLE_RUN.finditer(norm)]
    if not runs:
        return None
    kept: list[int] = []
    at = 0
    for start, end in runs:
        kept += range(at, start)
        at = end
    kept += range(at, len(norm))
    return "".join(norm[i] for i in kept), [origin[i] for i in kept]


NOTHING = Matcher(())

__all__ = [
    "LOOK_ALIKES",
    "LOOK_BLOCKS",
    "NOTHING",
    "REDACTED",
    "RULES",
    "Entry",
    "Hit",
    "Matcher",
    "has_look_alikes",
    "mark_label",
    "normalise",
    "normalise_fast",
]
