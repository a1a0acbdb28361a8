"""Request and response bodies of the REST API that are not core models."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter

from casepath.profile.model import (
    FIRST_PLAUSIBLE_DATE,
    LAST_PLAUSIBLE_DATE,
    PLAUSIBLE_DATE_PATTERN,
    Profile,
)
from casepath.web.examples import CHECK_REQUEST, S16_PROFILE

# One range for every date, in the API, the CLI and the profile (profile.model).
EARLIEST_DATE = FIRST_PLAUSIBLE_DATE
LATEST_DATE = LAST_PLAUSIBLE_DATE
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_text(value: Any) -> Any:
    """Dates travel as `YYYY-MM-DD` text; a number is not taken for a date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("expected a date written YYYY-MM-DD")
    return value


def _in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(f"expected a date between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date_text),
    AfterValidator(_in_range),
    Field(json_schema_extra={"pattern": PLAUSIBLE_DATE_PATTERN}),
]
"""An evaluation date: `YYYY-MM-DD` text between 1900-01-01 and 2199-12-31."""

ON_DATE: TypeAdapter[date] = TypeAdapter(IsoDate)


class CheckRequest(BaseModel):
    """A profile and the evaluation date."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [CHECK_REQUEST]},
    )

    profile: Profile = Field(description="The person's profile (spec/profile-format.md).")
    on: IsoDate | None = Field(
        default=None,
        description="Evaluation date (the day the application would be submitted, CONV-1). "
        "Default: today on the server.",
        examples=["2026-03-01"],
    )
    explain: bool = Field(
        default=False,
        description="Also return the explanation: each result's evaluated requirement tree "
        "(`trace`) and each renewal's CE ledger (`ledger`). Same as `?explain=true`. Without "
        "it the answer is compact.",
    )


class ValidationResult(BaseModel):
    """A profile that passed validation, as the engine will read it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"valid": True, "profile": S16_PROFILE, "counts": {}}]}
    )

    valid: bool = Field(description="Always true in a 200 answer; problems come back as 422.")
    profile: Profile = Field(description="The profile with every default filled in.")
    counts: dict[str, int] = Field(
        default_factory=dict, description="How many records of each kind the profile holds."
    )
