"""The four kinds of evidence item, exactly as SPEC.md describes them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

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

Sha256 = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]


class Source(Strict):
    """Where the evidence comes from. Needs an `author` or a `publisher`."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "string"}}}
                for name in ("author", "publisher")
            ]
        }
    )

    title: Line
    author: Line | None = None
    publisher: Line | None = None
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https?://\S+$")] | None = None
    published: PartialDate | None = None
    accessed: FullDate = Field(description="The date the source was read, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _author_or_publisher(self) -> Source:
        if self.author is None and self.publisher is None:
            raise ValueError("a source needs an `author` or a `publisher`")
        return self


class Exhibit(Strict):
    file: Text = Field(
        description="Path relative to evidence/ of a PDF, PNG or JPEG; must stay inside evidence/.",
        examples=["exhibits/survey-infographic.pdf"],
    )
    description: Line
    sha256: Sha256 | None = Field(
        default=None, description="Optional pin: the file's SHA-256 in lower-case hex (quote it)."
    )


class ItemBase(Strict):
    id: ItemId
    title: Line
    date: PartialDate = Field(description="Date of the evidence itself.")
    lines_of_inquiry: list[LoiId] = Field(min_length=1)
    summary: Markdown = Field(description="Markdown, a few sentences.")
    source: Source
    exhibits: list[Exhibit] = Field(default_factory=list)
    related: list[ItemId] = Field(default_factory=list, description="Ids of related items.")
    audience: Literal["public", "restricted"] = Field(
        default="public", description="`restricted` items are left out of the public bundle."
    )
    status: Literal["final", "draft"] = Field(
        default="final", description="`draft` items are left out unless --include-drafts."
    )


class Fieldwork(Strict):
    start: FullDate
    end: FullDate


class Survey(Strict):
    name: Line
    conducted_by: Line
    sample_size: Count
    population: Text
    fieldwork: Fieldwork
    method: Text


class Figure(Strict):
    label: Line
    value: Number
    unit: Literal["percent", "count"]
    base: Count = Field(description="The number of respondents the figure is out of.")


class SurveyFinding(ItemBase):
    """A finding from a survey, with its figures and their bases."""

    kind: Literal["survey_finding"]
    survey: Survey
    question: Text | None = Field(default=None, description="The wording asked, if known.")
    finding: Markdown
    figures: list[Figure] = Field(default_factory=list)


class Witness(Strict):
    reference: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]{1,3}-[0-9]{2,}$")] = (
        Field(description="A pseudonymous reference such as W-03.", examples=["W-03"])
    )
    role: Line


class Consent(Strict):
    publication: Literal["public", "panel_only", "none"]
    basis: Text = Field(
        description="How consent was given, e.g. 'published by the author on a public forum'."
    )
    obtained: FullDate | None = None


class Testimony(ItemBase):
    """A witness's words, in numbered paragraphs, with consent recorded."""

    kind: Literal["testimony"]
    witness: Witness
    consent: Consent
    paragraphs: list[Markdown] = Field(min_length=1)
    statement_of_truth: bool = Field(strict=True)
    redact: list[Text] = Field(
        default_factory=list, description="Strings removed from the public bundle."
    )


class Period(Strict):
    start: PartialDate
    end: PartialDate


class SeriesPoint(Strict):
    period: Annotated[str, StringConstraints(strict=True, min_length=1)] = Field(
        examples=["2019-20", "2020-05"]
    )
    value: Number


class Statistic(ItemBase):
    """A published figure, optionally with a series drawn as a chart."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["period"], "properties": {"period": {"type": "object"}}},
                {"required": ["as_of"], "properties": {"as_of": {"type": "string"}}},
            ]
        }
    )

    kind: Literal["statistic"]
    measure: Line
    value: Number
    unit: Line = Field(examples=["percent", "referrals", "people"])
    period: Period | None = None
    as_of: PartialDate | None = None
    geography: Line
    series: list[SeriesPoint] = Field(default_factory=list)
    caveats: Markdown | None = None

    @model_validator(mode="after")
    def _period_or_as_of(self) -> Statistic:
        if (self.period is None) == (self.as_of is None):
            raise ValueError("a statistic needs exactly one of `period` or `as_of`")
        return self


class Document(Strict):
    title: Line
    publisher: Line
    published: PartialDate
    reference: Line = Field(description="Section or page of the extract.")


class PolicyExtract(ItemBase):
    """Verbatim words from a policy document, with commentary."""

    kind: Literal["policy_extract"]
    document: Document
    extract: Text = Field(description="The verbatim words.")
    commentary: Markdown | None = None


Item = SurveyFinding | Testimony | Statistic | PolicyExtract
ITEM_MODELS: dict[str, type[ItemBase]] = {
    "survey_finding": SurveyFinding,
    "testimony": Testimony,
    "statistic": Statistic,
    "policy_extract": PolicyExtract,
}
