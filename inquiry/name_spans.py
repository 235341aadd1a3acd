"""Where a matcher's forms stand in a normalised text, as written or in the look-alike reading
(`inquiry.redaction.Matcher.find` and `search`): as whole words, and anywhere inside an address's
name part, a handle, a hashtag or a web address (`inquiry.name_addresses`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inquiry import name_addresses as addresses
from inquiry.folding import normalise_fast
from inquiry.name_look import Looks
from inquiry.name_spaced import SPACED, spaced_letters, spaced_matches
from inquiry.redaction_spans import negated


@dataclass(frozen=True)
class Forms:
    """A matcher's forms: their words as written (`words`), which are weak (surname first
    without a comma), and the expressions that find them as whole words (`pattern`), inside
    an address's name part or a handle (`bare`) and inside a host or a hashtag (`host`); and
    the same for the look-alike reading (`looks`, made when first needed)."""

    words: Sequence[Sequence[str]]
    weak: frozenset[int]
    pattern: re.Pattern[str] | None
    bare: re.Pattern[str] | None
    host: re.Pattern[str] | None
    looks: Looks

    def spans(
        self, norm: str, *, look_alike: bool, hosts: bool = True
    ) -> list[tuple[int, int, int]]:
        """(start, end, form) of each match in a normalised text: whole words, and anywhere
        inside an address part (`addresses.ADDRESS`), a hashtag (`addresses.HASHTAG`) and, with
        `hosts`, a web address (`addresses.HOST`; its punycode labels read as the Unicode they
        stand for)."""
        looks = self.looks
        whole, bare = (looks.whole, looks.bare) if look_alike else (self.pattern, self.bare)
        host = looks.host if look_alike else self.host
        assert whole is not None and bare is not None and host is not None
        found = [
            m for m in self._whole(whole, norm) if m.end() > m.start() and not self._negated(m)
        ]
        spans: list[tuple[int, int, int]] = []
        if "@" in norm:
            for part in addresses.ADDRESS.finditer(norm):
                found += bare.finditer(norm, part.start(), part.end())
        if "#" in norm:
            for part in addresses.HASHTAG.finditer(norm):
                found += host.finditer(norm, part.start(), part.end())
        if hosts and ("." in norm or "/" in norm or "\\" in norm or "\u3002" in norm):
            for part in addresses.hosts(norm):
                if not addresses.ours(part.group()):
                    found += host.finditer(norm, part.start(), part.end())
                    if "xn-" in part.group():
                        spans += self._punycode(norm, part, look_alike=look_alike)
        # Only a name of the letters a–f can be a hexadecimal number's middle.
        runs = (
            addresses.hex_runs(norm)
            if any(addresses.HEX_NAME.fullmatch(m.group()) for m in found)
            else None
        )
        for m in found:
            if m.end() > m.start() and not (
                runs is not None and addresses.in_hex(norm, m.start(), m.end(), runs)
            ):
                assert m.lastgroup is not None
                spans.append((m.start(), m.end(), int(m.lastgroup[1:])))
        for run in SPACED.finditer(norm):
            # Letter-spaced text (`J A N E  P L A C E`, a heading or a signature block;
            # `J.A.N.E. P.L.A.C.E.`) read with its letters together, words apart.
            kept, where = spaced_letters(norm, run.start(), run.end())
            for m in spaced_matches(kept, whole, host):
                if m.end() > m.start():
                    assert m.lastgroup is not None
                    spans.append((where[m.start()], where[m.end() - 1] + 1, int(m.lastgroup[1:])))
        return spans

    def _whole(self, whole: re.Pattern[str], norm: str) -> Iterable[re.Match[str]]:
        """`whole`'s matches in `norm`; after a weak form's (`weak`), the next is looked for
        from its second character, not its end: `…the power Will Power said` holds `Will
        Power` as typed, which `power Will` (surname first) would otherwise hide."""
        pos = 0
        while pos <= len(norm):
            m = whole.search(norm, pos)
            if m is None:
                return
            yield m
            weak = m.lastgroup is not None and int(m.lastgroup[1:]) in self.weak
            pos = m.start() + 1 if weak else max(m.end(), m.start() + 1)

    def _negated(self, m: re.Match[str]) -> bool:
        """Whether a one-word form is matched as a word `n't` negates (`negated`)."""
        assert m.lastgroup is not None
        return len(self.words[int(m.lastgroup[1:])]) == 1 and negated(m)

    def _punycode(
        self, norm: str, address: re.Match[str], *, look_alike: bool
    ) -> list[tuple[int, int, int]]:
        """A span over each punycode label of `address` whose Unicode holds a name."""
        out = []
        base = address.start()
        for label in addresses.PUNYCODE.finditer(address.group()):
            plain = addresses.punycode_label(label.group(1))
            if not plain:
                continue
            decoded = normalise_fast(plain, look_alike=look_alike)
            for _, _, k in self.spans(decoded, look_alike=look_alike, hosts=False):
                out.append((base + label.start(), base + label.end(), k))
            whole_label = self.looks.host if look_alike else self.host
            assert whole_label is not None
            for m in whole_label.finditer(decoded):
                assert m.lastgroup is not None
                out.append((base + label.start(), base + label.end(), int(m.lastgroup[1:])))
        return out
