"""The findings of an evaluation: every dimension judged once, with its evidence.

:func:`findings` applies the rules of ``data/model/scorecard.yaml`` (and the
confidence minimums of ``data/model/confidence.yaml``) to a project and
returns a :class:`Findings`: one row per dimension with its rating, the
sentence of evidence, how sure it is and why, the causes of a rating below
strength and what to try about each. :func:`evaluate` is its table. The
report's cards, section leads, "what to try" and method, and the portfolio,
all read these findings; none of them judges for itself.

How a rating is made
--------------------
1. The dimension's measure (:data:`~collabkit.evaluation.measures.METRICS`)
   gives one number and the fields its sentences use.
2. The cut-offs rate the number strength, developing or concern
   (``not_recorded`` when the number is NaN).
3. Each cause whose ``when`` holds may cap the rating (``at_most``): one
   person in both lead roles makes leadership a concern, whatever else.
4. A rating below strength names the causes that hold (or the dimension's
   default cause when none does); each cause brings its own advice.
5. Confidence follows from how much of the dimension's source was recorded.
"""

from __future__ import annotations

import json
import math
import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collabkit.errors import ModelError
from collabkit.evaluation import confidence as sure
from collabkit.evaluation.actions import (  # noqa: F401 (ADVICE_COLUMNS, ACTIONS: used from here)
    ACTIONS,
    ADVICE_COLUMNS,
    ORDER_OF_ADVICE,
    actions_frame,
    advice_frame,
)
from collabkit.evaluation.measures import METRICS, Measure
from collabkit.evaluation.rules import ORDER, RULES_FILE, Cause, Rules, rate, read_once, read_rules
from collabkit.formatting import MISSING, number, percent, plural
from collabkit.metrics._memo import memo_of
from collabkit.model import Model
from collabkit.project import Project

__all__ = ["FINDING_COLUMNS", "RATINGS", "Findings", "evaluate", "findings", "load_rules"]

RATINGS = ("strength", "developing", "concern", "not_recorded")
#: The columns of :func:`evaluate`, in order.
FINDING_COLUMNS = ("dimension", "label", "section", "rating", "value", "shown", "evidence",
                   "confidence", "confidence_reason", "confidence_needs", "causes", "cause_text",
                   "recommendations", "rule")


def load_rules(model: Model, path: str | os.PathLike[str] | None = None) -> Rules:
    """Read and check the findings rules (``scorecard.yaml``).

    Parameters
    ----------
    model : Model
        The model whose tips and levels the rules may name (usually
        ``project.model``).
    path : str or Path, optional
        A rules file. Default: ``scorecard.yaml`` in the model's folder, or
        collabkit's own when that folder has none.

    Returns
    -------
    Rules
        ``settings`` (shared by every measure) and ``table``: one row per
        dimension in file order, columns ``dimension``, ``label``,
        ``section`` (the report section that shows it), ``source`` (the
        record its confidence rests on), ``metric``, ``direction``,
        ``strength`` and ``concern`` (cut-offs), ``shown_as``, ``evidence``
        and ``not_recorded`` (sentence templates) and ``causes`` (a tuple
        of :class:`~collabkit.evaluation.rules.Cause`).

    Raises
    ------
    ModelError
        If the file is malformed: the message names the file, the dimension
        and what is wrong (an unknown metric, cut-offs the wrong way round, a
        ``{field}`` the metric does not provide, an unknown tip or source...).

    Examples
    --------
    >>> from collabkit.model import load_model
    >>> rules = load_rules(load_model())
    >>> rules.table.set_index("dimension").loc["voice", "direction"]
    'higher_is_better'
    """
    fields = {name: metric.fields for name, metric in METRICS.items()}
    sources, _ = sure.load_sources(model)
    return read_rules(model, path, fields, set(sources))


class _Words(string.Formatter):
    """Sentence templates: ``{n:meeting}`` is "1 meeting" / "3 meetings", NaN is "n/a"."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec[:1].isalpha():
            word, _, many = format_spec.partition("/")
            return plural(int(value), word, many or None)
        if isinstance(value, float) and math.isnan(value):
            return MISSING
        if format_spec.endswith("%") and isinstance(value, float):
            return percent(value, int(format_spec[1:-1] or 0) if format_spec[:1] == "." else 0)
        return super().format_field(value, format_spec)


def fill(template: str, measure: Mapping[str, Any], where: str = "") -> str:
    """A sentence template filled from a measure's fields (see :class:`_Words`)."""
    try:
        return _Words().format(template, **measure)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ModelError(f"{RULES_FILE}: {where}: the sentence cannot be filled in ({error}); "
                         "check the format codes, e.g. {value:.0%} or {meetings:meeting}") \
            from None


SHOWN = {"percent": percent, "score": lambda v: f"{number(v, 1)} out of 5",
         "number": lambda v: number(v)}


