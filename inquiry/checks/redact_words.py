"""A `redact` entry the build would cut where the edition uses ordinary words (red team h165).

An entry is removed wherever the public edition holds it, in any case and in every form a name
takes (surname first, titles between, glued in a file name): a name is sometimes written in
lower case (a forum post quoted verbatim), and leaving it there would be the worst defect a
bundle can have. But a name made of words (`Will`, `Day`, `Case`, `Hope`) is then cut wherever
those words are used as words: an item redacting `Day` took "the number of clients per day" out
of another item's title, the index and a line of inquiry, and `Will Day` took "day, the nurse
will" (surname first, a title read away), and the build said nothing. So validation says so:
of each entry written with a capital, every cut the build's own matcher would make in the
public edition's texts where the words cut are written without capitals, as prose writes them
(not a name glued in an address or a file name: `jane.example@nhs.net` is the name); in which
items, never the words (logs are public). The entry is still removed everywhere; the editor
decides whether to list the forms the name takes instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from inquiry import name_addresses as addresses
from inquiry.checks.common import Context, at
from inquiry.checks.redaction import declared_codes, edition_texts, entry_strings, too_short
from inquiry.load import Corpus
from inquiry.numbering import included
from inquiry.problems import Problem
from inquiry.redacted_log import matcher_of, strings_of
from inquiry.redaction import Matcher

SHOWN_ITEMS = 3
"""Items named in a message; the rest are counted."""

_WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits (`_day_` and `day_one` hold `day`, as the matcher reads them)."""
_TOKEN = re.compile(r"\S+")


def words_of(text: str) -> list[str]:
    """A text's words in lower case: what a cut is matched to its entries by."""
    return _WORD.findall(text.lower())


def owns(entry: str, cut: str) -> bool:
    """Whether a cut without capitals (`day, the nurse will`, `cases`) is one of `entry`'s:
    each of the entry's words is a word of the cut, or that word with a plural or possessive
    `s` (`daybreak` is none of `Day`'s)."""
    words = set(words_of(cut))
    return all(any(w in words for w in (e, f"{e}s", f"{e}'s")) for e in words_of(entry))


def ordinary_words(ctx: Context) -> list[Problem]:
    """`redact-ordinary-words`: each `redact` entry written with a capital — any item's own or
    its exhibits', drafts' and restricted items' too, for the public build removes every one
    from everything it prints — that the build would cut, in the public edition's texts (the
    included items' fields and submission.yaml's, as written), where the words cut are
    written without capitals."""
    corpus = ctx.corpus
    if corpus.submission_doc is None or not strings_of(corpus)[0]:
        return []
    asked = [
        (entry, path, text)
        for entry in corpus.entries
        for path, text in entry_strings(entry)
        if not too_short(text) and any(c.isupper() for c in text)
    ]
    if not asked:
        return []
    public = [
        e
        for e in corpus.entries
        if e.item is not None
        and included(e.item, audience="public", include_drafts=ctx.include_drafts)
    ]
    # Each field as written (`_day_` and `day_one` hold `day`; `*d*ay` is not read as `day`).
    sources = [("submission.yaml", edition_texts(corpus.submission_doc.data))]
    sources += [(e.item.id if e.item else e.file, edition_texts(e.doc.data)) for e in public]
    matcher = matcher_of(corpus)
    where = _cuts(sorted({text for _, _, text in asked}), sources, matcher)
    shown = {id(e) for e in public}  # by identity: an entry's equality compares its data
    out = []
    for entry, path, text in asked:
        if text in where:
            left_out = "" if id(entry) in shown else LEFT_OUT
            message, hint = _words(path, where[text], left_out, matcher)
            out.append(at(entry, path, "redact-ordinary-words", message, hint, "warning"))
    return out


def _words(
    path: tuple[str | int, ...], items: list[str], left_out: str, matcher: Matcher
) -> tuple[str, str | None]:
    """The warning's message and hint; or, when a word of their own is a redacted string (the
    entries this warning is of are ordinary words: `Every`, `Given`, `Heading`), words with
    none: the log would mark it, and the mark's place in words anyone can read in this file
    would say the word (red team h168)."""
    places = _places(items)
    message = (
        f"{_which(path)} is also found in words written without capitals (or in a heading that "
        f"gives every word one) in the public edition, {places}: each is removed as the name "
        f"is, so where they are ordinary words, they are cut from the bundle{left_out}"
    )
    hint = (
        "if the name is also a word people use, list the forms the name takes instead (`Mr "
        "Surname`, `Given Surname`) and check them in the bundle; while this entry is listed, "
        "every such form is removed too, should it be the name"
    )
    number = ".".join(str(int(p) + 1) for p in path if isinstance(p, int))
    for said, told in (
        (message, hint),
        (f"{_which(path)}: {places} (see `redact-ordinary-words` in docs/format.md)", None),
        (f"{number}: {places}", None),
    ):
        if not matcher.search(said + "\n" + (told or "")):
            return said, told
    return f"{number}", None


