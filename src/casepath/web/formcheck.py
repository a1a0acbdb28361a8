"""Validating the guided form: profile problems mapped back onto the form's fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from casepath.profile.loading import ProfileError, ProfileIssue, parse_profile
from casepath.profile.model import Profile
from casepath.web.errors import parse_path
from casepath.web.formspec import ON, SCALARS, SECTIONS, humanise
from casepath.web.formstate import (
    FormState,
    RowMap,
    field_name,
    row_is_blank,
    scalar_name,
    to_profile_data,
)
from casepath.web.kinds import KIND_LABELS, ask_which
from casepath.web.presenters import sentence
from casepath.web.schemas import ON_DATE


@dataclass(frozen=True)
class SummaryItem:
    text: str
    target: str  # id of the control to focus


@dataclass
class FormErrors:
    by_id: dict[str, str] = field(default_factory=dict)  # error element id -> message
    summary: list[SummaryItem] = field(default_factory=list)

    def add(self, error_id: str, target: str, where: str, message: str) -> None:
        if error_id:
            previous = self.by_id.get(error_id)
            self.by_id[error_id] = f"{previous}; {message}" if previous else message
        self.summary.append(SummaryItem(f"{where}: {message}" if where else message, target))

    def __bool__(self) -> bool:
        return bool(self.summary)


@dataclass
class Checked:
    profile: Profile | None
    on: date | None
    errors: FormErrors


def _row_number(state: FormState, section: str, key: str) -> int:
    for i, row in enumerate(state.rows_of(section)):
        if row.key == key:
            return i + 1
    return 0


def _place(issue: ProfileIssue, state: FormState, rows: RowMap, errors: FormErrors) -> None:
    loc = parse_path(issue.path)
    message = issue.message
    if loc and isinstance(loc[0], str) and loc[0] in SECTIONS:
        section = SECTIONS[loc[0]]
        key = (
            rows.key_for(section.key, loc[1]) if len(loc) > 1 and isinstance(loc[1], int) else None
        )
        if key is not None:
            where = f"{sentence(section.singular)} {_row_number(state, section.key, key)}"
            spec = section.field(str(loc[2])) if len(loc) > 2 else None
            if spec is not None:
                name = field_name(section.key, key, spec.name)
                errors.add(f"e-{name}", f"f-{name}", f"{where}, {spec.label}", message)
                return
            first = field_name(section.key, key, section.fields[0].name)
            errors.add(f"e-{section.key}-{key}", f"f-{first}", where, message)
            return
        errors.add("", f"sec-{section.key}-h", section.title, message)
        return
    if loc and isinstance(loc[0], str) and loc[0] in SCALARS:
        name = scalar_name(loc[0])
        errors.add(f"e-{name}", f"f-{name}", SCALARS[loc[0]].label, message)
        return
    errors.add("", "step-about-h", issue.path, message)


def check_state(state: FormState) -> Checked:
    """Validate the form: the profile (with the profile-file rules) and the evaluation date."""
    errors = FormErrors()
    on: date | None = None
    if state.on:
        try:
            on = ON_DATE.validate_python(state.on)
        except ValidationError as exc:
            detail = exc.errors(include_url=False)[0]
            message = str(detail.get("ctx", {}).get("error") or detail["msg"])
            errors.add("e-on", "f-on", ON.label, f"{message}, got {state.on[:40]!r}")
    data, rows = to_profile_data(state)
    profile: Profile | None = None
    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        for issue in exc.issues:
            _place(issue, state, rows, errors)
    _ask(state, errors)
    return Checked(profile if not errors else None, on, errors)


def _ask(state: FormState, errors: FormErrors) -> None:
    """Answers the form insists on: no silent default for a field marked `ask`, and a setting
    chosen where the kind of case manager spans several (GUIDE-7)."""
    for key, section in SECTIONS.items():
        for number, row in enumerate(state.rows_of(key), start=1):
            if row_is_blank(key, row):
                continue
            where = f"{sentence(section.singular)} {number}"
            for spec in section.fields:
                if spec.ask and not row.values.get(spec.name, "").strip():
                    name = field_name(key, row.key, spec.name)
                    labels = ", ".join(label for _, label in spec.choices)
                    errors.add(
                        f"e-{name}", f"f-{name}", f"{where}, {spec.label}", f"choose one ({labels})"
                    )
            kind = row.values.get("kind", "").strip()
            settings = ask_which(kind) if key == "jobs" else ()
            if settings and not row.values.get("setting", "").strip():
                name = field_name(key, row.key, "setting")
                choices = ", ".join(humanise(s.value) for s in settings)
                message = (
                    f"a {KIND_LABELS[kind][:1].lower()}{KIND_LABELS[kind][1:]} works in one of "
                    f"several settings: choose yours ({choices})"
                )
                errors.add(f"e-{name}", f"f-{name}", f"{where}, Setting", message)


def error_ids(state: FormState) -> list[str]:
    """Every error element of the form, for clearing and filling them in one answer."""
    ids = ["e-on", *(f"e-{scalar_name(name)}" for name in SCALARS)]
    for section, spec in SECTIONS.items():
        for row in state.rows_of(section):
            ids.append(f"e-{section}-{row.key}")
            ids.extend(f"e-{field_name(section, row.key, f.name)}" for f in spec.fields)
    return ids
