"""A cheap scan of every Markdown field before pandoc sees it, so that no field can make pandoc,
its typst writer or typst itself hang, exhaust memory or crash.

Each limit below was measured with pandoc 3.9 and typst on the shared 2-core machine (figures in
the comments); each sits well above what evidence needs and well below where the cost grows.
A field that trips one is an error at the field's line, naming the limit, and is not parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FIELD_CHARS = 20_000
"""One Markdown field (a summary, one paragraph): ~3,500 words. Pandoc parses normal text at
~1 MB/s; the nesting costs below are per field, so the field length bounds their sum."""

MAX_WORD_CHARS = 1_000
"""A run of non-blank characters. Pandoc's typst writer is quadratic in the length of a word:
1,000 characters take 0.05 s, 10,000 take 1.3 s, 50,000 take 15 s, 200,000 take 197 s."""

MAX_BRACKET_DEPTH = 3
"""Nested `[` (links, spans, images, notes, citations) within one paragraph. Pandoc's inline
parser backtracks exponentially: balanced `[[[[…x]]]]` takes 0.03 s at depth 4, 1.3 s at 8,
11 s at 10; `![![…` 1.6 s at 7. Depth 3 costs ~2 ms per group at worst."""

MAX_BRACKETS = 300
"""`[` in one field: bounds the number of nested groups (300 at depth 3: ~0.2 s at worst)."""

MAX_NESTING = 8
"""Block quotes and lists at the start of a line (markers, plus indentation at four columns a
level). Typst stops with "maximum show rule depth exceeded" at 20 nested quotes and ~40 lists;
pandoc slows past a hundred levels (1,000 nested lists: over 20 s)."""

MAX_EMPHASIS = 8
"""Open `*`/`_` emphasis runs within one paragraph; typst's parser gives up near 100 levels."""

MAX_BACKTICK_RUN = 16
"""Backticks in one run: code spans whose delimiters differ in length make pandoc search for
each closing run (runs of 1–99 backticks: 4.7 s; runs of at most 16: instantaneous)."""

MAX_BRACE_DEPTH = 6
"""Nested `{…}` or `\\left…\\right` (TeX math). Pandoc's typst writer is exponential in
superscript nesting (`x^{x^{…}}`: 0.5–1.4 s at 15, 15–19 s at 20); typst crashes on ~1,000
nested `\\frac` (fewer on a thread's smaller stack); 400 formulas at depth 6 take 0.5 s."""

MAX_LESS_THAN = 1_000
MAX_TAGS = 300
"""`<` in a field, and those that could open an HTML tag, comment or autolink (`<a`, `</`, `<!`).
Pandoc's reader looks ahead from each for the tag's end: `<a ` 6,600 times takes it 15 s, `< `
9,500 times 15 s, and a batch of such fields stopped at its time limit; 300 tag openers or 1,000
`<` (a table of `<5` figures) take under half a second."""
MAX_OPEN_QUOTES = 200
"""Quotation marks that open a quotation no mark closes (`'a 'a 'a …`). Pandoc looks ahead from
each for its closing mark: 3,000 such took it 14 s, 200 take a tenth of one. Quotations that
close (dialogue) cost nothing, nor do apostrophes (`didn't`, `students'`)."""
MAX_ENVIRONMENTS = 50
"""`\\begin{…}` (TeX environments) that no later `\\end` of the same name closes, counted as if
every environment in the field were one. Pandoc looks ahead from each unclosed one through all
the environments after it: 100 unclosed take it 0.5 s, 200 take 5 s, 400 over 60 s (and a field
over its time limit costs the whole batch's, then each half's); 50 unclosed with 900 closed take
2.1 s. So a field may hold `MAX_ENVIRONMENTS ** 2` (unclosed × all): 50 unclosed alone (0.05 s),
one among 1,000 closed, or any number closed (400 closed: 0.09 s; 400 nested: 0.17 s)."""
MAX_FENCES = 200
"""Lines that would open a fenced code block (three or more backticks or tildes) but that no
later fence closes. Pandoc looks ahead from each for its closing fence: 1,000 unclosed take it
0.3 s, 4,000 take 4.0 s (and each format's conversion pays it again); 200 take a tenth of a
second. Closed blocks cost nothing (1,000 of them: 0.05 s)."""
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$", re.MULTILINE)
_ENVIRONMENT = re.compile(r"\\(begin|end)(?:[ \t]*\{([^{}\n]*)\})?")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_QUOTE = re.compile(r"""['"]""")


@dataclass(frozen=True)
class Trip:
    """A limit a field exceeds."""

    code: str
    message: str
    hint: str


