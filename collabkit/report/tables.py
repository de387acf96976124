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

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from collabkit import evaluation, metrics
from collabkit.formatting import (
    MISSING,
    capital,
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

def found(project: Project) -> evaluation.Findings:
    """The project's findings (:func:`collabkit.evaluation.findings`), worked out once."""
    return evaluation.findings(project)


def free(value: Any, hidden: Mapping[str, str]) -> Any:
    """Free text with hidden real names replaced by pseudonyms (escaped later, by render)."""
    return privacy.redact(value, hidden)


def _steps(values: Any, model: Model) -> list[str]:
    return [step_label(model, s) for s in values]


def wide_sums(frame: pd.DataFrame, rows: list[str], column: str, value: str
              ) -> tuple[list[int], dict[Any, np.ndarray]]:
    """A pivot's sums of whole numbers, from plain values (a pivot costs more for a few rows).

    What ``frame.pivot_table(index=rows, columns=column, values=value,
    aggfunc="sum", sort=False)`` gives. Returns the position in ``frame`` of each row's first appearance (rows
    and columns in the order they first appear, rows with a missing key
    left out) and each column's sums. As the pivot gives them, every column
    is float with NaN for a missing pair when any pair is missing, else int64.
    """
    sums: dict[tuple, dict[Any, int]] = {}
    first: list[int] = []
    columns: dict[Any, None] = {}
    keys = zip(*(frame[name].tolist() for name in rows), strict=True)
    for at, (key, name, count) in enumerate(zip(keys, frame[column].tolist(),
                                                frame[value].tolist(), strict=True)):
        if any(pd.isna(k) for k in key) or pd.isna(name):
            continue  # a pivot leaves out missing keys
        if key not in sums:
            sums[key] = {}
            first.append(at)
        cells = sums[key]
        cells[name] = cells.get(name, 0) + count
        columns.setdefault(name)
    full = all(len(cells) == len(columns) for cells in sums.values())
    out = {}
    for name in columns:
        numbers = [cells.get(name) for cells in sums.values()]
        out[name] = np.array(numbers, dtype=np.int64) if full else \
            np.array([np.nan if n is None else n for n in numbers], dtype=np.float64)
    return first, out


def _named(ids: Any, names: Mapping[str, str]) -> list[str]:
    return [names.get(str(p), MISSING) if isinstance(p, str) else MISSING for p in ids]


def meeting_numbers(project: Project) -> pd.DataFrame:
    """meeting_id and meeting_number (1.. in date order)."""
    return metrics.meeting_order(project)[["meeting_id", "meeting_number"]]


def model_labels(code: str, model: Model) -> dict[str, str]:
    """Code -> label for one code list of the model."""
    return {value: model.label(code, value) for value in model.codes[code]}


# -- next time and method ----------------------------------------------------------------


def recommendations_table(found: evaluation.Findings) -> pd.DataFrame:
    """Area, Rating (symbol and word), Why (the cause), Practical tip, What to try."""
    advice = found.advice
    return pd.DataFrame({
        "Area": advice["label"], "Rating": [RATING_TEXT[r] for r in advice["rating"]],
        "Why": [capital(s) for s in advice["says"]],
        "Practical tip": [f"Tip {t}: {name}" for t, name in zip(advice["tip_id"], advice["tip"],
                                                                strict=True)],
        "What to try": advice["recommendation"]})


def rules_table(found: evaluation.Findings) -> pd.DataFrame:
    """How each dimension was rated, in words, and how sure the finding is."""
    frame = found.frame
    return pd.DataFrame({
        "Dimension": frame["label"], "Rating": [RATING_TEXT[str(r)] for r in frame["rating"]],
        "Measured": frame["shown"], "How it is rated": [capital(r) for r in frame["rule"]],
        "Confidence": [f"{r} {n}".strip() for r, n in zip(
            frame["confidence_reason"], frame["confidence_needs"].fillna(""), strict=True)]})


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
    """The five GRIPP2 short-form items, filled from the project's records and findings.

    Sentences name only the records that have rows, and the results and
    discussion read the findings, so they agree with the summary.
    """
    result = found(project)
    frame = result.frame
    rating = frame["rating"].astype(str)
    named = {r: join_words(str(area).split(":")[0].lower()
                           for area in frame.loc[rating == r, "label"])
             for r in ("strength", "developing", "concern")}
    lived = metrics.lived_experience(project.participants["role"], project.model)
    meetings = project.meetings
    feeling = metrics.reflection_summary(project).iloc[0]
    themes = metrics.recurring_problems(project)["theme"].tolist()
    work_on = join_words(x for x in (named["concern"], named["developing"]) if x)
    together = result.measures.get("decisions_together", {})
    methods = (f"{plural(len(meetings), 'meeting')}"
               + (f" from {day(meetings['date'].min())} to {day(meetings['date'].max())}"
                  if len(meetings) else "")
               + f" worked through the Collaborative Model with "
               f"{plural(len(lived), 'person', 'people')}"
               + (f" ({percent(lived.mean())} with lived experience)" if len(lived) else "")
               + ". " + capital(join_words(_recorded(project, feeling))) + ".")
    results = (f"{int((rating == 'strength').sum())} of {plural(len(frame), 'dimension')} rated "
               f"a strength and {int((rating == 'concern').sum())} a concern.")
    if together.get("decisions"):
        results += (f" {plural(together['decisions'], 'decision')}, {together['together']} "
                    f"made together.")
    if len(project.impact):
        adopted = int((project.impact["status"].astype(str) == "adopted").sum())
        results += (f" {adopted} of {plural(len(project.impact), 'contribution')} in \"you "
                    f"said, we did\" adopted.")
    reflections = (f"Meetings felt {number(feeling['mean'], 1)} out of 5 collaborative on "
                   f"average. " if feeling["reflected_meetings"] else "")
    if themes:
        reflections += f"Recurring problems: {join_words(themes)}. "
    return pd.DataFrame({
        "Item": ["Aim", "Methods", "Results", "Discussion and conclusions",
                 "Reflections / critical perspective"],
        "In this project": [
            free(project.info.get("purpose") or MISSING, hidden), methods, results,
            f"Strengths: {named['strength'] or 'none'}. To work on: {work_on or 'nothing'}.",
            reflections + say.reliability_sentence(agreement)]})


#: What each table records, as the GRIPP2 methods line names it.
_RECORDS = (("events", None), ("reflections", None), ("checklist", "the model's checklist"),
            ("decisions", "decisions"), ("agenda", "agendas"), ("glossary", "a glossary"),
            ("impact", '"you said, we did"'), ("attendance", "attendance"))


def _recorded(project: Project, feeling: pd.Series) -> list[str]:
    """What was recorded, naming only the tables that have rows."""
    parts = []
    coded = len(metrics.primary_events(project))
    if coded:
        parts.append(f"{plural(coded, 'contribution')} coded for the four actions, debate or "
                     "dialogue and focus")
    if feeling["reflected_meetings"]:
        reflected = int(feeling["reflected_meetings"])
        parts.append(f"pairs reflected after {plural(reflected, 'meeting')}")
    kept = [words for name, words in _RECORDS if words and len(project.tables[name])]
    if kept:
        parts.append(f"{join_words(kept)} recorded")
    return parts or ["nothing else was recorded"]
