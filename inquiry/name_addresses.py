"""What the search for redacted strings reads specially in addresses: a text percent-decoded as
often as it was encoded, a web address, file name or path (where a name's words run together), an
internationalised host's punycode, the bundle's own namespaces, and runs of hexadecimal digits
(a digest or a colour, not a word); and an e-mail address's name part, a handle and a hashtag,
where a name may touch other letters. Split from `name_patterns`, which lays out the expressions.
"""

from __future__ import annotations

import bisect
import re
import urllib.parse

DECODE_ROUNDS = 5
"""Times a text is percent-decoded at most: a link passed through a redirector or a mail
filter's link checker (Outlook's Safe Links, Google's `/url?q=`) is encoded again each time."""


def unquotings(text: str) -> list[str]:
    """`text` percent-decoded (as `urllib.parse.unquote_plus` reads it) once, twice…, until
    decoding changes nothing: each reading that differs from the one before. A name encoded
    twice (`Hobart%2520Wrenfield`) is found in the second."""
    out: list[str] = []
    for _ in range(DECODE_ROUNDS):
        decoded = urllib.parse.unquote_plus(text)
        if decoded == text:
            break
        out.append(decoded)
        text = decoded
    return out


BARE_LETTERS = 3
_NOT_LAST = (
    # words that start a sentence run into the one before (`Manchester.Then`, `Rowe.The`)
    "the|then|this|that|these|those|there|their|they|them|she|his|her|him|its|our|you|your|"
    "and|but|nor|for|from|with|after|before|when|while|where|which|who|what|why|how|all|some|"
    "also|however|although|though|because|since|until|was|were|are|not|yes|has|had|have|did|"
    "does|can|could|would|should|will|may|might|must|each|every|both|many|more|other|such|"
    "only|just|even|still|yet|next|first|finally|instead|indeed|therefore|thus|"
    # and the parts of a bundle's own files (`settings.xml`, `style.css`, `manifest.json`)
    "xml|rels|html?|css|js|json|typ|xsd"
)
_DOT = "[.\u3002]"  # a full stop, or the ideographic one browsers take for it (NFKD makes ｡ that)
_REST = "[^\\s<>\"'()\\[\\]]"
_FOLDERS = "(?:(?:[a-z]:)?\\\\(?:[\\w.\\-~]+\\\\)*|[/~]?(?:[\\w.\\-~]+/)*)"
"""The folders before a file's name: `exhibits/`, `~/letters/`, `c:\\users\\jsmith\\`."""
HOST = re.compile(
    f"(?:(?:https?|ftp)://|www{_DOT}){_REST}+"
    # a host or a file's name, with the folders before it and the path after it
    + f"|(?<![\\w.\\-]){_FOLDERS}(?:[^\\W_](?:[\\w\\-]*[^\\W_])?{_DOT})+"
    + f"(?!(?:{_NOT_LAST})(?![\\w\\-]))(?:[a-z][a-z0-9]{{1,23}}|xn-{{1,2}}[a-z0-9-]+)"
    + f"(?![\\w\\-+]|{_DOT}[^\\W_])(?:[/?#]{_REST}*)?"
    # a path of two folders or more (a drive's, of one or more)
    + "|(?<![\\w.\\-])(?:[/~]?(?:[\\w.\\-~]+/){2,}|[a-z]:\\\\(?:[\\w.\\-~]+\\\\)+)"
    + "[\\w.\\-~]*"
)
"""A (normalised) web address, file name or path: one with its scheme or `www.`; a host or a
file's name, its last label of two to 24 letters and digits, starting with a letter
(`oursomerset.org.uk`, `janesmithcounselling.therapy`, `janesmithinterview.mp3`), with the
folders before it (`exhibits/JaneSmithLetters/letter.pdf`, `C:\\Users\\jsmith\\x.msg`) and its
path, query and fragment; or a path of two folders or more — where words run together with
nothing between them: a name is found there wherever it stands, as in an address's name part,
when it is long enough not to be found in ordinary words (`HOST_LETTERS`). Not two sentences
run together (`Manchester.Then`: a last label that is a word a sentence starts with), a bundle's
own part (`settings.xml`, `style.css`), a Word file's `…wordprocessingml.footer+xml` content
type (a `+` after it), nor `e.g.` (a label of one letter)."""
_ADDRESS_MARK = re.compile("[./\\\\\u3002]")
"""What every match of `HOST` holds: a dot, a slash or a backslash."""
_SPACE = re.compile(r"\s")


