"""Ordered lists in the HTML edition show the labels the PDF shows (stop 29).

Pandoc's HTML keeps a list's style and start but not its delimiter: `(a) one` showed as `a.`, an
example list `(@)` as `1.`, `iv)` as `iv.`. Each item now carries its label as text, made as
typst makes the PDF's, and the browser's marker is off, so the label is read once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import lxml.html
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.html.lists import LABEL, number
from inquiry.scaffold import init

LISTS = """\
1. decone
2. dectwo

Text.

3) decparen

Text.

(5) dectwoparens

Text.

a. alphaone
b. alphatwo

Text.

(c) alphaparens

(d) alphaparensnext

Text.

e) alphaparen

Text.

(B) upperalphaparens

Text.

C) upperalphaparen

Text.

D.  upperalphaperiod

Text.

i. romanone
ii. romantwo

Text.

(iv) romanparens

Text.

vi) romanparen

Text.

(II) upperromanparens

Text.

III) upperromanparen

Text.

IV. upperromanperiod

Text.

(@) exampleone
(@) exampletwo

Text.

(@) examplethree

Text.

@. exampleperiod

Text.

@) exampleparen

Text.

#. hashone
#. hashtwo

Text.

y. alphay
#. alphaz
#. alphaaa

> (a) quotedone
> (b) quotedtwo

+--------------------------------------------+
| Cell                                       |
+============================================+
| (a) cellone                                |
| (b) celltwo                                |
+--------------------------------------------+

1. outerone
    a. innerone
        i. innermostone
    b. innertwo
2. outertwo
    (iii) innerromanparens
"""
OTHER_FIELD = "(@) otherfield, an example list numbered from 1 in a field of its own"
SHOWN = {
    "decone": "1.", "dectwo": "2.", "decparen": "3)", "dectwoparens": "(5)",
    "alphaone": "a.", "alphatwo": "b.", "alphaparens": "(c)", "alphaparensnext": "(d)",
    "alphaparen": "e)", "upperalphaparens": "(B)", "upperalphaparen": "C)",
    "upperalphaperiod": "D.", "romanone": "i.", "romantwo": "ii.", "romanparens": "(iv)",
    "romanparen": "vi)", "upperromanparens": "(II)", "upperromanparen": "III)",
    "upperromanperiod": "IV.", "exampleone": "(1)", "exampletwo": "(2)",
    "examplethree": "(3)", "exampleperiod": "4.", "exampleparen": "5)", "hashone": "1.",
    "hashtwo": "2.", "alphay": "y.", "alphaz": "z.", "alphaaa": "aa.", "quotedone": "(a)",
    "quotedtwo": "(b)", "cellone": "(a)", "celltwo": "(b)", "outerone": "1.",
    "innerone": "a.", "innermostone": "i.", "innertwo": "b.", "outertwo": "2.",
    "innerromanparens": "(iii)", "otherfield": "(1)",
}  # fmt: skip
"""Each item's first word → its label, as the PDF shows it."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF and HTML editions of a new submission whose testimony's summary holds a list of
    every style, delimiter and start, and one of its paragraphs an example list of its own."""
    root = tmp_path_factory.mktemp("lists") / "submission"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = "summary: |\n" + textwrap.indent(LISTS, "  ")
    text = re.sub(r"(?m)^summary: .*$", lambda _: summary.rstrip("\n"), text)
    text = text.replace("  - The second paragraph.", f"  - {json.dumps(OTHER_FIELD)}")
    item.write_text(text, encoding="utf-8")
    out = root / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--format", "pdf"]
    result = CliRunner().invoke(main, [*args, "--format", "html", "--no-cache"])
    assert result.exit_code == 0, result.output
    return out


def page(out: Path) -> lxml.html.HtmlElement:
    (path,) = (out / "html" / "items").glob("*-TM-001.html")
    return lxml.html.document_fromstring(path.read_bytes())


def html_labels(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """Each labelled item's first word after its label → the label."""
    out: dict[str, str] = {}
    for li in doc.xpath("//ol[contains(@class,'labelled')]/li"):
        words = li.text_content().split()
        labels = li.xpath(f".//span[@class='{LABEL}']")
        assert labels, words
        out[words[1].rstrip(",")] = labels[0].text
    return out


def pdf_labels(pdf: Path) -> dict[str, str]:
    text = "\n".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    return {m.group(2): m.group(1) for m in re.finditer(r"(\S+) ([a-z]+)\b", text)}


