"""The evaluation scorecard: each dimension rated strength, developing or concern.

The rules live in ``data/model/scorecard.yaml``, one entry per dimension:
which measure it reads (a small named function in
:data:`~collabkit.evaluation.measures.METRICS`), whether higher or lower is
better, the strength and concern cut-offs, the evidence sentence shown with
the rating, and the practical tips to try next time. A team can change the
cut-offs and the wording without touching code; the rating of every
dimension is then

- ``strength`` when the value is at or beyond the strength cut-off,
- ``concern`` when it is at or beyond the concern cut-off (the other way),
- ``developing`` in between,
- ``not_recorded`` when the data the metric needs is absent (value NaN).

This module applies the rules: :func:`scorecard` and :func:`scorecards` rate,
:func:`recommendations` turns weak ratings into the tips behind them. The
measures themselves are in :mod:`collabkit.evaluation.measures`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from collabkit.errors import ModelError
from collabkit.evaluation.measures import METRICS, Measure
from collabkit.evaluation.rules import RULE_COLUMNS, RULES_FILE, read_rules
from collabkit.model import Model
from collabkit.project import Project

__all__ = ["scorecard", "scorecards", "recommendations", "load_rules", "RATINGS"]

RATINGS = ("strength", "developing", "concern", "not_recorded")
CARD_COLUMNS = ("dimension", "label", "rating", "value", "evidence", "rule")
RECOMMENDATION_COLUMNS = ("dimension", "tip_id", "tip", "recommendation")


# -- the rules ---------------------------------------------------------------------


def load_rules(model: Model, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and check the scorecard rules (``scorecard.yaml``).

    Parameters
    ----------
    model : Model
        The model whose tips the rules may recommend (usually ``project.model``).
    path : str or Path, optional
        A rules file. Default: ``scorecard.yaml`` in the model's folder, or
        collabkit's own when that folder has none.

    Returns
    -------
    DataFrame
        One row per dimension in file order, columns ``dimension``, ``label``,
        ``metric`` (a key of :data:`METRICS`), ``direction``
        (``"higher_is_better"`` or ``"lower_is_better"``), ``strength`` and
        ``concern`` (the cut-offs, floats), ``evidence`` and ``not_recorded``
        (sentence templates), ``recommendations`` (a tuple of
        ``(tip_id, advice)`` pairs).

    Raises
    ------
    ModelError
        If the file is missing or malformed: the message names the file, the
        dimension and what is wrong (unknown metric, cut-offs the wrong way
        round, a ``{field}`` the metric does not provide, an unknown tip...).

    Examples
    --------
    >>> from collabkit.model import load_model
    >>> rules = load_rules(load_model())
    >>> rules.loc[rules["dimension"] == "voice", "direction"].item()
    'higher_is_better'
    """
    fields = {name: metric.fields for name, metric in METRICS.items()}
    return read_rules(model, path, fields)


def _rules(rules: pd.DataFrame | str | os.PathLike[str] | None, model: Model) -> pd.DataFrame:
    if rules is None or isinstance(rules, str | os.PathLike):
        return load_rules(model, rules)
    if not isinstance(rules, pd.DataFrame) or set(RULE_COLUMNS) - set(rules.columns):
        raise TypeError("rules must be None, a path to a rules file, or the table load_rules "
                        "returns")
    return rules


def _rate(value: float, direction: str, strength: float, concern: float) -> str:
    if not np.isfinite(value):
        return "not_recorded"
    if direction == "higher_is_better":
        return "strength" if value >= strength else "concern" if value <= concern else "developing"
    return "strength" if value <= strength else "concern" if value >= concern else "developing"


def _fill(template: str, measure: Measure, dimension: str) -> str:
    try:
        return template.format(**measure)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ModelError(f"{RULES_FILE}: dimension {dimension!r}: the evidence sentence cannot "
                         f"be filled in ({error}); check the format codes, e.g. {{value:.0%}}") \
            from None


def _rule_text(metric: str, direction: str, strength: float, concern: float) -> str:
    up, down = (">=", "<=") if direction == "higher_is_better" else ("<=", ">=")
    return (f"{metric} {up} {strength:g}: strength; {metric} {down} {concern:g}: concern; "
            "otherwise developing")


