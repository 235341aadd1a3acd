"""What may stand between the words of a name, as `name_patterns` lays a name out: the gaps a
reader takes for a space, a footnote's mark, middle initials, a long number's grouping, and
what joins a surname written first to the given name (a comma or a mark like one, titles,
spaces only, or glued as in an address).
"""

from __future__ import annotations

import re

from inquiry.name_titles import BETWEEN_MOST, BETWEEN_SPACED, between, title_run

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
_MARK = (
    r"(?:\s?\[\^[^\W_]{1,12}\]|\s?[\[(]\d{1,3}[\])]|[\u2020\u2021\u00a7]"
    r"|(?<=[^\W\d_])\^?\d{1,3}(?:,\d{1,3})*(?=[\s,\u2020\u2021\u00a7\[(]))"
)
_FOOTNOTE = f"{_MARK}{{0,2}}"
"""Footnotes' marks after a word of a name, if any: `Imogen[^1] Blackthorne` (a footnote Markdown
left as written), `Imogen[^note1]`, `Imogen [1]`, `Imogen(1)`, `Imogen¹`, `Imogen¹,²` (read as
`Imogen1,2`), `Imogen†`; stop 39, red teams h154, h159. A label in brackets only after a caret
or as a number: `Placeholder [REDACTED] Jane` holds no footnote. Digits only glued to a letter
and followed by a space, a comma or another mark, so no number's digits are read across (`Mark
12 Price` is not `Mark Price`)."""
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
COMMA_MARK = (
    "[,\u060c\u3001\u066b\ufe50\ufe51\uff0c\u2e32\u2e41\u02cf\u055d\u1802\u2e34"
    ":\ua789\u2236\u02f8\u05c3\ufe13\ufe55\uff1a\ua4fe\u0589\u1365\u16ec\u205a\u2982"
    "/\u2013\u2014(\\[{\u27e8\u3008\u00ab\u2039\u300a\u3010\u2983\u2045"
    "\u00b7\u2022|]"
)
"""A mark that stands for the comma of a surname-first form: a comma of any script or one drawn
like it (`⸲ ⹁ ˏ ՝`), a colon or one drawn like it (`꞉ ∶ ˸ ׃ ։`), a slash, a dash, an opening
bracket of any shape (`[ { ⟨ « ‹ 《 【`; not `<`, a comparison: `if price < mark`, red team h163),
a middle dot, a bullet or a bar (a list or a table written as text: `WRENFIELD | Hobart`)."""
_GLUE = "[_\\-]"
"""What glues a surname written first to the given name in a file name or an address's path
(`Wrenfield_Hobart.pdf`, `…/team/wrenfield-hobart`, `Wrenfield_-_Hobart.pdf`); not a dot,
which ends a sentence typed without its space (`next day.Will call`, red team h159)."""
_COMMA_JOINS = f"\\s*{COMMA_MARK}|\\s+-|(?<=[^\\W\\d_]){_GLUE}+(?=[^\\W\\d_]|['(\\[])"
COMMA_JOIN = f"{_FOOTNOTE}(?:{_COMMA_JOINS}){_FOOTNOTE}{GAP_CHAR}*"
"""What stands between the surname and the rest in a surname-first form: `Example, Jane`
(a comma of any script, or a mark drawn like one; a colon, a slash, a dash between spaces, a
bracket: `EXAMPLE: Jane`, `EXAMPLE – Jane`, `EXAMPLE (Jane)`, `EXAMPLE [Jane]`, red teams
h153, h154); titles after it are read away (`TITLE_RUN`: `Example, Mrs Jane`); or
glued as a file name or a path writes it (`_GLUE`: `…/example-jane`, `Example_Jane.pdf`)."""
_GLUED = "(?<=[^\\W\\d_])\\.?(?=[^\\W\\d_])"
COMMA_JOIN_GLUED = f"{_FOOTNOTE}(?:{_COMMA_JOINS}|{_GLUED}){_FOOTNOTE}{GAP_CHAR}*"
"""The same in an e-mail address's name part or a handle (`wrenfield.hobart@`,
`wrenfieldhobart@`, `@wrenfieldhobart`), where the two may also be glued by a dot or by
nothing. Not in running text, where that would be another word (`Rose Prim` written
`primrose`), nor in a host (`hallmark.co.uk` is no `Mark Hall`, red team h159)."""
SPACES_JOIN = (
    f"{_FOOTNOTE}[ \\n]+(?:{between(BETWEEN_SPACED)}(?:\\.[ \\n]*|[ \\n]+)){{0,{BETWEEN_MOST}}}"
)
"""What stands between the surname and the rest in a surname-first form without its comma
(`WRENFIELD Hobart`, `Wrenfield Dr Hobart`): spaces only, so `…the price. Mark said` is not
`Mark Price`."""
_RUN_GAP = "[\\s.\\-_]+"
TITLE_RUN = re.compile(
    f"(?<=[^\\W\\d_]){_FOOTNOTE}(?:\\s*{COMMA_MARK}|\\s+-|[_\\-.]+){_FOOTNOTE}[ \\n]*"
    f"({title_run(_RUN_GAP)}{_FOOTNOTE}{_RUN_GAP})(?=[^\\W\\d_]|[\\'\"‘“(\\[«‹<])"
)
"""Titles after a surname-first form's join (`Wrenfield, Mrs Hobart`, `WRENFIELD – Staff Nurse
Imogen`, `Ashworth (The Revd Cressida)`, `Wrenfield,Mrs.Hobart`, `Wrenfield_Mrs_Hobart`,
`Wrenfield, Mrs 'Hobart'`; `name_titles.title_run`): a text holding any is read again without
them (`redaction.Matcher`'s readings), so the forms' expressions need not carry the titles.
Copied into every surname-first form of every entry, the titles made a matcher of 500 names take
four to six times as long to make (red team h159); a short list here left names (h163)."""
