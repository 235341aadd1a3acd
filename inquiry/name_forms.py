"""The forms a redacted string is looked for in, besides the one typed.

People write a name in more ways than an editor lists. The matcher (`inquiry.redaction`) looks
for each `redact` entry as written and also:

- without the titles before it: `Dr Jane Example` also hides `Jane Example`, since a witness
  named once with a title is named elsewhere without; several titles too, and forms of address
  of several words (`Rt Hon`, `His Honour Judge`, `Detective Sergeant`, `Mrs Justice`, `Staff
  Nurse`, `Revd Canon`) — but `Dr Example` does not hide every `Example`: a surname alone may be
  a common word (list it on its own when it should go), so no form is a single word the entry
  did not list alone;
- without what follows the name: honours, degrees and suffixes (`Jane Example OBE`, `… PhD`,
  `… Jr`), a bracketed part (`Jane Example (Mrs)`, `… (née Smith)`), and what the person is
  after a comma (`Jane Example, consultant`, `…, Ward Manager`);
- without middle initials: `Jane Q. Example` also hides `Jane Example`;
- surname first, after a comma: `Jane Example` also hides `Example, Jane` (how a reference
  list or a signature block writes it), and the other way: `Example, Jane` also hides `Jane
  Example`; and surname first without the comma, the two parted by spaces only (`EXAMPLE Jane`,
  `Example Jane`, as a register or a form lists names; not by a dot, so `…the price. Mark said`
  is not `Mark Price`);
- with a German or Scandinavian letter spelt out: `Jürgen Blümwald` also hides
  `Juergen Bluemwald` (`ä ö ü ø å` as `ae oe ue oe aa`), the spelling a keyboard without
  them gives; and the other way, `Juergen Bluemwald` listed also hides `Jürgen Blümwald`
  (which the matcher reads without its accents, as `Jurgen Blumwald`);
- a telephone number as written from abroad or from home: `07700 900123` also hides
  `+44 7700 900123`, `0044 7700 900123` and `+44 (0)7700 900123`, and each of those the others.

Every form is a plain string (the typed one as typed, the others the entry's words joined by
spaces), so both readings of a text (as written and with look-alike letters, see
`inquiry.folding`) are built from it the same way; `forms` says which are surname first, and
how their first two words are joined (`name_patterns.COMMA`, `name_patterns.SPACED_ONLY`).
"""

from __future__ import annotations

import re
import unicodedata

from inquiry.folding import normalise
from inquiry.folding_chars import INVISIBLE
from inquiry.name_patterns import COMMA, SPACED_ONLY, TYPED, surname_first, tokens
from inquiry.name_titles import TITLE_AFTER, TITLE_BEFORE, TITLES

POST_NOMINALS = frozenset(
    {
        # honours and decorations
        "obe", "mbe", "cbe", "kbe", "dbe", "gbe", "cb", "kcb", "gcb", "cvo", "lvo", "mvo",
        "kcvo", "dcvo", "cmg", "kcmg", "om", "ch", "dso", "dsc", "mc", "dfc", "gm", "qpm",
        "kpm", "qfsm", "bem", "vc", "gc", "td", "rd",
        # offices
        "qc", "kc", "mp", "msp", "ms", "mla", "mep", "jp", "dl",
        # degrees
        "phd", "dphil", "md", "mbbs", "mbchb", "bmbs", "bm", "bch", "chb", "bs", "ba", "bsc",
        "ma", "msc", "mba", "mphil", "mres", "llb", "llm", "lld", "bed", "med", "edd", "psyd",
        "dclinpsy", "pgce", "dipsw", "hons",
        # fellowships, memberships and registrations
        "frs", "fba", "freng", "frse", "fmedsci", "frsa", "frcp", "frcs", "frcpsych", "frcgp",
        "frcog", "frcpch", "frca", "frcr", "frcem", "frcn", "mrcp", "mrcs", "mrcpsych",
        "mrcgp", "mrcog", "mrcpch", "rgn", "rmn", "rn", "rm", "rhv", "cqsw", "mcsp", "cpsychol",
        "afbpss", "fbpss", "mbacp", "ukcp",
    }
)  # fmt: skip
"""Honours, offices, degrees and qualifications written after a name (`Jane Example OBE`),
taken as one when written as one, with two capitals or more (`OBE`, `PhD`; the surnames `Ma`
and `Obe` are names)."""
SUFFIXES = frozenset({"jr", "jnr", "sr", "snr", "esq", "ii", "iii", "iv"})
"""What may end a name however it is written (`Jr.`, `Esq`, `III`)."""

