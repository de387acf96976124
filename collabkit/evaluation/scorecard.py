"""The evaluation scorecard: each dimension rated strength, developing or concern.

The rules live in ``data/model/scorecard.yaml``, one entry per dimension:
which metric value it reads (a small named function in :data:`METRICS`),
whether higher or lower is better, the strength and concern cut-offs, the
evidence sentence shown with the rating, and the practical tips to try next
time. A team can change the cut-offs and the wording without touching code;
the rating of every dimension is then

- ``strength`` when the value is at or beyond the strength cut-off,
- ``concern`` when it is at or beyond the concern cut-off (the other way),
- ``developing`` in between,
- ``not_recorded`` when the data the metric needs is absent (value NaN).

Each metric function takes a :class:`~collabkit.project.project.Project` and returns
``{"value": float, ...}`` with the named fields its evidence sentences may
use (``{value:.0%}``, ``{staff_voice:.0%}``...). The functions only combine
the tables of the other metrics modules; nothing is computed twice.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from collabkit.errors import ModelError
from collabkit.evaluation.rules import RULE_COLUMNS, RULES_FILE, read_rules
from collabkit.metrics._common import lived_experience
from collabkit.metrics.action_bias import solution_onset, step_coverage
from collabkit.metrics.decisions import decision_inclusion, decisions_per_meeting
from collabkit.metrics.dialogue import dialogue_share
from collabkit.metrics.equality import evenness
from collabkit.metrics.journey import checklist_completion
from collabkit.metrics.moves import move_profile
from collabkit.metrics.participation import role_voice
from collabkit.metrics.presence import attendance_retention
from collabkit.metrics.reflections import reflection_summary
from collabkit.model import Model
from collabkit.project import Project

__all__ = ["scorecard", "scorecards", "recommendations", "load_rules", "METRICS", "RATINGS"]

RATINGS = ("strength", "developing", "concern", "not_recorded")
CARD_COLUMNS = ("dimension", "label", "rating", "value", "evidence", "rule")
RECOMMENDATION_COLUMNS = ("dimension", "tip_id", "tip", "recommendation")

Measure = dict[str, Any]


@dataclass(frozen=True)
class Metric:
    """A named metric value for the scorecard: the function and the fields it returns."""

    function: Callable[[Project], Measure]
    fields: tuple[str, ...]
    description: str


#: The metric functions a rules file may name, by name.
METRICS: dict[str, Metric] = {}


def _metric(*fields: str) -> Callable[[Callable[[Project], Measure]], Callable[[Project], Measure]]:
    def register(function: Callable[[Project], Measure]) -> Callable[[Project], Measure]:
        doc = (function.__doc__ or "").strip().splitlines()[0]
        METRICS[function.__name__] = Metric(function, ("value", *fields), doc)
        return function

    return register


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else math.nan


# -- the metric functions (dimension -> value) ----------------------------------


@_metric("peak", "last", "lived_share", "meetings")
def attendance_kept(project: Project) -> Measure:
    """Attendance at the last three meetings as a share of the best-attended meeting.

    Fields: ``peak`` (most people present at one meeting), ``last`` (mean
    present at the last three meetings), ``lived_share`` (people with lived
    experience as a share of everyone present, over all meetings) and
    ``meetings``.
    """
    table = attendance_retention(project)
    if table.empty:
        return {"value": math.nan}
    lived = lived_experience(table["role"].astype(object), project.model).to_numpy(dtype=bool)
    per_meeting = table.groupby("meeting_number")["present"].sum()
    per_lived = table[lived].groupby("meeting_number")["present"].sum()
    peak = float(per_meeting.max())
    last = float(per_meeting.tail(3).mean())
    return {"value": _share(last, peak), "peak": peak, "last": last,
            "lived_share": _share(per_lived.sum(), per_meeting.sum()),
            "meetings": int(len(per_meeting))}


@_metric("lived_voice", "lived_presence", "staff_voice", "staff_presence")
def lived_experience_voice(project: Project) -> Measure:
    """Share of voice of people with lived experience divided by their share of presence.

    1.0 means they spoke in proportion to how many of them were there.
    Fields: ``lived_voice``, ``lived_presence``, ``staff_voice`` and
    ``staff_presence`` (shares of all contributions and of people present).
    """
    table = role_voice(project)
    if table.empty or not table["contributions"].sum():
        return {"value": math.nan}
    lived = table["lived_experience"].astype(bool)
    staff = table["role"].astype(object) == "staff"
    measure = {
        "lived_voice": float(table.loc[lived, "share_of_voice"].sum()),
        "lived_presence": float(table.loc[lived, "share_of_presence"].sum()),
        "staff_voice": float(table.loc[staff, "share_of_voice"].sum()),
        "staff_presence": float(table.loc[staff, "share_of_presence"].sum()),
    }
    return {"value": _share(measure["lived_voice"], measure["lived_presence"]), **measure}


@_metric("coded", "move", "follow", "oppose", "bystand", "rarest", "rarest_share")
def four_actions_evenness(project: Project) -> Measure:
    """Evenness of the four actions over all coded contributions (1 = an even split).

    Shannon entropy of the move, follow, oppose and bystand counts divided by
    log 4 (:func:`~collabkit.metrics.equality.evenness`). Fields:
    ``coded`` (contributions), the share of each action (``move``,
    ``follow``, ``oppose``, ``bystand``), ``rarest`` (the least used action)
    and ``rarest_share``.
    """
    counts = move_profile(project, by="meeting").groupby("move", observed=False)["count"].sum()
    total = int(counts.sum())
    if not total:
        return {"value": math.nan}
    shares = counts / total
    rarest = str(shares.idxmin())
    return {"value": float(evenness(counts.to_numpy())), "coded": total,
            **{str(k): float(v) for k, v in shares.items()},
            "rarest": project.model.label("move", rarest).lower(),
            "rarest_share": float(shares.min())}


@_metric("coded", "dialogue", "debate")
def dialogue_in_talk(project: Project) -> Measure:
    """Share of contributions coded for mode that were dialogue rather than debate.

    Fields: ``coded`` (contributions with a mode), ``dialogue``, ``debate``.
    """
    table = dialogue_share(project)
    dialogue, debate = int(table["dialogue"].sum()), int(table["debate"].sum())
    return {"value": _share(dialogue, dialogue + debate), "coded": dialogue + debate,
            "dialogue": dialogue, "debate": debate}


@_metric("rushed", "meetings", "min_problem", "skipped", "skipped_text")
def solutions_first(project: Project, *, min_problem: int = 3) -> Measure:
    """Share of meetings where solutions came before the problem was explored.

    Counts the meetings with coded contributions other than those of the
    step where solutions belong (the action-bias ``to_step`` in
    ``tools.yaml``: Make the Change) in which a solution-focused contribution
    came before ``min_problem`` problem-focused ones (from
    :func:`~collabkit.metrics.action_bias.solution_onset`). The value is 1.0
    whatever the meetings show if the action-bias steps (Understand What's
    Around, Gather Ideas) were skipped on the way to Make the Change
    (:func:`~collabkit.metrics.action_bias.step_coverage`), and NaN (not
    recorded) when no contribution was coded. Fields:
    ``rushed``, ``meetings``, ``min_problem``, ``skipped`` (action-bias steps
    skipped) and ``skipped_text``.
    """
    model = project.model
    bias = model.tools["action_bias"]
    onset = solution_onset(project)
    coded = onset["contributions"] > 0
    onset = onset[coded & (onset["step"].astype(str) != bias["to_step"])]
    coverage = step_coverage(project)
    skipped = [model.element_name(str(step)) for step, status in
               zip(coverage["step"], coverage["status"], strict=True)
               if str(step) in bias["skipped_steps"] and status == "skipped"]
    rushed = int((onset["first_solution_seq"].notna()
                  & (onset["problem_before_solution"] < min_problem)).sum())
    if not coded.any() or (onset.empty and not skipped):
        return {"value": math.nan}
    value = 1.0 if skipped else rushed / len(onset)
    verb = "was" if len(skipped) == 1 else "were"
    text = (f"{' and '.join(skipped)} {verb} skipped on the way to Make the Change" if skipped
            else "no step was skipped on the way to Make the Change")
    return {"value": value, "rushed": rushed, "meetings": len(onset), "min_problem": min_problem,
            "skipped": len(skipped), "skipped_text": text}


@_metric("no_meeting", "weakest", "weakest_completion")
def checklist_done(project: Project) -> Measure:
    """Share of the model's checklist done, over all six steps (partly counts half).

    Fields: ``no_meeting`` (steps no meeting served, as text), ``weakest``
    (the step with the lowest completion) and ``weakest_completion``.
    """
    table = checklist_completion(project)
    if not int(table["recorded"].sum()):
        return {"value": math.nan}
    applicable = (table["items"] - table["not_applicable"]).sum()
    value = _share((table["done"] + 0.5 * table["partly"]).sum(), applicable)
    model = project.model
    served = set(project.meetings["step"].astype(str))
    missing = [model.element_name(s) for s in model.steps if s not in served]
    weakest = table.loc[table["completion"].fillna(np.inf).idxmin()]
    return {"value": value, "no_meeting": ", ".join(missing) or "none",
            "weakest": model.element_name(str(weakest["step"])),
            "weakest_completion": float(weakest["completion"])}


@_metric("together", "decisions", "outside", "no_lived", "low_level")
def decisions_made_together(project: Project, *, min_rank: int = 4) -> Measure:
    """Share of decisions made together: in a meeting, with lived experience present,
    at co-design level or above (rank >= ``min_rank``).

    Fields: ``together``, ``decisions``, ``outside`` (made outside meetings),
    ``no_lived`` (in a meeting with nobody with lived experience present) and
    ``low_level`` (below co-design, or no level recorded).
    """
    table = decision_inclusion(project)
    if table.empty:
        return {"value": math.nan}
    in_meeting = table["in_meeting"].astype(bool)
    lived = table["lived_experience_present"].fillna(False).astype(bool)
    high = (table["level_rank"].fillna(0) >= min_rank).astype(bool)
    together = int((in_meeting & lived & high).sum())
    return {"value": together / len(table), "together": together, "decisions": len(table),
            "outside": int((~in_meeting).sum()), "no_lived": int((in_meeting & ~lived).sum()),
            "low_level": int((~high).sum())}


@_metric("recent", "first", "last", "slope", "reflected", "meetings")
def recent_feeling(project: Project) -> Measure:
    """Mean "how collaborative did it feel?" (1-5) over the last three reflected meetings.

    Fields: ``recent`` (3), ``first`` and ``last`` scores, ``slope`` (change per
    meeting), ``reflected`` (meetings with a reflection) and ``meetings``.
    """
    summary = reflection_summary(project, recent=3).iloc[0]
    return {"value": float(summary["recent_mean"]), "recent": 3,
            "first": float(summary["first"]), "last": float(summary["last"]),
            "slope": float(summary["slope_per_meeting"]),
            "reflected": int(summary["reflected_meetings"]), "meetings": int(summary["meetings"])}


@_metric("decided", "meetings", "longest")
def meetings_deciding(project: Project) -> Measure:
    """Share of meetings that made at least one decision.

    Fields: ``decided`` (meetings with a decision), ``meetings`` and
    ``longest`` (longest run of meetings in a row without a decision).
    """
    table = decisions_per_meeting(project)
    if table.empty or project.decisions.empty:
        return {"value": math.nan}
    decided = int((table["decisions"] > 0).sum())
    return {"value": decided / len(table), "decided": decided, "meetings": len(table),
            "longest": int(table["run_without_decision"].max())}


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
