"""Letters drawn like Latin ones that the hand-made list missed, found by a red-team pass: each
spelling below is drawn as the redacted name in the PDF, HTML or DOCX, and was left in place.
Unicode's own confusables list (UTS #39) now supplies the letters the list lacks."""

from __future__ import annotations

import pytest

from inquiry.redaction import Entry, Matcher

SPELLINGS = {
    "Mortimer Pemberton": "Mortimer Pembert\u2c9fn",  # Coptic o
    "Portobello Smythe": "\u2ca2\u2c9frt\u2c9fbell\u2c9f Smythe",  # Coptic P and o
    "Lucinda Harwood": "Lu\u2ca5inda Harwood",  # Coptic c
    "Maximilian Tubb": "M\u237aximilian Tubb",  # APL alpha
    "Violet Sawbridge": "V\u0269olet Sawbridge",  # Latin iota
    "Amalia Crowther": "Ama\u01c0ia Crowther",  # dental click
    "Gale Whitlock": "Ga\u2223e Whitlock",  # divides
    "Marge Upton": "Ma\u1d26ge Upton",  # Greek small capital gamma
    "Treena Ravel": "Tr\u212eena Ravel",  # estimated sign
    "Maxwell Pryor": "Ma\u00d7well Pryor",  # multiplication sign
    "Edwin Chalcroft": "Ed\u026fin Chalcroft",  # turned m
    "Constance Pike": "Co\u057cstance Pike",  # Armenian ra
    "May Hollis": "Ma\u0263 Hollis",  # Latin gamma
    "Lanye Blakely": "Lan\u10e7e Blakely",  # Georgian qar
    "Rosemary Tilney": "Ros\u04bdmary Tilney",  # Abkhasian che
    "Geraldine Ashonby": "Geraldine Ash\u3007nby",  # ideographic number zero
    "Roderick Blyth": "R\u101dderick Blyth",  # Myanmar wa
    # Letters in black boxes and circles, which no decomposition makes letters
    "Amalia Crowthers": "\U0001f170\U0001f17c\U0001f170\U0001f17b\U0001f178\U0001f170 "
    "\U0001f172\U0001f181\U0001f17e\U0001f186\U0001f183\U0001f177\U0001f174\U0001f181\U0001f182",
    "Ada Vane": "\U0001f150\U0001f153\U0001f150 Vane",
}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_a_name_spelt_with_a_look_alike_is_redacted(name: str) -> None:
    spelt = SPELLINGS[name]
    assert Matcher([Entry(name, "W")]).plain(f"I met {spelt} there.") == "I met [W] there."


def test_text_in_those_scripts_without_the_name_is_left_alone() -> None:
    m = Matcher([Entry("Mortimer Pemberton", "W")])
    for text in ("ⲡⲉⲙⲃⲉⲣⲧⲟⲛ", "3 × 4 = 12", "ռ ⲟ ⍺", "Pembert\u2c9fns"):
        assert m.plain(text) == text


def test_a_name_glued_to_a_letter_of_another_script_is_redacted() -> None:
    m = Matcher([Entry("Lucinda Harwood", "W"), Entry("Mortimer Pemberton", "W")])
    assert m.plain("I met αLucinda Harwood.") == "I met α[W]."
    assert m.plain("I met Mortimer Pembertonж.") == "I met [W]ж."


def test_latin_letters_of_every_block_still_make_a_longer_word() -> None:
    """IPA letters of African orthographies, Latin extended C and D, fullwidth: a name inside
    such a word is not cut out of it (red team of this change)."""
    m = Matcher([Entry("Ida", "W"), Entry("Eve", "W")])
    for text in ("Idaɐ", "Eveⱡ", "Idaɛ", "Ida\uff41"):
        assert m.plain(text) == text, text
