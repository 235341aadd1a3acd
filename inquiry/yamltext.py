"""A file's bytes as the text YAML is read from: UTF-8, each character YAML refuses (and each
byte that is not UTF-8) replaced by U+FFFD one for one, so every position stays and the rest of
the file is still read, with a flaw at each place replaced."""

from __future__ import annotations

from dataclasses import dataclass

from inquiry.characters import character_name, line_starts, place, yaml_refused
from inquiry.yamlcompose import Pos, YamlProblem


@dataclass(frozen=True)
class Flaw:
    """A value the file holds that no output can carry, found while reading (the file still
    loads, with the offending characters replaced by U+FFFD)."""

    code: str
    message: str
    pos: Pos
    hint: str | None = None


def _utf16_without_bom(head: bytes) -> bool:
    """ASCII text in UTF-16: every other byte of the first four is zero, the others not."""
    if len(head) < 4:
        return False
    odd, even = head[1::2], head[0::2]
    return (odd == b"\x00\x00" and 0 not in even) or (even == b"\x00\x00" and 0 not in odd)


def _utf32(head: bytes) -> bool:
    """UTF-32: its byte-order mark, or ASCII text with three zero bytes beside each letter."""
    if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return True
    if len(head) < 8:
        return False
    little = head[1:4] == head[5:8] == b"\x00\x00\x00" and 0 not in (head[0], head[4])
    big = head[0:3] == head[4:7] == b"\x00\x00\x00" and 0 not in (head[3], head[7])
    return little or big


def _decode(raw: bytes) -> str:
    """The text, a byte that is not UTF-8 kept as a lone surrogate (`surrogateescape`)."""
    if _utf32(raw[:8]):
        raise YamlProblem(
            "yaml-encoding",
            "the file is UTF-32, not UTF-8",
            Pos(1, 1),
            "save it again with the encoding UTF-8",
        )
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or _utf16_without_bom(raw[:4]):
        raise YamlProblem(
            "yaml-encoding",
            'the file is UTF-16 (what Notepad and Excel call "Unicode"), not UTF-8',
            Pos(1, 1),
            "save it again with the encoding UTF-8",
        )
    return raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")


FLAWS_SHOWN = 20
"""Problems of one code (characters YAML refuses, aliases, refused tags…) reported one by one
up to this many a file, then counted."""


def _refused_characters(text: str) -> tuple[str, list[Flaw]]:
    """`text` with each byte that is not UTF-8 and each character YAML refuses replaced by
    U+FFFD (one for one, so every position stays), and a flaw at each: the rest of the file is
    still read, and every problem it has is found in the same run."""
    found = yaml_refused(text)
    if not found:
        return text, []
    starts = line_starts(text)
    places = [place(starts, i) for i, _ in found[: FLAWS_SHOWN + 1]]
    if len(found) > FLAWS_SHOWN and ("\x00" in text or len(found) * 10 > len(text)):
        raise YamlProblem(
            "yaml-encoding",
            f"the file does not read as text: {len(found):,} of its {len(text):,} characters are"
            " bytes that are not UTF-8 or characters YAML does not allow, the first here",
            Pos(*places[0]),
            "evidence items are UTF-8 text: is it the file you meant to add?",
        )
    flaws: list[Flaw] = []
    for (_, ch), (line, column) in zip(found[:FLAWS_SHOWN], places, strict=False):
        if "\udc80" <= ch <= "\udcff":
            flaw = Flaw(
                "yaml-encoding",
                f"the file is not UTF-8 (byte 0x{ord(ch) - 0xDC00:02x})",
                Pos(line, column),
                "save the file as UTF-8",
            )
        elif ch in "\u2028\u2029":
            flaw = Flaw(
                "text-character",
                f"the text holds {character_name(ch)}, often pasted from a web page, which YAML"
                " reads as a new line in some places and not in others",
                Pos(line, column),
                "replace it with a space, or start a new line indented like the others",
            )
        else:
            flaw = Flaw(
                "yaml-syntax",
                f"the file holds a character YAML does not allow: {character_name(ch)}",
                Pos(line, column),
                "remove it: control characters and noncharacters are often left by copying"
                " from another program",
            )
        flaws.append(flaw)
    if len(found) > FLAWS_SHOWN:
        line, column = places[FLAWS_SHOWN]
        flaws.append(
            Flaw(
                "yaml-syntax",
                f"{len(found) - FLAWS_SHOWN:,} more characters YAML does not allow, or bytes"
                " that are not UTF-8, from here on",
                Pos(line, column),
                "save the file as UTF-8 text; is it the file you meant to add?",
            )
        )
    return _replaced(text, [i for i, _ in found]), flaws


def _replaced(text: str, indices: list[int]) -> str:
    """`text` with the character at each index (in order) replaced by U+FFFD."""
    parts: list[str] = []
    at = 0
    for i in indices:
        parts.append(text[at:i])
        parts.append("\ufffd")
        at = i + 1
    parts.append(text[at:])
    return "".join(parts)


def readable_text(raw: bytes) -> tuple[str, list[Flaw]]:
    """The file's text for YAML to read, and a flaw at each character replaced. Raises
    `YamlProblem` for UTF-16 and for a file that does not read as text."""
    return _refused_characters(_decode(raw))


def any_utf(raw: bytes) -> str | None:
    """The text of a file in any encoding YAML allows (UTF-8, or UTF-16 or UTF-32 told by a
    byte-order mark or by the zero bytes beside ASCII letters), or None when it reads as none
    of them. Only for reading a refused file's `redact` lists (`redact_lists.read_again`): an
    item in UTF-16 is still refused, as its pull request's diff would not show as text."""
    head = raw[:8]
    if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        codec = "utf-32"
    elif _utf32(head):
        codec = "utf-32-le" if head[1:4] == b"\x00\x00\x00" else "utf-32-be"
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    elif _utf16_without_bom(head[:4]):
        codec = "utf-16-le" if head[1] == 0 else "utf-16-be"
    else:
        codec = "utf-8"
    try:
        return raw.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def readable_str(text: str) -> tuple[str, list[Flaw]]:
    """`readable_text` of text already decoded (`any_utf`)."""
    return _refused_characters(text)
