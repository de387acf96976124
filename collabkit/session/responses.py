"""Capturing the participants' questionnaire and "you said, we did", one entry at a time.

Like :mod:`collabkit.session.capture`: each function takes the project as it
is on disk and returns the new version of one table (feedback or impact),
refusing what cannot be done with an :class:`~collabkit.errors.ActionError`.
:func:`collabkit.project.edits.edit_table` applies it to the project on disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from collabkit.errors import ActionError
from collabkit.project import Project, to_text
from collabkit.session.capture import _append, _meeting, _person, _text

__all__ = ["add_response", "next_response_id", "add_impact"]


def next_response_id(project: Project, prefix: str = "form-") -> str:
    """A response id not used yet: ``form-1``, ``form-2``... (after the highest)."""
    used = set(project.feedback["response_id"].dropna().astype(str))
    numbers = [int(m.group(1)) for m in (re.fullmatch(re.escape(prefix) + r"(\d+)", i)
                                         for i in used) if m]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"


def add_response(project: Project, answers: Mapping[str, object], *, role: str = "",
                 meeting_id: str = "", participant_id: str = "") -> pd.DataFrame:
    """The feedback table with one person's response added (a new response id).

    Parameters
    ----------
    answers : mapping
        item_id -> answer: a scale point (``4``) or free text; blank or None
        answers are left out (a question not answered).
    role : str, optional
        The respondent's role code, if they gave it.
    meeting_id : str, optional
        The meeting the response is about (blank: the project as a whole).
    participant_id : str, optional
        Who answered, only when they chose to say (anonymous by default).
    """
    questionnaire = project.model.questionnaire
    given = {str(k): _text(v) for k, v in answers.items() if _text(v)}
    if not given:
        raise ActionError("no question is answered yet: choose an answer to at least one "
                          "question")
    for item_id, answer in given.items():
        points = questionnaire.points(item_id)  # KeyError for an unknown item
        if points and answer not in {str(p) for p, _ in points}:
            raise ActionError(f"'{answer}' is not an answer to '{item_id}'; allowed: "
                              f"{questionnaire.allowed(item_id)}")
    response = {"response_id": next_response_id(project),
                "participant_id": _person(project, participant_id),
                "role": _text(role), "meeting_id": _meeting(project, meeting_id, False)}
    rows = [{**response, "item_id": item_id, "answer": given[item_id]}
            for item_id in questionnaire.item_ids if item_id in given]  # questionnaire order
    return pd.concat([to_text(project.feedback), pd.DataFrame(rows)],
                     ignore_index=True).fillna("")


def add_impact(project: Project, contribution: str, outcome: str, *, decision_id: str = "",
               from_role: str = "", status: str = "", told_on: str = "") -> pd.DataFrame:
    """The impact table with one "you said, we did" entry added.

    ``told_on`` is the date (YYYY-MM-DD) the people who said it were told
    what came of it; blank if they have not been told yet.
    """
    if not _text(contribution):
        raise ActionError("write what people said (the contribution is empty)")
    if not _text(outcome):
        raise ActionError("write what was done about it (the outcome is empty)")
    decision = _text(decision_id)
    if decision and decision not in set(project.decisions["decision_id"].astype(str)):
        raise ActionError(f"decision '{decision}' is not in the decision log; choose one "
                          "from the log or leave it blank")
    return _append(project, "impact", {
        "contribution": _text(contribution), "outcome": _text(outcome),
        "decision_id": decision, "from_role": _text(from_role), "status": _text(status),
        "told_on": _text(told_on)})