def hosts(norm: str) -> list[re.Match[str]]:
    """`HOST.finditer(norm)`, searched only in the runs of non-space characters that hold a
    dot, a slash or a backslash (none of its matches holds a space): on prose a quarter of the
    time of a search of the whole text, which tries a host at every word's start."""
    out: list[re.Match[str]] = []
    end = 0
    for mark in _ADDRESS_MARK.finditer(norm):
        if mark.start() < end:
            continue  # in the run searched last
        start = mark.start()
        while start > end and not norm[start - 1].isspace():
            start -= 1
        space = _SPACE.search(norm, mark.end())
        end = space.start() if space is not None else len(norm)
        out += HOST.finditer(norm, start, end)
    return out


OUR_HOSTS = frozenset(
    {
        "schemas.openxmlformats.org",
        "schemas.microsoft.com",
        "purl.org",
        "www.w3.org",
        "ns.adobe.com",
        "dejavu.sourceforge.net",
    }
)
"""Hosts of the namespaces and notices every bundle carries (Word's XML, XMP metadata, a font's
copyright): their addresses are the formats', never the evidence's (a witness called Foote is
not in `…/relationships/footer`)."""
_HOST_OF = re.compile("^(?:(?:https?|ftp)://)?([^/?#:]+)")
PUNYCODE = re.compile("(?<![a-z0-9-])xn-{1,2}([a-z0-9-]+)")
"""An internationalised host's label as written in ASCII (`xn--zoblanchflower-6kb` is
`zoëblanchflower`; typographic dashes may have made its `--` one dash)."""


def ours(address: str) -> bool:
    """Whether a web address (as `HOST` finds it) is at one of `OUR_HOSTS`."""
    host = _HOST_OF.match(address)
    return host is not None and host.group(1).replace("\u3002", ".") in OUR_HOSTS


def punycode_label(label: str) -> str | None:
    """The Unicode a punycode label stands for, or None when it is not one."""
    import codecs

    try:
        return codecs.decode(label.encode("ascii"), "punycode")
    except (UnicodeError, ValueError):
        return None


HOST_LETTERS = 5
"""Letters a form needs to be looked for inside a host's words: `Smith` in `smithphotography`,
`Somerset` in `oursomerset` — but not `Mat` in the `openxmlformats` of every Word file's
namespaces, nor `Ann` in `planning.gov.uk`."""
ADDRESS = re.compile(r"(?<![\w.+\-])[\w.+\-]+(?=@\w)|(?<![\w\]])@\w+")
"""The parts of a (normalised) text where a name may touch other letters: the local part of an
e-mail address (`zquorvath@`), a handle (`@annsmith`) — not the domain after a redaction mark
(`[PI]@janesmith.org` is an address whose name part was removed, read as it was before)."""
HASHTAG = re.compile(r"(?<![\w&#/\]])#(?=[^\W\d_])\w+")
"""A hashtag (`#justiceforjanesmith`), where a name runs into other words as in a host's
(`HOST_LETTERS`): one that starts with a letter, not a character reference (`&#233;`), an
address's fragment (`/#top`, read with its address) or a number (`#12`)."""
_HEX_RUN = re.compile("[0-9a-f]{6,}")
HEX_NAME = re.compile("[a-f]+")
_DIGEST_HEX = 16


def hex_runs(norm: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the runs of six or more hexadecimal digits in `norm` that hold a
    decimal digit, in order: found once per text, so a megabyte of digests costs one scan."""
    starts, ends = [], []
    for run in _HEX_RUN.finditer(norm):
        if not run.group().isalpha():
            starts.append(run.start())
            ends.append(run.end())
    return starts, ends


def in_hex(norm: str, start: int, end: int, runs: tuple[list[int], list[int]]) -> bool:
    """Whether `norm[start:end]` (a name made of the letters a–f, `Ada`, `Ed`) is part of a
    hexadecimal number rather than a word: a digest (16 digits or more, `…3ada9…` in a SHA-256)
    or a colour (`#ed7d31`, `0F9ED5`). A digit is otherwise no word's middle (`Rowe2`)."""
    starts, ends = runs
    i = bisect.bisect_right(starts, start) - 1
    if i < 0 or ends[i] < end:
        return False
    first, last = starts[i], ends[i]
    if last - first >= _DIGEST_HEX or (first > 0 and norm[first - 1] == "#" and last - first <= 8):
        return True
    # Inside a shorter run, as in a colour without its `#` (`0F9ED5`); `Ed2024` is a name.
    return first < start and last > end
