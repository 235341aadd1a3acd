"""Letters of other alphabets drawn like Latin ones, for matching that reads them as those letters.

`inquiry.folding` folds each of these to its Latin letter when asked to read look-alikes
(`normalise(..., look_alike=True)`); `LOOK_BLOCKS` says where in Unicode every character that
folds to one lies, so the folding tables are built by scanning those blocks only.
"""

from __future__ import annotations

LOOK_ALIKES = {
    # Cyrillic, each letter as it is drawn in its own case
    **dict.fromkeys("Аа", "a"),
    **dict.fromkeys("Вьᲀ", "b"),
    **dict.fromkeys("Ссᲃ", "c"),
    **dict.fromkeys("ԁ", "d"),
    **dict.fromkeys("Ееє", "e"),
    **dict.fromkeys("г", "r"),
    **dict.fromkeys("НҺһ", "h"),
    **dict.fromkeys("Іі", "i"),
    **dict.fromkeys("Јј", "j"),
    **dict.fromkeys("Кк", "k"),
    **dict.fromkeys("Ӏӏ", "l"),
    **dict.fromkeys("М", "m"),
    **dict.fromkeys("п", "n"),
    **dict.fromkeys("Ооᲂ", "o"),
    **dict.fromkeys("Рр", "p"),
    **dict.fromkeys("Ԛԛ", "q"),
    **dict.fromkeys("Ѕѕ", "s"),
    **dict.fromkeys("Тт", "t"),
    **dict.fromkeys("УуҮү", "y"),
    **dict.fromkeys("Ԝԝѡ", "w"),
    **dict.fromkeys("Хх", "x"),
    # Greek
    **dict.fromkeys("Αα", "a"),
    **dict.fromkeys("Β", "b"),
    **dict.fromkeys("Ϲϲ", "c"),
    **dict.fromkeys("Εε", "e"),
    **dict.fromkeys("Η", "h"),
    **dict.fromkeys("Ιι", "i"),
    **dict.fromkeys("Ϳϳ", "j"),
    **dict.fromkeys("Κκ", "k"),
    **dict.fromkeys("Μ", "m"),
    **dict.fromkeys("Νη", "n"),
    **dict.fromkeys("Οο", "o"),
    **dict.fromkeys("Ρρ", "p"),
    **dict.fromkeys("Ττ", "t"),
    **dict.fromkeys("υ", "u"),
    **dict.fromkeys("ν", "v"),
    **dict.fromkeys("ω", "w"),
    **dict.fromkeys("Χχ", "x"),
    **dict.fromkeys("Υ", "y"),
    **dict.fromkeys("Ζ", "z"),
    # Cyrillic izhitsa, Latin small capitals and other letters drawn like plain ones
    **dict.fromkeys("Ѵѵʋ", "v"),
    **dict.fromkeys("ᴀ", "a"),
    **dict.fromkeys("ʙ", "b"),
    **dict.fromkeys("ᴄ", "c"),
    **dict.fromkeys("ᴅ", "d"),
    **dict.fromkeys("ᴇ", "e"),
    **dict.fromkeys("ꜰ", "f"),
    **dict.fromkeys("ɢ", "g"),
    **dict.fromkeys("ʜ", "h"),
    **dict.fromkeys("ɪ", "i"),
    **dict.fromkeys("ᴊ", "j"),
    **dict.fromkeys("ᴋ", "k"),
    **dict.fromkeys("ʟ", "l"),
    **dict.fromkeys("ᴍ", "m"),
    **dict.fromkeys("ɴ", "n"),
    **dict.fromkeys("ᴏ", "o"),
    **dict.fromkeys("ᴘ", "p"),
    **dict.fromkeys("ʀ", "r"),
    **dict.fromkeys("ꜱ", "s"),
    **dict.fromkeys("ᴛ", "t"),
    **dict.fromkeys("ᴜ", "u"),
    **dict.fromkeys("ᴠ", "v"),
    **dict.fromkeys("ᴡ", "w"),
    **dict.fromkeys("ʏ", "y"),
    **dict.fromkeys("ᴢ", "z"),
    # Lisu and Cherokee capitals drawn like Latin ones
    **dict.fromkeys("ꓮᎪ", "a"),
    **dict.fromkeys("ꓐᏴ", "b"),
    **dict.fromkeys("ꓚᏟ", "c"),
    **dict.fromkeys("ꓓᎠ", "d"),
    **dict.fromkeys("ꓰᎬ", "e"),
    **dict.fromkeys("ꓝ", "f"),
    **dict.fromkeys("ꓖᏀ", "g"),
    **dict.fromkeys("ꓧᎻ", "h"),
    **dict.fromkeys("ꓲ", "i"),
    **dict.fromkeys("ꓙᎫ", "j"),
    **dict.fromkeys("ꓗᏦ", "k"),
    **dict.fromkeys("ꓡᏞ", "l"),
    **dict.fromkeys("ꓟᎷ", "m"),
    **dict.fromkeys("ꓠ", "n"),
    **dict.fromkeys("ꓳ", "o"),
    **dict.fromkeys("ꓑᏢ", "p"),
    **dict.fromkeys("ꓣᎡ", "r"),
    **dict.fromkeys("ꓢᏚ", "s"),
    **dict.fromkeys("ꓔᎢ", "t"),
    **dict.fromkeys("ꓴ", "u"),
    **dict.fromkeys("ꓦᏙ", "v"),
    **dict.fromkeys("ꓪᎳ", "w"),
    **dict.fromkeys("ꓫ", "x"),
    **dict.fromkeys("ꓬ", "y"),
    **dict.fromkeys("ꓜᏃ", "z"),
    # Armenian and Latin letters shaped like plain ones
    **dict.fromkeys("հ", "h"),
    **dict.fromkeys("ո", "n"),
    **dict.fromkeys("Օօ", "o"),
    **dict.fromkeys("Սս", "u"),
    **dict.fromkeys("Ɑɑ", "a"),
    **dict.fromkeys("əǝ", "e"),
    **dict.fromkeys("Ɡɡ", "g"),
    **dict.fromkeys("ȷ", "j"),
}


