"""Stop 39, red team h154: names written surname first that every output showed, and the
output check passed too (it searches with the same matcher):

- F1: a title between the surname and the given name that was not one of the register's few
  (`Wrenfield, Reverend Hobart`, `BLACKTHORNE, Staff Nurse Imogen`, `Ashworth, Captain
  Cressida`): every title a name may carry is taken there now;
- F2: surname first inside an address, a handle or a file name (`…/team/wrenfield-hobart`,
  `wrenfield.hobart@`, `Wrenfield_Hobart_statement.docx`, `@wrenfieldhobart`);
- F3: a mark drawn like a comma or a colon (`WRENFIELD‚ Hobart` with U+201A, `꞉`, `∶`), or a
  square bracket (`ASHWORTH [Cressida]`);
- F4: a letter-spaced name written surname first (`W R E N F I E L D, H o b a r t`), and a
  footnote's mark between a name's words (`Imogen[^1] Blackthorne`, `Imogen¹ Blackthorne`).

Red team h159 then found the first fix cut ordinary sentences (`Every day, staff will check`
for `Will Day`: `staff` was taken for a title alone) and left more shapes: the titles are now
runs of titles (`name_titles.title_run`: a word of TITLES, with the words that make one title
with it), read away after the comma by a reading of its own; more marks and brackets, more
footnote marks, a spaced comma in letter-spaced text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from output_helpers import output_texts

from inquiry.cli import main
from inquiry.redaction import Matcher
from inquiry.scaffold import init

NAMES = ["Hobart Wrenfield", "Imogen Blackthorne", "Cressida Ashworth"]
WORDS = ("hobart", "wrenfield", "imogen", "blackthorne", "cressida", "ashworth")


def _left(text: str) -> list[str]:
    shown = re.sub(r"[\W_]", "", Matcher.of(NAMES).plain(text).casefold())  # letter-spaced too
    return [w for w in WORDS if w in shown]


@pytest.mark.parametrize(
    "text",
    [
        "Wrenfield, Reverend Hobart",
        "Wrenfield, Father Hobart",
        "Wrenfield, DC Hobart",
        "WRENFIELD, PC Hobart",
        "Wrenfield, Br Hobart",
        "Wrenfield, Brother Hobart",
        "Wrenfield, Sr Hobart",
        "BLACKTHORNE, Staff Nurse Imogen",
        "Blackthorne, Baroness Imogen",
        "ASHWORTH (Councillor Cressida)",
        "Ashworth, Captain Cressida",
        "Ashworth, Reverend Cressida",
        "Wrenfield, Inspector Hobart",
        "Wrenfield, Bishop Hobart",
        "Wrenfield, Mister Hobart",
        "Blackthorne, Midwife Imogen",
        "Wrenfield, Revd Canon Hobart",
        "Wrenfield, Detective Sergeant Hobart",
        "Wrenfield, Detective Chief Inspector Hobart",
        "WRENFIELD Revd Hobart",
        "WRENFIELD, The Revd Hobart",
        "BLACKTHORNE, Ward Sister Imogen",
        "Wrenfield, DCS Hobart",
        "Wrenfield, PCSO Hobart",
        "BLACKTHORNE, Charge Nurse Imogen",
        "Wrenfield, His Honour Judge Hobart",
        "Wrenfield, Rt Hon Dr Hobart",
        "WRENFIELD Dr.Hobart",
        "Wrenfield, Sqn Ldr Hobart",
        "Wrenfield, Rev'd Hobart",
        # Red team h163: the first list of phrases left these.
        "Wrenfield, Major Hobart",
        "Wrenfield, Lieutenant Hobart",
        "Wrenfield, Mrs Justice Hobart",
        "Wrenfield, Rt Revd Hobart",
        "Wrenfield, Acting Sergeant Hobart",
        "Wrenfield, Detective Superintendent Hobart",
        "Wrenfield, Staff\nNurse Hobart",
        "Wrenfield, Staff-Nurse Hobart",
        "WRENFIELD \u2013 Mrs Hobart",
        "Wrenfield_Mrs_Hobart.pdf",
        "wrenfield.mrs.hobart@example.com",
        "Wrenfield,[1] Mrs Hobart",
        "Wrenfield, Mrs 'Hobart'",
        "Wrenfield, Mrs (Hobart)",
        "Wrenfield, Mrs[1] Hobart",
        "Wrenfield, Mrs Dr Prof Sir Hobart",
        "BLACKTHORNE, Ward Sister Imogen",
        "Wrenfield_Mrs (Hobart)",
        "Wrenfield_Staff\nNurse 'Hobart'",
    ],
)
def test_every_title_between_a_surname_first_and_the_given_name(text: str) -> None:
    assert _left(f"The register lists {text} on duty.") == [], text


@pytest.mark.parametrize(
    "text",
    [
        "BLACKTHORNE\ua789 Imogen",  # a modifier letter colon
        "BLACKTHORNE\u2236 Imogen",  # the ratio sign
        "BLACKTHORNE\u02f8 Imogen",
        "BLACKTHORNE\u05c3 Imogen",
        "WRENFIELD\u3001Hobart",  # an ideographic comma
        "WRENFIELD\u066b Hobart",
        "WRENFIELD\uff0c Hobart",  # a fullwidth comma
        "ASHWORTH [Cressida]",
        "ASHWORTH \u27e8Cressida\u27e9",
        "ASHWORTH {Cressida}",
        "WRENFIELD \u2015 Hobart",  # a horizontal bar between spaces
        "WRENFIELD \u2212 Hobart",  # a minus sign between spaces
        "WRENFIELD \u00abHobart\u00bb",
        "WRENFIELD \u3010Hobart\u3011",
        "WRENFIELD\u2e32 Hobart",
        "WRENFIELD\u0589 Hobart",
        "WRENFIELD | Hobart",
        "WRENFIELD \u2022 Hobart",
        "Wrenfield \u00b7 Hobart",
    ],
)
def test_marks_drawn_like_a_comma_a_colon_or_a_bracket(text: str) -> None:
    assert _left(f"Signed: {text}, ward 7.") == [], text


@pytest.mark.parametrize(
    "text",
    [
        "https://www.example.nhs.uk/team/wrenfield-hobart",
        "<https://www.example.nhs.uk/team/blackthorne-imogen>",
        "wrenfield.hobart@example.nhs.uk",
        "wrenfieldhobart@example.org",
        "@wrenfieldhobart",
        "Wrenfield_Hobart_statement.docx",
        "the file Wrenfield_Hobart",
        "ashworth-cressida.pdf",
        "Wrenfield_-_Hobart_register.pdf",
        "Wrenfield__Hobart.pdf",
    ],
)
def test_surname_first_in_an_address_a_handle_or_a_file_name(text: str) -> None:
    assert _left(f"See {text} for more.") == [], text


@pytest.mark.parametrize(
    "text",
    [
        "W R E N F I E L D, H o b a r t",
        "W R E N F I E L D,  H O B A R T",
        "W.R.E.N.F.I.E.L.D., H.O.B.A.R.T.",
        "Imogen[^1] Blackthorne",
        "BLACKTHORNE,[^1] Imogen",
        "Imogen[1] Blackthorne",
        "Imogen\u00b9 Blackthorne",
        "Imogen1 Blackthorne",
        "W R E N F I E L D , H O B A R T",
        "Imogen\u2020 Blackthorne",
        "Imogen [1] Blackthorne",
        "Imogen\u00b9,\u00b2 Blackthorne",
        "Imogen(1) Blackthorne",
        "Imogen[^1][^2] Blackthorne",
        "Imogen[^note1] Blackthorne",
        "BLACKTHORNE\u2020, Imogen",
    ],
)
def test_letter_spaced_surname_first_and_a_footnote_mark(text: str) -> None:
    assert _left(f"It was {text} who wrote it.") == [], text


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Mark Price", "The price rose. Mark said nothing."),
        ("Mark Price", "Price [see note 3] Mark"),
        ("Mark Price", "Mark 12 Price"),
        ("Rose Hill", "a hill, the rose garden"),
        ("Hobart Wrenfield", "Wrenfield, the Hobart office"),
        ("Hobart Wrenfield", "a b c, d e f"),
        # Red team h159: words that are titles only beside another, an ellipsis, a closing
        # quote, a dot glued to the next sentence, a reversed name inside a host.
        ("Will Day", "Every day, staff will check the drug chart."),
        ("Will Ward", "The ward staff will hand over at 8pm."),
        ("Will Ward", "On the ward, police will attend."),
        ("Will Young", "She was young, her mother will confirm."),
        ("Will Field", "The field officer will call."),
        ("Hope Ward", "On the ward, staff hope for the best."),
        ("Bill Price", "Because of the price, your bill will rise."),
        ("Mark English", "In English, her mark was a B."),
        ("Mark Price", "We talked about the price\u2026 Mark didn't agree."),
        ("Will Day", "what day... Will you remind me?"),
        ("Will Price", "The \u2018Price\u2019 will be fixed."),
        ("Mark Jones", "It was the Jones' mark on the gate."),
        ("Will Day", "See you next day.Will call"),
        ("Mark Hall", "Visit www.hallmark.co.uk for cards."),
        ("Will Good", "Donate at goodwill.org today."),
    ],
)
def test_ordinary_text_is_left_alone(entry: str, text: str) -> None:
    assert Matcher.of([entry]).plain(text) == text


def test_a_public_build_hides_the_new_forms_in_every_output(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    said = (
        "The rota names Wrenfield, Reverend Hobart, BLACKTHORNE, Staff Nurse Imogen and "
        "ASHWORTH [Cressida]; see https://www.example.nhs.uk/team/wrenfield-hobart or write "
        "to blackthorne.imogen@example.nhs.uk. Signed W R E N F I E L D, H o b a r t."
    )
    text = text.replace(summary, f"summary: >-\n  {said}")
    redact = "".join(f"  - {name}\n" for name in NAMES)
    item.write_text(text + f"redact:\n{redact}", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "redact-not-found" not in result.output, result.output
    formats = ["--format", "pdf", "--format", "docx", "--format", "html"]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *formats])
    assert result.exit_code == 0, result.output
    out = root / "build"
    texts = output_texts(out) | {"manifest": (out / "manifest.json").read_text(encoding="utf-8")}
    for name, shown in texts.items():
        left = [w for w in WORDS if w in shown.casefold()]
        assert left == [], (name, left)