def test_every_list_style_shows_the_pdfs_label(built: Path) -> None:
    pdf = pdf_labels(built / "bundle.pdf")
    assert {word: pdf.get(word) for word in SHOWN} == SHOWN
    assert html_labels(page(built)) == SHOWN


def test_a_label_is_the_items_first_words_and_the_marker_is_off(built: Path) -> None:
    """Read once: in the text (first in the item, or in its first paragraph) and not again as
    a marker; the list is still a list, numbered from its start."""
    doc = page(built)
    lists = doc.xpath("//ol[contains(@class,'labelled')]")
    assert len(lists) == 28
    for ol in lists:
        assert ol.get("role") == "list"
        assert (ol.get("style") or "").startswith("list-style-type: none")
        assert not ol.xpath("ancestor::div[@data-inquiry-list]|.//div[@data-inquiry-list]")
        for li in ol.xpath("./li"):
            label = li.xpath(f".//span[@class='{LABEL}']")[0]
            assert li.text_content().lstrip().startswith(f"{label.text} ")
            assert label.getparent() in (li, li.find("p"))
            assert len(li.xpath(f"./span[@class='{LABEL}']|./p/span[@class='{LABEL}']")) == 1
    loose = doc.xpath(f"//li/p[span[@class='{LABEL}']][contains(.,'alphaparensnext')]")
    assert len(loose) == 1  # on its paragraph's first line
    alpha = doc.xpath("//ol[li//text()[contains(.,'alphaparens')]]")[0]
    assert (alpha.get("start"), alpha.get("type")) == ("3", "a")
    css = (built / "html" / "style.css").read_text(encoding="utf-8")
    assert re.search(r"ol\.labelled \{[^}]*list-style-type: none", css)
    assert re.search(r"\.list-label \{[^}]*position: absolute[^}]*inset-inline-end: 100%", css)


def test_a_wide_label_widens_its_lists_margin(tmp_path: Path) -> None:
    """As the PDF starts a list's items after its widest label, so no label runs off the page."""
    from inquiry import markdown
    from inquiry.render.html import fields
    from inquiry.render.html.site import Ids, Site
    from inquiry.render.nodes import Rich

    texts = ["(i) one\n(ii) two", "(mmmcmlxxxviii) wide\n(mmmcmlxxxix) wider"]
    riches = [Rich(b, f"k{i}") for i, b in enumerate(markdown.parse_many(texts))]
    written = fields.write(riches)
    site = Site({}, {}, None, None)
    narrow, wide = (fields.field(written[r.key], site, Ids()).find(".//ol") for r in riches)
    assert narrow.get("style") == "list-style-type: none"
    margin = r"list-style-type: none; padding-inline-start: ([\d.]+)em"
    found = re.fullmatch(margin, wide.get("style") or "")
    assert found and float(found.group(1)) > 7
    assert [s.text for s in wide.iter("span")] == ["(mmmcmlxxxviii)", "(mmmcmlxxxix)"]


def test_a_list_inside_a_list_keeps_the_numbering_written_for_it(built: Path) -> None:
    """`1.` under `(c)` is numbered 1., 2. as written, as the PDF and the DOCX show it (see
    tests/test_list_labels_pdf_docx_s29.py)."""
    from inquiry import markdown
    from inquiry.render.html import fields
    from inquiry.render.html.site import Ids, Site
    from inquiry.render.nodes import Rich

    text = "(c) outer\n    1. innerone\n    2. innertwo\n\n    > #. quoted"
    rich = Rich(markdown.parse_many([text])[0], "nested")
    div = fields.field(fields.write([rich])["nested"], Site({}, {}, None, None), Ids())
    assert [s.text for s in div.iter("span")] == ["(c)", "1.", "2.", "1."]


TYPST_PATTERNS = {
    ("Decimal", "Period"): "1.", ("Decimal", "OneParen"): "1)", ("Decimal", "TwoParens"): "(1)",
    ("LowerAlpha", "Period"): "a.", ("LowerAlpha", "OneParen"): "a)",
    ("LowerAlpha", "TwoParens"): "(a)", ("UpperAlpha", "Period"): "A.",
    ("UpperAlpha", "TwoParens"): "(A)", ("LowerRoman", "Period"): "i.",
    ("LowerRoman", "TwoParens"): "(i)", ("UpperRoman", "OneParen"): "I)",
    ("Example", "TwoParens"): "(1)", ("DefaultStyle", "DefaultDelim"): "1.",
}  # fmt: skip
"""Pandoc's typst writer: a list's style and delimiter → its `enum(numbering:)`."""