def _rule_words(direction: str, strength: float, concern: float, shown_as: str) -> str:
    show = SHOWN[shown_as]
    more, less = ("or more", "or less") if direction == "higher_is_better" else \
        ("or less", "or more")
    return (f"a strength at {show(strength)} {more}, a concern at {show(concern)} {less}, "
            "developing in between")


def _worst(rating: str, caps: Iterable[str]) -> str:
    return max([rating, *caps], key=ORDER.index)


@dataclass(frozen=True)
class Findings:
    """Every finding of one project, as :func:`findings` makes them.

    Attributes
    ----------
    project_id : str
    frame : DataFrame
        One row per dimension, columns :data:`FINDING_COLUMNS` (see
        :func:`evaluate`).
    measures : dict
        Dimension -> the fields of its measure (the numbers behind the
        sentences).
    advice : DataFrame
        One row per (dimension, cause) for every dimension below strength,
        concerns first: ``dimension``, ``label``, ``rating``, ``cause``,
        ``says`` (the cause in words), ``tip_id``, ``tip`` (the practical
        tip's title) and ``recommendation``.
    actions : DataFrame
        The :data:`ACTIONS` rows of ``advice`` that matter most: concerns
        before developing, surer findings first, one row per piece of advice.
    limits : tuple of str
        What the evaluation could not see, in plain words.
    settings : dict
        The rules' shared settings the measures used (``together_level``...).
    """

    project_id: str
    frame: pd.DataFrame
    measures: dict[str, Measure]
    advice: pd.DataFrame
    actions: pd.DataFrame
    limits: tuple[str, ...]
    settings: dict[str, Any]

    def row(self, dimension: str) -> pd.Series:
        """The finding of one dimension (a row of ``frame``)."""
        rows = self.frame[self.frame["dimension"] == dimension]
        if rows.empty:
            raise KeyError(f"no finding for dimension {dimension!r}; dimensions: "
                           f"{', '.join(self.frame['dimension'])}")
        return rows.iloc[0]

    def rating(self, dimension: str) -> str:
        """The rating of one dimension (``strength``, ``developing``...)."""
        return str(self.row(dimension)["rating"])

    def for_section(self, section: str) -> pd.DataFrame:
        """The findings a report section shows, in the rules' order."""
        return self.frame[self.frame["section"] == section]

    def to_frame(self) -> pd.DataFrame:
        """The findings as written to ``<id>.findings.csv``.

        ``project_id`` first, the columns of :func:`evaluate`, then
        ``numbers`` (the measure's fields as JSON) and ``collabkit_version``
        (which collabkit judged them: a later one may judge differently).
        """
        from collabkit import __version__

        out = self.frame.copy()
        out.insert(0, "project_id", self.project_id)
        out["numbers"] = [json.dumps(_plain(self.measures[d]), sort_keys=True)
                          for d in out["dimension"]]
        out["collabkit_version"] = __version__
        return out


