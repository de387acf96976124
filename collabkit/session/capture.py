"""Capturing what happens after a session: reflections, checklist, decisions, words, aims.

Each function takes the project as it is on disk and returns the new version
of one table, refusing what cannot be done with an
:class:`~collabkit.errors.ActionError` (empty term, duplicate decision id,
unknown participant...). They are pure; :func:`collabkit.project.edits.edit_table`
applies one to the project on disk::

    edit_table(path, "glossary", lambda p: add_term(p, "Crisis café", "An evening drop-in"))

Codes and dates are checked again when the table is validated, so a bad
value raises :class:`~collabkit.errors.DataError` and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from collabkit.errors import ActionError
from collabkit.project import Project, to_text
from collabkit.session.roster import meeting_record

__all__ = [
    "add_reflection",
    "set_checklist",
    "checklist_items",
    "add_decision",
    "next_decision_id",
    "add_term",
    "set_agreed",
    "add_aim",
]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _person(project: Project, participant_id: str, what: str = "participant") -> str:
    pid = _text(participant_id)
    if pid and pid not in set(project.participants["participant_id"].astype(str)):
        raise ActionError(f"unknown {what} '{pid}'; add them to participants first")
    return pid


def _meeting(project: Project, meeting_id: str | None, required: bool) -> str:
    mid = _text(meeting_id)
    if mid or required:
        meeting_record(project, mid)
    return mid


def _append(project: Project, name: str, row: dict) -> pd.DataFrame:
    table = to_text(project.table(name))
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True).fillna("")


def add_reflection(project: Project, meeting_id: str, how_collaborative: int, *,
                   reflectors: Iterable[str] = (), process_problems: str = "",
                   next_time: str = "") -> pd.DataFrame:
    """The reflections table with one pair's reflection added.

    Parameters
    ----------
    meeting_id : str
    how_collaborative : int
        "How collaborative did it feel?", 1 (not at all) to 5 (very).
    reflectors : list of str
        The pair (participant ids).
    process_problems : str
        "Were there problems with the process?"
    next_time : str
        "What needs to happen next time for the group to feel meaningful?"
    """
    mid = _meeting(project, meeting_id, required=True)
    try:
        score = int(how_collaborative)
    except (TypeError, ValueError):
        raise ActionError("choose how collaborative it felt, from 1 to 5") from None
    if not 1 <= score <= 5:
        raise ActionError(f"how collaborative must be 1 to 5, got {score}")
    people = [_person(project, p, "reflector") for p in reflectors if _text(p)]
    return _append(project, "reflections", {
        "meeting_id": mid, "how_collaborative": str(score), "reflectors": ";".join(people),
        "process_problems": _text(process_problems), "next_time": _text(next_time)})


def checklist_items(project: Project, step: str) -> pd.DataFrame:
    """A step's checklist: item_id, text, and what is recorded.

    What is recorded is status, evidence, date and involved_roles, blank when
    not recorded yet.
    """
    model = project.model
    if step not in model.steps:
        raise ActionError(f"'{step}' has no checklist; checklists belong to the steps "
                          f"{', '.join(model.steps)}")
    items = model.checklist_items
    items = items[items["step"] == step][["item_id", "text"]].reset_index(drop=True)
    recorded = to_text(project.checklist)
    recorded = recorded[recorded["step"] == step].drop(columns=["step"])
    return items.merge(recorded, on="item_id", how="left").fillna("")


def set_checklist(project: Project, step: str,
                  entries: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """The checklist table with some of a step's items set.

    Parameters
    ----------
    step : str
    entries : mapping of item_id to a mapping
        ``status`` (done, partly, not_done, not_applicable; blank removes the
        item's row), and optionally ``evidence``, ``date`` (14/03/2026 or 2026-03-14) and
        ``involved_roles`` (list or ``;``-joined role codes).
    """
    known = set(checklist_items(project, step)["item_id"])
    table = to_text(project.checklist)
    for item_id, entry in entries.items():
        if item_id not in known:
            raise ActionError(f"'{item_id}' is not a checklist item of {step}")
        roles: Any = entry.get("involved_roles", "")
        if not isinstance(roles, str):
            roles = ";".join(_text(r) for r in roles if _text(r))
        row = {"step": step, "item_id": item_id, "status": _text(entry.get("status")),
               "evidence": _text(entry.get("evidence")), "date": _text(entry.get("date")),
               "involved_roles": roles}
        table = table[~((table["step"] == step) & (table["item_id"] == item_id))]
        if row["status"]:
            table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    return table.fillna("").reset_index(drop=True)


def next_decision_id(project: Project) -> str:
    """A free decision id following the project's pattern (``D3`` after ``D2``)."""
    ids = project.decisions["decision_id"].astype(str).tolist()
    numbers = [(m.group(1), int(m.group(2)), len(m.group(2)))
               for m in (re.fullmatch(r"(.*?)(\d+)", i) for i in ids) if m]
    if not numbers:
        return "D1"
    prefix, number, width = max(numbers, key=lambda t: t[1])
    number += 1
    while f"{prefix}{number:0{width}d}" in ids:
        number += 1
    return f"{prefix}{number:0{width}d}"


def add_decision(project: Project, decision_id: str, date: str, summary: str, *,
                 meeting_id: str = "", step: str = "", level: str = "",
                 revises: str = "") -> pd.DataFrame:
    """The decisions table with a decision added (its id must be new).

    ``revises`` names an earlier decision this one revisits or re-makes
    (blank for a new decision); it must be a decision already in the log.
    """
    did = _text(decision_id)
    if not did:
        raise ActionError("the decision needs an id, for example "
                          f"{next_decision_id(project)}")
    if did in set(project.decisions["decision_id"].astype(str)):
        raise ActionError(f"decision id '{did}' is already used; choose another "
                          f"(next free: {next_decision_id(project)})")
    if not _text(summary):
        raise ActionError("write what was decided (the summary is empty)")
    if not _text(date):
        raise ActionError("the decision needs a date, for example 14/03/2026")
    earlier = _text(revises)
    if earlier and earlier not in set(project.decisions["decision_id"].astype(str)):
        raise ActionError(f"decision '{earlier}' (the one this revisits) is not in the log; "
                          "choose an earlier decision or leave it blank")
    return _append(project, "decisions", {
        "decision_id": did, "date": _text(date), "summary": _text(summary),
        "meeting_id": _meeting(project, meeting_id, required=False), "step": _text(step),
        "level": _text(level), "revises": earlier})


def _same_term(table: pd.DataFrame, term: str) -> pd.Series:
    return table["term"].str.strip().str.casefold() == term.casefold()


def add_term(project: Project, term: str, meaning: str, *, proposed_by: str = "",
             meeting_id: str = "", agreed: bool = False) -> pd.DataFrame:
    """The glossary with a term added ("words build worlds")."""
    word = _text(term)
    if not word:
        raise ActionError("the term is empty: write the word or phrase first")
    if not _text(meaning):
        raise ActionError(f"write what '{word}' means for this group (the meaning is empty)")
    table = to_text(project.glossary)
    if _same_term(table, word).any():
        raise ActionError(f"'{word}' is already in the glossary; mark it agreed or change it "
                          "there")
    return _append(project, "glossary", {
        "term": word, "meaning": _text(meaning),
        "proposed_by": _person(project, proposed_by, "proposer"),
        "meeting_id": _meeting(project, meeting_id, required=False),
        "agreed": "yes" if agreed else "no"})


def set_agreed(project: Project, term: str, agreed: bool = True) -> pd.DataFrame:
    """The glossary with a term marked agreed (or not)."""
    table = to_text(project.glossary)
    match = _same_term(table, _text(term))
    if not _text(term) or not match.any():
        raise ActionError(f"'{_text(term)}' is not in the glossary")
    table.loc[match, "agreed"] = "yes" if agreed else "no"
    return table


def add_aim(project: Project, participant_id: str, why_here: str, *, meeting_id: str = "",
            hoped_outcome: str = "") -> pd.DataFrame:
    """The aims table with one person's answer to "why are you here?" added."""
    pid = _person(project, participant_id)
    if not pid:
        raise ActionError("choose whose aim this is")
    if not _text(why_here):
        raise ActionError("write why they are here (the answer is empty)")
    return _append(project, "aims", {
        "participant_id": pid, "why_here": _text(why_here),
        "meeting_id": _meeting(project, meeting_id, required=False),
        "hoped_outcome": _text(hoped_outcome)})
