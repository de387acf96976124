"""The numbers behind the evaluation report: metric tables reshaped for readers.

Each function takes a project (and what the report may show of people: the
names of :func:`collabkit.report.privacy.pseudonymise`, the hidden real names, the
smallest group shown) and returns a DataFrame with plain column names, step
and code labels instead of ids, people by the names allowed, small roles
folded into a natural group or "Other", and free text with hidden names taken
out. Escaping is left to :mod:`collabkit.report.render`. Metrics come from
:mod:`collabkit.metrics`; nothing is computed here that a researcher would
report.

This module holds what the tables share (the scorecard worked out once per
project, hidden names taken out of free text, step labels, meeting numbers)
and the tables of the report's frame: the summary, what to try next time and
the method. The tables of the report's body are in
:mod:`collabkit.report.tables_people`, :mod:`collabkit.report.tables_process`
and :mod:`collabkit.report.tables_outcomes`.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import pandas as pd

from collabkit import evaluation, metrics
from collabkit.formatting import (
    MISSING,
    day,
    join_words,
    number,
    percent,
    plural,
    step_label,
)
from collabkit.model import Model
from collabkit.project import Project
from collabkit.report import privacy
from collabkit.report import text as say

OTHER = "Other"
#: A rating as a symbol and a word kept together ("! Concern").
RATING_TEXT = {"strength": "✓\u00a0Strength", "developing": "◑\u00a0Developing",
               "concern": "!\u00a0Concern", "not_recorded": "?\u00a0Not recorded"}

_cards: weakref.WeakKeyDictionary[Project, pd.DataFrame] = weakref.WeakKeyDictionary()


def scorecard(project: Project) -> pd.DataFrame:
    """:func:`collabkit.evaluation.scorecard`, worked out once per project (several sections use it)."""
    if project not in _cards:
        _cards[project] = evaluation.scorecard(project)
    return _cards[project]


def free(value: Any, hidden: Mapping[str, str]) -> Any:
    """Free text with hidden real names replaced by pseudonyms (escaped later, by render)."""
    return privacy.redact(value, hidden)


def _steps(values: Any, model: Model) -> list[str]:
    return [step_label(model, s) for s in values]


def _named(ids: Any, names: Mapping[str, str]) -> list[str]:
    return [names.get(str(p), MISSING) if isinstance(p, str) else MISSING for p in ids]


def meeting_numbers(project: Project) -> pd.DataFrame:
    """meeting_id and meeting_number (1.. in date order)."""
    return metrics.meeting_order(project)[["meeting_id", "meeting_number"]]


def model_labels(code: str, model: Model) -> dict[str, str]:
    """Code -> label for one code list of the model."""
    return {value: model.label(code, value) for value in model.codes[code]}


# -- next time and method ----------------------------------------------------------------


def recommendations_table(card: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Area, Rating (symbol and word), Practical tip, What to try."""
    labels = dict(zip(card["dimension"], card["label"], strict=True))
    ratings = dict(zip(card["dimension"], card["rating"].astype(str), strict=True))
    return pd.DataFrame({
        "Area": [labels.get(d, d) for d in recs["dimension"]],
        "Rating": [RATING_TEXT.get(ratings.get(d, ""), MISSING) for d in recs["dimension"]],
        "Practical tip": [f"Tip {t}: {name}" for t, name in zip(recs["tip_id"], recs["tip"],
                                                                strict=True)],
        "What to try": recs["recommendation"]})


def reliability_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """Coder agreement per meeting with the meaning of kappa and alpha."""
    return agreement[["meeting_id", "coders", "units", "raw_agreement", "kappa", "kappa_label",
                      "alpha", "alpha_label"]].set_axis(
        ["Meeting", "Coders", "Contributions coded by both", "Raw agreement", "Kappa",
         "Kappa: meaning", "Alpha", "Alpha: meaning"], axis=1)


def recorded_table(project: Project) -> pd.DataFrame:
    """Table, Rows: what was recorded."""
    return pd.DataFrame([(name.capitalize(), len(t)) for name, t in project.tables.items()],
                        columns=["Table", "Rows"])


def gripp2(project: Project, hidden: Mapping[str, str], agreement: pd.DataFrame) -> pd.DataFrame:
    """The five GRIPP2 short-form items, filled from the project's records."""
    card = scorecard(project)
    rating = card["rating"].astype(str)
    named = {r: join_words(str(area).split(":")[0].lower()
                           for area in card.loc[rating == r, "label"])
             for r in ("strength", "developing", "concern")}
    lived = metrics.lived_experience(project.participants["role"], project.model)
    meetings = project.meetings
    together = int(project.decisions["level"].astype(str).isin(["co_design",
                                                                "co_produce"]).sum())
    feeling = metrics.reflection_summary(project).iloc[0]
    themes = metrics.recurring_problems(project)["theme"].tolist()
    adopted = int((project.impact["status"].astype(str) == "adopted").sum())
    work_on = join_words(x for x in (named["concern"], named["developing"]) if x)
    return pd.DataFrame({
        "Item": ["Aim", "Methods", "Results", "Discussion and conclusions",
                 "Reflections / critical perspective"],
        "In this project": [
            free(project.info.get("purpose") or MISSING, hidden),
            f"{plural(len(meetings), 'meeting')} from {day(meetings['date'].min())} "
            f"to {day(meetings['date'].max())} worked through the Collaborative Model with "
            f"{plural(len(lived), 'person', 'people')} ({percent(lived.mean())} with lived "
            f"experience). {plural(len(metrics.primary_events(project)), 'contribution')} "
            f"were coded for the four actions, debate or dialogue and focus; pairs reflected "
            f"after {plural(int(feeling['reflected_meetings']), 'meeting')}; checklists, "
            f"decisions, a glossary and \"you said, we did\" were recorded.",
            f"{int((rating == 'strength').sum())} of {len(card)} dimensions rated a strength "
            f"and {int((rating == 'concern').sum())} a concern. "
            f"{plural(len(project.decisions), 'decision')}, {together} at co-design or "
            f"above; {adopted} of {plural(len(project.impact), 'contribution')} adopted.",
            f"Strengths: {named['strength'] or 'none'}. To work on: {work_on or 'nothing'}.",
            f"Meetings felt {number(feeling['mean'], 1)} out of 5 collaborative on average; "
            f"recurring problems: {join_words(themes) or 'none'}. "
            f"{say.reliability_sentence(agreement)}"]})
