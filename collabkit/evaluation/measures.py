"""The measures of the scorecard: the one metric value each dimension is rated on.

Each measure is a small function registered in :data:`METRICS` by name, so
that a rules file (``data/model/scorecard.yaml``) can name it. It takes a
:class:`~collabkit.project.project.Project` and returns ``{"value": float,
...}`` with the named fields its evidence sentences may use (``{value:.0%}``,
``{staff_voice:.0%}``...). The functions only combine the tables of the
metrics modules; nothing is computed twice. A value of NaN means the data
the measure needs is absent (rated ``not_recorded``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

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
from collabkit.project import Project

__all__ = ["METRICS", "Measure", "Metric"]

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
    """Share of decisions made together.

    A decision is made together when it is made in a meeting, with lived experience
    present, at co-design level or above (rank >= ``min_rank``).

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

