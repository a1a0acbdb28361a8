"""The roster tables and their columns, as spec/roster-format.md defines them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from casepath.profile.model import (
    CERecord,
    Certification,
    Degree,
    ExamPassed,
    Job,
    License,
)

ID = "employee_id"


@dataclass(frozen=True)
class TableSpec:
    """One roster table: its columns, the required ones, and where its rows go in a profile."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    # The profile list its rows fill (None for `staff`, one row per person) and its record model.
    profile_key: str | None = None
    model: type[BaseModel] | None = None

    def profile_columns(self) -> tuple[str, ...]:
        """Columns that are profile fields; the others are roster-only (e.g. a licence number).

        Computed from the model so that a field the profile model gains (a job's `kind`) flows
        through without changing this table.
        """
        if self.model is None:
            return tuple(c for c in self.columns if c in STAFF_PROFILE_FIELDS)
        known = self.model.model_fields
        return tuple(c for c in self.known_columns() if c in known and c != ID)

    def known_columns(self) -> tuple[str, ...]:
        """The roster's columns plus any other field of the record model (e.g. `note`)."""
        extra = tuple(self.model.model_fields) if self.model is not None else ()
        return tuple(dict.fromkeys((*self.columns, *extra)))


# The staff columns that are profile fields; the rest describe employment, not the person.
STAFF_PROFILE_FIELDS = ("name", "self_employed")
STAFF_STATUSES = ("active", "leave", "terminated")

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "staff",
            (
                ID,
                "name",
                "email",
                "unit",
                "fte",
                "hire_date",
                "job_title",
                "status",
                "manager_id",
                "self_employed",
            ),
            (ID, "name"),
        ),
        TableSpec(
            "licenses",
            (ID, "type", "state", "status", "restricted", "issued", "expires", "number"),
            (ID, "type", "status"),
            "licenses",
            License,
        ),
        TableSpec(
            "certifications",
            (ID, "name", "status", "cycle_start", "valid_through", "number"),
            (ID, "name", "status", "valid_through"),
            "certifications",
            Certification,
        ),
        TableSpec(
            "degrees",
            (
                ID,
                "level",
                "field",
                "accredited",
                "cswe_accredited",
                "conferred",
                "supervised_field_experience",
            ),
            (ID, "level", "field", "conferred"),
            "degrees",
            Degree,
        ),
        TableSpec(
            "jobs",
            (
                ID,
                "title",
                "kind",
                "setting",
                "start",
                "end",
                "hours_per_week",
                "documented_hours",
                "role",
                "paid",
                "supervised_by_ccm",
                "supervisor_ccm_since",
                "supervisor",
                "cdms_domains_attested",
            ),
            (ID, "start"),
            "jobs",
            Job,
        ),
        TableSpec(
            "ce",
            (ID, "hours", "topic", "date", "approver", "title"),
            (ID, "hours", "date"),
            "ce_records",
            CERecord,
        ),
        TableSpec("exams", (ID, "name", "date"), (ID, "name", "date"), "exams_passed", ExamPassed),
    )
}

# Columns holding dates: a number there is refused, an Excel or Parquet date is taken as is.
DATE_COLUMNS = frozenset(
    {
        "hire_date",
        "issued",
        "expires",
        "cycle_start",
        "valid_through",
        "conferred",
        "start",
        "end",
        "supervisor_ccm_since",
        "date",
    }
)
