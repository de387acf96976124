"""Checking a draft agenda against the Trust's practical tips.

:func:`agenda_warnings` looks at a draft (the saved agenda by default) and
says which of the practical tips (``data/model/tips.yaml``) it does not
follow: no introductions when newcomers are expected, no reflection at the
end, no small groups in a large meeting (more people than ``large_group``
under ``agenda_practice`` in ``data/model/tools.yaml``), and so on. Each
warning cites the tip of the activity that would fix it
(``data/model/activities.yaml``).

Examples
--------
>>> from collabkit import load_project
>>> project = load_project("data/examples/riverside_crisis_cafe")
>>> agenda_warnings(project, "M03", ["recap", "small_groups"])["rule"].tolist()
['reflection_at_end', 'social_time']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from collabkit.metrics.agenda import reflection_is_last
from collabkit.metrics.presence import marked_present
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session.agenda import meeting_agenda
from collabkit.session.roster import earlier_meetings, expected_people, meeting_record

__all__ = ["agenda_warnings"]

# Each warning rule looks for one activity of the library; the tip it cites is
# that activity's tip in activities.yaml. (rule id, activity, message)
_RULES: dict[str, tuple[str, str]] = {
    "first_meeting_introductions": (
        "introductions",
        "This is the project's first meeting and there are no introductions: give everyone "
        "the chance to say why they are here."),
    "newcomers_introductions": (
        "introductions",
        "{count} people expected have not been to a meeting before ({people}) and there are no "
        "introductions."),
    "reflection_at_end": (
        "reflection",
        "There is no reflection in pairs at the end of the meeting."),
    "reflection_not_last": (
        "reflection",
        "The reflection in pairs is not at the end: move it after the last piece of work."),
    "social_time": (
        "social_time",
        "There is no social time: relationships carry the work."),
    "small_groups": (
        "small_groups",
        "{count} people are expected and there is no small-group work, so less dominant "
        "people may not be heard."),
    "debate_dialogue": (
        "debate_dialogue",
        "Debate versus dialogue has not been introduced at any meeting of this project yet."),
    "action_bias_check": (
        "action_bias_check",
        "This meeting is for Make the Change and no meeting so far has had an action-bias "
        "check: make sure the problem is understood before designing the solution."),
    "two_leaders": (
        "process_check",
        "The project does not name two different leaders, one for the pace and one for the "
        "process (leads.pace and leads.process in the project's details)."),
}

def _tips_by_activity(model: Model) -> dict[str, tuple[int | None, str]]:
    tips = model.tips.set_index("tip_id")
    out: dict[str, tuple[int | None, str]] = {}
    for row in model.activities.itertuples():
        if pd.isna(row.tip):
            out[row.activity_id] = (None, "")
        else:
            tip = tips.loc[int(row.tip)]
            out[row.activity_id] = (int(row.tip), f"{tip['title']}: {tip['text']}")
    return out


def agenda_warnings(project: Project, meeting_id: str,
                    activities: Iterable[str] | None = None, *, step: str | None = None,
                    expected: Iterable[str] | None = None,
                    planned_minutes: float | None = None,
                    minutes: Iterable[float | None] | None = None) -> pd.DataFrame:
    """What the practical tips say about a draft agenda.

    Parameters
    ----------
    project : Project
    meeting_id : str
        The meeting being planned (it must be in meetings).
    activities : list of str, optional
        The draft's activity ids in order; default: the saved agenda.
    step : str, optional
        The meeting's model step; default: the step in meetings.
    expected : list of str, optional
        Participant ids expected; default: :func:`collabkit.session.roster.expected_people`.
    planned_minutes : float, optional
        The meeting's planned length; default: from meetings.
    minutes : list of float, optional
        Each draft activity's minutes, to compare the total with the length.

    Returns
    -------
    DataFrame
        rule, tip_id, tip (the practical tip, title and text), message; one row
        per warning, empty when the draft follows every tip checked.
    """
    meeting = meeting_record(project, meeting_id)
    saved = meeting_agenda(project, meeting_id)
    if activities is None:
        activities = saved["activity"].astype(str).tolist()
        minutes = saved["planned_minutes"].tolist() if minutes is None else minutes
    activities = [str(a) for a in activities]
    step = step or meeting.get("step")
    people = list(expected) if expected is not None else expected_people(project, meeting_id)
    before = earlier_meetings(project, meeting_id)
    agenda = project.agenda
    used_before = set(agenda.loc[agenda["meeting_id"].isin(before), "activity"].astype(str))
    found: list[tuple[str, dict]] = []

    if "introductions" not in activities:
        if not before:
            found.append(("first_meeting_introductions", {}))
        else:
            attendance = project.attendance
            seen = set(attendance.loc[attendance["meeting_id"].isin(before)
                                      & marked_present(attendance), "participant_id"].astype(str))
            new = [p for p in people if p not in seen]
            if new and len(seen):
                found.append(("newcomers_introductions",
                              {"count": len(new), "people": ", ".join(new[:6])
                               + ("..." if len(new) > 6 else "")}))
    if "reflection" not in activities:
        found.append(("reflection_at_end", {}))
    elif not reflection_is_last(activities, project.model.tools["agenda_practice"]
                                ["after_reflection"]):
        found.append(("reflection_not_last", {}))
    if "social_time" not in activities:
        found.append(("social_time", {}))
    large_group = int(project.model.tools["agenda_practice"]["large_group"])  # tip 3
    if len(people) > large_group and "small_groups" not in activities:
        found.append(("small_groups", {"count": len(people)}))
    if "debate_dialogue" not in activities and "debate_dialogue" not in used_before:
        found.append(("debate_dialogue", {}))
    bias = project.model.tools["action_bias"]
    if (step == bias["to_step"] and "action_bias_check" not in activities
            and "action_bias_check" not in used_before):
        found.append(("action_bias_check", {}))
    leads = project.leads
    if not leads["pace"] or not leads["process"] or leads["pace"] == leads["process"]:
        found.append(("two_leaders", {}))

    tips = _tips_by_activity(project.model)
    rows = []
    for rule, values in found:
        activity, message = _RULES[rule]
        tip_id, tip = tips.get(activity, (None, ""))
        rows.append({"rule": rule, "tip_id": tip_id, "tip": tip,
                     "message": message.format(**values)})
    length = planned_minutes if planned_minutes is not None else meeting.get("planned_minutes")
    if minutes is not None and length is not None and not pd.isna(length):
        total = sum(float(m) for m in minutes if m is not None and not pd.isna(m))
        if total > float(length):
            rows.append({"rule": "over_time", "tip_id": None, "tip": "",
                         "message": f"The activities add up to {total:g} minutes, more than the "
                                    f"{float(length):g} minutes planned for the meeting."})
    return pd.DataFrame(rows, columns=["rule", "tip_id", "tip", "message"]).astype(
        {"tip_id": "Int64"})
