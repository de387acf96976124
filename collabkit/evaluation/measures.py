"""The measures of the scorecard: the one metric value each dimension is rated on.

Each measure is a small function registered in :data:`METRICS` by name, so
that a rules file (``data/model/scorecard.yaml``) can name it. It takes a
:class:`~collabkit.project.project.Project` and the rules file's shared
``settings`` (the level decisions count as "together" from, how many
problem contributions explore a problem...) and returns ``{"value": float,
...}`` with the named fields its sentences and causes may use
(``{value:.0%}``, ``{staff_voice:.0%}``, ``when: outside >= 1``...). The
functions only combine the tables of the metrics modules. A value of NaN
means the data the measure needs is absent (rated ``not_recorded``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from collabkit.formatting import join_words, plural
from collabkit.metrics._common import lived_experience, primary_events
from collabkit.metrics._lookup import level_ranks
from collabkit.metrics.action_bias import solution_onset, step_coverage
from collabkit.metrics.decisions import decision_inclusion, decisions_per_meeting
from collabkit.metrics.dialogue import dialogue_share
from collabkit.metrics.equality import evenness
from collabkit.metrics.feedback import experience_summary
from collabkit.metrics.moves import move_profile
from collabkit.metrics.participation import participant_voice, role_voice
from collabkit.metrics.presence import attendance_retention
from collabkit.metrics.reflections import reflection_summary
from collabkit.metrics.revisions import decision_revisions
from collabkit.metrics.talk import participant_talk, role_talk
from collabkit.project import Project

__all__ = ["METRICS", "Measure", "Metric", "made_together", "rushed_meetings", "timed_turns",
           "together_rank"]

Measure = dict[str, Any]
Settings = Mapping[str, Any]
MeasureFunction = Callable[[Project, Settings], Measure]


@dataclass(frozen=True)
class Metric:
    """A named metric value for the scorecard: the function and the fields it returns."""

    function: MeasureFunction
    fields: tuple[str, ...]
    description: str


#: The metric functions a rules file may name, by name.
METRICS: dict[str, Metric] = {}


def _metric(*fields: str) -> Callable[[MeasureFunction], MeasureFunction]:
    def register(function: MeasureFunction) -> MeasureFunction:
        doc = (function.__doc__ or "").strip().splitlines()[0]
        METRICS[function.__name__] = Metric(function, ("value", *fields), doc)
        return function

    return register


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else math.nan


def timed_turns(project: Project) -> tuple[int, int]:
    """How many transcript turns have a length, and in how many meetings.

    Where there is at least one, the voice finding counts talk time from the
    turns (and its confidence rests on them); otherwise on the coding.
    """
    turns = project.turns
    timed = turns[turns["end_seconds"] > turns["start_seconds"]] if len(turns) else turns
    return int(len(timed)), int(timed["meeting_id"].nunique()) if len(timed) else 0


def together_rank(project: Project, settings: Settings) -> int:
    """The ladder rank from which a decision counts as made together (``together_level``)."""
    return int(level_ranks(project)[settings["together_level"]])


def made_together(project: Project, settings: Settings) -> pd.Series:
    """Per decision (as :func:`decision_inclusion`): whether it was made together.

    Together means in a meeting, with lived experience present, at the
    ``together_level`` of the ladder or above.
    """
    table = decision_inclusion(project)
    lived = table["lived_experience_present"].fillna(False).astype(bool)
    high = (table["level_rank"].fillna(0) >= together_rank(project, settings)).astype(bool)
    return (table["in_meeting"].astype(bool) & lived & high).rename("together")


# -- the metric functions (dimension -> value) ----------------------------------


@_metric("peak", "last", "lived_share", "meetings")
def attendance_kept(project: Project, settings: Settings) -> Measure:
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


@_metric("lived_voice", "lived_presence", "staff_voice", "staff_presence", "staff_ratio",
         "silent", "source", "transcribed")
def lived_experience_voice(project: Project, settings: Settings) -> Measure:
    """Share of voice of people with lived experience divided by their share of presence.

    1.0 means they spoke in proportion to how many of them were there.
    Where the project has speaking turns from transcripts (the ``turns``
    table) with a length (:func:`timed_turns`), the shares are of talk time in
    the transcribed meetings (:func:`~collabkit.metrics.role_talk`);
    otherwise of the contributions coded live. Fields: ``lived_voice``,
    ``lived_presence``, ``staff_voice`` and ``staff_presence`` (shares of the
    talk and of people present), ``staff_ratio`` (staff voice over staff
    presence), ``silent`` (people with lived experience who came to a meeting
    and never spoke), ``transcribed`` (meetings with turns; 0 when counted
    from coding) and ``source`` (where the numbers came from, in words:
    "the talk time of 244 transcript turns in 4 meetings" or "520
    contributions coded live").
    """
    turns, transcribed = timed_turns(project)
    if turns:
        table = role_talk(project).rename(columns={"share_of_talk": "share_of_voice",
                                                   "talk_seconds": "contributions"})
        people = participant_talk(project).rename(columns={"turns": "spoke"})
        source = (f"the talk time of {plural(turns, 'transcript turn')} in "
                  f"{plural(transcribed, 'meeting')}")
    else:
        table = role_voice(project)
        people = participant_voice(project).assign(spoke=lambda t: t["contributions"])
        coded = int(table["contributions"].sum()) if len(table) else 0
        source = f"{plural(coded, 'contribution')} coded live"
    if table.empty or not table["contributions"].sum():
        return {"value": math.nan, "source": source, "transcribed": transcribed}
    lived = table["lived_experience"].astype(bool)
    staff = table["role"].astype(object) == "staff"
    silent = people["lived_experience"].astype(bool) & (people["meetings_present"] > 0) \
        & (people["spoke"] == 0)
    measure: Measure = {
        "lived_voice": float(table.loc[lived, "share_of_voice"].sum()),
        "lived_presence": float(table.loc[lived, "share_of_presence"].sum()),
        "staff_voice": float(table.loc[staff, "share_of_voice"].sum()),
        "staff_presence": float(table.loc[staff, "share_of_presence"].sum()),
        "silent": int(silent.sum()),
        "source": source,
        "transcribed": transcribed,
    }
    measure["staff_ratio"] = _share(measure["staff_voice"], measure["staff_presence"])
    return {"value": _share(measure["lived_voice"], measure["lived_presence"]), **measure}


@_metric("coded", "move", "follow", "oppose", "bystand", "rarest", "rarest_share")
def four_actions_evenness(project: Project, settings: Settings) -> Measure:
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


@_metric("coded", "dialogue", "debate", "introduced")
def dialogue_in_talk(project: Project, settings: Settings) -> Measure:
    """Share of contributions coded for mode that were dialogue rather than debate.

    Fields: ``coded`` (contributions with a mode), ``dialogue``, ``debate``
    and ``introduced`` (meetings whose agenda introduced debate versus
    dialogue).
    """
    table = dialogue_share(project)
    dialogue, debate = int(table["dialogue"].sum()), int(table["debate"].sum())
    agenda = project.agenda
    introduced = agenda.loc[agenda["activity"].astype(str) == "debate_dialogue", "meeting_id"]
    return {"value": _share(dialogue, dialogue + debate), "coded": dialogue + debate,
            "dialogue": dialogue, "debate": debate, "introduced": int(introduced.nunique())}


@_metric("rushed", "meetings", "min_problem", "skipped", "skipped_text")
def solutions_first(project: Project, settings: Settings) -> Measure:
    """Share of meetings where a solution came before the problem was explored.

    The one definition of action bias in a meeting: among the meetings with
    coded contributions, other than those of the step where solutions belong
    (the action-bias ``to_step`` in ``tools.yaml``: Make the Change), the
    share in which a solution-focused contribution came before
    ``min_problem`` (a setting) problem-focused ones (from
    :func:`~collabkit.metrics.action_bias.solution_onset`). The value is 1.0
    whatever the meetings show if the action-bias steps (Understand What's
    Around, Gather Ideas) were skipped on the way to Make the Change
    (:func:`~collabkit.metrics.action_bias.step_coverage`), and NaN (not
    recorded) when no contribution was coded. Fields: ``rushed``,
    ``meetings``, ``min_problem``, ``skipped`` (action-bias steps skipped)
    and ``skipped_text``.
    """
    model = project.model
    bias = model.tools["action_bias"]
    min_problem = int(settings["min_problem"])
    onset = rushed_meetings(project, settings)
    coverage = step_coverage(project)
    skipped = [model.element_name(str(step)) for step, status in
               zip(coverage["step"], coverage["status"], strict=True)
               if str(step) in bias["skipped_steps"] and status == "skipped"]
    if primary_events(project).empty or (onset.empty and not skipped):
        return {"value": math.nan}  # nothing coded: the focus of talk is not known
    rushed = int(onset["rushed"].sum())
    value = 1.0 if skipped else rushed / len(onset)
    text = (f"{join_words(skipped)} {'was' if len(skipped) == 1 else 'were'} skipped on the way "
            "to Make the Change" if skipped else "no step was skipped on the way to Make the "
            "Change")
    return {"value": value, "rushed": rushed, "meetings": len(onset), "min_problem": min_problem,
            "skipped": len(skipped), "skipped_text": text}


def rushed_meetings(project: Project, settings: Settings) -> pd.DataFrame:
    """The meetings action bias is judged on, with ``rushed`` (bool) per meeting.

    :func:`~collabkit.metrics.action_bias.solution_onset` for the meetings
    with coded contributions outside the action-bias ``to_step``, and
    ``rushed``: a solution came before ``min_problem`` problem contributions.
    The report's action-bias chart and the portfolio read this, so that the
    same meetings count everywhere.
    """
    bias = project.model.tools["action_bias"]
    onset = solution_onset(project)
    onset = onset[(onset["contributions"] > 0) & (onset["step"].astype(str) != bias["to_step"])]
    rushed = onset["first_solution_seq"].notna() & (
        onset["problem_before_solution"] < int(settings["min_problem"]))
    return onset.assign(rushed=rushed.astype(bool)).reset_index(drop=True)


@_metric("together", "decisions", "outside", "no_lived", "low_level", "level", "revisited",
         "less_together", "revisit_text")
def decisions_made_together(project: Project, settings: Settings) -> Measure:
    """Share of decisions made together.

    A decision is made together when it is made in a meeting, with lived
    experience present, at the ``together_level`` of the ladder or above
    (a setting: co-design). Fields: ``together``, ``decisions``, ``outside``
    (made outside meetings), ``no_lived`` (in a meeting with nobody with
    lived experience present), ``low_level`` (below the together level, or no
    level recorded), ``level`` (that level's name), ``revisited`` (decisions
    that revisit an earlier one), ``less_together`` (of those, made at a
    lower level than the earlier one, or outside a meeting when it was made
    in one: "a little less together than was agreed") and ``revisit_text``
    (the two in words).
    """
    table = decision_inclusion(project)
    if table.empty:
        return {"value": math.nan}
    in_meeting = table["in_meeting"].astype(bool)
    lived = table["lived_experience_present"].fillna(False).astype(bool)
    high = (table["level_rank"].fillna(0) >= together_rank(project, settings)).astype(bool)
    together = int(made_together(project, settings).sum())
    revisions = decision_revisions(project)
    return {"value": together / len(table), "together": together, "decisions": len(table),
            "outside": int((~in_meeting).sum()), "no_lived": int((in_meeting & ~lived).sum()),
            "low_level": int((~high).sum()),
            "level": project.model.label("level", settings["together_level"]).lower(),
            "revisited": len(revisions), "less_together": int(revisions["less_together"].sum()),
            "revisit_text": _revisits(len(revisions), int(revisions["less_together"].sum()))}


def _revisits(revisited: int, less: int) -> str:
    if not revisited:
        return "no decision was recorded as revisiting an earlier one"
    return (f"of {plural(revisited, 'decision')} that revisited an earlier one, {less} "
            f"{'was' if less == 1 else 'were'} made less together than the first time")


@_metric("recent", "first", "last", "slope", "reflected", "meetings", "reflected_share")
def recent_feeling(project: Project, settings: Settings) -> Measure:
    """Mean "how collaborative did it feel?" (1-5) over the last three reflected meetings.

    Fields: ``recent`` (3), ``first`` and ``last`` scores, ``slope`` (change per
    meeting), ``reflected`` (meetings with a reflection), ``meetings`` and
    ``reflected_share``.
    """
    summary = reflection_summary(project, recent=3).iloc[0]
    return {"value": float(summary["recent_mean"]), "recent": 3,
            "first": float(summary["first"]), "last": float(summary["last"]),
            "slope": float(summary["slope_per_meeting"]),
            "reflected": int(summary["reflected_meetings"]), "meetings": int(summary["meetings"]),
            "reflected_share": _share(summary["reflected_meetings"], summary["meetings"])}


@_metric("responses", "heard", "lived_experience_heard", "facilitators", "gap", "lowest",
         "lowest_mean")
def participants_view(project: Project, settings: Settings) -> Measure:
    """Participants' own mean rating of taking part (1-5), from their questionnaire answers.

    Each response's mean over the questionnaire's experience items, averaged.
    Fields: ``responses``, ``heard`` (mean of "I was heard") and
    ``lived_experience_heard`` (among service users, carers and family),
    ``facilitators`` (the pairs' mean "how collaborative"), ``gap``
    (facilitators minus heard), ``lowest`` (the item rated lowest, in words)
    and ``lowest_mean``.
    """
    row = experience_summary(project).iloc[0]
    if not row["responses"]:
        return {"value": math.nan}
    lowest = row["lowest_item"]
    words = (project.model.questionnaire.item(str(lowest))["short"]
             if isinstance(lowest, str) else "none")
    return {"value": float(row["experience"]), "responses": int(row["responses"]),
            "heard": float(row["heard"]),
            "lived_experience_heard": float(row["lived_experience_heard"]),
            "facilitators": float(row["facilitators"]), "gap": float(row["gap"]),
            "lowest": words, "lowest_mean": float(row["lowest_mean"])}


@_metric("together_meetings", "meetings", "longest", "decided", "adopted", "impact",
         "adopted_share", "level")
def advantage(project: Project, settings: Settings) -> Measure:
    """Share of meetings that made at least one decision together (collaborative advantage).

    Inertia against advantage: a group finds its advantage when it decides
    together, meeting after meeting, and its contributions are adopted; any
    decision by anyone is not enough. A decision counts as in
    :func:`decisions_made_together`. Fields: ``together_meetings``,
    ``meetings``, ``longest`` (longest run of meetings in a row without a
    decision made together), ``decided`` (meetings with any decision),
    ``adopted`` and ``impact`` ("you said, we did" rows adopted, and all
    rows; partly adopted counts half in ``adopted_share``) and ``level``.
    """
    per = decisions_per_meeting(project)
    if per.empty or project.decisions.empty:
        return {"value": math.nan}
    decisions = project.decisions.assign(together=made_together(project, settings).to_numpy())
    ids = set(decisions.loc[decisions["together"], "meeting_id"].dropna().astype(str))
    flags = per["meeting_id"].astype(str).isin(ids).to_numpy(dtype=bool)
    longest = run = 0
    for flag in flags:
        run = 0 if flag else run + 1
        longest = max(longest, run)
    status = project.impact["status"].astype(str)
    adopted = float((status == "adopted").sum() + 0.5 * (status == "partly").sum())
    return {"value": float(flags.mean()), "together_meetings": int(flags.sum()),
            "meetings": len(per), "longest": longest,
            "decided": int((per["decisions"] > 0).sum()),
            "adopted": int((status == "adopted").sum()), "impact": len(status),
            "adopted_share": _share(adopted, len(status)),
            "level": project.model.label("level", settings["together_level"]).lower()}
