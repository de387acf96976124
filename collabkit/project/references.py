"""References between a project's tables: every id a table names exists where it is defined.

Run by :func:`collabkit.project.load_project` after each table is typed
(:mod:`collabkit.project.validate`): dangling participant, meeting and
decision ids, the leads, checklist items under the wrong step, revisions of
later decisions and the questionnaire answers. Each problem names the file,
row and column, the bad value and how to fix it.
"""

from __future__ import annotations

import math

import pandas as pd

from collabkit.errors import Problem
from collabkit.model import Model
from collabkit.project.answers import check_answers
from collabkit.project.schema import TABLES


def check_references(info: dict, tables: dict[str, pd.DataFrame], files: dict[str, str],
                     model: Model, info_file: str) -> list[Problem]:
    """Every participant, meeting, decision and checklist item named exists."""
    problems: list[Problem] = []
    defined = {
        "participants": set(tables["participants"]["participant_id"].dropna()),
        "meetings": set(tables["meetings"]["meeting_id"].dropna()),
        "decisions": set(tables["decisions"]["decision_id"].dropna()),
    }
    where = {name: table_label(files[name]) for name in defined}
    for name, table in TABLES.items():
        frame = tables[name]
        for column in table.columns:
            if column.refers_to is None or column.name not in frame:
                continue
            values, known = frame[column.name], defined[column.refers_to]
            if _distinct(values, listed=column.kind == "list") <= known:
                continue  # every reference found (the usual case)
            if column.kind == "list":
                values = values.dropna().str.split(";").explode().str.strip()
                values = values[values != ""]
            else:
                values = values.dropna()
            dangling = values[~values.isin(known)]
            for index, value in dangling.items():
                problems.append(Problem(
                    files[name], int(index) + 2, column.name, value,
                    f"'{value}' is not in {where[column.refers_to]}; "
                    f"add it there or correct the {column.name}",
                    code="dangling_reference",
                ))
    for key in ("leads.pace", "leads.process"):
        lead = info.get(key)
        if lead and lead not in defined["participants"]:
            problems.append(Problem(info_file, None, key, lead,
                                    f"lead '{lead}' is not in {where['participants']}",
                                    code="dangling_reference"))
    problems += check_revisions(tables["decisions"], files["decisions"])
    problems += check_answers(tables["feedback"], files["feedback"], model)
    checklist = tables["checklist"]
    if len(checklist):
        step_of = dict(zip(model.checklist_items["item_id"], model.checklist_items["step"],
                           strict=True))
        for index, item, step in zip(checklist.index, checklist["item_id"].astype("object"),
                                     checklist["step"].astype("object"), strict=True):
            if pd.isna(item) or pd.isna(step) or step_of.get(item) == step:
                continue
            problems.append(Problem(
                files["checklist"], int(index) + 2, "step", str(step),
                f"checklist item '{item}' belongs to step '{step_of.get(item, math.nan)}', "
                "not this step", code="wrong_step",
            ))
    return problems


def _distinct(values: pd.Series, *, listed: bool = False) -> set:
    """The column's distinct values, missing left out (a few, not one per row).

    With ``listed``, the distinct ids named in a list column (``P01;P02``),
    each trimmed, blanks left out.
    """
    distinct = {value for value in values.unique().tolist() if not pd.isna(value)}
    if not listed:
        return distinct
    return {part.strip() for value in distinct for part in str(value).split(";")} - {""}


def table_label(file: str) -> str:
    """How a message names a table's file: ``participants.csv``, or ``the participants sheet``.

    Examples
    --------
    >>> table_label("p/participants.csv"), table_label("p.xlsx[participants]")
    ('participants.csv', 'the participants sheet')
    """
    if file.endswith("]") and "[" in file:
        return f"the {file[file.rindex('[') + 1:-1]} sheet"
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def check_revisions(decisions: pd.DataFrame, file: str) -> list[Problem]:
    """A problem for each decision that revises itself or a decision dated after it."""
    if "revises" not in decisions or decisions["revises"].isna().all():
        return []
    date_of = dict(zip(decisions["decision_id"], decisions["date"], strict=False))
    problems: list[Problem] = []
    for index, own, revised, date in zip(decisions.index, decisions["decision_id"],
                                         decisions["revises"], decisions["date"], strict=True):
        if pd.isna(revised) or pd.isna(own) or revised not in date_of:
            continue  # blank, or a dangling reference reported already
        earlier = date_of[revised]
        if revised == own:
            message = f"decision '{own}' revises itself; 'revises' names an earlier decision"
        elif pd.notna(date) and pd.notna(earlier) and earlier > date:
            message = (f"decision '{own}' ({date:%Y-%m-%d}) revises '{revised}', made later "
                       f"({earlier:%Y-%m-%d}); 'revises' names an earlier decision")
        else:
            continue
        problems.append(Problem(file, int(index) + 2, "revises", str(revised), message,
                                code="bad_revision"))
    return problems
