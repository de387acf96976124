"""The report's tables of who was involved: role groups, attendance, leaders, voice, equality.

Shaped for readers as described in :mod:`collabkit.report.tables`; roles
are folded into the groups shown, people appear by the names allowed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from collabkit import metrics
from collabkit.formatting import MISSING, clock
from collabkit.metrics._memo import memo_of
from collabkit.model import Model
from collabkit.project import Project
from collabkit.report import privacy
from collabkit.report.tables import _named, wide_sums

# -- people, roles and privacy ------------------------------------------------------------


def role_groups(project: Project, min_group_size: int, model: Model) -> dict[str, str]:
    """Role code -> the label of the group shown (:func:`collabkit.report.privacy.role_groups`).

    The role's own label, its natural group's ("Carers and family") or
    "Other", by the same rule as the pseudonyms. Worked out once per project
    and size (every section of a report asks), each caller given its own dict.
    """
    memo = memo_of(project)
    if (key := ("role groups", min_group_size, id(model))) not in memo:
        shown = privacy.role_groups(project.participants["role"], model,
                                    min_group_size=min_group_size)
        memo[key] = (model, {role: privacy.group_label(group, model)
                             for role, group in shown.items()})
    return dict(memo[key][1])


def fold_roles(frame: pd.DataFrame, groups: Mapping[str, str], keys: list[str],
               sums: list[str]) -> pd.DataFrame:
    """Rows per role summed into the groups shown (roles nobody holds are dropped)."""
    shown = frame.assign(role=frame["role"].astype(str).map(groups)).dropna(subset=["role"])
    return shown.groupby([*keys, "role"], sort=False)[sums].sum().reset_index()


def people_by_group(project: Project, groups: Mapping[str, str]) -> pd.DataFrame:
    """Role (folded), People, Lived experience (yes / no / some)."""
    lived = metrics.lived_experience(project.participants["role"], project.model).to_numpy()
    roles = project.participants["role"].astype(str).map(groups)
    counts = (pd.DataFrame({"Role": roles, "lived": lived}).groupby("Role", sort=False)["lived"]
              .agg(["size", "mean"]).reset_index())
    return pd.DataFrame({"Role": counts["Role"], "People": counts["size"],
                         "Lived experience": ["yes" if m == 1 else "no" if m == 0 else "some"
                                              for m in counts["mean"]]})


def attendance_table(attendance: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, one column per group shown, Everyone."""
    if len(attendance) and pd.api.types.is_integer_dtype(attendance["present"]):
        first, sums = wide_sums(attendance, ["meeting_number", "date"], "role", "present")
        table = {"Meeting": attendance["meeting_number"].to_numpy()[first],
                 "Date": attendance["date"].to_numpy()[first], **sums}
        counts = np.column_stack(list(sums.values()))
        table["Everyone"] = counts.sum(axis=1) if counts.dtype.kind == "i" else \
            np.nansum(counts, axis=1)  # whole numbers: exact in any order
        return pd.DataFrame(table)
    wide = attendance.pivot_table(index=["meeting_number", "date"], columns="role",
                                  values="present", aggfunc="sum", sort=False).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"meeting_number": "Meeting", "date": "Date"})
    return wide.assign(Everyone=wide.drop(columns=["Meeting", "Date"]).sum(axis=1))


def leaders_table(project: Project, names: Mapping[str, str]) -> pd.DataFrame:
    """Lead, Who, Meetings present."""
    leaders = metrics.leaders_involvement(project)
    return pd.DataFrame({
        "Lead": ["Keeps the pace (project lead)" if k == "pace" else
                 "Watches how the group works (process lead)" for k in leaders["lead"]],
        "Who": _named(leaders["participant_id"], names),
        "Meetings present": [MISSING if pd.isna(a) else f"{int(a)} of {int(b)}" for a, b in
                             zip(leaders["meetings_present"], leaders["meetings"], strict=True)]})


