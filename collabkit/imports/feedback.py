"""Questionnaire answers from a Microsoft Forms or Google Forms export, added to feedback.csv.

:func:`import_feedback` is what ``collabkit import-feedback`` runs. Both
services export one row per response and one column per question:

- Microsoft Forms (Excel workbook, or CSV): ``ID``, ``Start time``,
  ``Completion time``, ``Email``, ``Name`` (and in newer exports ``Last
  modified time``), then the questions;
- Google Forms (CSV, or a Google Sheet saved as .xlsx): ``Timestamp`` (and
  ``Email address`` when collected), then the questions.

Each question column is matched to an item of the questionnaire
(``data/model/feedback.yaml``) by its wording, case and spaces folded
(also by the item's ``short`` text or its id), and each answer to a point
of the item's scale by the point's label or number. A column called
``Role`` holds the respondent's role (a role code or label). A map CSV
(``kind,from,to``) says the rest:

=========  ================================  ==========================================
kind       from                              to
=========  ================================  ==========================================
question   a column header as written        an item_id, ``role``, or blank (leave out)
answer     an answer as written              a scale point (``4``) or a role code
=========  ================================  ==========================================

The respondent's email and name are never read into the project, nor
printed. Any question or answer left unknown stops the import, each listed
once with where it first appears, and nothing is written. Responses are
numbered ``<file name>-<ID>`` (Forms) or ``<file name>-<row>`` (Google), so
importing the same file again replaces its earlier answers.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.imports.boris import read_rows
from collabkit.imports.names import read_map
from collabkit.model import Model
from collabkit.model.questionnaire import Questionnaire, fold_text
from collabkit.project import Project, to_text
from collabkit.project.edits import edit_table, is_workbook
from collabkit.project.schema import TABLES

__all__ = ["FeedbackImport", "import_feedback", "read_feedback_map"]

MAP_KINDS = ("question", "answer")
#: Columns the services add that are not questions; the personal ones are never kept.
PERSONAL = ("email", "name", "email address", "username")
BOOKKEEPING = ("id", "start time", "completion time", "last modified time", "timestamp",
               "total points", "quiz feedback")
COLUMNS = TABLES["feedback"].column_names
ROLE = "role"


@dataclass(frozen=True)
class FeedbackImport:
    """What :func:`import_feedback` did.

    Attributes
    ----------
    written_to : str
        The project's feedback table.
    format : str
        The export's kind, in words.
    responses : int
        Responses added (rows of the export with at least one answer).
    answers : int
        Answers added (one row of feedback.csv each).
    replaced : int
        Answers of an earlier import of the same file that were replaced.
    questions : DataFrame
        ``column`` (as written), ``item_id`` (or ``role``, or blank when left
        out), ``matched_by`` (``map``, ``wording``, ``left out``), ``answers``.
    ignored : tuple of str
        The export's own columns left out (ID, times, and email and name,
        which are never kept).
    """

    written_to: str
    format: str
    responses: int
    answers: int
    replaced: int
    questions: pd.DataFrame
    ignored: tuple[str, ...]


def read_feedback_map(path: str | os.PathLike) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """A ``kind,from,to`` map as ``{kind: {folded from: to}}``, and the problems found."""
    file = str(path)
    frame, problems = read_map(Path(path), ("kind", "from", "to"))
    maps: dict[str, dict[str, str]] = {kind: {} for kind in MAP_KINDS}
    if frame is None:
        return maps, problems
    for index, kind, source, target in zip(frame.index, frame["kind"], frame["from"],
                                           frame["to"], strict=True):
        row, kind = int(index) + 2, kind.lower()
        if kind not in MAP_KINDS:
            problems.append(Problem(file, row, "kind", kind, f"unknown kind '{kind}'; allowed: "
                                    f"{', '.join(MAP_KINDS)}", code="unknown_code"))
        elif not source:
            problems.append(Problem(file, row, "from", None, "'from' is blank; write the "
                                    "question or answer as the export writes it",
                                    code="required_blank"))
        elif fold_text(source) in maps[kind]:
            problems.append(Problem(file, row, "from", source, f"{kind} '{source}' is mapped "
                                    "twice", code="duplicate_key"))
        else:
            maps[kind][fold_text(source)] = target
    return maps, problems


def import_feedback(path: str | os.PathLike, file: str | os.PathLike, *,
                    map: str | os.PathLike | None = None, meeting: str | None = None,
                    model: Model | None = None) -> FeedbackImport:
    """Add the responses of a Forms export to the feedback table of the project at ``path``.

    Parameters
    ----------
    path : str or Path
        A project folder or ``.xlsx`` workbook.
    file : str or Path
        A Microsoft Forms or Google Forms export (.xlsx or .csv).
    map : str or Path, optional
        A ``kind,from,to`` CSV (see the module's table).
    meeting : str, optional
        The meeting the responses are about (default: the project as a whole).
    model : Model, optional

    Returns
    -------
    FeedbackImport

    Raises
    ------
    DataError
        Every unknown question (code ``bad_import``), answer (``unknown_code``)
        and meeting (``dangling_reference``) at once; nothing is written.
    """
    problems: list[Problem] = []
    maps: dict[str, dict[str, str]] = {kind: {} for kind in MAP_KINDS}
    if map is not None:
        maps, problems = read_feedback_map(map)
    source = Path(file)
    try:
        rows = [r for r in read_rows(source) if any(c.strip() for c in r)]
    except DataError as error:
        raise DataError(problems + error.problems) from None
    if not rows:
        raise DataError(problems + [Problem(str(source), None, None, None, "the file is empty",
                                            code="empty_file")])
    outcome: dict = {}

    def change(project: Project) -> pd.DataFrame:
        new, summary = _answers_for(project, rows, maps, meeting, source, problems)
        old = to_text(project.feedback)
        mine = old["response_id"].isin(set(new["response_id"]))
        outcome.update(summary, replaced=int(mine.sum()))
        return pd.concat([old[~mine], new], ignore_index=True)

    edit_table(path, "feedback", change, model=model)
    folder = Path(path)
    where = (f"{path}[feedback]" if is_workbook(path)
             else str(folder / TABLES["feedback"].file_name))
    return FeedbackImport(written_to=where, **outcome)


def _answers_for(project: Project, rows: list[list[str]], maps: dict[str, dict[str, str]],
                 meeting: str | None, source: Path,
                 found: list[Problem]) -> tuple[pd.DataFrame, dict]:
    """The new answers as text, and the summary; or a DataError listing every problem."""
    file, problems = str(source), list(found)
    model = project.model
    questionnaire = model.questionnaire
    header = [cell.strip() for cell in rows[0]]
    folded = [fold_text(h) for h in header]
    microsoft = {"id", "start time", "completion time"} <= set(folded)
    kind = ("Microsoft Forms export" if microsoft
            else "Google Forms export" if "timestamp" in folded else "questionnaire table")
    ignored = [h for h, f in zip(header, folded, strict=True)
               if f in PERSONAL or f in BOOKKEEPING or f.startswith(("points - ", "feedback - "))]
    columns = _questions(header, folded, ignored, maps["question"], questionnaire, file, problems)
    if meeting is not None and meeting.strip() not in set(project.meetings["meeting_id"]):
        problems.append(Problem(file, None, None, meeting, f"meeting '{meeting}' is not in "
                                "meetings.csv; give one of its meeting_ids",
                                code="dangling_reference"))
    id_at = folded.index("id") if microsoft else None
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", source.stem).strip("_") or "forms"
    roles = _role_words(model)
    out: list[dict[str, str]] = []
    unknown: dict[tuple[str, str], list[int]] = {}
    responses = 0
    counts: Counter[str] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        ident = (row[id_at].strip() if id_at is not None and id_at < len(row) else "") \
            or str(number)
        response = {"response_id": f"{stem}-{ident}", "participant_id": "", "role": "",
                    "meeting_id": (meeting or "").strip()}
        answers = []
        for at, target in columns.items():
            text = row[at].strip() if at < len(row) else ""
            if not text or not target:
                continue
            value = _answer(text, target, maps["answer"], questionnaire, roles)
            if value is None:
                unknown.setdefault((header[at], text), []).append(number)
                continue
            if target == ROLE:
                response["role"] = value
            else:
                answers.append({"item_id": target, "answer": value})
                counts[header[at]] += 1
        if answers:
            responses += 1
            out += [{**response, **a} for a in answers]
    problems += _unknown_answers(unknown, columns, header, model, file)
    if problems:
        raise DataError(problems)
    questions = pd.DataFrame(
        [{"column": header[at], "item_id": target or "",
          "matched_by": _how(header[at], target, maps["question"]),
          "answers": counts.get(header[at], 0)} for at, target in columns.items()],
        columns=["column", "item_id", "matched_by", "answers"])
    frame = pd.DataFrame(out, columns=list(COLUMNS)).fillna("")
    return frame, {"format": kind, "responses": responses, "answers": len(frame),
                   "questions": questions, "ignored": tuple(ignored)}


def _unknown_answers(unknown: dict[tuple[str, str], list[int]], columns: dict[int, str],
                     header: list[str], model: Model, file: str) -> list[Problem]:
    """One problem per unknown answer to a question, with the rows it is on and what is allowed."""
    questionnaire = model.questionnaire
    problems = []
    for (question, text), where in unknown.items():
        target = columns[header.index(question)]
        allowed = (", ".join(model.codes["role"]) + " (or their labels)" if target == ROLE
                   else questionnaire.allowed(target) + " (a label or its number)")
        problems.append(Problem(
            file, where[0], question, text,
            f"unknown answer '{text}' to '{question}' ({len(where)} row"
            f"{'s' if len(where) != 1 else ''}, first on row {where[0]}); allowed: {allowed}, "
            "or map it in --map (answer,<as written>,<point or code>)", code="unknown_code"))
    return problems


def _questions(header: list[str], folded: list[str], ignored: list[str],
               mapping: dict[str, str], questionnaire: Questionnaire, file: str,
               problems: list[Problem]) -> dict[int, str]:
    """Column index -> item_id, ``role`` or "" (left out); problems for the unknown ones."""
    wording: dict[str, str] = {}
    for item in questionnaire.items:
        for text in (item["short"], item["item_id"], item["text"]):
            wording[fold_text(text)] = item["item_id"]
    wording[ROLE] = ROLE
    known = set(questionnaire.item_ids) | {ROLE}
    out: dict[int, str] = {}
    unknown = []
    for at, (name, key) in enumerate(zip(header, folded, strict=True)):
        if name in ignored or (not name and at >= len(header) - 1):
            continue
        if key in mapping:
            target = mapping[key].strip()
            if target and target not in known:
                problems.append(Problem(file, 1, name, target, f"the map sends '{name}' to "
                                        f"'{target}', which is not a questionnaire item; "
                                        f"allowed: {', '.join(sorted(known))}, or blank",
                                        code="unknown_code"))
                continue
            out[at] = target
        elif key in wording:
            out[at] = wording[key]
        else:
            unknown.append(name or f"(column {at + 1} has no header)")
    if unknown:
        problems.append(Problem(
            file, 1, None, "; ".join(unknown),
            f"{len(unknown)} question{'s are' if len(unknown) != 1 else ' is'} not in the "
            f"questionnaire: {'; '.join(repr(u) for u in unknown)}. Map each in --map "
            "(question,<column header>,<item_id>; a blank item_id leaves it out); items: "
            f"{', '.join(questionnaire.item_ids)}", code="bad_import"))
    return out


def _how(name: str, target: str, mapping: dict[str, str]) -> str:
    if fold_text(name) in mapping:
        return "map" if target else "left out"
    return "wording"


def _role_words(model: Model) -> dict[str, str]:
    roles = model.code_table("role")
    words = {fold_text(label): code for code, label in zip(roles["code"], roles["label"],
                                                           strict=True)}
    words.update({fold_text(code): code for code in roles["code"]})
    words.update({fold_text(str(code).replace("_", " ")): code for code in roles["code"]})
    return words


def _answer(text: str, target: str, mapping: dict[str, str], questionnaire: Questionnaire,
            roles: dict[str, str]) -> str | None:
    """The stored answer for ``text`` in the column ``target``; None when it is unknown."""
    key = fold_text(text)
    if target == ROLE:
        chosen = mapping.get(key, text)
        return roles.get(fold_text(chosen))
    points = questionnaire.points(target)
    if not points:
        return text  # free text, as written
    by_word = {fold_text(label): str(p) for p, label in points}
    by_word.update({str(p): str(p) for p, _ in points})
    chosen = mapping.get(key, text)
    number = re.fullmatch(r"\s*(\d+)(?:\.0+)?\s*", str(chosen))
    return by_word.get(number.group(1) if number else fold_text(chosen))
