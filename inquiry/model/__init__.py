"""Pydantic models of a submission and its evidence items."""

from inquiry.kinds import KINDS, Kind
from inquiry.model.items import (
    ITEM_MODELS,
    Consent,
    Document,
    Exhibit,
    Figure,
    Item,
    ItemBase,
    Period,
    PolicyExtract,
    SeriesPoint,
    Source,
    Statistic,
    Survey,
    SurveyFinding,
    Testimony,
    Witness,
)
from inquiry.model.redact import RedactRegion, RedactText
from inquiry.model.submission import LineOfInquiry, Submission, Tab

__all__ = [
    "ITEM_MODELS",
    "KINDS",
    "Consent",
    "Document",
    "Exhibit",
    "Figure",
    "Item",
    "ItemBase",
    "Kind",
    "LineOfInquiry",
    "Period",
    "PolicyExtract",
    "RedactRegion",
    "RedactText",
    "SeriesPoint",
    "Source",
    "Statistic",
    "Submission",
    "Survey",
    "SurveyFinding",
    "Tab",
    "Testimony",
    "Witness",
]
