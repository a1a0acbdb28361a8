"""Checking the person's `answers:` against the questions casepath can ask (profile-format.md).

Only fact questions (about the person's own record, rules.facts) can be answered. An answer to
a policy question (the certifier's open point), to a question that does not exist, or with an
answer id the question does not have is refused with a message naming the field, the value and
what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from casepath.profile.loading import ProfileError, ProfileIssue
from casepath.profile.model import Profile
from casepath.rules.facts import FACTS, INPUT_PREFIX, answer_of, fact_questions
from casepath.rules.language import Question

_EXAMPLE = "input:jobs[0].role"


def answer_issues(profile: Profile, policy: Mapping[str, Question]) -> list[ProfileIssue]:
    """The problems with the profile's answers; `policy` holds the rulebooks' questions."""
    if not profile.answers:
        return []
    facts = fact_questions(profile)
    issues = []
    for question_id, answer in profile.answers.items():
        where = f"answers.{question_id}"
        question = facts.get(question_id)
        if question is None:
            issues.append(ProfileIssue(where, _unknown_question(question_id, facts, policy)))
            continue
        answers = [answer_of(question, reading) for reading in question.readings]
        if answer not in answers:
            message = f"expected one of {', '.join(answers)}, got {answer!r}"
            near = difflib.get_close_matches(answer, answers, n=1)
            issues.append(
                ProfileIssue(where, message + (f'; did you mean "{near[0]}"?' if near else ""))
            )
    return issues


def check_answers(profile: Profile, policy: Mapping[str, Question]) -> None:
    """Raise ProfileError naming every answer that cannot be taken."""
    issues = answer_issues(profile, policy)
    if issues:
        raise ProfileError(issues)


def _unknown_question(
    question_id: str, facts: Mapping[str, Question], policy: Mapping[str, Question]
) -> str:
    if question_id in policy:
        return (
            f"expected the id of a fact question about your record (such as {_EXAMPLE}), got "
            f"{question_id!r}: that is the certifier's open question "
            f'("{policy[question_id].label}"), which only the certifier can settle'
        )
    near = difflib.get_close_matches(question_id, list(facts), n=1, cutoff=0.5)
    if not near and question_id.startswith(INPUT_PREFIX):
        near = difflib.get_close_matches(question_id, _shapes(), n=1, cutoff=0.5)
    message = f"expected the id of a fact question a result asked (such as {_EXAMPLE}), got "
    message += f"{question_id!r}"
    if near:
        message += f'; did you mean "{near[0]}"?'
    elif facts:
        message += f" (this profile's fact questions: {', '.join(list(facts)[:6])}, ...)"
    return message


def _shapes() -> list[str]:
    """Question ids of the first record of each kind: a hint when the profile has none."""
    return [
        f"{INPUT_PREFIX}{record}[0].{field}" for record, fields in FACTS.items() for field in fields
    ]


__all__ = ["answer_issues", "check_answers"]
