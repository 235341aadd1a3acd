"""Markdown fields as HTML: pandoc's output for each redacted field, made to fit its page.

Pandoc writes every field once (one call for the edition, cached like the PDF's). Footnotes stay
in their field (`--reference-location=block`); pandoc numbers them across the whole call, so they
are numbered again, on from the page's previous field (an item's notes run 1, 2, 3… across its
fields, as in the PDF), and every other id is given a prefix unique on the page. Headings
a writer put in a field continue the page's outline under the section's own heading, without
skipping a level. Whatever pandoc could emit that a static, self-contained page must not hold
(an image or other embedded resource, a link that is not to the web or a note) is taken out here
too, though validation already refuses it: this edition is published as it is written. An
ordered list's items are labelled as in the PDF (`lists`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from lxml.html import HtmlElement, fragment_fromstring

from inquiry.redaction import mark_label
from inquiry.render.html import lists, words
from inquiry.render.html import site as s
from inquiry.render.nodes import Pin, Rich
from inquiry.render.richtext import Store, Tokenised, render

PANDOC_OPTIONS = ("--reference-location=block", "--email-obfuscation=none", "--mathml")
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_DROP = frozenset(
    (
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "video", "audio",
        "source", "track", "link", "meta", "base", "form", "input", "button", "select",
        "textarea", "template", "noscript", "canvas", "svg", "picture", "portal",
    )
)  # fmt: skip
_MATHML = frozenset(
    (
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "ms", "mspace",
        "mfrac", "msqrt", "mroot", "mstyle", "merror", "mpadded", "mphantom", "menclose",
        "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts",
        "mprescripts", "none", "mtable", "mtr", "mtd", "mlabeledtr",
    )
)  # fmt: skip
"""Presentation MathML, as pandoc writes a formula (`--mathml`): drawn as the PDF and the DOCX
draw it, where pandoc's HTML would otherwise show its TeX. Any other element in a formula
(`annotation-xml`, which may hold HTML; `mglyph`, which loads an image; `maction`) is taken out,
and so is every attribute but these, which only say how it is drawn."""
_MATH_ATTRS = frozenset(
    (
        "display", "mathvariant", "displaystyle", "scriptlevel", "stretchy", "form", "fence",
        "separator", "accent", "accentunder", "largeop", "movablelimits", "symmetric", "minsize",
        "maxsize", "lspace", "rspace", "width", "height", "depth", "linethickness", "notation",
        "columnalign", "rowalign", "columnspan", "rowspan", "encoding",
    )
)  # fmt: skip
_UNSAFE_ATTRS = ("srcset", "src", "target", "formaction", "action", "poster", "data")
_STYLE = re.compile(r"^\s*(?:(?:text-align|width)\s*:\s*[a-z0-9.%]+\s*;?\s*)+$")
_HEADING = re.compile(r"^h([1-6])$")
Special = tuple[str, Mapping[str, str]]
FORMULA = "Formula"
"""The name of a displayed formula's region, numbered on the page ("Formula 1")."""
NOTE_COUNTER = "footnote"
"""The `Ids` stem that counts a page's footnotes: one page is one item, numbered as the PDF
numbers it."""


def write(riches: Sequence[Rich], cache: Store | None = None) -> dict[str, Tokenised]:
    """Every field as pandoc HTML with tokens for our nodes, by its key (its ordered lists
    wrapped for `lists.label`)."""
    marked = lists.mark(riches)
    written = render(marked, "html", extra=list(PANDOC_OPTIONS), cache=cache)
    return {r.key: written[m.key] for r, m in zip(riches, marked, strict=True)}


def field(tokenised: Tokenised, site: s.Site, ids: s.Ids, *, heading: int = 3) -> HtmlElement:
    """One field as a `<div class="prose">`; its headings start at level `heading`."""
    specials: list[Special] = []

    def replace(kind: str, attrs: Mapping[str, str]) -> str:
        specials.append((kind, attrs))
        return f"{_OPEN}{len(specials) - 1}{_CLOSE}"

    text = tokenised.text.replace(_OPEN, "").replace(_CLOSE, "")
    filled = Tokenised(text, tokenised.specials).fill(replace)
    root = fragment_fromstring(filled, create_parent="div")
    root.set("class", "prose")
    _clean(root)
    lists.label(root)
    _footnotes(root, ids.new("note"), ids)
    _headings(root, heading)
    _tables(root, ids)
    _formulas(root, ids)
    _specials(root, specials, site)
    return root


