"""The report's tables of how the group worked: journey, checklists, four actions, dialogue.

Also the stuck patterns with their examples and the action-bias tables;
shaped for readers as described in :mod:`collabkit.report.tables`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from collabkit import evaluation, metrics
from collabkit.evaluation.measures import rushed_meetings
from collabkit.formatting import join_words, step_label
from collabkit.model import Model
from collabkit.project import Project
from collabkit.report import text as say
from collabkit.report.tables import _steps, free, meeting_numbers

TRANSITIONS = {"start": "first step", "same": "same step", "next": "next step",
               "jump": "jumped ahead", "return": "went back", "cross_cutting": "cross-cutting"}


# -- the journey ------------------------------------------------------------------------


def journey_table(project: Project, route: pd.DataFrame, hidden: Mapping[str, str],
                  model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Title, Move, Steps skipped."""
    titles = project.meetings.set_index("meeting_id")["title"]
    return pd.DataFrame({
        "Meeting": route["meeting_number"], "Date": route["date"],
        "Step": _steps(route["step"], model),
        "Title": [free(titles.get(m), hidden) for m in route["meeting_id"]],
        "Move": [TRANSITIONS.get(str(t), str(t)) for t in route["transition"]],
        "Steps skipped": [join_words(step_label(model, s) for s in str(v).split(";") if s)
                          if isinstance(v, str) else "" for v in route["skipped_steps"]]})


def coverage_table(coverage: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step, Meetings, First meeting, Checklist items, With evidence, Status."""
    return pd.DataFrame({"Step": _steps(coverage["step"], model),
                         "Meetings": coverage["meetings"],
                         "First meeting": coverage["first_meeting_date"],
                         "Checklist items": coverage["checklist_items"],
                         "With evidence": coverage["evidence_items"],
                         "Status": [f"{s.replace('_', ' ')}: {say.COVERAGE[str(s)]}"
                                    for s in coverage["status"].astype(str)]})


def checklist_table(project: Project, model: Model) -> pd.DataFrame:
    """Checklist completion and evidence by step."""
    done = metrics.checklist_completion(project)
    return done.assign(step=_steps(done["step"], model)).drop(columns="order").set_axis(
        ["Step", "Items", "Recorded", "Done", "Partly", "Not done", "Not applicable",
         "Completion", "Evidence"], axis=1)


# -- process ------------------------------------------------------------------------------


def four_player_table(project: Project, labels: Mapping[str, str]) -> pd.DataFrame:
    """Meeting, the share of each action, Missing actions."""
    balance = metrics.four_player_balance(project).merge(meeting_numbers(project),
                                                         on="meeting_id")
    return balance[["meeting_number", *labels, "missing_actions"]].rename(
        columns={"meeting_number": "Meeting", "missing_actions": "Missing actions", **labels})


def stuck_patterns(project: Project) -> pd.DataFrame:
    """:func:`collabkit.metrics.detect_stuck_patterns` over the primary coder's events."""
    return metrics.detect_stuck_patterns(metrics.primary_events(project), model=project.model,
                                         participants=project.participants,
                                         reflections=project.reflections)


def stuck_summary(stuck: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Pattern, Meetings, Episodes, What it means, What helps; most frequent first."""
    patterns = model.stuck_patterns.set_index("pattern_id")
    episodes: dict[Any, int] = {}
    meetings: dict[Any, set] = {}
    for pattern, meeting in zip(stuck["pattern"].tolist(), stuck["meeting_id"].tolist(),
                                strict=True):  # plain values: a groupby costs more here
        if pd.isna(pattern):
            continue
        episodes[pattern] = episodes.get(pattern, 0) + 1
        if not pd.isna(meeting):
            meetings.setdefault(pattern, set()).add(meeting)
    order = _category_order(stuck["pattern"])
    shown = sorted(sorted(episodes, key=order), key=lambda p: -episodes[p])  # ties kept in order
    return pd.DataFrame({"Pattern": patterns.loc[shown, "name"].to_numpy(),
                         "Meetings": np.array([len(meetings.get(p, ())) for p in shown],
                                              dtype=np.int64),
                         "Episodes": np.array([episodes[p] for p in shown], dtype=np.int64),
                         "What it means": patterns.loc[shown, "description"].to_numpy(),
                         "What helps": patterns.loc[shown, "helps"].to_numpy()})


def _category_order(values: pd.Series) -> Callable[[Any], Any]:
    """A sort key putting values in the order a groupby sorts them (a categorical's own order)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        position = {c: at for at, c in enumerate(values.cat.categories)}
        return position.__getitem__
    return lambda value: value


def stuck_examples(project: Project, stuck: pd.DataFrame, names: Mapping[str, str],
                   hidden: Mapping[str, str], model: Model) -> list[str]:
    """The first episode of each pattern, with participant ids shown as names."""
    patterns = model.stuck_patterns.set_index("pattern_id")["name"]
    order = meeting_numbers(project).set_index("meeting_id")["meeting_number"]
    rename = _id_replacer(names)
    return [f"Meeting {order.get(r.meeting_id, r.meeting_id)}, {patterns[r.pattern].lower()}: "
            f"{free(rename(r.explanation), hidden)}"
            for r in stuck.drop_duplicates("pattern").itertuples()]


def _id_replacer(names: Mapping[str, str]) -> Callable[[Any], Any]:
    if not names:
        return lambda text: text
    ids = sorted(names, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(i) for i in ids)})(?!\w)")
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text) \
        if isinstance(text, str) else text


