"""The data contract: which tables a project has and what each column holds.

This module says *how* each table and column is shaped (required or not, kind
of value, range, what it refers to). The vocabularies themselves (roles,
moves, steps, levels...) are domain knowledge and live in ``data/model/``;
columns name them through ``code``.

Column kinds
------------
``id``        a string identifier (kept as text even when it looks like a number)
``text``      free text
``date``      a date, ISO (``2026-03-14``) or day first (``14/03/2026``); see
              :mod:`collabkit.project.dates`
``int``       a whole number
``float``     a number
``code``      one value of a model vocabulary (``code`` names it)
``yesno``     yes/no (also y/n, true/false, 1/0)
``list``      several values separated by ``;`` (ids or codes)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind of value and the rules its values follow."""

    name: str
    kind: str
    required: bool = False
    code: str | None = None  # vocabulary name in the model, for kind code/list
    minimum: float | None = None
    maximum: float | None = None
    default: str | None = None  # value used when the cell is blank
    refers_to: str | None = None  # "participants", "meetings", "decisions"
    help: str = ""


@dataclass(frozen=True)
class Table:
    """One table of a project: its columns, whether it is required, its unique keys and help."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    unique: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    help: str = ""
    #: Pairs of number columns ``(first, second)`` where ``second`` may not be below
    #: ``first`` in any row (a turn ends at or after it starts).
    ordered: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        """The table's file in a project folder: ``<name>.csv``."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        """The names of every column, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """The names of the required columns, in order."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """The column called ``name``; KeyError if the table has none."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(name: str, kind: str = "text", **kw) -> Column:
    return Column(name, kind, **kw)


NON_NEGATIVE = {"minimum": 0}

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "participants",
            (
                _c("participant_id", "id", required=True),
                _c("role", "code", required=True, code="role"),
                _c("name"),
                _c("organisation"),
                _c("joined", "date"),
                _c("left", "date"),
                _c("named_in_reports", "yesno", default="no"),
            ),
            required=True,
            unique=(("participant_id",),),
            help="everyone involved in the project, one row each",
        ),
        Table(
            "meetings",
            (
                _c("meeting_id", "id", required=True),
                _c("date", "date", required=True),
                _c("step", "code", required=True, code="step"),
                _c("title"),
                _c("format", "code", code="format"),
                _c("planned_minutes", "float", **NON_NEGATIVE),
                _c("actual_minutes", "float", **NON_NEGATIVE),
            ),
            required=True,
            unique=(("meeting_id",),),
            help="every meeting, with the model step it served",
        ),
        Table(
            "attendance",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings"),
                _c("participant_id", "id", required=True, refers_to="participants"),
                _c("present", "yesno", required=True),
                _c("group"),
            ),
            unique=(("meeting_id", "participant_id"),),
            help="who was expected at each meeting and whether they came",
        ),
        Table(
            "events",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings"),
                _c("seq", "int", required=True, minimum=0),
                _c("participant_id", "id", required=True, refers_to="participants"),
                _c("move", "code", required=True, code="move"),
                _c("t_seconds", "float", **NON_NEGATIVE),
                _c("mode", "code", code="mode"),
                _c("focus", "code", code="focus"),
                _c("group"),
                _c("coder", "id", default="primary"),
                _c("note"),
            ),
            unique=(("meeting_id", "coder", "seq"),),
            help="one coded contribution per row (Kantor's four actions)",
        ),
        Table(
            "agenda",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings"),
                _c("order", "int", required=True, minimum=0),
                _c("activity", "code", required=True, code="activity"),
                _c("planned_minutes", "float", **NON_NEGATIVE),
                _c("actual_minutes", "float", **NON_NEGATIVE),
                _c("note"),
            ),
            unique=(("meeting_id", "order"),),
            help="each meeting's agenda, activities from the activity library",
        ),
        Table(
            "checklist",
            (
                _c("step", "code", required=True, code="step"),
                _c("item_id", "code", required=True, code="checklist_item"),
                _c("status", "code", required=True, code="checklist_status"),
                _c("evidence"),
                _c("date", "date"),
                _c("involved_roles", "list", code="role"),
            ),
            unique=(("step", "item_id"),),
            help="the model's checklist for each step, with evidence",
        ),
        Table(
            "decisions",
            (
                _c("decision_id", "id", required=True),
                _c("date", "date", required=True),
                _c("summary", required=True),
                _c("meeting_id", "id", refers_to="meetings"),
                _c("step", "code", code="step"),
                _c("level", "code", code="level"),
                _c("revises", "id", refers_to="decisions",
                   help="the earlier decision this one revisits or re-makes, if any"),
            ),
            unique=(("decision_id",),),
            help="decisions; a blank meeting_id means made outside a meeting",
        ),
        Table(
            "reflections",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings"),
                _c("how_collaborative", "int", required=True, minimum=1, maximum=5),
                _c("reflectors", "list", refers_to="participants"),
                _c("process_problems"),
                _c("next_time"),
            ),
            help="reflection in pairs after a meeting",
        ),
        Table(
            "aims",
            (
                _c("participant_id", "id", required=True, refers_to="participants"),
                _c("why_here", required=True),
                _c("meeting_id", "id", refers_to="meetings"),
                _c("hoped_outcome"),
            ),
            help='answers to "why are you here?" from introductions',
        ),
        Table(
            "glossary",
            (
                _c("term", required=True),
                _c("meaning", required=True),
                _c("proposed_by", "id", refers_to="participants"),
                _c("meeting_id", "id", refers_to="meetings"),
                _c("agreed", "yesno", default="no"),
            ),
            help='"words build worlds": the group\'s shared vocabulary',
        ),
        Table(
            "impact",
            (
                _c("contribution", required=True),
                _c("outcome", required=True),
                _c("decision_id", "id", refers_to="decisions"),
                _c("from_role", "code", code="role"),
                _c("status", "code", code="impact_status"),
            ),
            help='"you said, we did"',
        ),
        Table(
            "turns",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings"),
                _c("participant_id", "id", required=True, refers_to="participants"),
                _c("start_seconds", "float", required=True, **NON_NEGATIVE),
                _c("end_seconds", "float", required=True, **NON_NEGATIVE),
                _c("source", help="what the turn came from: vtt, srt, text_estimated (times "
                                  "estimated from the words), or another tool's name"),
                _c("text", help="what was said; personal data, kept only when asked "
                                "(import-transcript --keep-text) and never shown in a report"),
            ),
            unique=(("meeting_id", "participant_id", "start_seconds"),),
            ordered=(("start_seconds", "end_seconds"),),
            help="speaking turns from a transcript: who spoke, from when to when",
        ),
    )
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: Fields of ``project.yaml`` (or the workbook's ``project`` sheet); leads are
#: written as ``leads.pace`` / ``leads.process`` in the workbook.
PROJECT_FIELDS: tuple[Column, ...] = (
    _c("id", "id", required=True),
    _c("title", required=True),
    _c("service"),
    _c("scope", "code", code="scope"),
    _c("status"),
    _c("start", "date"),
    _c("end", "date"),
    _c("leads.pace", "id", refers_to="participants"),
    _c("leads.process", "id", refers_to="participants"),
    _c("purpose"),
)

PROJECT_FILE = "project.yaml"
PROJECT_SHEET = "project"

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})