def _clean(root: HtmlElement) -> None:
    for node in list(root.iter()):
        if not isinstance(node.tag, str):  # a comment or processing instruction
            node.drop_tree()
            continue
        tag = node.tag.lower()
        if tag == "math" or any(a.tag == "math" for a in node.iterancestors()):
            if tag not in _MATHML:
                node.drop_tree()
                continue
            for name in list(node.attrib):
                if name not in _MATH_ATTRS:
                    del node.attrib[name]
            continue
        if tag == "input" and (node.get("type") or "").lower() == "checkbox":
            # A task list's box, as the PDF and the DOCX show it (pandoc writes ☐ or ☒ there).
            node.tail = ("☒ " if node.get("checked") is not None else "☐ ") + (node.tail or "")
        if tag in _DROP:
            node.drop_tree()
            continue
        if tag == "img":
            node.addprevious(s.el("span", {"class": "not-reproduced"}, words.IMAGE_NOT_REPRODUCED))
            node.drop_tree()
            continue
        for name in list(node.attrib):
            unsafe = name.startswith("on") or name in _UNSAFE_ATTRS
            if unsafe or (name == "style" and not _STYLE.match(node.attrib[name])):
                del node.attrib[name]
        href = node.get("href")
        if href is not None and not (href.startswith("#") or s.is_web(href)):
            node.tag = "span"
            for name in ("href", "title", "rel"):
                node.attrib.pop(name, None)
        elif tag == "a" and href and s.is_web(href) and not node.text and len(node) == 0:
            # A link written with no words (`[](https://…)`) shows its address, as an autolink
            # does and as the PDF and the DOCX show it.
            node.text = re.sub(r"^mailto:", "", href.strip(), flags=re.IGNORECASE)


def _footnotes(root: HtmlElement, prefix: str, ids: s.Ids) -> None:
    """Number the field's notes on from the page's last note, as the PDF numbers an item's notes
    across all its fields, and make every id (and link to one) unique on the page.

    A note's own ids carry its number (`fn-3`, `fnref-3`), unique because the numbers are; the
    field's other ids take the field's prefix."""
    number: dict[str, int] = {}  # pandoc's id of a note → its number on the page
    for ref in root.iterfind(".//a[@href]"):
        if "footnote-ref" in (ref.get("class") or "").split():
            n = number[ref.get("href", "")[1:]] = ids.count(NOTE_COUNTER)
            sup = ref.find("sup")
            if sup is not None:
                sup.text = str(n)
    renamed = {old: f"fn-{n}" for old, n in number.items()}
    renamed |= {old.replace("fn", "fnref", 1): f"fnref-{n}" for old, n in number.items()}
    for back in root.iterfind(".//a[@href]"):
        target = back.get("href", "")[1:].replace("fnref", "fn", 1)
        if "footnote-back" in (back.get("class") or "").split() and target in number:
            # Its only words are an arrow: say where it goes.
            back.set("aria-label", words.back_to_reference(number[target]))
    for ol in root.iterfind(".//aside/ol"):
        first = next((number[li.get("id", "")] for li in ol if li.get("id") in number), None)
        if first is None or first == 1:
            ol.attrib.pop("start", None)
        else:
            ol.set("start", str(first))
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if old := node.get("id"):
            node.set("id", renamed.get(old, f"{prefix}-{old}"))
        href = node.get("href")
        if href and href.startswith("#"):
            node.set("href", "#" + renamed.get(href[1:], f"{prefix}-{href[1:]}"))


def _headings(root: HtmlElement, base: int) -> None:
    """The field's headings from `base` down (`rich.prepare` has already nested them, at most
    two levels, none skipped)."""
    for node in root.iter():
        if m := _level(node):
            node.tag = f"h{min(base + int(m.group(1)) - 1, 6)}"