def _cuts(
    strings: list[str], sources: Sequence[tuple[str, Iterable[str]]], matcher: Matcher
) -> dict[str, list[str]]:
    """For each of `strings`, the sources (in order) of the texts where the build cuts words
    of it written without capitals. A word written without capitals is found at C speed; a
    name of one word is cut wherever it stands whole (`day`, `days`), so that is enough; a
    name of more words is asked of the matcher only in a text holding all of them so written
    (`day, the nurse will`: surname first past a title)."""
    words = {text: words_of(text) for text in strings}
    having: dict[str, set[str]] = {}
    for text, its in words.items():
        for word in its:
            having.setdefault(word, set()).add(text)
    # Each word in lower case, and as casefolding writes it (`weiss` for `Weiß`), and with a
    # plural `s` (a possessive's is a word of its own), as the word it is of. A text's words
    # are looked up in a set, at C speed: an alternation of hundreds of names tried at every
    # character of every text took minutes.
    forms = {
        form: word
        for word in having
        for base in {word, word.casefold()}
        for form in (base, f"{base}s")
    }
    known = frozenset(forms)
    where: dict[str, dict[str, None]] = {}  # in order, each once
    for name, texts in sources:
        for written in texts:
            # In a heading whose every word has a capital (`Clients Seen Per Day`, `TWICE A
            # DAY`), a capital tells a name from a word no more than in lower case.
            text = written.lower() if _titled(written) else written
            found = known.intersection(_WORD.findall(text))
            if not found:
                continue
            present: set[str] = set()
            for token in _TOKEN.findall(text):  # each run without a space looked at once
                its = [w for w in _WORD.findall(token) if w in found]
                if its and not _address(token):
                    present.update(forms[w] for w in its)
            if not present:
                continue
            lower_cuts: list[str] | None = None
            for string in sorted({s for w in present for s in having[w]}):
                its = words[string]
                if not all(w in present for w in its):
                    continue
                if len(its) > 1:
                    if lower_cuts is None:
                        lower_cuts = _lower_cuts(text, matcher)
                    if not any(owns(string, cut) for cut in lower_cuts):
                        continue
                where.setdefault(string, {})[name] = None
    return {string: list(names) for string, names in where.items()}