_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")
_LONG_BACKTICKS = re.compile(rf"`{{{MAX_BACKTICK_RUN + 1},}}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_START = re.compile(
    r"^([ \t]*)((?:>[ \t]*|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$))*)", re.MULTILINE
)
_NESTED = re.compile(r"^(?:[ \t]{4}|(?:>[ \t]*|(?:[-*+]|[0-9]{1,9}[.)])[ \t]+){2})", re.MULTILINE)
"""A line that could start more than one level: cheap to rule out before counting."""
_MARKER = re.compile(r">|[-*+]|[0-9]{1,9}[.)]")
_BRACES = re.compile(r"\\left\b|\\right\b|[{}]")
_EMPHASIS_RUN = re.compile(r"\*+|_+")


def scan(text: str) -> list[Trip]:
    """Every limit `text` exceeds; cheap (a few regular expressions, most skipped by counting)."""
    if len(text) > MAX_FIELD_CHARS:
        return [
            Trip(
                "markdown-too-long",
                f"the field is {len(text):,} characters; the limit is {MAX_FIELD_CHARS:,}",
                "split it into several paragraphs, or attach the document as an exhibit",
            )
        ]
    trips = []
    word = _LONG_WORD.search(text) if len(text) > MAX_WORD_CHARS else None
    if word:
        trips.append(
            Trip(
                "markdown-long-word",
                f"a word of {len(word.group()):,} characters (`{word.group()[:20]}…`);"
                f" the limit is {MAX_WORD_CHARS:,}",
                "break it with spaces; shorten a long link (drop its tracking parameters)",
            )
        )
    trips += _brackets(text)
    if _NESTED.search(text):
        depth = _nesting(text)
        if depth > MAX_NESTING:
            trips.append(
                Trip(
                    "markdown-nesting",
                    f"block quotes and lists nest {depth} deep; the limit is {MAX_NESTING}",
                    "flatten the structure: few documents need more than three levels",
                )
            )
    if text.count("*") + text.count("_") > MAX_EMPHASIS:
        depth = _emphasis(text)
        if depth > MAX_EMPHASIS:
            trips.append(
                Trip(
                    "markdown-emphasis",
                    f"emphasis (`*`, `_`) nests {depth} deep; the limit is {MAX_EMPHASIS}",
                    "close each `*` or `_` before opening another",
                )
            )
    signs = text.count("<")
    tags = len(_TAG_OPEN.findall(text)) if signs > MAX_TAGS else 0
    if signs > MAX_LESS_THAN or tags > MAX_TAGS:
        trips.append(
            Trip(
                "markdown-tags",
                f"{signs:,} `<` signs, {tags:,} of them opening HTML tags or links; the limit is "
                f"{MAX_LESS_THAN:,}, and {MAX_TAGS} tags",
                "write `less than` in words, or put a table of figures in an exhibit",
            )
        )
    if text.count("'") + text.count('"') > MAX_OPEN_QUOTES:
        open_quotes = _open_quotes(text)
        if open_quotes > MAX_OPEN_QUOTES:
            trips.append(
                Trip(
                    "markdown-quotes",
                    f"{open_quotes:,} quotation marks open a quotation that no mark closes; the "
                    f"limit is {MAX_OPEN_QUOTES}",
                    "close each quotation, or write the marks as `&#39;` and `&quot;`",
                )
            )
    begins = text.count("\\begin")
    unclosed = _open_environments(text) if begins > MAX_ENVIRONMENTS else 0
    if unclosed * begins > MAX_ENVIRONMENTS**2:
        trips.append(
            Trip(
                "markdown-environments",
                f"{unclosed:,} of the field's {begins:,} TeX environments (`\\begin`) are never"
                f" closed by an `\\end`; with this many environments, the limit is"
                f" {MAX_ENVIRONMENTS**2 // begins:,}",
                "close each environment, or split the formulas over several fields",
            )
        )
    fences = _open_fences(text) if text.count("```") + text.count("~~~") > MAX_FENCES else 0
    if fences > MAX_FENCES:
        trips.append(
            Trip(
                "markdown-fences",
                f"{fences:,} lines open a fenced code block that no fence closes; the limit is"
                f" {MAX_FENCES}",
                "close each code block (a line of the same backticks), or attach the text as an"
                " exhibit",
            )
        )
    run = _LONG_BACKTICKS.search(text) if "`" in text else None
    if run:
        trips.append(
            Trip(
                "markdown-backticks",
                f"a run of {len(run.group())} backticks; the limit is {MAX_BACKTICK_RUN}",
                "a code span needs only a few backticks around it",
            )
        )
    if text.count("{") + text.count("\\left") > MAX_BRACE_DEPTH:
        depth = _braces(text)
        if depth > MAX_BRACE_DEPTH:
            trips.append(
                Trip(
                    "markdown-math-nesting",
                    f"braces `{{…}}` (or `\\left…\\right`) nest {depth} deep; the limit is"
                    f" {MAX_BRACE_DEPTH}",
                    "simplify the formula, or split it into several",
                )
            )
    return trips