ROLES = frozenset(
    {
        "consultant", "psychiatrist", "psychologist", "therapist", "counsellor", "doctor",
        "nurse", "surgeon", "physician", "clinician", "practitioner", "paramedic", "pharmacist",
        "manager", "director", "lead", "head", "chair", "chairman", "chairwoman", "chairperson",
        "officer", "worker", "assistant", "coordinator", "secretary", "supervisor", "registrar",
        "solicitor", "barrister", "advocate", "witness", "patient", "client", "user", "carer",
        "mother", "father", "daughter", "son", "wife", "husband", "partner", "widow", "retired",
        "deceased", "former",
    }
)  # fmt: skip
"""Words that say what a person is, after a comma (`Jane Example, Ward Manager`)."""

SPELT_OUT = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
    "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa",
}  # fmt: skip
"""Letters with a conventional two-letter spelling where the letter cannot be typed."""


def words(text: str) -> list[str]:
    """The words of `text` as written: runs of letters and digits (with their accents),
    split at anything else; invisible characters dropped."""
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch in INVISIBLE:
            continue
        if ch.isalnum() or unicodedata.category(ch).startswith("M"):
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def trimmed(text: str) -> str:
    """A redacted string without what stands round it as written in a list or pasted from a
    document: quotation marks (`“Priya Hallam”`, `«…»`, `"…"`) and spaces at either end, a
    list's comma, semicolon or `&` after it (`Tomasz Wrenfield,`) or before it. What is left
    is what is looked for: a text
    that holds the string as written holds it too, so nothing is found less (red team h179:
    the quotes and commas had to be in the text as well, and the name alone was left in every
    output). Brackets and a leading `+` stay: `(née Hartwell)` and `+44 …` are read as
    written, and so does a number before it (`12. März 1970` is a date, red team h181)."""
    start, end = 0, len(text)
    while start < end and (_blank(text[start]) or _quote(text[start]) or text[start] in ",;&"):
        start += 1
    while end > start and (
        _blank(text[end - 1]) or _quote(text[end - 1]) or text[end - 1] in _AFTER
    ):
        end -= 1
    return text[start:end]


_QUOTES = frozenset("\"'`\u201a\u201b\u201e\u201f\u300c\u300d\u300e\u300f\u301d\u301e\uff02\uff07")
_AFTER = frozenset(",;:!?&\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f")
"""What ends an entry of a list written on one line, or a sentence, rather than the name."""


def _quote(c: str) -> bool:
    return c in _QUOTES or unicodedata.category(c) in ("Pi", "Pf")


def _blank(c: str) -> bool:
    return c.isspace() or c in INVISIBLE


def forms(text: str) -> list[tuple[str, int]]:
    """`text` (`trimmed`) and the other forms it is looked for in, each with how its first two
    words are joined: as a name's (`TYPED`), or surname first by a comma (`COMMA`) or by spaces
    only (`SPACED_ONLY`); the typed form first, no form twice."""
    text = trimmed(text)
    typed = words(text)
    if not typed:
        return []
    digits = "".join(_NUMBER.findall(text)) if _PHONE.fullmatch(text) else ""
    if len(digits) >= _PHONE_DIGITS:
        return [(text, TYPED), *((form, TYPED) for form in _phone_forms(text, digits))]
    out: list[tuple[str, int]] = [(text, TYPED)]
    for reading in _readings(text):
        named = words(" ".join(_bare(reading)))
        if len(named) < 2 and named != typed:
            continue  # never a single word the entry did not list alone
        if named != typed:
            out.append((" ".join(named), TYPED))
        if len(named) > 1:
            for at in _surname_starts(_bare(reading), len(named)):
                first = " ".join([*named[at:], *named[:at]])
                surname = len(tokens(" ".join(named[at:])))
                out.append((first, surname_first(COMMA, surname)))
                out.append((first, surname_first(SPACED_ONLY, surname)))
    out += [(_spelt_out(form), reversed_) for form, reversed_ in out]
    out += [(_SPELLING.sub(lambda m: m.group()[0], form), reversed_) for form, reversed_ in out]
    return list(dict.fromkeys(out))


def _surname_starts(chunks: list[str], count: int) -> list[int]:
    """Where a name's surname may start among its `count` words (`words` of `chunks`, the name
    as written between spaces): at its last word (`Berg, Anna van der`), and where its last
    chunk starts, with the particles before it (`Wrenfield-Smythe`, `van der Berg`; stop 38,
    red team h150: only the last word was written first, so `WRENFIELD-SMYTHE Hobart` and
    `VAN DER BERG, Anna` were left). Never the first word: that is the given name."""
    last = len(words(chunks[-1])) if chunks else 1
    k = len(chunks) - 1
    while k > 1:
        if normalise(chunks[k - 1])[0] in SURNAME_PARTICLES:
            last += len(words(chunks[k - 1]))
            k -= 1
        elif k > 2 and normalise(chunks[k - 2])[0] in PATRONYMIC:
            # `bin Khalid al-Rashid`: a father's name and its particle, in the surname (h153).
            last += len(words(chunks[k - 1])) + len(words(chunks[k - 2]))
            k -= 2
        else:
            break
    return list(dict.fromkeys(at for at in (count - 1, count - last) if 0 < at < count))


