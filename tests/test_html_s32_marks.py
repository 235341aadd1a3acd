"""Redaction marks in the HTML edition say what they stand for (red team s32): each is an
abbreviation whose expansion is its code's meaning from submission.yaml's `redaction_codes`
(`<abbr title="Personal information">[PI]</abbr>`), where the mark stands and not only in the
cover's legend. `[REDACTED]`, which says what it is, stays as it was."""

from __future__ import annotations

from pathlib import Path

from test_html import axe, make_edition, parse, violations

THIRD_PARTY = "Third party; PI: its meaning holds a semicolon and another code in use"


def coded(sample: Path) -> Path:
    """The sample with a second code, whose meaning holds `; GRO: `, redacted in a title, a
    plain field and a Markdown paragraph of TM-003 (which also has a plain `[REDACTED]`)."""
    sub = sample / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    text = text.replace(
        "  PI: Personal information of someone who is not a witness\n",
        f'  PI: Personal information of someone who is not a witness\n  TP: "{THIRD_PARTY}"\n',
    )
    sub.write_text(text, encoding="utf-8")
    tm = sample / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8")
    text = text.replace("redact: [Jane Placeholder]", "redact:\n  - Jane Placeholder\n"
                        "  - {text: Riverside Clinic, code: TP}\n"
                        "  - {text: Bob Witherspoon, code: PI}\n")  # fmt: skip
    text = text.replace(
        "title: A public testimony with a redaction",
        "title: A public testimony naming Riverside Clinic",
    )
    text = text.replace(
        "summary: Names a colleague, who is redacted.",
        "summary: Names a colleague at Riverside Clinic, who is redacted.",
    )
    text = text.replace(
        "  - We were told",
        "  - Bob Witherspoon of Riverside Clinic was there.\n  - We were told",
    )
    tm.write_text(text, encoding="utf-8")
    return sample


def test_every_mark_is_an_abbreviation_of_its_meaning(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(coded(sample), tmp_path)
    meanings = {
        "[PI]": "Personal information of someone who is not a witness",
        "[TP]": THIRD_PARTY,
    }
    seen: dict[str, int] = {}
    for path in ed.html_files():
        doc = parse(path)
        for node in doc.xpath("//*[contains(concat(' ', @class, ' '), ' redacted ')]"):
            label = node.text_content()
            if label == "[REDACTED]":  # says what it is: no expansion
                assert node.tag == "span" and node.get("title") is None, path.name
            else:
                assert node.tag == "abbr", (path.name, label)
                assert node.get("title") == meanings[label], (path.name, label)
            seen[label] = seen.get(label, 0) + 1
        assert "Riverside" not in path.read_text(encoding="utf-8")
    assert set(seen) == {*meanings, "[REDACTED]"}, seen
    tm = ed.page(next(v for v in ed.views.items if v.id == "TM-003"))
    h1 = tm.find(".//h1")
    assert h1 is not None and h1.xpath(".//abbr[@title=$t]", t=THIRD_PARTY)
    prose = tm.xpath("//div[@class='prose']//*[@class='redacted']")
    assert {a.text for a in prose} >= {"[PI]", "[TP]", "[REDACTED]"}  # Markdown marks too
    index = ed.index()
    assert index.xpath("//table[contains(@class,'index')]//a/abbr[@title=$t]", t=THIRD_PARTY)


def test_the_restricted_edition_has_no_marks(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(coded(sample), tmp_path, audience="restricted")
    for path in ed.html_files():
        assert not parse(path).xpath("//abbr | //*[@class='redacted']"), path.name


def test_a_page_with_marks_passes_axe(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(coded(sample), tmp_path)
    tm = next(v for v in ed.views.items if v.id == "TM-003")
    page = ed.dest / "items" / f"{tm.number}-TM-003.html"
    assert list(violations(axe([page, ed.dest / "index.html"]))) == []
