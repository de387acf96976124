"""The report's sections on who was involved: structure and voice."""

from __future__ import annotations

from typing import Any

import pandas as pd

from collabkit import metrics, plots
from collabkit.formatting import join_words, plural
from collabkit.project import Project
from collabkit.report import render, tables_people
from collabkit.report import text as say
from collabkit.report.layout import _findings, _percent, _section, _sub
from collabkit.report.params import ReportParams, _groups


def structure(project: Project, params: ReportParams) -> Any:
    """Who was involved: roles, lived-experience share, attendance over time, the leaders."""
    model = project.model
    groups = _groups(project, params, model)
    by_group = tables_people.people_by_group(project, groups)
    lived = metrics.lived_experience(project.participants["role"], model)
    attendance = tables_people.fold_roles(metrics.attendance_retention(project), groups,
                                          ["meeting_number", "date"], ["present"])
    caption = "People by role" + (f" (roles of fewer than {params.min_group_size} people are "
                                  f"shown in a wider group or as Other)"
                                  if params.min_group_size > 1 else "")
    return _section(
        "structure", _findings(project, "structure"),
        render.paragraph(say.people_sentence(by_group, lived.mean() if len(lived) else float("nan"),
                                        attendance)),
        render.table(by_group, caption),
        _sub("Attendance over time", render.chart(plots.plot_attendance(attendance),
                                            "People present at each meeting by role",
                                            tables_people.attendance_table(attendance))),
        _sub("The two leaders", render.paragraph(say.EXPLAIN["leaders"]),
            render.table(tables_people.leaders_table(project, params.names),
                         "The two leaders and the meetings they came to")),
    )


def voice(project: Project, params: ReportParams) -> Any:
    """Share of voice by role and person against share present; equality; silent attendees."""
    roles = tables_people.role_voice(project, _groups(project, params, project.model))
    person = tables_people.person_voice(project, params.names)
    silent = person.loc[(person["Meetings present"] > 0) & (person["Contributions"] == 0),
                        "Person"].tolist()
    equality = metrics.meeting_equality(project)
    plenary = metrics.group_vs_plenary(project)
    talk = tables_people.timed_talk_table(project, params.names)
    timed = () if talk.empty else (_sub("Share of talk time", render.paragraph(
        "In the meetings where the live board timed contributions (its \"Speaking now\" "
        "toggle), how long each person spoke beside how often. A share of talk well above the "
        "share of contributions is someone who holds the floor when they speak."),
        render.table(talk, "Share of talk time and share of contributions by person (timed "
                     "meetings only)", formatters=_percent("Share of contributions",
                                                           "Share of talk time"))),)
    return _section(
        "voice", _findings(project, "voice"), render.paragraph(say.voice_sentence(roles)),
        _talk_time(project, params),
        render.chart(plots.plot_voice_presence(roles), "Share of voice and share of people present "
               "by role", roles.drop(columns="people").set_axis(
                   ["Role", "Contributions", "Share of voice", "Share of presence",
                    "Voice ÷ presence"], axis=1),
               _percent("Share of voice", "Share of presence")),
        _sub("Share of voice by person", render.table(
            person, "Share of voice by person (shown by pseudonym unless they agreed to be "
            "named)", formatters=_percent("Share of voice", "Share of presence"))),
        *timed,
        _sub("Equality in each meeting", render.paragraph(say.equality_sentence(equality)),
             render.paragraph(say.EXPLAIN["gini"]),
             render.chart(plots.plot_equality(equality), "Gini and evenness of speaking turns in "
                    "each meeting", tables_people.equality_table(equality),
                    _percent(*tables_people.EQUALITY_SHARES))),
        _sub("Silent attendees", render.paragraph(
            f"{plural(len(silent), 'person', 'people')} came to meetings but never spoke: "
            f"{join_words(silent)}." if silent else
            "Everyone who came to a meeting spoke at least once.")),
        _sub("Small groups and plenary", render.paragraph(say.plenary_sentence(plenary)),
             render.table(tables_people.plenary_table(plenary),
                          "Speaking in small groups and in the whole group",
                          formatters=_percent("Lived experience: share of voice"))),
    )


def _talk_time(project: Project, params: ReportParams) -> Any:
    """Talk time by role beside contributions, in the meetings with a transcript (or nothing)."""
    talk = tables_people.talk_by_role(project, _groups(project, params, project.model))
    if talk.empty:
        return None
    meetings = [str(m) for m in pd.unique(project.turns["meeting_id"])]
    return _sub("Talk time from transcripts", render.paragraph(say.talk_sentence(talk, meetings)),
                render.table(talk, "Share of talk time and of contributions by role, in the "
                             "meetings with a transcript (each column names its source)",
                             formatters=_percent(*tables_people.TALK_SHARES)))
