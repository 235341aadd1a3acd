"""The regular expressions a redacted string is found by (see `inquiry.redaction` for the rules).

A name's words are laid out as one expression for every form of every entry: the gaps a reader
would take for a space between two words, a surname-first form's comma, a long number's digits
however grouped, whole words only (`Ann` is not in `planning`), and a tree of the forms' letters
so a text is tried against each letter once however many names begin with it. Also here: the
look-alike reading's words. An e-mail address's name part, a hashtag, addresses, paths and
hexadecimal runs are read in `name_addresses`, a letter-spaced run in `name_spaced`, words run
together and letters drawn alike in `name_readings`.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from inquiry.folding import look_forms, normalise
from inquiry.name_gaps import (
    COMMA_JOIN,
    COMMA_JOIN_GLUED,
    GAP,
    GAP_CHAR,
    NUMBER_GAP,
    SPACES_JOIN,
    WORD_GAP,
)

_T = TypeVar("_T")

_LONG_NUMBER = 7
"""Digits an entry needs for its digits to be found however grouped: `07700 900 123`; a short
number (`Ward 7`, `1234`) is found as written, not in `12.34` or `12 x 34`."""
TYPED, COMMA, SPACED_ONLY = 0, 1, 2
"""How a form's surname and given names are joined (`name_forms.forms`): as any two words of
a name; by a comma (surname first, `Example, Jane`); by spaces only (surname first, `EXAMPLE
Jane`). A surname-first form of a surname of several words says how many (`surname_first`)."""
_KINDS = 4


def surname_first(kind: int, surname: int = 1) -> int:
    """How a surname-first form's words are joined: by `kind` (`COMMA`, `SPACED_ONLY`) after
    its first `surname` words (`WRENFIELD-SMYTHE Hobart`, `VAN DER BERG, Anna`: a surname
    of several words is written first whole, stop 38, red team h150)."""
    return kind + _KINDS * (surname - 1)


def join_kind(join: int) -> int:
    """A form's join (`surname_first`) without its surname's length: `TYPED`, `COMMA` or
    `SPACED_ONLY`."""
    return join % _KINDS


def _surname_words(join: int) -> int:
    return join // _KINDS + 1


_NUMBER_DIGITS = {"0": "[0o]", "1": "[1il]"}
"""A digit of a long number as it may be typed with a letter drawn like it: an O for a zero,
an l or an I for a one (`077OO 9OO123`, `O77OO9OO123`; stop 38, red team h146). Only where the
redacted string is a long number's run of digits, so no word is ever read as a number."""
WHOLE_NAME_LETTERS = {
    "\u064a": "\u064a",
    "\u0649": "\u064a",
    "\u0647": "\u0647",
    "\u0629": "\u0647",
}
"""Arabic letters a whole name (a form of two words or more) takes for one another: alef
maksura for yeh and teh marbuta for heh, as Egyptian and Persian spelling writes them
(`محمد على` is `محمد علي`). Not a single word: `على` ("on") is no `علي` (Ali), and `رحمه`
("him mercy") no `رحمة` (stop 38, red team h150)."""
_WHOLE_NAME = {
    f"\x06{plain}": f"[{plain}{other}]"
    for plain, other in (("\u064a", "\u0649"), ("\u0647", "\u0629"))
}
"""Each such letter's step in a tree, and what it stands for."""
_DRAWN_PLAIN = {"w": "(?:w|vv)"}
"""A letter of a name as it may be typed with others drawn like it: a W as two Vs
(`VVrenfield`; no word has a name's other letters around a `vv`)."""
_ENDING = "s?"
"""What may follow a name's last word: a plural or a possessive without its apostrophe."""
_ENDING_INSIDE = "(?:s(?![^\\W\\d_]))?"
"""The same where a name may touch other letters (a host's words): an `s` the next word does not
begin with (`janesmiths.com`, not the `s` of `janesmithstatement.pdf`)."""