def _confusables() -> dict[str, str]:
    """Unicode's own list of characters drawn like others (UTS #39 `confusables.txt`, as the
    `confusable_homoglyphs` package ships it): each character not ASCII that is confused with
    one Latin letter, with that letter. Letters boxed or circled in black, which no
    decomposition makes letters again, are added: browsers and Word draw them as the letter."""
    import json
    from importlib.resources import files

    data = json.loads((files("confusable_homoglyphs") / "confusables.json").read_bytes())
    out: dict[str, str] = {}
    for ch, homoglyphs in data.items():
        if len(ch) != 1 or ch.isascii():
            continue
        latin = {
            h["c"].lower()
            for h in homoglyphs
            if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()
        }
        if len(latin) == 1:
            out[ch] = latin.pop()
    for first in (0x1F150, 0x1F170, 0x1F1E6):  # negative circled, negative squared, regional
        out.update((chr(first + i), chr(ord("a") + i)) for i in range(26))
    return out


LOOK_ALIKES = {**_confusables(), **LOOK_ALIKES}  # where the two differ, the list above wins
"""Letters of other alphabets drawn like Latin ones, each as it looks in its own case (Greek
`Ν` is an N, its lowercase `ν` a v): `Jаne` typed with a Cyrillic `а` (pasted text, or a
deliberate dodge) is `Jane` on the page. Matching reads every text twice: as written (so a name
in Greek or Cyrillic is found in either case) and, when the text holds one of these letters,
with each taken for the Latin letter it looks like (`Matcher`)."""

LOOK_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0180, 0x058F),  # Latin extended B, IPA, modifiers, marks, Greek, Cyrillic, Armenian
    (0x13A0, 0x13FF),  # Cherokee
    (0x1C80, 0x1CBF),  # Cyrillic extended C
    (0x1D00, 0x1DBF),  # phonetic extensions (small capitals, modifier letters)
    (0x1E00, 0x1FFF),  # Latin and Greek extended
    (0x2070, 0x209F),  # superscripts and subscripts (`ₔ`, a small schwa)
    (0x2100, 0x214F),  # letterlike symbols
    (0x2C60, 0x2C7F),  # Latin extended C
    (0x2DE0, 0x2DFF),  # Cyrillic extended A
    (0x3300, 0x33FF),  # CJK compatibility (`㏀`, kilohm, decomposes to a Greek omega)
    (0xA4D0, 0xA4FF),  # Lisu
    (0xA640, 0xA69F),  # Cyrillic extended B
    (0xA720, 0xA7FF),  # Latin extended D
    (0xAB70, 0xABBF),  # Cherokee small letters (which case-fold to the capitals)
    (0xFB00, 0xFB4F),  # Armenian ligatures
    (0x10780, 0x107BF),  # Latin extended F (modifier small capitals)
    (0x1D400, 0x1D7FF),  # mathematical letters (Greek among them)
)
LOOK_BLOCKS += tuple(  # and the 256-character blocks of Unicode's list outside those
    (cp & ~0xFF, cp | 0xFF)
    for cp in sorted({ord(ch) & ~0xFF for ch in LOOK_ALIKES})
    if not any(first <= cp and (cp | 0xFF) <= last for first, last in LOOK_BLOCKS)
)
"""Where every character that folds to a look-alike letter lies (a test holds this against the
whole of Unicode): scanning them, not all of Unicode, keeps a process's start quick."""
