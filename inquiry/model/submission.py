"""The bundle as a whole: `evidence/submission.yaml`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from inquiry.kinds import Kind
from inquiry.model.types import (
    CODE_PATTERN,
    FullDate,
    Language,
    Line,
    LoiId,
    RedactionCode,
    Text,
)


class Strict(BaseModel):
    """Every model forbids unknown keys so that a typo is an error, not silence."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LineOfInquiry(Strict):
    """A question the inquiry is asked to answer; items name it by its id."""

    id: LoiId = Field(
        description="The line of inquiry's id, named by items' `lines_of_inquiry`.",
        examples=["LOI-1"],
    )
    title: Line = Field(
        description="A short title for the line of inquiry.",
        examples=["Recovery and patient-number targets"],
    )
    question: Text = Field(
        description="The precise question the inquiry should answer.",
        examples=["How have recovery targets shaped clinical practice?"],
    )


class Tab(Strict):
    """A section of the bundle holding the items of one or more kinds."""

    tab: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]$")] = Field(
        description="The tab letter, used in item numbers (A1, A2, …).", examples=["A"]
    )
    title: Line = Field(description="The tab's heading in the bundle.", examples=["Testimonies"])
    kinds: list[Kind] = Field(
        min_length=1,
        description="The kinds of item filed under this tab.",
        examples=[["testimony"]],
    )


class Submission(Strict):
    """The bundle: titles, submitter, lines of inquiry and tabs."""

    title: Line = Field(
        description="The bundle's title, on its cover and in its metadata.",
        examples=[
            "Evidence submitted in support of a public inquiry into IAPT performance management"
        ],
    )
    inquiry: Line = Field(
        description="The inquiry the evidence is submitted to.",
        examples=["Proposed public inquiry into the IAPT programme"],
    )
    submitted_by: Line = Field(
        description="The coalition or person submitting; the PDF's author.",
        examples=["The Example Coalition"],
    )
    date: FullDate = Field(description="The date of submission, YYYY-MM-DD.")
    language: Language = Field(
        default="en-GB",
        description="The bundle's language as a BCP 47 tag (PDF /Lang, HTML lang).",
        examples=["en-GB"],
    )
    lines_of_inquiry: list[LineOfInquiry] = Field(
        min_length=1,
        description="The questions the evidence bears on; items name them by id.",
    )
    tabs: list[Tab] = Field(
        min_length=1,
        description="Order of the bundle after the front matter; letters name the tabs.",
    )
    redaction_codes: dict[RedactionCode, Line] = Field(
        default_factory=dict,
        description="Reason codes for redactions, each with its meaning; a redaction's visible"
        " mark names its code, e.g. [GRO-B].",
        examples=[{"GRO-B": "Name of a member of the public"}],
        json_schema_extra={
            "propertyNames": {
                "pattern": CODE_PATTERN,
                "description": "A reason code: capital letters and digits joined by hyphens.",
                "examples": ["GRO-B"],
            },
            "additionalProperties": False,
        },
    )