_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, kana, Han)."""
_LETTER = rf"(?![{_UNSPACED}])[^\W\d_]"
"""A letter that would make a match the middle of a longer word: a letter of a script that
puts spaces between words. A digit (`Rowe2`, `Rowe¹`), an underscore or a letter of an unspaced
script (`Quinceさん`) does not: a name followed by one is still the name."""


_LATIN = (
    "a-zA-Z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1d00-\u1dbf"
    "\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\uff21-\uff3a\uff41-\uff5a"
)
"""Latin letters: basic, Latin-1, extended A and B, IPA (`ɛ ɔ ɓ ɗ` of African orthographies),
phonetic, extended additional, C, D and E, and fullwidth."""
_START = (
    rf"(?:(?=[{_LATIN}])(?<![{_LATIN}])|(?![{_LATIN}])(?<!{_LETTER}))"
    r"(?<!\d(?=\d))(?<!\d[.,](?=\d))"
)
_END = rf"(?:(?<=[{_LATIN}])(?![{_LATIN}])|(?<![{_LATIN}])(?!{_LETTER}))(?:(?<!\d)|(?![.,]?\d))"
"""A match starts and ends at a word's boundary; one that starts or ends with a digit is not
part of a longer number either (`Ward 7` is not in `Ward 70` or `Ward 7.5`). A match that
starts (ends) with a Latin letter is bounded by any letter but a Latin one: `αLucinda Harwood`,
a name with a Greek letter glued to it, is still the name (each reading of a text is written
in one script where a name is; a look-alike letter is read as Latin in the second reading)."""


def tokens(text: str) -> list[str]:
    """The words of a redacted string, normalised: what must appear, in order. In a long
    number each digit is a word of its own, so it is found however grouped (`07700 900 123`);
    so too in a code of letters and digits, whose letters are a word (`AB123456C` is found as
    `AB 12 34 56 C`, `BS14DJ` as `BS1 4DJ`)."""
    norm, _ = normalise(text)
    words = [t for t in re.split(f"{GAP_CHAR}+", norm) if t]
    long_number = sum(c.isdigit() for c in norm) >= _LONG_NUMBER
    return ["".join(part) for t in words for part in split_code(t, long_number)]


_CODE_CHARACTERS = 5
"""Letters and digits a word needs to be read as a code (`BS14DJ`, `AB12CDE`): a shorter one
(`A1`, `M6`) is found as written, not in `a 1` or `M 6`."""


def split_code(word: Sequence[str], long_number: bool) -> list[list[str]]:
    """A word's characters (or each character's expression) cut where a gap may fall inside it:
    before and after each digit, when it is part of a long number or a code of letters and
    digits; otherwise the word whole."""
    digits = sum(c.isdigit() for c in word)
    if not (long_number and digits) and not (0 < digits < len(word) >= _CODE_CHARACTERS):
        return [list(word)]
    out: list[list[str]] = []
    for c in word:
        if c.isdigit() or not out or out[-1][-1].isdigit():
            out.append([c])
        else:
            out[-1].append(c)
    return out


def longest_first(by_tokens: dict[tuple[str, ...], _T]) -> list[tuple[tuple[str, ...], _T]]:
    return sorted(by_tokens.items(), key=lambda kv: (-len("".join(kv[0])), kv[0]))


def pattern(
    words: Sequence[Sequence[str]],
    commas: Sequence[int],
    *,
    whole: bool = True,
    literal: bool = False,
    chars: Mapping[str, str] | None = None,
    glued: bool = False,
) -> re.Pattern[str] | None:
    """One expression for every form's words (the group named `f{k}` matches for form k; a
    surname-first form has a comma or spaces after its first word, as `commas` says: `COMMA`,
    `SPACED_ONLY`): whole words only, unless not `whole`; `glued`, for an address's name part
    or a handle, where a surname first may be glued to the given name (`COMMA_JOIN_GLUED`).
    `literal` words are plain text, laid out as a tree of their letters, so that a text is tried
    against each letter once however many forms begin with it (a flat list of 1,000 names made
    the proof several times slower); otherwise each word is an expression. `chars` gives a
    literal letter an expression of its own (the drawn reading's classes)."""
    if not words:
        return None
    ending = _ENDING if whole else _ENDING_INSIDE
    chars = chars or {}
    tree = _tree(words, commas, ending, chars, glued) if literal else None
    if tree is not None:
        alternatives = tree
    else:
        ends_s = [literal and bool(tokens) and tokens[-1].endswith("s") for tokens in words]
        if literal:
            words = [
                [
                    _NUMBER_DIGITS[t] if number else _literal(t, chars, len(w) > 1, glued)
                    for t, number in _numbered(w)
                ]
                for w in words
            ]
        alternatives = "|".join(
            "(?:"
            + "".join(
                (_separator(_step(tokens, i, comma), glued) if i else "") + token
                for i, token in enumerate(tokens)
            )
            + f"{'' if ends_s[k] else ending}(?P<f{k}>))"
            for k, (tokens, comma) in enumerate(zip(words, commas, strict=True))
        )
    if not whole:
        return _compiled(alternatives)
    return _compiled(rf"{_START}(?:{alternatives}){_END}")


def _compiled(source: str) -> re.Pattern[str]:
    """`re.compile` with the cycle collector paused (`collector_paused`)."""
    with collector_paused():
        return re.compile(source)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector paused: parsing the expression of a thousand names makes millions of
    objects, and each collection their making sets off walks every one made so far, so the time
    grew with the square of the names (2,000 distinct names, within the limits: 90 s to
    validate, and the build's front matter ran out of time; red team h186)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_TIGHT = GAP
"""Between two characters of a script written without spaces: a space or a mark may still fall
there (`山田 太郎` is `山田太郎`: a run of them is one word, so no gap between words could)."""
_SEPARATOR = {
    "\x00gap": WORD_GAP,
    "\x01comma": COMMA_JOIN,
    "\x02number": NUMBER_GAP,
    "\x03tight": _TIGHT,
    "\x04spaces": SPACES_JOIN,
    **{f"\x05{digit}": expression for digit, expression in _NUMBER_DIGITS.items()},
    **_WHOLE_NAME,
}
"""The steps between words (and between the characters of an unspaced script) in a tree, sorted
before any letter, so a longer form is tried first, and what each stands for; and a long
number's 0 and 1, which may be typed as letters (`_NUMBER_DIGITS`)."""
_UNSPACED_ONE = re.compile(f"[{_UNSPACED}]")


def _characters(token: str, whole_name: bool = False) -> list[str]:
    """A word's characters, those of an unspaced script after another each with `\x03tight`
    before it (the step a tree takes there); in a `whole_name`, an Arabic yeh or heh as the
    step that takes either of its letters (`WHOLE_NAME_LETTERS`)."""
    out: list[str] = []
    for i, ch in enumerate(token):
        if i and _UNSPACED_ONE.match(ch) and _UNSPACED_ONE.match(token[i - 1]):
            out.append("\x03tight")
        out.append(
            f"\x06{WHOLE_NAME_LETTERS[ch]}" if whole_name and ch in WHOLE_NAME_LETTERS else ch
        )
    return out


def _digit(token: str) -> bool:
    """Whether a word is a digit, or a long number's digit laid out (`_NUMBER_DIGITS`)."""
    return token.isdigit() or token in _DIGIT_EXPRESSIONS


_DIGIT_EXPRESSIONS = frozenset(_NUMBER_DIGITS.values())


def _numbered(tokens: Sequence[str]) -> list[tuple[str, bool]]:
    """A form's words, each with whether it is a 0 or a 1 of a long number (`_NUMBER_DIGITS`)."""
    long_number = sum(len(t) for t in tokens if t.isdigit()) >= _LONG_NUMBER
    return [(t, long_number and t in _NUMBER_DIGITS) for t in tokens]


def _step(tokens: Sequence[str], i: int, comma: int) -> str:
    """The step before word `i` of a form: after a surname-first form's surname a comma (or
    spaces only); between two digits of a long number a number's gap; otherwise a
    name's."""
    if comma and i == _surname_words(comma):
        return "\x04spaces" if join_kind(comma) == SPACED_ONLY else "\x01comma"
    if _digit(tokens[i - 1]) and _digit(tokens[i]):
        return "\x02number"
    return "\x00gap"


def _literal(
    token: str,
    chars: Mapping[str, str] | None = None,
    whole_name: bool = False,
    inside: bool = False,
) -> str:
    """A word as an expression that matches it as written (see `_characters`), or each letter
    as `chars` gives it."""
    return "".join(_expression(ch, chars or {}, inside) for ch in _characters(token, whole_name))


def _separator(step: str, inside: bool) -> str:
    """A step between two words as an expression; `inside` an address's name part or a handle
    (`COMMA_JOIN_GLUED`)."""
    return COMMA_JOIN_GLUED if inside and step == "\x01comma" else _SEPARATOR[step]


def _expression(step: str, chars: Mapping[str, str], inside: bool = False) -> str:
    """A tree's step as an expression: a gap, a letter as `chars` gives it, or itself."""
    if step in _SEPARATOR:
        return _separator(step, inside)
    return chars.get(step) or _DRAWN_PLAIN.get(step) or re.escape(step)


_TREE_DEPTH = 100
"""The most branchings on one path of a tree expression (each nests a group): past it, forms
that are beginnings of one another by the hundred, the flat list is used instead."""


def _tree(
    words: Sequence[Sequence[str]],
    commas: Sequence[int],
    ending: str,
    chars: Mapping[str, str],
    inside: bool,
) -> str | None:
    """The forms' words as one expression that shares their common beginnings (None when the
    tree would nest too deeply)."""
    root: dict[str, Any] = {}
    for k, (tokens, comma) in enumerate(zip(words, commas, strict=True)):
        node = root
        for i, (token, number) in enumerate(_numbered(tokens)):
            if i:
                node = node.setdefault(_step(tokens, i, comma), {})
            for ch in [f"\x05{token}"] if number else _characters(token, len(tokens) > 1):
                node = node.setdefault(ch, {})
        node.setdefault("", k)  # the end of form k (the first of equal forms keeps it)
    return _branches(root, 0, ending, chars, inside)


def _branches(
    node: dict[str, Any],
    depth: int,
    ending: str,
    chars: Mapping[str, str],
    inside: bool,
    last: str = "",
) -> str | None:
    """The expression for a tree node (`last`: the step that led to it); a run of single steps
    is written in a loop, so only branchings recurse."""
    run = []
    while len(node) == 1 and "" not in node:
        [(last, node)] = node.items()
        run.append(_expression(last, chars, inside))
    if depth > _TREE_DEPTH:
        return None
    parts = []
    for step in sorted(k for k in node if k):
        rest = _branches(node[step], depth + 1, ending, chars, inside, step)
        if rest is None:
            return None
        parts.append(_expression(step, chars, inside) + rest)
    if "" in node:
        # No `s` after a name that ends in one: `Les` is not in `less` (stop 35, red team h127).
        parts.append(f"{'' if last == 's' else ending}(?P<f{node['']}>)")
    inner = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return "".join(run) + inner


def look_tokens(text: str) -> list[str]:
    """The words of a redacted string for the look-alike reading, each an expression in which
    every letter matches what that reading makes of it in either case (`Н` and `н`: `h` or
    `н`), so that the string is found however the text capitalises it."""
    words: list[list[str]] = []
    word: list[str] = []
    previous = ""
    for ch in text:
        forms = look_forms(ch) - {""}
        if not forms:
            continue  # invisible
        if all(_GAP_ONE.fullmatch(f) for f in forms):
            if word:
                words.append(word)
                word = []
            continue
        alts = [re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f))]
        alts += [_DRAWN_PLAIN[f] for f in sorted(forms) if f in _DRAWN_PLAIN]
        if word and _UNSPACED_ONE.match(ch) and _UNSPACED_ONE.match(previous):
            word.append(_TIGHT)
        word.append(alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})")
        previous = ch
    if word:
        words.append(word)
    # Cut as `tokens` cuts the words (a digit's expression is the digit).
    long_number = sum(c.isdigit() for c in normalise(text)[0]) >= _LONG_NUMBER
    return [
        _NUMBER_DIGITS[part[0]] if long_number and part in _DIGIT_PARTS else "".join(part)
        for w in words
        for part in split_code(w, long_number)
    ]


_DIGIT_PARTS = [[digit] for digit in _NUMBER_DIGITS]


_GAP_ONE = re.compile(GAP_CHAR)


NEVER = ("\ud800\ud800",)
"""A form's words that match nothing: two lone high surrogates, which no reading of a text
gives (pdfium's drops them; UTF-8 and YAML cannot hold them). Not NUL NUL, which the text a
font's UTF-16 names read as Latin-1 holds (stop 45: `Li Wu` found in a URL-like run of a
font's name table)."""
