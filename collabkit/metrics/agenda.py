"""The Trust's practical tips in the agendas that were held.

The planner (:mod:`collabkit.session.agenda_checks`) warns about a draft
agenda; these functions look back at the agendas of the meetings that took
place: introductions when there were newcomers (tip 2), the principles of
collaborative working early on (tip 1), small groups in a large meeting
(tip 3), social time (tip 5), a reflection in pairs at the end (tip 9), and
whether meetings kept to time.

The cut-offs (how many meetings count as early, how many people make a large
group, how many minutes over time count as an overrun) are in
``agenda_practice`` of ``data/model/tools.yaml``, read through
``project.model.tools``; the activity ids are those of
``data/model/activities.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from collabkit.metrics._common import meeting_order, per_project
from collabkit.metrics.presence import marked_present
from collabkit.project import Project

__all__ = ["agenda_practice", "agenda_summary", "reflection_is_last"]

PRACTICE_COLUMNS = ("meeting_id", "meeting_number", "present", "newcomers", "introductions",
                    "needs_introductions", "principles", "principles_so_far", "early",
                    "small_groups", "needs_small_groups", "social_time", "reflection_last",
                    "planned_minutes", "actual_minutes", "overrun_minutes", "overran")
SUMMARY_COLUMNS = ("meetings_with_agenda", "intro_needed", "intro_held", "small_groups_needed",
                   "small_groups_held", "social_time_held", "reflection_last_held",
                   "principles_early", "overran")
#: Activities (activities.yaml) that explain the principles of working together (tip 1).
PRINCIPLES = ("principles", "debate_dialogue")


def reflection_is_last(activities: Sequence[str], after_reflection: Iterable[str]) -> bool:
    """Whether an agenda, in order, ends with the reflection in pairs (tip 9).

    Activities in ``after_reflection`` (``agenda_practice.after_reflection``
    in tools.yaml: social time, a break) may follow it; anything else after
    the last reflection, or no reflection at all, gives False. The agenda
    planner and :func:`agenda_practice` both judge with this rule.

    >>> reflection_is_last(["recap", "reflection", "social_time"], ["social_time", "break"])
    True
    >>> reflection_is_last(["reflection", "next_steps"], ["social_time", "break"])
    False
    """
    items = [str(a) for a in activities]
    if "reflection" not in items:
        return False
    last = len(items) - 1 - items[::-1].index("reflection")
    allowed = set(after_reflection)
    return all(item in allowed for item in items[last + 1:])


@per_project
def agenda_practice(project: Project) -> pd.DataFrame:
    """Which practical tips each held meeting's agenda followed, and whether it needed them.

    Parameters
    ----------
    project : Project
        Uses ``agenda``, ``meetings``, ``attendance`` and the cut-offs in
        ``project.model.tools["agenda_practice"]`` (``early_meetings``,
        ``large_group``, ``overrun_tolerance_minutes``). Not modified.

    Returns
    -------
    DataFrame
        One row per meeting that has agenda rows, in meeting order (see
        :func:`~collabkit.metrics._common.meeting_order`), columns:

        - ``meeting_id``, ``meeting_number`` (among all the project's meetings);
        - ``present`` (Int64): people marked present; NA when the meeting has
          no attendance rows;
        - ``newcomers`` (Int64): people present at the first meeting they
          attended, not counting the project's first meeting (0 there); NA
          when the meeting has no attendance rows;
        - ``introductions`` (bool): an ``introductions`` activity is on the
          agenda; ``needs_introductions`` (bool): the project's first meeting,
          or newcomers present;
        - ``principles`` (bool): ``principles`` or ``debate_dialogue`` is on
          the agenda; ``principles_so_far`` (bool): on this agenda or an
          earlier one; ``early`` (bool): among the first ``early_meetings``
          meetings of the project;
        - ``small_groups`` (bool): a ``small_groups`` activity;
          ``needs_small_groups`` (bool): more people present than
          ``large_group`` (False when attendance was not taken);
        - ``social_time`` (bool): a ``social_time`` activity;
        - ``reflection_last`` (bool): the reflection in pairs ends the
          agenda (by ``order``), only ``after_reflection`` activities
          (social time, a break) after it: :func:`reflection_is_last`;
        - ``planned_minutes``, ``actual_minutes``: sums over the agenda's
          rows, NaN when no row records them; ``overrun_minutes``: actual
          minus planned, NaN when either is missing; ``overran`` (bool):
          ``overrun_minutes`` more than ``overrun_tolerance_minutes``.

        A project with no agenda gives an empty frame with these columns.

    Notes
    -----
    Interpretation: the agenda says what was planned and, where actual
    minutes are written down, what took the time; it does not say how well
    an activity went (introductions rushed in two minutes still count). A
    needed practice that is missing (newcomers and no introductions, a large
    group and no small groups) is worth asking about; one meeting without
    social time is not. ``reflection_last`` is False when work comes after the
    reflection; social time or a break after it are fine. Meetings without an agenda are left
    out, so a project that wrote few agendas shows few rows, not bad practice.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> practice = agenda_practice(project)
    >>> practice[["meeting_id", "present", "introductions", "needs_introductions"]].head(3)
      meeting_id  present  introductions  needs_introductions
    0        M01       13          False                 True
    1        M02       13          False                 True
    2        M03       12          False                False
    """
    settings = project.model.tools["agenda_practice"]
    order = meeting_order(project)
    number_of = dict(zip(order["meeting_id"].astype(str), order["meeting_number"], strict=True))
    agenda = project.agenda
    agenda = pd.DataFrame({
        "meeting_id": agenda["meeting_id"].astype(str),
        "order": agenda["order"].astype("float64"),
        "activity": agenda["activity"].astype(object),
        "planned": agenda["planned_minutes"].astype("float64"),
        "actual": agenda["actual_minutes"].astype("float64"),
    })
    agenda["number"] = agenda["meeting_id"].map(number_of)
    agenda = agenda[agenda["number"].notna()].sort_values(["number", "order"], kind="stable")
    held = agenda.groupby("meeting_id", sort=False)
    listed: dict[str, list] = {}  # each meeting's activities in agenda order
    for meeting, activity in zip(agenda["meeting_id"], agenda["activity"], strict=True):
        listed.setdefault(meeting, []).append(activity)
    out = pd.DataFrame({"meeting_id": pd.Series(list(listed), dtype=object).astype(str)})
    out["meeting_number"] = out["meeting_id"].map(number_of).astype("int64")
    present, newcomers = _attendance_counts(project, number_of)
    out["present"] = pd.array(out["meeting_id"].map(present).tolist(), dtype="Int64")
    out["newcomers"] = pd.array(out["meeting_id"].map(newcomers).tolist(), dtype="Int64")
    on = [set(items) for items in listed.values()]

    def has(*names: str) -> np.ndarray:
        return np.array([bool(set(names) & items) for items in on], dtype=bool)

    first = (out["meeting_number"] == 1).to_numpy(dtype=bool)
    out["introductions"] = has("introductions")
    out["needs_introductions"] = first | out["newcomers"].fillna(0).gt(0).to_numpy(dtype=bool)
    out["principles"] = has(*PRINCIPLES)
    out["principles_so_far"] = np.maximum.accumulate(out["principles"].to_numpy(dtype=bool))
    out["early"] = (out["meeting_number"] <= int(settings["early_meetings"])).to_numpy(bool)
    out["small_groups"] = has("small_groups")
    large = out["present"].fillna(0).gt(int(settings["large_group"]))
    out["needs_small_groups"] = large.to_numpy(dtype=bool)
    out["social_time"] = has("social_time")
    after = settings["after_reflection"]
    out["reflection_last"] = np.array(
        [reflection_is_last(items, after) for items in listed.values()], dtype=bool)
    out["planned_minutes"] = held["planned"].sum(min_count=1).to_numpy(dtype="float64")
    out["actual_minutes"] = held["actual"].sum(min_count=1).to_numpy(dtype="float64")
    out["overrun_minutes"] = out["actual_minutes"] - out["planned_minutes"]
    tolerance = float(settings["overrun_tolerance_minutes"])
    out["overran"] = (out["overrun_minutes"] > tolerance).to_numpy(dtype=bool)
    out["meeting_id"] = out["meeting_id"].astype("string")
    return out.loc[:, list(PRACTICE_COLUMNS)].reset_index(drop=True)


def _attendance_counts(project: Project,
                       number_of: dict[str, int]) -> tuple[pd.Series, pd.Series]:
    """People present, and newcomers among them, per meeting with attendance rows."""
    attendance = project.attendance
    rows = pd.DataFrame({
        "meeting_id": attendance["meeting_id"].astype(str),
        "participant_id": attendance["participant_id"].astype(str),
        "present": marked_present(attendance),
    })
    rows["number"] = rows["meeting_id"].map(number_of)
    rows = rows[rows["number"].notna()]
    taken = pd.Index(rows["meeting_id"].unique())
    came = rows[rows["present"]]
    first_time = came["number"] == came.groupby("participant_id")["number"].transform("min")
    new = came[first_time & (came["number"] > 1)]
    present = came.groupby("meeting_id").size().reindex(taken, fill_value=0)
    newcomers = new.groupby("meeting_id").size().reindex(taken, fill_value=0)
    return present, newcomers


@per_project
def agenda_summary(project: Project) -> pd.DataFrame:
    """How often the agendas held followed each practical tip when it was needed.

    Parameters
    ----------
    project : Project
        As for :func:`agenda_practice`. Not modified.

    Returns
    -------
    DataFrame
        One row, from :func:`agenda_practice`, columns (all int but
        ``principles_early``):

        - ``meetings_with_agenda``: meetings with agenda rows;
        - ``intro_needed``: meetings that needed introductions (the first
          meeting, or newcomers present); ``intro_held``: of them, those with
          introductions on the agenda;
        - ``small_groups_needed``: meetings with more people present than
          ``large_group``; ``small_groups_held``: of them, those with small
          groups;
        - ``social_time_held``: meetings with social time;
        - ``reflection_last_held``: meetings whose last item is the reflection;
        - ``principles_early`` (bool): principles or debate versus dialogue
          on an agenda among the first ``early_meetings`` meetings;
        - ``overran``: meetings that overran by more than the tolerance.

    Notes
    -----
    Interpretation: ``intro_held`` out of ``intro_needed`` and
    ``small_groups_held`` out of ``small_groups_needed`` are the rates to
    read; social time and the reflection are asked of every meeting, so read
    them against ``meetings_with_agenda``. The counts cover only meetings
    whose agenda was written down, and a needed count of 0 means the tip
    never applied (or attendance was not taken), not that it was followed.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> summary = agenda_summary(project).iloc[0]
    >>> int(summary["intro_needed"]), int(summary["intro_held"]), bool(summary["principles_early"])
    (1, 1, True)
    """
    practice = agenda_practice(project)

    def count(mask: pd.Series) -> int:
        return int(mask.to_numpy(dtype=bool).sum())

    row = {
        "meetings_with_agenda": len(practice),
        "intro_needed": count(practice["needs_introductions"]),
        "intro_held": count(practice["needs_introductions"] & practice["introductions"]),
        "small_groups_needed": count(practice["needs_small_groups"]),
        "small_groups_held": count(practice["needs_small_groups"] & practice["small_groups"]),
        "social_time_held": count(practice["social_time"]),
        "reflection_last_held": count(practice["reflection_last"]),
        "principles_early": bool((practice["early"] & practice["principles"]).any()),
        "overran": count(practice["overran"]),
    }
    out = pd.DataFrame([row]).astype({name: "int64" for name in SUMMARY_COLUMNS
                                      if name != "principles_early"})
    return out.astype({"principles_early": bool}).loc[:, list(SUMMARY_COLUMNS)]