def dialogue_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, Coded, Dialogue, Debate, Dialogue share."""
    return shares[["meeting_number", "date", "coded", "dialogue", "debate",
                   "dialogue_share"]].set_axis(["Meeting", "Date", "Coded", "Dialogue",
                                                "Debate", "Dialogue share"], axis=1)


def onset_judged(project: Project, onset: pd.DataFrame) -> pd.DataFrame:
    """``onset`` with ``rushed`` as the findings judge it (NA in Make the Change meetings)."""
    judged = rushed_meetings(project, evaluation.findings(project).settings)
    flags = dict(zip(judged["meeting_id"].astype(str), judged["rushed"], strict=True))
    rushed = pd.array([flags.get(str(m)) for m in onset["meeting_id"]], dtype="boolean")
    return onset.assign(rushed=rushed)


def onset_table(onset: pd.DataFrame, model: Model) -> pd.DataFrame:
    """When the first solution came in each meeting, and whether that was action bias."""
    verdict = onset["rushed"].map({True: "yes", False: "no"}).astype(object)
    verdict = verdict.where(onset["rushed"].notna(), "not judged (Make the Change)")
    return onset[["meeting_number", "date", "step", "contributions", "problem_before_solution",
                  "solution_onset"]].assign(step=_steps(onset["step"], model),
                                            rushed=verdict.to_numpy()).set_axis(
        ["Meeting", "Date", "Step", "Contributions", "Problem talk before the first solution",
         "Share before the first solution", "Solution before the problem was explored"], axis=1)


def talk_table(talk: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step, Coded, About solutions, About the problem (steps with coded talk)."""
    talk = talk[talk["coded"] > 0]
    return pd.DataFrame({"Step": _steps(talk["step"], model), "Coded": talk["coded"],
                         "About solutions": talk["solution_share"],
                         "About the problem": talk["problem_share"]})


def unbacked_claims(project: Project, model: Model) -> pd.DataFrame:
    """Step, Item, Marked, Why it does not count: checklist claims the records do not back."""
    claims = metrics.checklist_claims(project)
    bad = claims[claims["reason"].notna()]
    why = {"no_evidence": "No evidence written down",
           "not_together": "About working together, but no one with lived experience named"}
    return pd.DataFrame({"Step": _steps(bad["step"], model), "Item": bad["text"],
                         "Marked": [model.label("checklist_status", str(s)) for s in bad["status"]],
                         "Why it does not count": [why[str(r)] for r in bad["reason"]]})


def agenda_table(practice: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Present, and each practical tip on its agenda (yes, no, or not needed)."""
    def mark(had: pd.Series, needed: pd.Series | None = None) -> list[str]:
        need = needed if needed is not None else pd.Series(True, index=had.index)
        return ["yes" if bool(h) else "no" if bool(n) else "not needed"
                for h, n in zip(had, need, strict=True)]

    return pd.DataFrame({
        "Meeting": practice["meeting_number"], "Present": practice["present"],
        "Introductions": mark(practice["introductions"], practice["needs_introductions"]),
        "Principles or debate versus dialogue": mark(practice["principles"],
                                                     practice["early"]),
        "Small groups": mark(practice["small_groups"], practice["needs_small_groups"]),
        "Social time": mark(practice["social_time"]),
        "Reflection at the end": mark(practice["reflection_last"]),
        "Planned minutes": practice["planned_minutes"],
        "Actual minutes": practice["actual_minutes"]})