def _brackets(text: str) -> list[Trip]:
    count = text.count("[")
    if count <= MAX_BRACKET_DEPTH:
        return []
    trips = []
    if count > MAX_BRACKETS:
        trips.append(
            Trip(
                "markdown-brackets",
                f"the field holds {count:,} `[`; the limit is {MAX_BRACKETS}",
                "split the field; write a literal bracket as `\\[` or inside a `code span`",
            )
        )
    deepest = 0
    for paragraph in _BLANK_LINE.split(text):
        depth = 0
        for ch in paragraph:
            if ch == "[":
                depth += 1
                deepest = max(deepest, depth)
            elif ch == "]" and depth:
                depth -= 1
    if deepest > MAX_BRACKET_DEPTH:
        trips.append(
            Trip(
                "markdown-bracket-depth",
                f"brackets `[` nest {deepest} deep; the limit is {MAX_BRACKET_DEPTH}",
                "close each `[` before opening more; write a literal bracket as `\\[`",
            )
        )
    return trips


def _nesting(text: str) -> int:
    deepest = 0
    for m in _LINE_START.finditer(text):
        indent = len(m.group(1).expandtabs(4))
        markers = len(_MARKER.findall(m.group(2)))
        deepest = max(deepest, markers + indent // 4)
    return deepest


def _emphasis(text: str) -> int:
    """Open emphasis runs, by CommonMark's flanking rules: a run that can only open opens, one
    that can only close closes; an intraword `*` toggles and an intraword `_` does neither
    (pandoc's intraword underscores)."""
    deepest = 0
    for paragraph in _BLANK_LINE.split(text):
        depth = 0
        for m in _EMPHASIS_RUN.finditer(paragraph):
            before = paragraph[m.start() - 1] if m.start() else " "
            after = paragraph[m.end()] if m.end() < len(paragraph) else " "
            opens = _flanks(after, before)
            closes = _flanks(before, after)
            if opens and closes:
                if m.group()[0] == "_":
                    continue
                depth = depth - 1 if depth else depth + 1
            elif opens:
                depth += 1
            elif closes and depth:
                depth -= 1
            deepest = max(deepest, depth)
    return deepest


def _flanks(inside: str, outside: str) -> bool:
    """Whether a delimiter run faces `inside` (the character it would emphasise)."""
    if inside.isspace():
        return False
    return inside.isalnum() or not outside.isalnum()


def _braces(text: str) -> int:
    deepest = depth = 0
    for m in _BRACES.finditer(text):
        if m.group() in ("{", "\\left"):
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def _open_quotes(text: str) -> int:
    """Quotation marks that open a quotation no later mark of theirs closes, read as pandoc
    pairs them: a mark before a word opens, one after a word closes the last one open."""
    waiting = {"'": 0, '"': 0}
    unclosed = 0
    for m in _QUOTE.finditer(text):
        q, i = m.group(), m.start()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = not after.isspace() and not before.isalnum()
        closes = not before.isspace() and not after.isalnum()
        if closes and waiting[q]:
            waiting[q] -= 1
        elif opens:
            waiting[q] += 1
            if waiting[q] > MAX_OPEN_QUOTES:
                unclosed = max(unclosed, waiting[q])
    return max(unclosed, *waiting.values())


def _open_environments(text: str) -> int:
    """`\\begin`s that no later `\\end` of the same name closes (an `\\end` closes the latest
    open one of its name); a `\\begin` without a `{name}` never closes."""
    waiting: dict[str, int] = {}
    nameless = 0
    for m in _ENVIRONMENT.finditer(text):
        kind, name = m.groups()
        if name is None:
            nameless += kind == "begin"
        elif kind == "begin":
            waiting[name] = waiting.get(name, 0) + 1
        elif waiting.get(name):
            waiting[name] -= 1
    return nameless + sum(waiting.values())


def _open_fences(text: str) -> int:
    """Fence lines read as pandoc reads them: each, outside a block, opens one if a later line
    of the same character, at least as long and with nothing after it, closes it (the block is
    then skipped); otherwise it is text, and counted. Linear: one pass from the end records,
    for each line, the nearest closing line after it."""
    lines = [
        (m.group(1)[0], len(m.group(1)), not m.group(2).strip()) for m in _FENCE.finditer(text)
    ]
    nearest: dict[str, list[int]] = {"`": [], "~": []}
    """For each character, the index of the nearest bare fence line below, by minimum length."""
    closer: list[int | None] = [None] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        char, length, bare = lines[i]
        below = nearest[char]
        closer[i] = below[length] if length < len(below) and below[length] >= 0 else None
        if bare:
            if len(below) <= length:
                below.extend([-1] * (length + 1 - len(below)))
            for at_least in range(length + 1):
                below[at_least] = i
    unclosed = i = 0
    while i < len(lines):
        close = closer[i]
        if close is None:
            unclosed += 1
            i += 1
        else:
            i = close + 1
    return unclosed
