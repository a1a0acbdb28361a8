"""Kinds of case manager -> the settings they propose (rules.md GUIDE-7).

People name their work by kind ("a geriatric case manager"), not by the profile's `setting`
vocabulary. The form asks the kind and proposes the setting; where a kind spans several
settings it asks which. The kind never decides a rule by itself: the setting does.
"""

from __future__ import annotations

from casepath.profile.model import Job, Setting

# The switch for the lead: the profile format's job `kind` (profile-format.md) is written into
# the profile only once the model accepts it (the engine branch adds the field). Until then
# the kind only proposes the setting, and the profile keeps the setting alone.
KIND_IN_PROFILE = "kind" in Job.model_fields

_PUBLIC_OR_OTHER = (Setting.county_social_services, Setting.other)

# GUIDE-7, kind by kind, in the order of the profile format's `kind` vocabulary.
KIND_SETTINGS: dict[str, tuple[Setting, ...]] = {
    "hospital": (Setting.hospital,),
    "nursing": (
        Setting.hospital,
        Setting.health_system_clinic,
        Setting.home_health,
        Setting.health_plan_payer,
    ),
    "clinical": (Setting.health_system_clinic,),
    "medical": (
        Setting.hospital,
        Setting.health_system_clinic,
        Setting.home_health,
        Setting.health_plan_payer,
    ),
    "home_health": (Setting.home_health,),
    "prison": _PUBLIC_OR_OTHER,
    "correctional": _PUBLIC_OR_OTHER,
    "juvenile": _PUBLIC_OR_OTHER,
    "legal": _PUBLIC_OR_OTHER,
    "child": _PUBLIC_OR_OTHER,
    "geriatric": (
        Setting.snf_ltc,
        Setting.home_health,
        Setting.community_mental_health,
        Setting.other,
    ),
    "emergency_shelter": _PUBLIC_OR_OTHER,
    "homeless_shelter": _PUBLIC_OR_OTHER,
    "housing": _PUBLIC_OR_OTHER,
    "mental_health": (Setting.community_mental_health,),
    "developmental_disability": (Setting.community_mental_health,),
    "health_insurance": (Setting.health_plan_payer,),
    "workers_comp": (Setting.workers_comp_vocational,),
    "vocational": (Setting.workers_comp_vocational,),
    "disability": (Setting.disability_insurer_tpa, Setting.employer_absence_mgmt),
    "other": (),  # no proposal: any setting
}

KIND_LABELS: dict[str, str] = {
    "hospital": "Hospital case manager",
    "nursing": "Nursing case manager",
    "clinical": "Clinical case manager",
    "medical": "Medical case manager",
    "home_health": "Home health case manager",
    "prison": "Prison case manager",
    "correctional": "Correctional case manager",
    "juvenile": "Juvenile justice case manager",
    "legal": "Legal case manager",
    "child": "Child welfare case manager",
    "geriatric": "Geriatric case manager",
    "emergency_shelter": "Emergency shelter case manager",
    "homeless_shelter": "Homeless shelter case manager",
    "housing": "Housing case manager",
    "mental_health": "Mental health case manager",
    "developmental_disability": "Developmental disability case manager",
    "health_insurance": "Health insurance case manager",
    "workers_comp": "Workers' compensation case manager",
    "vocational": "Vocational case manager",
    "disability": "Disability case manager",
    "other": "Another kind",
}


def proposed_setting(kind: str) -> Setting | None:
    """The one setting a kind proposes, or None where it spans several (or any)."""
    settings = KIND_SETTINGS.get(kind, ())
    return settings[0] if len(settings) == 1 else None


def ask_which(kind: str) -> tuple[Setting, ...]:
    """The settings to choose from where a kind spans several; empty otherwise."""
    settings = KIND_SETTINGS.get(kind, ())
    return settings if len(settings) > 1 else ()