SURNAME_PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "des", "du", "la", "le", "di", "da", "del", "della",
        "dos", "das", "do", "ter", "ten", "bin", "bint", "ibn", "al", "el", "ben", "ap", "af",
        "zu", "vom", "zum", "zur", "st",
    }
)  # fmt: skip
"""Words that begin a surname of several words (`van der Berg`, `bin Laden`, `al Amin`),
taken into it when it is written first."""
PATRONYMIC = frozenset({"bin", "bint", "ibn", "ben", "ap"})
"""Words before a father's name, which the surname written first takes with it."""


def _readings(text: str) -> list[list[str]]:
    """The entry's words (as written between spaces) in each order it may name someone in: as
    typed; and, unless it holds a digit (an address: `Flat 2, 14 Hill Street`), without its
    bracketed parts (`(Mrs)`, `(née Smith)`) and read at its first comma both ways — a name
    then what the person is (`Jane Example, consultant`: the two or more words before the
    comma, see `_describes`) and surname first (`Example, Jane`: the words after it, then
    those before, when those before are three or fewer)."""
    if any(ch.isdigit() for ch in text) or not _SPLIT.search(text):
        return [text.split()]
    plain = _BRACKETED.sub(" ", text)
    head, comma, tail = plain.partition(",")
    if not comma:
        return [plain.split()]
    first, rest = head.split(), tail.split(",")[0].split()
    if len(words(head)) >= 2 and _a_name(_bare(first)) and _describes(first, tail):
        return [first]
    surname_first = len(words(head)) <= 3 and 1 <= len(words(" ".join(rest))) <= 3
    return [rest + first] if surname_first and _a_name(first) and _a_name(rest) else []


PLACES = frozenset(
    {
        "street", "road", "lane", "avenue", "hall", "unit", "ward", "hospital", "clinic",
        "centre", "center", "house", "court", "park", "square", "place", "close", "way",
        "drive", "trust", "team", "service", "services", "surgery", "practice", "school",
        "college", "university", "mill", "flat", "building", "board", "council", "group",
        "health", "care", "home", "office", "department", "institute", "foundation",
    }
)  # fmt: skip
"""Words of a place or a body, not a person (`Dean Street`, `Mental Health Unit`)."""


def _a_name(chunks: list[str]) -> bool:
    """Whether words (as written between spaces) can be a person's name on their own, so that
    a comma may set them apart: three words or fewer, each capitalised, of two letters or more
    (not an initial), not all of them titles, roles or a place's words, and not ending in a
    place's word. `Chief Executive, Dean Street Clinic` names a post, not a person: every chief
    executive quoted in the bundle would otherwise be marked; `Mental Health Unit, Leeds` is not
    `Leeds Mental Health Unit`. `Grace Smith, nurse` and `Jane Field, consultant` are names
    (`Grace` and `Field` are title words only beside another)."""
    named = [chunk for chunk in chunks if words(chunk)]
    if not 1 <= len(named) <= 3:
        return False
    folded = [[normalise(part)[0] for part in words(chunk)] for chunk in named]
    for i, (chunk, parts) in enumerate(zip(named, folded, strict=True)):
        if " ".join(parts) in PARTICLES and i < len(named) - 1:
            continue  # `Van der Berg`; `van der Wrenfield, Anna` (h153: the entry hid only itself)
        if not chunk.lstrip("'\"‘“(")[:1].isupper() or len("".join(parts)) < 2:
            return False
    never = TITLES | ROLES | PLACES | TITLE_BEFORE | TITLE_AFTER
    if any(part in PLACES for part in folded[-1]):
        return False
    return not all(part in never for parts in folded for part in parts)


PARTICLES = frozenset({"van", "von", "der", "den", "de", "du", "la", "le", "di", "da", "del"})
"""Lower-case words inside a surname (`Van der Berg`)."""