def _plain(measure: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in measure.items():
        if isinstance(value, np.generic):
            value = value.item()
        out[key] = None if isinstance(value, float) and math.isnan(value) else value
    return out


def findings(project: Project, *, rules: Rules | str | os.PathLike[str] | None = None
             ) -> Findings:
    """Judge the project on every dimension of the rules, once.

    Parameters
    ----------
    project : Project
        Any loaded project. Not modified.
    rules : Rules or path, optional
        As :func:`load_rules` returns them, or a rules file; default the
        model's ``scorecard.yaml``. With the default rules the findings are
        worked out once per project and shared by every caller.

    Returns
    -------
    Findings

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> found = findings(load_project(find_repo_path("data/examples/hillside_discharge")))
    >>> found.rating("inertia")
    'concern'
    """
    memo, model = memo_of(project), project.model  # the memo dies with the project
    if rules is None:
        if "findings" not in memo:
            memo["findings"] = _judge(project, read_once(
                model, "rules", _model_files(model), lambda: load_rules(model)))
        return memo["findings"]
    return _judge(project, rules if isinstance(rules, Rules) else load_rules(model, rules))


def _model_files(model: Model) -> tuple[Path, ...]:
    return model.optional_file(RULES_FILE), model.optional_file(sure.CONFIDENCE_FILE)


def _judge(project: Project, rules: Rules) -> Findings:
    """The work of :func:`findings`: measure, rate, cap, name causes, advise, be sure."""
    sources, always = read_once(project.model, "sources", _model_files(project.model)[1:],
                                lambda: sure.load_sources(project.model))
    counts = sure.source_counts(project)
    tips = project.model.tips.set_index("tip_id")["title"]
    computed: dict[str, Measure] = {}
    rows, advice, measures = [], [], {}
    for rule in rules.table.itertuples(index=False):
        if rule.metric not in computed:
            computed[rule.metric] = METRICS[rule.metric].function(project, rules.settings)
        measure = computed[rule.metric]
        measures[rule.dimension] = measure
        value = float(measure.get("value", math.nan))
        rating = rate(value, rule.direction, rule.strength, rule.concern)
        held: list[Cause] = [c for c in rule.causes if c.holds(measure)]
        if rating != "not_recorded":
            rating = _worst(rating, [c.at_most for c in held if c.at_most])
        named: list[Cause] = []
        if rating in ("developing", "concern"):
            named = held or [c for c in rule.causes if c.when is None]
        where = f"dimension {rule.dimension!r}"
        says = [fill(c.says, measure, where) for c in named]
        level, reason, needs = sure.confidence(sources[rule.source], counts[rule.source])
        if rating == "not_recorded":
            level, reason, needs = "low", f"Low: {sources[rule.source].missing}", ""
        rows.append({
            "dimension": rule.dimension, "label": rule.label, "section": rule.section,
            "rating": rating, "value": value,
            "shown": SHOWN[rule.shown_as](value) if np.isfinite(value) else MISSING,
            "evidence": rule.not_recorded if rating == "not_recorded" else
            fill(rule.evidence, measure, where),
            "confidence": level, "confidence_reason": reason, "confidence_needs": needs,
            "causes": ";".join(c.cause for c in named), "cause_text": "; ".join(says),
            "recommendations": " ".join(c.advice for c in named),
            "rule": _rule_words(rule.direction, rule.strength, rule.concern, rule.shown_as)})
        advice += [{"dimension": rule.dimension, "label": rule.label, "rating": rating,
                    "cause": c.cause, "says": text, "tip_id": c.tip, "tip": str(tips[c.tip]),
                    "recommendation": c.advice, "confidence": level}
                   for c, text in zip(named, says, strict=True)]
    advice.sort(key=lambda row: ORDER_OF_ADVICE[row["rating"]])  # concerns first, stably
    return Findings(project.id, _findings_frame(rows), measures, advice_frame(advice),
                    actions_frame(advice), tuple(sure.limits(sources, counts, always)),
                    dict(rules.settings))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame["rating"] = pd.Categorical(frame["rating"], categories=list(RATINGS))
    frame["confidence"] = pd.Categorical(frame["confidence"], categories=list(sure.LEVELS))
    text = [c for c in FINDING_COLUMNS if c not in ("rating", "confidence", "value")]
    return frame.astype({**dict.fromkeys(text, "string"), "value": "float64"})


def _findings_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """:func:`_typed` of the rows, each column made in its type in one step."""
    columns: dict[str, Any] = {}
    for name in FINDING_COLUMNS:
        values = [row[name] for row in rows]
        if name == "rating":
            columns[name] = pd.Categorical(values, categories=list(RATINGS))
        elif name == "confidence":
            columns[name] = pd.Categorical(values, categories=list(sure.LEVELS))
        elif name == "value":
            columns[name] = np.array(values, dtype="float64")
        else:
            columns[name] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def evaluate(project: Project, *, rules: Rules | str | os.PathLike[str] | None = None
             ) -> pd.DataFrame:
    """The findings of a project as a table: one row per dimension.

    Parameters
    ----------
    project : Project
        Any loaded project. Not modified.
    rules : Rules or path, optional
        As for :func:`findings`.

    Returns
    -------
    DataFrame
        Columns :data:`FINDING_COLUMNS`: ``dimension`` (the dimension's
        id in ``scorecard.yaml``), ``label`` (its name as a reader sees it),
        ``section`` (the report section that shows it), ``rating`` (categorical: ``strength``, ``developing``,
        ``concern``, ``not_recorded``), ``value`` (the number the rating
        rests on; NaN when not recorded), ``shown`` (that number as a reader
        sees it), ``evidence`` (the sentence), ``confidence`` (``high``,
        ``medium``, ``low``), ``confidence_reason`` (what was recorded to base
        it on), ``confidence_needs`` (what the next level up would need;
        blank at high), ``causes``
        (``;``-separated cause ids, for a rating below strength),
        ``cause_text`` (the causes in words), ``recommendations`` (what to
        try, one piece of advice per cause) and ``rule`` (the cut-offs, in
        words).

    Notes
    -----
    Interpretation: the ratings are transparent rules over the records, not
    a verdict on the people; each rests on one number shown with its
    evidence, rule and confidence, so a team can disagree with a cut-off and
    change it in ``data/model/scorecard.yaml``. ``not_recorded`` means the
    records needed are absent, itself a finding about the evaluation.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> table = evaluate(load_project(find_repo_path("data/examples/meadow_peer_support")))
    >>> table.set_index("dimension").loc["inertia", ["rating", "confidence"]].tolist()
    ['concern', 'medium']
    """
    return findings(project, rules=rules).frame.copy()


def read_findings(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A ``<id>.findings.csv`` written by ``collabkit report``, typed as :meth:`Findings.to_frame`."""
    frame = pd.read_csv(Path(path), dtype="string", keep_default_na=False, na_values=[""])
    missing = [c for c in ("project_id", *FINDING_COLUMNS, "numbers") if c not in frame]
    if missing:
        raise ModelError(f"{Path(path).name}: not a findings file (no column "
                         f"{', '.join(missing)})")
    frame["value"] = pd.to_numeric(frame["value"])
    return _typed(frame)