def _lower_cuts(text: str, matcher: Matcher) -> list[str]:
    """The cuts the build makes in `text` that are written without capitals, as prose writes
    them."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = [start for start, _ in tokens]
    cuts = []
    for hit in matcher.find(text):
        cut = text[hit.start : hit.end]
        if any(c.isupper() for c in cut):
            continue
        if len(words_of(cut)) > 1 and not any(c.isspace() for c in cut):
            continue  # words run together (`jane_example`, `janeexample`): the name glued
        k = bisect.bisect_right(starts, hit.start) - 1
        if k >= 0 and _address(text[tokens[k][0] : tokens[k][1]]):
            continue
        cuts.append(cut)
    return cuts


def _which(path: tuple[str | int, ...]) -> str:
    if path[0] == "exhibits":
        return f"exhibit {int(path[1]) + 1}'s `redact` entry {int(path[3]) + 1}"
    return f"`redact` entry {int(path[1]) + 1}"


LEFT_OUT = (
    " (this item is not in the public edition, but what it redacts is removed from all of it)"
)
"""Said of an entry whose item the public edition leaves out (a draft, a restricted item)."""


_LETTERS = re.compile(r"[^\W\d_]+")
TITLED_WORDS = 3
"""Words of a heading that capitalises every one, past which it is read as if in lower case."""


def _titled(text: str) -> bool:
    """Whether every word of `text` (of `TITLED_WORDS` or more) starts with a capital."""
    words = _LETTERS.findall(text)
    return len(words) >= TITLED_WORDS and all(w[0].isupper() for w in words)


def _address(token: str) -> bool:
    """Whether a run without spaces is a web or e-mail address, a handle, a file's name or a
    path, as the matcher reads them (`name_addresses`), where a name is the name: not a word
    pair written with one slash (`day/night`), nor `e.g.`."""
    return bool(addresses.ADDRESS.search(token) or addresses.HOST.search(token.lower()))


def _places(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_ITEMS])
    rest = len(names) - SHOWN_ITEMS
    if rest <= 0:
        return f"in {shown}"
    return f"in {shown} and {rest:,} more"


def own_wording(ctx: Context) -> list[Problem]:
    """`redact-own-wording` at each redacted string that submission.yaml's own words hold where
    the public bundle prints them whole (the build refuses it: `render.view_writer`)."""
    declared = declared_codes(ctx.corpus)
    return _in_the_codes(ctx.corpus, declared or {}) + _in_the_submission(ctx.corpus)


def _in_the_codes(corpus: Corpus, declared: dict[str, str]) -> list[Problem]:
    """`redact-own-wording` at each redacted string that a declared reason code or its meaning
    holds: the public cover lists them all ("Redactions: MIDGE: …"), so the build refuses it
    (`render.view_writer.own_wording_problems`); validate said valid (stop 33, red team h112)."""
    return _in_words(
        corpus,
        [*declared, *declared.values()],
        "this redacted string is also in a reason code or its meaning (submission.yaml's "
        "`redaction_codes`), which the public bundle's cover lists",
        "list the name with more words (a first name, a title), or reword the code's meaning",
    )


def _in_the_submission(corpus: Corpus) -> list[Problem]:
    """`redact-own-wording` at each redacted string that a line of inquiry's id or the
    submission's `language` holds: the bundle prints the ids as written (its index, its table
    of the lines of inquiry) and gives the language to every output (`/Lang`, `lang`), so the
    build refuses it; validate said valid (red team h179 F3: `LOI-HALLAM`, `en-GB-hallam`)."""
    sub = corpus.submission_fields
    if sub is None:
        return []
    words = [sub.text("lines_of_inquiry", i, "id") for i in sub.indices("lines_of_inquiry")]
    return _in_words(
        corpus,
        [w for w in [*words, sub.text("language")] if w],
        "this redacted string is also in a line of inquiry's id or the submission's "
        "`language` (submission.yaml), which the public bundle prints as written",
        "list the name with more words (a first name, a title), or rename the line of inquiry",
    )


def _in_words(corpus: Corpus, words: list[str], message: str, hint: str) -> list[Problem]:
    """`redact-own-wording` at each item's redacted string that `words` hold."""
    asked = [(e, path, text) for e in corpus.entries for path, text in entry_strings(e)]
    if not words or not asked:
        return []
    # The validation's own matcher (bounded: `redact-too-many`), made once.
    found = {text for text, _ in matcher_of(corpus).search("\n".join(words))}
    return [
        at(entry, path, "redact-own-wording", message, hint)
        for entry, path, text in asked
        if text in found
    ]


TEMPLATE = "templates/reference.docx"


def in_the_template(corpus: Corpus, reference: bytes) -> list[Problem]:
    """`redact-own-wording` at each item's redacted string that the repository's DOCX reference
    document holds, in any of its parts as the build's own search reads bundle.docx (`proof`):
    pandoc carries its styles, settings, theme, fonts, headers and footers into the bundle as
    they are, so the build refused it while validate said valid (stop 45's note). A part the
    bundle does not carry (its author, its comments) is refused too: which parts pandoc
    carries is pandoc's to change, and the reference document is the repository's, to edit."""
    if not strings_of(corpus)[0]:
        return []
    from importlib import resources

    from inquiry.proof import docx_leaks  # its PDF readers are imported only here

    matcher = matcher_of(corpus)
    # What inquiry's own reference document holds too (a style of type `table`, the `Normal`
    # template it names) is no word of the coalition's: a witness called Table builds a PDF
    # whatever template the repository keeps (`init` copies inquiry's).
    shipped = resources.files("inquiry").joinpath("data", "reference.docx").read_bytes()
    own = {leak.string for leak in docx_leaks(shipped, TEMPLATE, matcher)}
    parts: dict[str, list[str]] = {}
    for leak in docx_leaks(reference, TEMPLATE, matcher):
        part = leak.where.split(" (", 1)[0]
        if leak.string not in own and part not in parts.setdefault(leak.string, []):
            parts[leak.string].append(part)
    return [
        at(
            entry,
            path,
            "redact-own-wording",
            f"this redacted string is also in {TEMPLATE} ({', '.join(parts[text])}), whose "
            "styles, headers and footers bundle.docx carries as they are",
            f"take the name out of {TEMPLATE} (Word: File › Info › Inspect Document, or edit "
            "its styles, headers and footers), or remove it to use inquiry's own",
        )
        for entry in corpus.entries
        for path, text in entry_strings(entry)
        if text in parts
    ]