def test_labels_are_typsts_for_any_count(tmp_path: Path) -> None:
    """Past z (`aa`), past 3,999 in roman (typst's barred numerals), from 0 in decimal."""
    typst = pytest.importorskip("typst")
    counts = [0, 1, 9, 26, 27, 52, 53, 702, 703, 3999, 4000, 4999, 9000, 14_000, 1_000_000]
    cases = [
        (style, delim, n)
        for (style, delim) in TYPST_PATTERNS
        for n in counts
        if n or style in ("Decimal", "Example", "DefaultStyle")
    ]
    source = "".join(
        f'#metadata(numbering("{TYPST_PATTERNS[(style, delim)]}", {n})) <n>\n'
        for style, delim, n in cases
    )
    path = tmp_path / "numbers.typ"
    path.write_text(source, encoding="utf-8")
    typsts = json.loads(typst.query(str(path), "<n>", field="value"))
    assert [number(n, style, delim) for style, delim, n in cases] == typsts


# ------------------------------------------------------------------------------ a real browser


def accessibility_tree(url: str) -> list[dict[str, Any]]:
    """Headless Chromium's accessibility tree of the page, through its DevTools pipe."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed")
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()

    def pipes() -> None:
        a, b = os.dup(to_r), os.dup(from_w)
        os.dup2(a, 3)
        os.dup2(b, 4)

    # Chromium's helper processes may still write its profile as it ends: they are stopped
    # with it (its own process group), and a file written after that does not fail the test.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe"]
        browser = subprocess.Popen(
            [chromium, *flags, f"--user-data-dir={profile}", "about:blank"],
            close_fds=False,  # the pipes go to it as descriptors 3 and 4
            preexec_fn=pipes,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(to_r)
        os.close(from_w)
        try:
            with os.fdopen(to_w, "wb", buffering=0) as send, os.fdopen(from_r, "rb") as read:
                return _tree(send, read, url)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(browser.pid, signal.SIGKILL)
            browser.wait(10)


def _tree(send: Any, read: Any, url: str) -> list[dict[str, Any]]:
    count = 0
    pending = b""

    def call(method: str, params: dict[str, Any], session: str | None = None) -> int:
        nonlocal count
        count += 1
        message = {"id": count, "method": method, "params": params}
        send.write(json.dumps(message | ({"sessionId": session} if session else {})).encode())
        send.write(b"\0")
        return count

    def reply(want: int | str) -> dict[str, Any]:
        nonlocal pending
        while True:
            while b"\0" not in pending:
                chunk = read.read1(65536)
                assert chunk, "chromium closed its pipe"
                pending += chunk
            raw, pending = pending.split(b"\0", 1)
            message: dict[str, Any] = json.loads(raw)
            if want in (message.get("id"), message.get("method")):
                return message

    target = reply(call("Target.createTarget", {"url": "about:blank"}))["result"]["targetId"]
    attach = {"targetId": target, "flatten": True}
    session = reply(call("Target.attachToTarget", attach))["result"]["sessionId"]
    reply(call("Page.enable", {}, session))
    call("Page.navigate", {"url": url}, session)
    reply("Page.loadEventFired")
    tree = reply(call("Accessibility.getFullAXTree", {}, session))
    nodes: list[dict[str, Any]] = tree["result"]["nodes"]
    return nodes


def test_a_screen_reader_reads_each_label_once(built: Path) -> None:
    (path,) = (built / "html" / "items").glob("*-TM-001.html")
    nodes = accessibility_tree(path.as_uri())
    by_id = {n["nodeId"]: n for n in nodes}

    def role(n: dict[str, Any]) -> str:
        return str(n["role"]["value"])

    def children(n: dict[str, Any]) -> list[dict[str, Any]]:
        return [by_id[c] for c in n.get("childIds", []) if c in by_id]

    def text(n: dict[str, Any]) -> list[str]:
        """The words read for `n` itself: a list inside it is read as its own."""
        if role(n) == "StaticText":
            return [str(n["name"]["value"])]
        return [t for c in children(n) if role(c) != "list" for t in text(c)]

    read = {}
    for item in (n for n in nodes if role(n) == "listitem"):
        words = " ".join(text(item)).replace(",", " ").split()
        if len(words) > 1 and words[1] in SHOWN:
            assert not any(role(c) == "ListMarker" for c in children(item)), words
            assert words.count(words[0]) == 1, words
            read[words[1]] = words[0]
    assert read == SHOWN
    markers = [n["name"]["value"] for n in nodes if role(n) == "ListMarker"]
    assert markers == ["1. ", "2. "]  # the statement's own paragraph numbers, as in the PDF
