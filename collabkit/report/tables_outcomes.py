"""The report's tables of what came of the work: decisions, aims, glossary, reflections, impact.

Shaped for readers as described in :mod:`collabkit.report.tables`; free
text has hidden names taken out.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from collabkit import metrics
from collabkit.formatting import MISSING, label, short_day
from collabkit.model import Model
from collabkit.project import Project
from collabkit.report.tables import OTHER, _named, _steps, free, wide_sums

# -- decisions ----------------------------------------------------------------------------


def decisions_table(per_meeting: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Decisions, Meetings in a row without one."""
    return per_meeting[["meeting_number", "date", "step", "decisions",
                        "run_without_decision"]].assign(
        step=_steps(per_meeting["step"], model)).set_axis(
        ["Meeting", "Date", "Step", "Decisions", "Meetings in a row without one"], axis=1)


def decisions_list(project: Project, hidden: Mapping[str, str], model: Model,
                   *, apart: bool = False) -> pd.DataFrame:
    """Every decision as a table: Date, Decision, Step, Level, Where.

    With ``apart``, only those made outside meetings or without lived-experience
    members.
    """
    inclusion = metrics.decision_inclusion(project)
    decisions = project.decisions
    summaries = dict(zip(decisions["decision_id"].tolist(), decisions["summary"].tolist(),
                         strict=True))  # the ids are unique: each decision's summary
    inside = [bool(v) for v in inclusion["in_meeting"].tolist()]
    without = [not pd.isna(v) and not v for v in inclusion["lived_experience_present"].tolist()]
    keep = [not i or w for i, w in zip(inside, without, strict=True)] if apart else \
        [True] * len(inside)
    dates = inclusion["date"].reset_index(drop=True)  # rows numbered 0.. as a merge numbers them
    if apart:
        dates = dates[keep]

    def kept(values: list) -> list:
        return [v for v, k in zip(values, keep, strict=True) if k]

    return pd.DataFrame({
        "Date": dates,
        "Decision": [free(summaries.get(d, pd.NA), hidden)
                     for d in kept(inclusion["decision_id"].tolist())],
        "Step": _steps(kept(inclusion["step"].tolist()), model),
        "Level": [label(model, "level", v) for v in kept(inclusion["level"].tolist())],
        "Where": ["outside a meeting" if not i else "meeting without lived experience" if w
                  else "in a meeting" for i, w in zip(kept(inside), kept(without), strict=True)]})


def revisions_table(project: Project, hidden: Mapping[str, str], model: Model) -> pd.DataFrame:
    """Decisions that revisit an earlier one: both, how each was made, and if less together."""
    pairs = metrics.decision_revisions(project)
    summary = dict(zip(project.decisions["decision_id"].astype(str),
                       project.decisions["summary"], strict=True))

    def where(in_meeting: bool) -> str:
        return "in a meeting" if in_meeting else "outside a meeting"

    return pd.DataFrame({
        "Date": pairs["date"],
        "Decision": [free(summary.get(str(d)), hidden) for d in pairs["decision_id"]],
        "Revisits": [free(summary.get(str(d)), hidden) for d in pairs["revises"]],
        "First made": [f"{label(model, 'level', lv)}, {where(m)}" for lv, m in
                       zip(pairs["earlier_level"], pairs["earlier_in_meeting"], strict=True)],
        "Made again": [f"{label(model, 'level', lv)}, {where(m)}" for lv, m in
                       zip(pairs["later_level"], pairs["later_in_meeting"], strict=True)],
        "Less together than agreed": ["yes" if v else "no" for v in pairs["less_together"]]})


