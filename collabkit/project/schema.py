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
                _c("participant_id", "id", required=True,
                   help="identifies the person within the project"),
                _c("role", "code", required=True, code="role",
                   help="the person's main role in the project"),
                _c("name",
                   help="the person's name; shown in reports and exports only if they agreed "
                        "(named_in_reports)"),
                _c("organisation", help="the organisation or team they came from"),
                _c("joined", "date", help="when they joined the project"),
                _c("left", "date", help="when they left the project, if they did"),
                _c("named_in_reports", "yesno", default="no",
                   help="whether they agreed to be named in reports"),
            ),
            required=True,
            unique=(("participant_id",),),
            help="everyone involved in the project, one row each",
        ),
        Table(
            "meetings",
            (
                _c("meeting_id", "id", required=True,
                   help="identifies the meeting within the project"),
                _c("date", "date", required=True, help="the day it was held"),
                _c("step", "code", required=True, code="step",
                   help="the model step (element) the meeting served"),
                _c("title", help="the meeting's title"),
                _c("format", "code", code="format", help="how people met"),
                _c("planned_minutes", "float", **NON_NEGATIVE,
                   help="how long it was planned to last"),
                _c("actual_minutes", "float", **NON_NEGATIVE, help="how long it lasted"),
            ),
            required=True,
            unique=(("meeting_id",),),
            help="every meeting, with the model step it served",
        ),
        Table(
            "attendance",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings", help="the meeting"),
                _c("participant_id", "id", required=True, refers_to="participants",
                   help="the person expected"),
                _c("present", "yesno",
                   help="yes (came) or no (absent); blank = expected, not marked yet: "
                        "counted present only if they are coded as speaking"),
                _c("group", help="the small group they were in, if any"),
                _c("arrived", "float", **NON_NEGATIVE,
                   help="seconds from the meeting's start when they arrived (a late "
                        "arrival), like events.t_seconds; blank = there from the start"),
                _c("left_at", "float", **NON_NEGATIVE,
                   help="seconds from the meeting's start when they left early; blank = "
                        "stayed to the end"),
            ),
            unique=(("meeting_id", "participant_id"),),
            ordered=(("arrived", "left_at"),),
            help="who was expected at each meeting and whether they came (the register)",
        ),
        Table(
            "events",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings",
                   help="the meeting it was said in"),
                _c("seq", "int", required=True, minimum=0,
                   help="order within the meeting and coder"),
                _c("participant_id", "id", required=True, refers_to="participants",
                   help="who spoke"),
                _c("move", "code", required=True, code="move",
                   help="Kantor's action: move, follow, oppose or bystand"),
                _c("t_seconds", "float", **NON_NEGATIVE,
                   help="seconds from the start of the meeting"),
                _c("mode", "code", code="mode", help="dialogue or debate"),
                _c("focus", "code", code="focus",
                   help="what it was about: problem, solution, process or social"),
                _c("group", help="the small group it was said in; blank for the whole group"),
                _c("coder", "id", default="primary",
                   help="who coded it; primary counts in every metric, others are for reliability"),
                _c("note", help="the coder's note"),
                _c("duration_seconds", "float", **NON_NEGATIVE,
                   help="how long the contribution lasted, in seconds (the board's "
                        "\"speaking now\" toggle); blank = not timed"),
            ),
            unique=(("meeting_id", "coder", "seq"),),
            help="one coded contribution per row (Kantor's four actions)",
        ),
        Table(
            "agenda",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings", help="the meeting"),
                _c("order", "int", required=True, minimum=0, help="position in the agenda"),
                _c("activity", "code", required=True, code="activity",
                   help="the activity from the activity library"),
                _c("planned_minutes", "float", **NON_NEGATIVE, help="minutes planned"),
                _c("actual_minutes", "float", **NON_NEGATIVE, help="minutes it took"),
                _c("note", help="a note on the item"),
            ),
            unique=(("meeting_id", "order"),),
            help="each meeting's agenda, activities from the activity library",
        ),
        Table(
            "checklist",
            (
                _c("step", "code", required=True, code="step", help="the model step"),
                _c("item_id", "code", required=True, code="checklist_item",
                   help="the checklist item of that step"),
                _c("status", "code", required=True, code="checklist_status",
                   help="how far it was done"),
                _c("evidence", help="what shows it was done"),
                _c("date", "date", help="when it was done"),
                _c("involved_roles", "list", code="role", help="the roles involved in doing it"),
            ),
            unique=(("step", "item_id"),),
            help="the model's checklist for each step, with evidence",
        ),
        Table(
            "decisions",
            (
                _c("decision_id", "id", required=True,
                   help="identifies the decision within the project"),
                _c("date", "date", required=True, help="when it was made"),
                _c("summary", required=True, help="what was decided"),
                _c("meeting_id", "id", refers_to="meetings",
                   help="the meeting it was made in; blank if made outside a meeting"),
                _c("step", "code", code="step", help="the model step it belongs to"),
                _c("level", "code", code="level",
                   help="how far people were involved, on the ladder from inform to co-produce"),
                _c("revises", "id", refers_to="decisions",
                   help="the earlier decision this one revisits or re-makes, if any"),
            ),
            unique=(("decision_id",),),
            help="decisions; a blank meeting_id means made outside a meeting",
        ),
        Table(
            "reflections",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings",
                   help="the meeting reflected on"),
                _c("how_collaborative", "int", required=True, minimum=1, maximum=5,
                   help="the pair's rating of how collaborative it felt, 1 (not at all) to 5 (fully)"),
                _c("reflectors", "list", refers_to="participants", help="the pair who reflected"),
                _c("process_problems", help="what got in the way"),
                _c("next_time", help="what to do differently next time"),
            ),
            help="reflection in pairs after a meeting",
        ),
        Table(
            "aims",
            (
                _c("participant_id", "id", required=True, refers_to="participants",
                   help="who said it"),
                _c("why_here", required=True, help="why they are here, in their words"),
                _c("meeting_id", "id", refers_to="meetings", help="the meeting they said it in"),
                _c("hoped_outcome", help="what they hope will come of it"),
            ),
            help='answers to "why are you here?" from introductions',
        ),
        Table(
            "glossary",
            (
                _c("term", required=True, help="the word or phrase"),
                _c("meaning", required=True, help="what the group agreed it means"),
                _c("proposed_by", "id", refers_to="participants", help="who proposed it"),
                _c("meeting_id", "id", refers_to="meetings", help="the meeting it was added in"),
                _c("agreed", "yesno", default="no", help="whether the group agreed it"),
            ),
            help='"words build worlds": the group\'s shared vocabulary',
        ),
        Table(
            "impact",
            (
                _c("contribution", required=True,
                   help="what participants said or asked for (you said)"),
                _c("outcome", required=True, help="what was done about it (we did)"),
                _c("decision_id", "id", refers_to="decisions",
                   help="the decision that followed, if any"),
                _c("from_role", "code", code="role", help="the role of those who said it"),
                _c("status", "code", code="impact_status", help="whether it was adopted"),
                _c("told_on", "date", help="the date the people who said it were told "
                                          "what came of it"),
            ),
            help='"you said, we did"',
        ),
        Table(
            "turns",
            (
                _c("meeting_id", "id", required=True, refers_to="meetings", help="the meeting"),
                _c("participant_id", "id", required=True, refers_to="participants",
                   help="who spoke"),
                _c("start_seconds", "float", required=True, **NON_NEGATIVE,
                   help="when the turn started, seconds from the start of the recording"),
                _c("end_seconds", "float", required=True, **NON_NEGATIVE, help="when it ended"),
                _c("source", help="what the turn came from: vtt, srt, text_estimated (times "
                                  "estimated from the words), or another tool's name"),
                _c("text", help="what was said; personal data, kept only when asked "
                                "(import-transcript --keep-text) and never shown in a report"),
            ),
            unique=(("meeting_id", "participant_id", "start_seconds"),),
            ordered=(("start_seconds", "end_seconds"),),
            help="speaking turns from a transcript: who spoke, from when to when",
        ),
        Table(
            "feedback",
            (
                _c("response_id", "id", required=True,
                   help="one questionnaire response (one person filling it in once)"),
                _c("participant_id", "id", refers_to="participants",
                   help="who answered; blank when anonymous (the default)"),
                _c("role", "code", code="role"),
                _c("meeting_id", "id", refers_to="meetings",
                   help="the meeting the response is about; blank for the project"),
                _c("item_id", "code", required=True, code="feedback_item",
                   help="a question of the questionnaire (data/model/feedback.yaml)"),
                _c("answer", required=True,
                   help="a point of the item's scale (1 to 5), or the text written"),
            ),
            unique=(("response_id", "item_id"),),
            help="participants' own view: one row per answer to the questionnaire",
        ),
    )
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

#: Fields of ``project.yaml`` (or the workbook's ``project`` sheet); leads are
#: written as ``leads.pace`` / ``leads.process`` in the workbook.
PROJECT_FIELDS: tuple[Column, ...] = (
    _c("id", "id", required=True, help="identifies the project"),
    _c("title", required=True, help="the project's title"),
    _c("service", help="the service or services it changes"),
    _c("scope", "code", code="scope", help="how wide the change reaches"),
    _c("status", help="where the project is (planned, running, completed...)"),
    _c("start", "date", help="when it started"),
    _c("end", "date", help="when it ended or is due to end"),
    _c("leads.pace", "id", refers_to="participants", help="the pace lead (keeps it moving)"),
    _c("leads.process", "id", refers_to="participants",
       help="the process lead (keeps it collaborative)"),
    _c("purpose", help="what the project is for, in a sentence"),
)

PROJECT_FILE = "project.yaml"
PROJECT_SHEET = "project"

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})
