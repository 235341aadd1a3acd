"""The bundle as a whole: `evidence/submission.yaml`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from inquiry.model.types import FullDate, Line, LoiId, Text

Kind = Literal["survey_finding", "testimony", "statistic", "policy_extract"]
KINDS: tuple[Kind, ...] = ("survey_finding", "testimony", "statistic", "policy_extract")


class Strict(BaseModel):
    """Every model forbids unknown keys so that a typo is an error, not silence."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LineOfInquiry(Strict):
    id: LoiId
    title: Line = Field(description="A short title for the line of inquiry.")
    question: Text = Field(description="The precise question the inquiry should answer.")


class Tab(Strict):
    tab: Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Z]$")] = Field(
        description="The tab letter, used in item numbers (A1, A2, …).", examples=["A"]
    )
    title: Line
    kinds: list[Kind] = Field(min_length=1, description="The kinds of item filed under this tab.")


class Submission(Strict):
    """The bundle: titles, submitter, lines of inquiry and tabs."""

    title: Line = Field(
        examples=[
            "Evidence submitted in support of a public inquiry into IAPT performance management"
        ]
    )
    inquiry: Line = Field(description="The inquiry the evidence is submitted to.")
    submitted_by: Line = Field(description="The coalition or person submitting; the PDF's author.")
    date: FullDate = Field(description="The date of submission.")
    lines_of_inquiry: list[LineOfInquiry] = Field(min_length=1)
    tabs: list[Tab] = Field(
        min_length=1,
        description="Order of the bundle after the front matter; letters name the tabs.",
    )
