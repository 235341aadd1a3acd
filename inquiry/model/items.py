"""The four kinds of evidence item, exactly as SPEC.md describes them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from inquiry.model.redact import MAX_REDACTIONS, ExhibitRedaction, Redaction
from inquiry.model.submission import Strict
from inquiry.model.types import (
    Count,
    FullDate,
    ItemId,
    Line,
    LoiId,
    Markdown,
    Number,
    PartialDate,
    Text,
)

NEEDS_ERROR = "needs_one_of"
"""The error type of the rules across fields below; loading leaves these errors to
`model.needs`, which runs the same rules on the file as written, whatever else fails."""

MAX_LINES_CITED = 200
"""The most lines of inquiry one item may name: each is printed on its page and in its index
row, and the build's typst worker ran out of its 1 GiB at 13,000 (3,000 built in 12 s)."""
MAX_SERIES_POINTS = 2_000
"""The most points a statistic's `series` may hold: its chart ran the build's typst worker out
of its 1 GiB at 17,500 points (8,000 built in 8 s)."""
MAX_PARAGRAPHS = 1_000
"""The most paragraphs one testimony may hold: 50,000 short ones ran the build's typst worker out
of its 1 GiB (20,000 built in 100 s)."""

Sha256 = Annotated[str, StringConstraints(strict=True, to_lower=True, pattern=r"^[0-9a-fA-F]{64}$")]
"""A SHA-256 in hex of either case (Windows' `Get-FileHash` prints upper case), kept in lower
case, as every hash the build prints is."""
URL_MAX = 2_000
"""A URL's most characters: one of 9,000 passed and then the build could not lay it out (URL is
too long); 2,100 are laid out, and browsers and servers are sure to take 2,000."""
Url = Annotated[str, StringConstraints(strict=True, max_length=URL_MAX, pattern=r"^https?://\S+$")]