def _describes(head: list[str], tail: str) -> bool:
    """Whether what follows a comma says what the person before it is (so the words before it
    are a name on their own): a description in lower case (`, consultant`), a role, a title or
    honours (`, Consultant Psychiatrist`, `, OBE`), or a title before the name (`Dr Jane
    Example, Leeds`). Not a place after a place: `Mental Health Unit, Leeds` does not hide
    every mental health unit."""
    after = tail.split()
    if not after:
        return False
    if after[0][:1].islower() or _titles(head) > 0:
        return True
    folded = {_word(chunk) for chunk in after}
    return bool(folded & (ROLES | TITLES)) or any(_post_nominal(chunk) for chunk in after)


def _bare(chunks: list[str]) -> list[str]:
    """A name's words (as written between spaces) without the titles before it, the honours,
    degrees and suffixes after it (`OBE`, `PhD`, `Jr`), a maiden name after `née`, and its
    middle initials (`Bram K. Zellweger` is `Bram Zellweger`): always two words or more."""
    named = list(chunks)
    for i, chunk in enumerate(named[2:], 2):
        if normalise(chunk)[0] in _NEE:
            named = named[:i]
            break
    while len(named) > 2 and _post_nominal(named[-1]):
        named.pop()
    named = named[min(_titles(named), len(named) - 2) :] if len(named) > 2 else named
    if len(named) > 2:
        named = [named[0], *(c for c in named[1:-1] if not _INITIALS.fullmatch(c)), named[-1]]
    return named


def _titles(chunks: list[str]) -> int:
    """How many of the first words are a title: a run of `TITLES`, or of words that are one
    only beside another (`TITLE_BEFORE` before one, `TITLE_AFTER` after one)."""
    folded = [_word(c) for c in chunks]

    def titled(i: int) -> bool:
        word = folded[i]
        after = i + 1 < len(folded) and (
            folded[i + 1] in TITLES or folded[i + 1] in TITLE_BEFORE or folded[i + 1] in TITLE_AFTER
        )
        if word == "the":  # `The Revd`, `The Right Honourable`; not `The Dean Street Clinic`
            return i + 1 < len(folded) and (
                folded[i + 1] in TITLES or folded[i + 1] in TITLE_BEFORE
            )
        return (
            word in TITLES
            or (word in TITLE_BEFORE and after)
            or (word in TITLE_AFTER and i > 0 and titled(i - 1))
        )

    count = 0
    while count < len(folded) and titled(count):
        count += 1
    return count


def _word(chunk: str) -> str:
    """A word as written between spaces, folded, when it is one word (`Revd.`); else ""."""
    parts = words(chunk)
    return normalise(parts[0])[0] if len(parts) == 1 else ""


def _post_nominal(chunk: str) -> bool:
    """Whether a word after a name is an honour, a degree, a qualification or a suffix, written
    as one is (`OBE`, `PhD`, `MA`; not the surnames `Ma` or `Obe`)."""
    parts = words(chunk)
    if len(parts) != 1:
        return False
    word = parts[0].replace(".", "")
    folded = normalise(word)[0]
    capitals = sum(ch.isupper() for ch in word)
    return (folded in POST_NOMINALS and capitals >= 2) or folded in SUFFIXES


def _phone_forms(text: str, digits: str) -> list[str]:
    """A telephone number as it is also written: from abroad (`+44 7700 900123`, `0044 7700
    900123`, `+44 (0)7700 900123`) when it is a UK number written from home (`07700 900123`),
    and the other way; an international one with `00` for its `+`, and the other way."""
    national = ""
    if text.lstrip().startswith("+"):
        out = [f"00{digits}"]
        if digits.startswith("44"):
            national = digits[2:]
    elif digits.startswith("00"):
        out = [f"+{digits[2:]}"]
        if digits.startswith("0044"):
            national = digits[4:]
    else:
        out = []
        national = digits[1:] if digits.startswith("0") else ""
    national = national[1:] if national.startswith("0") else national  # `+44 (0)7700…`
    if len(national) >= _PHONE_DIGITS - 1:
        out += [f"{prefix}{national}" for prefix in ("0", "+44 ", "0044 ", "+44 (0)", "0044 (0)")]
    return out


_PHONE = re.compile(r"[\d\s().+\-]+")
_NUMBER = re.compile(r"\d")
_PHONE_DIGITS = 10
_SPLIT = re.compile(r"[,(\[]")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_INITIALS = re.compile(r"[^\W\d_]\.?|(?:[^\W\d_]\.)+")
"""A word that is initials: `K`, `K.`, `J.K.`."""
_NEE = frozenset({"nee", "formerly"})
_SPELLING = re.compile("ae|oe|ue|aa", re.IGNORECASE)
"""A spelt-out letter, read back as the plain letter the matcher makes of `ä ö ü ø å`."""


def _spelt_out(text: str) -> str:
    composed = unicodedata.normalize("NFC", text)
    return "".join(SPELT_OUT.get(ch, ch) for ch in composed)