def role_voice(project: Project, groups: Mapping[str, str]) -> pd.DataFrame:
    """role_voice with small roles folded: role, people, contributions, shares, ratio."""
    roles = fold_roles(metrics.role_voice(project), groups, [],
                       ["people", "contributions", "share_of_voice", "share_of_presence"])
    return roles.assign(voice_to_presence=roles["share_of_voice"] / roles[
        "share_of_presence"].where(roles["share_of_presence"] > 0))


def person_voice(project: Project, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per person by the name shown, most contributions first."""
    people = metrics.participant_voice(project).sort_values("contributions", ascending=False)
    return pd.DataFrame({
        "Person": [names.get(str(p), str(p)) for p in people["participant_id"]],
        "Meetings present": people["meetings_present"], "Contributions": people["contributions"],
        "Share of voice": people["share_of_voice"],
        "Share of presence": people["share_of_presence"],
        "Voice ÷ presence": people["voice_to_presence"]})


#: The columns of :func:`talk_by_role` that are shares, each naming its source.
TALK_SHARES = ("Talk time (from the transcript)", "Contributions (from live coding)",
               "Share of people present")


def talk_by_role(project: Project, groups: Mapping[str, str]) -> pd.DataFrame:
    """In the meetings with a transcript: each group's share of talk time and of contributions.

    Role (folded as elsewhere), then the shares of :data:`TALK_SHARES`: talk
    time from the ``turns`` table, contributions coded live in the same
    meetings, and person-meetings present. Empty when there are no turns.
    """
    if not len(project.turns):
        return pd.DataFrame(columns=["Role", *TALK_SHARES])
    talk = metrics.participant_talk(project)
    per_role = talk.groupby("role", observed=True, sort=True)[
        ["talk_seconds", "contributions", "meetings_present"]].sum().reset_index()
    folded = fold_roles(per_role, groups, [], ["talk_seconds", "contributions",
                                               "meetings_present"])
    folded = folded[(folded["meetings_present"] > 0) | (folded["talk_seconds"] > 0)]

    def share(column: str) -> pd.Series:
        total = folded[column].sum()
        return folded[column] / total if total else folded[column] * float("nan")

    return pd.DataFrame({"Role": folded["role"], TALK_SHARES[0]: share("talk_seconds"),
                         TALK_SHARES[1]: share("contributions"),
                         TALK_SHARES[2]: share("meetings_present")}).reset_index(drop=True)


def timed_talk_table(project: Project, names: Mapping[str, str]) -> pd.DataFrame:
    """Share of talk time beside share of contributions, by person (timed meetings only)."""
    talk = metrics.timed_talk(project).sort_values("talk_seconds", ascending=False)
    return pd.DataFrame({
        "Person": [names.get(str(p), str(p)) for p in talk["participant_id"]],
        "Contributions": talk["contributions"],
        "Share of contributions": talk["share_of_contributions"],
        "Timed": talk["timed_contributions"],
        "Talk time": [clock(s) for s in talk["talk_seconds"]],
        "Share of talk time": talk["share_of_talk"]})


EQUALITY_SHARES = ("Top speaker's share", "Lived experience: share of voice",
                   "Lived experience: share present")


def equality_table(equality: pd.DataFrame) -> pd.DataFrame:
    """Per meeting: present, spoke, silent, Gini, evenness and shares."""
    return equality[["meeting_number", "date", "present", "speakers", "silent", "gini",
                     "evenness", "top_share", "lived_experience_share_of_voice",
                     "lived_experience_share_present"]].set_axis(
        ["Meeting", "Date", "Present", "Spoke", "Silent", "Gini", "Evenness",
         *EQUALITY_SHARES], axis=1)


def plenary_table(plenary: pd.DataFrame) -> pd.DataFrame:
    """Small groups against the whole group."""
    return plenary.assign(setting=plenary["setting"].map(
        {"plenary": "Whole group (plenary)", "small_groups": "Small groups"})).set_axis(
        ["Setting", "Meetings", "Contributions", "Speakers", "Gini", "Evenness",
         "Lived experience: share of voice"], axis=1)