class Source(Strict):
    """Where the evidence comes from. Needs an `author` or a `publisher`."""

    # An `if`/`else`, not an `anyOf`: editors show an `anyOf` as "Source || Source".
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["author"], "properties": {"author": {"type": "string"}}},
            "else": {"required": ["publisher"], "properties": {"publisher": {"type": "string"}}},
        }
    )

    title: Line = Field(
        description="The source's title: a report, an article, a post.",
        examples=["Staff wellbeing survey 2024"],
    )
    author: Line | None = Field(
        default=None,
        description="Who wrote it (a person, or a pseudonym such as W-03); or give `publisher`.",
        examples=["W-03"],
    )
    publisher: Line | None = Field(
        default=None,
        description="Who published it (an organisation); or give `author`.",
        examples=["NHS England"],
    )
    url: Url | None = Field(
        default=None,
        description="Where it can be read: an http or https address.",
        examples=["https://example.org/report"],
    )
    published: PartialDate | None = Field(
        default=None,
        description="When it was published: YYYY-MM-DD, YYYY-MM or YYYY.",
    )
    accessed: FullDate = Field(description="The date the source was read, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _author_or_publisher(self) -> Source:
        if self.author is None and self.publisher is None:
            raise PydanticCustomError(NEEDS_ERROR, "a source needs an `author` or a `publisher`")
        return self


class Exhibit(Strict):
    """A source document attached to the item and bound into the bundle after it."""

    file: Text = Field(
        description="Path relative to evidence/ of a PDF, PNG or JPEG; must stay inside evidence/.",
        examples=["exhibits/survey-infographic.pdf"],
    )
    description: Line = Field(
        description="What the exhibit is, in one line (its alternate text in the bundle).",
        examples=["The survey's published infographic"],
    )
    sha256: Sha256 | None = Field(
        default=None,
        description="Optional pin: the file's SHA-256 in hex, either case (quote it).",
        examples=["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    )
    redact: list[ExhibitRedaction] = Field(
        default_factory=list,
        max_length=MAX_REDACTIONS,
        description="What to remove from the exhibit in the public bundle: text (found through"
        " its text layer), `{text, code}`, or a region `{page, box: [x0, y0, x1, y1], code}`.",
    )


class ItemBase(Strict):
    """What every kind of evidence item has."""

    id: ItemId
    title: Line = Field(
        description="The item's title, in one line.", examples=["Targets shaped discharge"]
    )
    date: PartialDate = Field(description="Date of the evidence itself.")
    lines_of_inquiry: list[LoiId] = Field(
        min_length=1,
        max_length=MAX_LINES_CITED,
        description="The ids of the lines of inquiry (from submission.yaml) it bears on"
        " (at most 200).",
        examples=[["LOI-1"]],
    )
    summary: Markdown = Field(
        description="Markdown, a few sentences; cite other items as [@SF-001] or [@SF-001, p. 2].",
        examples=["Most staff said targets shaped *when* people were discharged."],
    )
    source: Source = Field(description="Where the evidence comes from.")
    exhibits: list[Exhibit] = Field(
        default_factory=list, description="Source documents bound into the bundle after it."
    )
    related: list[ItemId] = Field(
        default_factory=list, description="Ids of related items.", examples=[["TM-002"]]
    )
    audience: Literal["public", "restricted"] = Field(
        default="public", description="`restricted` items are left out of the public bundle."
    )
    status: Literal["final", "draft"] = Field(
        default="final",
        description="`draft` items are work in progress: their problems are warnings, and they"
        " are left out unless --include-drafts.",
    )


class Fieldwork(Strict):
    """When the survey was in the field."""

    start: FullDate = Field(description="The first day of fieldwork, YYYY-MM-DD.")
    end: FullDate = Field(description="The last day of fieldwork, YYYY-MM-DD.")


class Survey(Strict):
    """The survey a finding comes from."""

    name: Line = Field(description="The survey's name.", examples=["Staff wellbeing survey"])
    conducted_by: Line = Field(
        description="Who ran the survey.", examples=["The Example Coalition"]
    )
    sample_size: Count = Field(description="How many people answered.", examples=[412])
    population: Text = Field(
        description="Who was asked.", examples=["Psychological wellbeing practitioners"]
    )
    fieldwork: Fieldwork = Field(description="When the survey was in the field.")
    method: Text = Field(description="How it was run.", examples=["Online questionnaire"])


class Figure(Strict):
    """One figure of a finding, with the base it is out of."""

    label: Line = Field(description="What the figure counts.", examples=["Felt pressure"])
    value: Number = Field(description="The figure itself.", examples=[62.5])
    unit: Literal["percent", "count"] = Field(
        description="`percent` (0–100) or `count` (no more than its base)."
    )
    base: Count = Field(
        description="The number of respondents the figure is out of.", examples=[400]
    )


class SurveyFinding(ItemBase):
    """A finding from a survey, with its figures and their bases."""

    kind: Literal["survey_finding"] = Field(description="The kind of item.")
    survey: Survey = Field(description="The survey the finding comes from.")
    question: Text | None = Field(
        default=None,
        description="The wording asked, if known.",
        examples=["Have targets affected your clinical decisions?"],
    )
    finding: Markdown = Field(
        description="Markdown: what the survey found.",
        examples=["Most respondents said **yes**."],
    )
    figures: list[Figure] = Field(
        default_factory=list, description="The finding's figures, each with its base."
    )


class Witness(Strict):
    """Who gave the testimony, by pseudonym."""

    reference: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{1,3}-[0-9]{2,}$")] = (
        Field(description="A pseudonymous reference such as W-03.", examples=["W-03"])
    )
    role: Line = Field(description="The witness's role.", examples=["High-intensity therapist"])


class Consent(Strict):
    """How the witness agreed to their words being used."""

    publication: Literal["public", "panel_only", "none"] = Field(
        description="`public`, `panel_only` or `none`; anything but `public` needs"
        " `audience: restricted`."
    )
    basis: Text = Field(
        description="How consent was given, e.g. 'published by the author on a public forum'.",
        examples=["Written consent, 2025-03-01"],
    )
    obtained: FullDate | None = Field(
        default=None, description="When consent was given, YYYY-MM-DD, if known."
    )


class Testimony(ItemBase):
    """A witness's words, in numbered paragraphs, with consent recorded."""

    kind: Literal["testimony"] = Field(description="The kind of item.")
    witness: Witness = Field(description="Who gave the testimony, by pseudonym.")
    consent: Consent = Field(description="How the witness agreed to their words being used.")
    paragraphs: list[Markdown] = Field(
        min_length=1,
        max_length=MAX_PARAGRAPHS,
        description="The testimony in Markdown, one entry per numbered paragraph (at most 1,000).",
        examples=[["We were told to see more people in less time."]],
    )
    statement_of_truth: bool = Field(
        strict=True, description="true once the witness has signed a statement of truth."
    )
    redact: list[Redaction] = Field(
        default_factory=list,
        max_length=MAX_REDACTIONS,
        description="Text removed from the public bundle: a string, or `{text, code}` to show a"
        " reason code as the mark.",
        examples=[["Jane Doe", {"text": "St Elsewhere", "code": "GRO-C"}]],
    )


class Period(Strict):
    """The span of time a statistic covers."""

    start: PartialDate = Field(description="The period's start: YYYY-MM-DD, YYYY-MM or YYYY.")
    end: PartialDate = Field(description="The period's end: YYYY-MM-DD, YYYY-MM or YYYY.")


class SeriesPoint(Strict):
    """One point of a statistic's series."""

    period: Annotated[str, StringConstraints(strict=True, min_length=1)] = Field(
        description="The point's period, as a label.", examples=["2019-20", "2020-05"]
    )
    value: Number = Field(description="The value for that period.", examples=[50.1])


class Statistic(ItemBase):
    """A published figure, optionally with a series drawn as a chart."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"required": ["period"], "properties": {"period": {"type": "object"}}},
            "then": {"not": {"required": ["as_of"], "properties": {"as_of": {"type": "string"}}}},
            "else": {"required": ["as_of"], "properties": {"as_of": {"type": "string"}}},
        }
    )

    kind: Literal["statistic"] = Field(description="The kind of item.")
    measure: Line = Field(description="What is measured.", examples=["Recovery rate"])
    value: Number = Field(description="The figure itself.", examples=[50.1])
    unit: Line = Field(
        description="The figure's unit.", examples=["percent", "referrals", "people"]
    )
    period: Period | None = Field(
        default=None, description="The span the figure covers; or give `as_of`."
    )
    as_of: PartialDate | None = Field(
        default=None, description="The date the figure stands at; or give `period`."
    )
    geography: Line = Field(description="Where the figure applies.", examples=["England"])
    series: list[SeriesPoint] = Field(
        default_factory=list,
        max_length=MAX_SERIES_POINTS,
        description="Values over time, drawn as a chart in the bundle (at most 2,000 points).",
    )
    caveats: Markdown | None = Field(
        default=None,
        description="Markdown: what to bear in mind when reading the figure.",
        examples=["Provisional figures."],
    )

    @model_validator(mode="after")
    def _period_or_as_of(self) -> Statistic:
        if (self.period is None) == (self.as_of is None):
            raise PydanticCustomError(
                NEEDS_ERROR, "a statistic needs exactly one of `period` or `as_of`"
            )
        return self


class Document(Strict):
    """The policy document an extract comes from."""

    title: Line = Field(description="The document's title.", examples=["IAPT manual"])
    publisher: Line = Field(description="Who published it.", examples=["NHS England"])
    published: PartialDate = Field(
        description="When it was published: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    reference: Line = Field(description="Section or page of the extract.", examples=["Section 4.2"])


class PolicyExtract(ItemBase):
    """Verbatim words from a policy document, with commentary."""

    kind: Literal["policy_extract"] = Field(description="The kind of item.")
    document: Document = Field(description="The policy document the extract comes from.")
    extract: Text = Field(
        description="The verbatim words.", examples=["Services should aim for 50% recovery."]
    )
    commentary: Markdown | None = Field(
        default=None,
        description="Markdown: why the extract matters.",
        examples=["The target became a *requirement*."],
    )


Item = SurveyFinding | Testimony | Statistic | PolicyExtract
ITEM_MODELS: dict[str, type[ItemBase]] = {
    "survey_finding": SurveyFinding,
    "testimony": Testimony,
    "statistic": Statistic,
    "policy_extract": PolicyExtract,
}