def _level(node: HtmlElement) -> re.Match[str] | None:
    return _HEADING.match(node.tag) if isinstance(node.tag, str) else None


def _tables(root: HtmlElement, ids: s.Ids) -> None:
    """Header cells scoped; each table in its own region that scrolls on a narrow screen."""
    for th in root.iterfind(".//thead//th"):
        th.set("scope", "col")
    for table in list(root.iter("table")):
        parent = table.getparent()
        if parent is None:
            continue
        at, tail = parent.index(table), table.tail
        table.tail = None
        region = s.scrolling(table, ids, numbered=True)  # moves the table into the region
        region.tail = tail
        parent.insert(at, region)


def _formulas(root: HtmlElement, ids: s.Ids) -> None:
    """Each displayed formula in its own region that scrolls on a narrow screen, as a table is
    (a formula does not wrap): focusable, so that a keyboard can scroll it, and named."""
    for math in list(root.iter("math")):
        parent = math.getparent()
        if math.get("display") != "block" or parent is None:
            continue
        at, tail = parent.index(math), math.tail
        math.tail = None
        n = ids.count("formula-region")
        attrs = {"class": "scroll", "role": "region", "tabindex": "0"}
        region = s.el("span", {**attrs, "aria-label": f"{FORMULA} {n}"}, math)
        region.tail = tail
        parent.insert(at, region)


def _specials(root: HtmlElement, specials: Sequence[Special], site: s.Site) -> None:
    """Our nodes in place of their markers: marks and pinpoints (as text where markup cannot
    go: in an attribute, or a pinpoint inside a link)."""
    for node in list(root.iter()):
        for name, value in list(node.attrib.items()):
            if _OPEN in value:
                node.set(
                    name, _MARKER.sub(lambda m: _words(specials, int(m.group(1)), site), value)
                )
        if node.text and _OPEN in node.text:
            pieces = _split(node.text, specials, site, _in_link(node))
            node.text = pieces[0] if isinstance(pieces[0], str) else ""
            for k, piece in enumerate(_elements(pieces[1:])):
                node.insert(k, piece)
        if node.tail and _OPEN in node.tail:
            parent = node.getparent()
            pieces = _split(node.tail, specials, site, parent is not None and _in_link(parent))
            node.tail = pieces[0] if isinstance(pieces[0], str) else ""
            for piece in reversed(_elements(pieces[1:])):
                node.addnext(piece)


def _in_link(node: HtmlElement) -> bool:
    return any(a.tag == "a" for a in node.iterancestors()) or node.tag == "a"


def _split(text: str, specials: Sequence[Special], site: s.Site, in_link: bool) -> list[s.Child]:
    """Text around markers → [leading text, element, text, element, text…]."""
    out: list[s.Child] = []
    last = 0
    for m in _MARKER.finditer(text):
        out.append(text[last : m.start()])
        out.append(_node(specials, int(m.group(1)), site, in_link))
        last = m.end()
    out.append(text[last:])
    return out


def _elements(pieces: Sequence[s.Child]) -> list[HtmlElement]:
    """Elements with the text after each as its tail."""
    out: list[HtmlElement] = []
    for piece in pieces:
        if isinstance(piece, str):
            if out:
                out[-1].tail = (out[-1].tail or "") + piece
        elif piece is not None:
            out.append(piece)
    return out


def _pin(attrs: Mapping[str, str]) -> Pin:
    page = attrs.get("page") or ""
    return Pin(
        attrs.get("item", ""), attrs.get("number", "?"), int(page) if page.isdigit() else None
    )


def _node(specials: Sequence[Special], index: int, site: s.Site, in_link: bool) -> HtmlElement:
    kind, attrs = specials[index]
    if kind == "redacted":
        return s.mark(site, mark_label(attrs.get("code") or None))
    return s.pin(site, _pin(attrs), linked=not in_link)


def _words(specials: Sequence[Special], index: int, site: s.Site) -> str:
    kind, attrs = specials[index]
    if kind == "redacted":
        return mark_label(attrs.get("code") or None)
    p = _pin(attrs)
    page = site.pin_page(p)
    return f"[{p.number}/{page}]" if page is not None else f"[{p.number}]"
