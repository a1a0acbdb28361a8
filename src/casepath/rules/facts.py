"""Fact questions: what the profile leaves unknown about the person's own record (CONV-11).

A fact question is about one record (`jobs[0].paid`), so its id is stable: `input:` and the
record's path. Its answers are the values the field may take. The person may answer it in the
profile's `answers:` (question id -> answer id); the engine then takes that answer as a fact.
Policy questions (the certifier's open points, declared in the rulebooks) cannot be answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from casepath.profile.model import Profile, Role, Setting
from casepath.rules.language import Question

INPUT_PREFIX = "input:"
YES_NO = {"yes": "yes", "no": "no"}


@dataclass(frozen=True)
class Fact:
    """A field of a record that decides whether something counts, asked when left out."""

    asked: str  # plain words, e.g. "the job was paid"
    answers: dict[str, str]  # answer id -> plain label
    question: str  # the question put to the person


JOB_FACTS: dict[str, Fact] = {
    "role": Fact(
        "the job's role",
        {
            Role.direct_cm.value: "direct case management",
            Role.supervisor_of_cm.value: "supervising case managers",
            Role.non_cm.value: "not case management",
        },
        "What was your role in this job?",
    ),
    "paid": Fact("the job was paid", YES_NO, "Was this job paid?"),
    "supervised_by_ccm": Fact("a CCM supervised the job", YES_NO, "Did a CCM supervise this job?"),
    "setting": Fact(
        "the job's setting",
        {s.value: s.value.replace("_", " ") for s in Setting},
        "In what setting was this job?",
    ),
    "supervisor_ccm_since": Fact(
        "the supervisor held the CCM for the whole job",
        YES_NO,
        "Did your supervisor hold the CCM for the whole job?",
    ),
}
DEGREE_FACTS: dict[str, Fact] = {
    "accredited": Fact(
        "the institution was accredited",
        YES_NO,
        "Was the institution accredited when the degree was conferred?",
    ),
    "cswe_accredited": Fact(
        "the programme was CSWE-accredited", YES_NO, "Was the programme CSWE-accredited?"
    ),
    "supervised_field_experience": Fact(
        "a supervised field experience in case management, health or behavioral health",
        YES_NO,
        "Did the degree include a supervised field experience in case management, health or "
        "behavioral health?",
    ),
}
FACTS = {"jobs": JOB_FACTS, "degrees": DEGREE_FACTS}


def path_of(record: str, index: int, field: str) -> str:
    return f"{record}[{index}].{field}"


def reading_id(path: str, answer: str) -> str:
    """Reading ids are unique across questions (they key `alternatives`)."""
    return f"{path}={answer}"


Choices = tuple[tuple[str, ...], ...]


@cache
def fact_question(record: str, index: int, field: str, choices: Choices | None = None) -> Question:
    """The question for a field of one record that the profile leaves out. `choices` groups
    answers that no rule of the credential tells apart: one reading per group, named by its
    first answer (a setting: hospital or health-system clinic count alike for ACM)."""
    fact = FACTS[record][field]
    path = path_of(record, index, field)
    groups = choices or tuple((answer,) for answer in fact.answers)
    return Question(
        id=INPUT_PREFIX + path,
        kind="fact",
        rules=["CONV-11"],
        label=f"information needed: {path} ({fact.asked})",
        readings={
            reading_id(path, group[0]): f"{fact.asked}: "
            + " or ".join(fact.answers[a] for a in group)
            for group in groups
        },
    )


def plain_question(profile: Profile, question: Question) -> str:
    """The question in plain words, naming the record it is about."""
    if question.kind != "fact":
        return question.label
    record, rest = question.id[len(INPUT_PREFIX) :].split("[", 1)
    index_text, field = rest.split("].", 1)
    index = int(index_text)
    fact = FACTS[record][field]
    if record == "jobs":
        title = profile.jobs[index].title
        about = f"Job {index + 1}" + (f" ({title})" if title else "")
    else:
        degree = profile.degrees[index]
        about = f"Degree {index + 1} ({degree.level.value} in {degree.field})"
    return f"{about}: {fact.question}"


def answer_label(question: Question, reading: str) -> str:
    """A reading's label; for a fact question, the answer alone ("direct case management")."""
    label = question.readings[reading]
    return label.split(": ", 1)[-1] if question.kind == "fact" else label


def answer_of(question: Question, reading: str) -> str:
    """The answer id of a fact question's reading (`jobs[0].paid=yes` -> `yes`)."""
    return reading.rsplit("=", 1)[1] if question.kind == "fact" else reading


def settled_readings(profile: Profile) -> dict[str, str]:
    """The person's answers as readings of their fact questions (checked beforehand by
    casepath.rules.answers)."""
    return {
        question_id: reading_id(question_id[len(INPUT_PREFIX) :], answer)
        for question_id, answer in profile.answers.items()
    }


def fact_questions(profile: Profile) -> dict[str, Question]:
    """Every fact question this profile's records could raise, by id."""
    questions = [
        fact_question(record, index, field)
        for record, facts in FACTS.items()
        for index in range(len(getattr(profile, record)))
        for field in facts
    ]
    return {q.id: q for q in questions}


__all__ = [
    "FACTS",
    "INPUT_PREFIX",
    "answer_label",
    "answer_of",
    "fact_question",
    "fact_questions",
    "path_of",
    "plain_question",
    "reading_id",
    "settled_readings",
]