def ladder_table(ladder: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step and one column per level of the ladder (decisions)."""
    levels = {lv: model.label("level", lv) for lv in model.codes["level"]}
    shown = ladder[ladder["decisions"] > 0]
    if len(shown) and pd.api.types.is_integer_dtype(shown["decisions"]):
        first, sums = wide_sums(shown, ["step"], "level", "decisions")
        return pd.DataFrame({"Step": _steps(shown["step"].to_numpy()[first], model),
                             **{levels.get(lv, lv): n for lv, n in sums.items()}})
    wide = shown.pivot_table(
        index="step", columns="level", values="decisions", aggfunc="sum", observed=True,
        sort=False).reset_index()
    wide.columns.name = None
    return wide.assign(step=_steps(wide["step"], model)).rename(columns={"step": "Step",
                                                                         **levels})


# -- vocabulary, reflections, impact --------------------------------------------------------


def aims_table(aims: pd.DataFrame) -> pd.DataFrame:
    """Role (folded), People, Said why they were here, Share."""
    return pd.DataFrame({"Role": aims["role"], "People": aims["people"],
                         "Said why they were here": aims["aims"],
                         "Share": aims["aims"] / aims["people"].where(aims["people"] > 0)})


def aims_quotes(project: Project, names: Mapping[str, str], hidden: Mapping[str, str],
                limit: int = 3) -> list[str]:
    """A few different answers to "why are you here?", attributed by the name shown."""
    aims = project.aims.dropna(subset=["why_here"]).drop_duplicates("why_here").head(limit)
    return [f"“{free(q, hidden)}” ({names.get(str(p), 'someone')})"
            for p, q in zip(aims["participant_id"], aims["why_here"], strict=True)]


def glossary_table(project: Project, names: Mapping[str, str],
                   hidden: Mapping[str, str]) -> pd.DataFrame:
    """Term, Meaning, Proposed by, Agreed."""
    glossary = project.glossary
    return pd.DataFrame({"Term": [free(t, hidden) for t in glossary["term"]],
                         "Meaning": [free(m, hidden) for m in glossary["meaning"]],
                         "Proposed by": _named(glossary["proposed_by"], names),
                         "Agreed": glossary["agreed"].to_numpy()})


def growth_table(growth: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, New terms, All terms, Agreed."""
    return growth[["meeting_number", "date", "new_terms", "total_terms",
                   "agreed_terms"]].set_axis(["Meeting", "Date", "New terms", "All terms",
                                              "Agreed"], axis=1)


def trend_table(trend: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Reflections, How collaborative (1-5)."""
    return trend[["meeting_number", "date", "step", "reflections", "how_collaborative"]].assign(
        step=_steps(trend["step"], model)).set_axis(
        ["Meeting", "Date", "Step", "Reflections", "How collaborative (1-5)"], axis=1)


def reflections_table(project: Project, hidden: Mapping[str, str]) -> pd.DataFrame:
    """What the pairs wrote: Date, score, problems, next time."""
    r = project.reflections.merge(project.meetings[["meeting_id", "date"]], on="meeting_id",
                                  how="left").sort_values(["date", "meeting_id"])
    return pd.DataFrame({"Date": r["date"].to_numpy(),
                         "How collaborative (1-5)": r["how_collaborative"].to_numpy(),
                         "Problems with the process": [free(v, hidden)
                                                       for v in r["process_problems"]],
                         "Next time": [free(v, hidden) for v in r["next_time"]]})


def problems_table(problems: pd.DataFrame, hidden: Mapping[str, str]) -> pd.DataFrame:
    """Theme, Meetings, Mentions, Example."""
    return problems.assign(example=[free(e, hidden) for e in problems["example"]]).set_axis(
        ["Theme", "Meetings", "Mentions", "Example"], axis=1)


def impact_table(project: Project, groups: Mapping[str, str], hidden: Mapping[str, str],
                 model: Model) -> pd.DataFrame:
    """You said, We did, From (role group), Status, People told (the date, or "not yet")."""
    i = project.impact
    return pd.DataFrame({
        "You said": [free(v, hidden) for v in i["contribution"]],
        "We did": [free(v, hidden) for v in i["outcome"]],
        "From": [MISSING if pd.isna(r) else groups.get(str(r), OTHER) for r in i["from_role"]],
        "Status": [label(model, "impact_status", v) for v in i["status"]],
        "People told": ["not yet" if pd.isna(d) else short_day(d) for d in i["told_on"]]})
