"""What may stand between the words of a name, as `name_patterns` lays a name out: the gaps a
reader takes for a space, a footnote's mark, middle initials, a long number's grouping, and
what joins a surname written first to the given name (a comma or a mark like one, titles,
spaces only, or glued as in an address).
"""

from __future__ import annotations

from inquiry.name_titles import BETWEEN_MOST, between

GAP_CHAR = "[\\s\\-'._·+/()\\[\\]{}•‧∙⋅⦁・‣◦●○▪▫■□◆◇⁌⁍⸱⸳᛫|│∣ǀ❘¦┃‖❙⏐❚׀~∼⁓。ˍ*\\\\]"
"""What may stand between the words of a name: nothing, or spaces, dashes, apostrophes, dots
(an ideographic one too), underscores (a low macron too), middle dots and bullets of any shape
(`• ‣ ◦ ● ▪ ⸱ ᛫`), plus signs, slashes and backslashes, brackets, bars and tildes of any shape
(`│ ∣ ǀ ❘ ¦ ┃ ‖ ❙ ⏐ ❚ ׀ ∼ ⁓`) and asterisks (a URL slug or query, a file name,
`Anne--Marie`, `(07700) 900123`, `Zoë • Blanchflower`, `Zoë|Blanchflower`, `Zoë│Blanchflower`)
— never a comma, a colon or a sentence's end but a dot, nor a mark that joins two things (`&`,
`=`, `>`, `#`, quotation marks: `Rose & Hill Street` is no one), nor a control character (a
separator between texts that must not be read across)."""
GAP = f"{GAP_CHAR}*"
_FOOTNOTE = r"(?:\[\^?[^\W_]{1,4}\]|(?<=[^\W\d_])\^?\d{1,3}(?=[\s,]))?"
"""A footnote's mark after a word of a name, if any: `Imogen[^1] Blackthorne` (a footnote
Markdown left as written), `Imogen[1]`, `Imogen¹` (read as `Imogen1`); stop 39, red team h154.
Digits only glued to a letter and followed by a space or a comma, so no number's digits are
read across (`Mark 12 Price` is not `Mark Price`)."""
_INITIAL = r"(?:[^\W\d_]\.|(?![ai])[^\W\d_])"
WORD_GAP = f"{_FOOTNOTE}{GAP}(?:(?<=[^\\w'’]){_INITIAL}{GAP_CHAR}+){{0,2}}"
"""Between two words of a name, a gap that may also hold one or two middle initials: `Jane Q.
Placeholder` and `Jane Q R Placeholder` are `Jane Placeholder`. An initial without its dot is
not `a` or `i`, which are words: `Will a young person` is not `Will Young`. An initial stands
after a space or a dot, never glued to the word before it or after an apostrophe: `Marks Hall`
and `St Mark's Hall` are not `Mark Hall`."""
NUMBER_GAP = GAP_CHAR[:-1] + ",\u060c\u066b\u066c]*"
"""Between two digits of a long number (a telephone or NHS number), however the digits are
grouped: whatever may stand between the words of a name (spaces, dashes, dots, brackets,
plus signs, slashes, underscores, middle dots…) and commas (`943,476,5919`; Arabic ones too,
and the Arabic decimal and thousands separators: `٠٧٧٠٠٬٩٠٠١٢٣`)."""
_TITLE_BETWEEN = between()
"""Any title word (`name_titles`) that may stand between a surname written first and the given
name (`BLACKTHORNE, Mr Ivo`, `Wrenfield Dr Hobart`, stop 38, red team h150; `Wrenfield,
Reverend Hobart`, `BLACKTHORNE, Staff Nurse Imogen`, stop 39, red team h154)."""
_TITLES = f"(?:{_TITLE_BETWEEN}{GAP_CHAR}+){{0,{BETWEEN_MOST}}}"
"""Up to `BETWEEN_MOST` titles, each ended by a dot or a gap (`Mrs.Jane`, `Revd Canon Jane`;
never glued to the name: `Dianne` is not `Di Anne`)."""
_COMMA_MARK = (
    "[,\u060c\u3001\u066b\ufe50\ufe51\uff0c:\ua789\u2236\u02f8\u05c3\ufe13\ufe55\uff1a"
    "/\u2013\u2014(\\[{\u27e8\u3008]"
)
"""A mark that stands for the comma of a surname-first form: a comma of any script, a colon
(and letters drawn like one: `꞉ ∶ ˸ ׃`), a slash, a dash, an opening bracket of any shape."""
_COMMA_JOINS = f"\\s*{_COMMA_MARK}|\\s*\\.\\.|'(?=\\s)|\\s+-|(?<=[^\\W\\d_])[_.\\-](?=[^\\W\\d_])"
COMMA_JOIN = f"{_FOOTNOTE}(?:{_COMMA_JOINS}){_FOOTNOTE}{GAP_CHAR}*{_TITLES}"
"""What stands between the surname and the rest in a surname-first form: `Example, Jane`
(a comma of any script, or a mark drawn like one: `‚` read as `'`; a colon, a slash, a dash
between spaces, a bracket: `EXAMPLE: Jane`, `EXAMPLE – Jane`, `EXAMPLE (Jane)`, `EXAMPLE
[Jane]`, red teams h153, h154), up to `BETWEEN_MOST` titles (`Example, Mrs Jane`, `Example,
Rt Hon Jane`, `Example, Mrs.Jane`); or, where the two are glued as in an address or a file
name, an underscore, a dot or a hyphen (`example.jane@`, `…/example-jane`,
`Example_Jane.pdf`; red team h154)."""
COMMA_JOIN_INSIDE = (
    f"{_FOOTNOTE}(?:{_COMMA_JOINS}|(?<=[^\\W\\d_])(?=[^\\W\\d_])){_FOOTNOTE}{GAP_CHAR}*{_TITLES}"
)
"""The same where a name may touch other letters (an e-mail address's name part, a handle, a
host: `wrenfieldhobart@`, `@wrenfieldhobart`): the two also glued with nothing between. Not
in running text, where that would be another word (`Rose Prim` written `primrose`)."""
SPACES_JOIN = f"{_FOOTNOTE}[ \\n]+(?:{_TITLE_BETWEEN}\\.?[ \\n]+){{0,{BETWEEN_MOST}}}"
"""What stands between the surname and the rest in a surname-first form without its comma
(`WRENFIELD Hobart`, `Wrenfield Dr Hobart`): spaces only, so `…the price. Mark said` is not
`Mark Price`."""