def scorecard(project: Project, *, rules: pd.DataFrame | str | os.PathLike[str] | None = None
              ) -> pd.DataFrame:
    """Rate the project on each dimension of the scorecard, with the evidence.

    Parameters
    ----------
    project : Project
        Any loaded project. Not modified.
    rules : DataFrame or path, optional
        The rules, as :func:`load_rules` returns them or a rules file; default
        ``data/model/scorecard.yaml``. The default rules hold the nine
        dimensions structure, voice, four_player, dialogue, action_bias,
        model_coverage, decisions_together, reflection and inertia.

    Returns
    -------
    DataFrame
        One row per dimension, in the rules' order, columns ``dimension``,
        ``label``, ``rating`` (categorical: ``strength``, ``developing``,
        ``concern``, ``not_recorded``), ``value`` (the metric value the rating
        is based on; NaN when not recorded), ``evidence`` (a plain-language
        sentence that justifies the rating, e.g. "Staff spoke 71% of the time
        while being 40% of the people present.") and ``rule`` (the cut-offs
        applied).

    Raises
    ------
    ModelError
        If the rules file is malformed.

    Notes
    -----
    Interpretation: the ratings are transparent rules over the metrics, not
    a judgement; each rests on one number, shown with its evidence and rule,
    so a team can disagree with a cut-off and change it in the rules file.
    ``not_recorded`` means the records needed (coded contributions,
    attendance, decisions, reflections, checklist) are absent, which is
    itself a finding about the evaluation. The cut-offs of the default rules
    were set so that the synthetic examples of each kind (co-produced,
    staff-led, inertia) are rated consistently over many seeds.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> card = scorecard(project).set_index("dimension")
    >>> card.loc["inertia", "rating"]
    'concern'
    >>> print(card.loc["inertia", "evidence"])
    3 of 15 meetings made at least one decision (20%); the longest run of meetings without a decision was 10.
    """
    table = _rules(rules, project.model)
    cache: dict[str, Measure] = {}
    rows = []
    for rule in table.itertuples(index=False):
        if rule.metric not in cache:
            cache[rule.metric] = METRICS[rule.metric].function(project)
        measure = cache[rule.metric]
        value = float(measure.get("value", math.nan))
        rating = _rate(value, rule.direction, rule.strength, rule.concern)
        evidence = rule.not_recorded if rating == "not_recorded" else \
            _fill(rule.evidence, measure, rule.dimension)
        rows.append((rule.dimension, rule.label, rating, value, evidence,
                     _rule_text(rule.metric, rule.direction, rule.strength, rule.concern)))
    out = pd.DataFrame(rows, columns=list(CARD_COLUMNS))
    out["rating"] = pd.Categorical(out["rating"], categories=list(RATINGS))
    return out.astype({"dimension": "string", "label": "string", "value": "float64",
                       "evidence": "string", "rule": "string"})


def scorecards(projects: Iterable[Project] | Any, *,
               rules: pd.DataFrame | str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The scorecards of several projects, stacked long with a ``project_id`` column.

    Parameters
    ----------
    projects : ProjectSet or iterable of Project
        For instance ``collabkit.load_projects("data/examples")``.
    rules : DataFrame or path, optional
        As for :func:`scorecard`.

    Returns
    -------
    DataFrame
        ``project_id`` followed by the columns of :func:`scorecard`, projects
        in the order given. Pivot it to compare projects side by side:
        ``table.pivot(index="dimension", columns="project_id", values="rating")``.

    Examples
    --------
    >>> from collabkit import load_projects
    >>> from collabkit.resources import find_repo_path
    >>> table = scorecards(load_projects(find_repo_path("data/examples")))
    >>> table.pivot(index="dimension", columns="project_id", values="rating").loc[
    ...     ["voice", "action_bias", "inertia"], ["hillside_discharge", "meadow_peer_support"]
    ... ]  # doctest: +NORMALIZE_WHITESPACE
    project_id  hillside_discharge meadow_peer_support
    dimension
    voice                  concern            strength
    action_bias            concern             concern
    inertia               strength             concern
    """
    members = list(getattr(projects, "projects", projects))
    table = _rules(rules, members[0].model) if members else None
    frames = [scorecard(p, rules=table).assign(project_id=p.id) for p in members]
    if not frames:
        return pd.DataFrame({"project_id": pd.Series(dtype="string"),
                             **{c: pd.Series(dtype="string") for c in CARD_COLUMNS}}).astype(
            {"rating": pd.CategoricalDtype(list(RATINGS)), "value": "float64"})
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "project_id", out.pop("project_id").astype("string"))
    return out


def recommendations(project: Project, card: pd.DataFrame | None = None, *,
                    rules: pd.DataFrame | str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """What to try next time: the practical tips behind every dimension not rated a strength.

    Parameters
    ----------
    project : Project
        Any loaded project. Not modified.
    card : DataFrame, optional
        Its :func:`scorecard`, if already computed (saves computing it again).
    rules : DataFrame or path, optional
        As for :func:`scorecard`.

    Returns
    -------
    DataFrame
        One row per (dimension, tip) for each dimension rated ``concern``
        (first) or ``developing``, in the rules' order, columns ``dimension``,
        ``tip_id`` (the practical tip's number in ``data/model/tips.yaml``),
        ``tip`` (its title, e.g. "Small groups"; the full text is in
        ``load_model().tips``) and ``recommendation`` (what to try, from the
        rules file). Empty when every dimension is a strength or not
        recorded.

    Notes
    -----
    Interpretation: a starting point for the team's own conversation, not a
    prescription. Recommendations follow the Trust's practical tips
    (principles first, why are you here, small groups, role-modelling,
    social time, flag action bias early, two leaders, words build worlds,
    reflect in pairs).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/hillside_discharge"))
    >>> tips = recommendations(project)
    >>> tips.loc[tips["dimension"] == "voice", "tip_id"].tolist()
    [3, 4]
    """
    table = _rules(rules, project.model)
    card = scorecard(project, rules=table) if card is None else card
    tips = project.model.tips.set_index("tip_id")
    advice = dict(zip(table["dimension"], table["recommendations"], strict=True))
    rating = dict(zip(card["dimension"].astype(str), card["rating"].astype(str), strict=True))
    rows = []
    for wanted in ("concern", "developing"):
        for dimension in table["dimension"]:
            if rating.get(dimension) != wanted:
                continue
            for tip_id, text in advice[dimension]:
                tip = tips.loc[tip_id]
                rows.append((dimension, tip_id, str(tip["title"]), text))
    out = pd.DataFrame(rows, columns=list(RECOMMENDATION_COLUMNS))
    return out.astype({"dimension": "string", "tip_id": "int64", "tip": "string",
                       "recommendation": "string"})
