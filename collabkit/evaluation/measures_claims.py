"""The measures that test the project's claims: checklist evidence, two leaders, agendas.

The Trust warns that a group can jump from step to step "stating that it's
all been done in collaboration". These measures (registered in
:data:`~collabkit.evaluation.measures.METRICS` like the others) count a
claim only where the records back it: a checklist item done with evidence
written down, and for an item about working together, with someone with
lived experience involved; two different leads, both present; the practical
tips on the agendas of the meetings that were held.
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from collabkit.evaluation.measures import Measure, Settings, _metric, _share
from collabkit.formatting import join_words
from collabkit.metrics.action_bias import step_coverage
from collabkit.metrics.agenda import agenda_summary
from collabkit.metrics.claims import checklist_claims
from collabkit.metrics.leadership import lead_summary
from collabkit.metrics.presence import marked_present
from collabkit.project import Project

__all__ = ["checklist_counted", "claims_backed", "tips_in_agendas", "two_leaders"]

_NOT_HELD = {"skipped": "skipped", "not_reached": "not reached"}


@_metric("steps_missing", "missing_text", "weakest", "weakest_completion", "unevidenced",
         "not_together")
def checklist_counted(project: Project, settings: Settings) -> Measure:
    """Share of the model's checklist done, counting only claims the records back.

    An item counts as done only with evidence written down, and an item
    about working together only if ``involved_roles`` names a
    lived-experience role (:func:`~collabkit.metrics.journey.checklist_claims`);
    partly done counts half. Fields: ``steps_missing`` (steps with no
    meeting, skipped or not reached, as in
    :func:`~collabkit.metrics.action_bias.step_coverage`), ``missing_text``
    (those steps in words), ``weakest`` (the step with the lowest
    completion), ``weakest_completion``, ``unevidenced`` and
    ``not_together`` (claims that do not count, and why).
    """
    claims = checklist_claims(project)
    if claims.empty:
        return {"value": math.nan}
    model = project.model
    statuses = claims["status"].to_numpy(dtype=object)
    steps = claims["step"].to_numpy(dtype=object)
    items = Counter(model.checklist_items["step"])
    not_applicable = Counter(step for step, status in zip(steps, statuses, strict=True)
                             if status == "not_applicable" and isinstance(step, str))
    applicable = {step: items[step] - not_applicable[step] for step in {*items, *not_applicable}}
    scores: dict[str, float] = {}  # done counts 1, partly a half, a claim not backed 0
    for step, status, counts in zip(steps, statuses, claims["counts"].to_numpy(dtype=bool),
                                    strict=True):
        if isinstance(step, str):
            scores[step] = scores.get(step, 0.0) + ((0.5 if status == "partly" else 1.0)
                                                    if counts else 0.0)
    per_step = {step: scores.get(step, 0.0) for step in applicable}
    completion = [per_step[step] / applicable[step] if applicable.get(step, 0) > 0 else math.nan
                  for step in model.steps]
    ranked = [math.inf if math.isnan(c) else c for c in completion]
    weakest = ranked.index(min(ranked))
    coverage = step_coverage(project)
    missing = [f"{model.element_name(str(s))} {_NOT_HELD[str(st)]}" for s, st in
               zip(coverage["step"], coverage["status"], strict=True) if str(st) in _NOT_HELD]
    reason = list(claims["reason"].to_numpy(dtype=object, na_value=None))
    return {"value": _share(sum(per_step.values()), sum(applicable.values())),
            "steps_missing": len(missing),
            "missing_text": (f"steps with no meeting: {join_words(missing)}" if missing else
                             "every step had a meeting"),
            "weakest": model.element_name(str(model.steps[weakest])),
            "weakest_completion": float(completion[weakest]),
            "unevidenced": reason.count("no_evidence"),
            "not_together": reason.count("not_together")}


@_metric("claimed", "counted", "unevidenced", "not_together")
def claims_backed(project: Project, settings: Settings) -> Measure:
    """Share of the checklist items claimed done (or partly) that the records back.

    Fields: ``claimed``, ``counted``, ``unevidenced`` (claimed with no
    evidence written down) and ``not_together`` (an item about working
    together claimed with no lived-experience role involved).
    """
    claims = checklist_claims(project)
    claimed = claims[claims["claimed"].astype(bool)]
    if claimed.empty:
        return {"value": math.nan}
    reason = claimed["reason"].astype("string")
    counted = int(claimed["counts"].astype(bool).sum())
    return {"value": counted / len(claimed), "claimed": len(claimed), "counted": counted,
            "unevidenced": int((reason == "no_evidence").sum()),
            "not_together": int((reason == "not_together").sum())}


@_metric("named", "same_person", "both_present", "meetings", "pace_present", "process_present",
         "process_share", "process_rank", "exchanges")
def two_leaders(project: Project, settings: Settings) -> Measure:
    """Share of meetings with two different leads (pace and process) both present.

    0 when fewer than two leads are named or one person holds both roles.
    Fields: ``named`` (0-2), ``same_person`` (1 or 0), ``both_present`` and
    ``meetings`` (meetings with attendance), ``pace_present`` and
    ``process_present`` (shares), ``process_share`` (the process lead's
    share of coded contributions), ``process_rank`` (1 = the person who
    spoke most) and ``exchanges`` (point-counterpoint episodes between the
    two leads).
    """
    lead = lead_summary(project).iloc[0]
    attendance = project.attendance
    meetings = int(attendance["meeting_id"].nunique())
    if not meetings:
        return {"value": math.nan}
    same = bool(lead["same_person"])
    both = 0
    if not same and int(lead["named"]) == 2:
        present = attendance[marked_present(attendance)]
        leads = {str(lead["pace_id"]), str(lead["process_id"])}
        came = present[present["participant_id"].astype(str).isin(leads)]
        both = int((came.groupby("meeting_id")["participant_id"].nunique() == 2).sum())
    rank = lead["process_voice_rank"]
    return {"value": both / meetings, "named": int(lead["named"]), "same_person": int(same),
            "both_present": both, "meetings": meetings,
            "pace_present": float(lead["pace_present"]),
            "process_present": float(lead["process_present"]),
            "process_share": float(lead["process_share_of_voice"]),
            "process_rank": math.nan if pd.isna(rank) else float(rank),
            "exchanges": int(lead["lead_exchanges"])}


@_metric("meetings", "checks", "met", "intro_missing", "small_groups_missing", "social_missing",
         "reflection_missing", "principles_early", "overran")
def tips_in_agendas(project: Project, settings: Settings) -> Measure:
    """Share of the practical-tip checks the agendas of the meetings held met.

    One check per meeting for social time, for a reflection at the end and
    for keeping to time (where times were recorded); one per meeting that
    needed introductions (the first meeting, or newcomers) or small groups
    (more people present than ``agenda_practice.large_group`` in
    ``tools.yaml``); one for the principles or debate versus dialogue in
    the first meetings. Fields: ``meetings`` (with an agenda), ``checks``,
    ``met`` and the misses of each check.
    """
    row = agenda_summary(project).iloc[0]
    meetings = int(row["meetings_with_agenda"])
    if not meetings:
        return {"value": math.nan}
    missing = {
        "intro_missing": int(row["intro_needed"] - row["intro_held"]),
        "small_groups_missing": int(row["small_groups_needed"] - row["small_groups_held"]),
        "social_missing": meetings - int(row["social_time_held"]),
        "reflection_missing": meetings - int(row["reflection_last_held"]),
        "overran": int(row["overran"]),
    }
    checks = int(row["intro_needed"] + row["small_groups_needed"]) + 3 * meetings + 1
    missed = sum(missing.values()) + (0 if bool(row["principles_early"]) else 1)
    return {"value": (checks - missed) / checks, "meetings": meetings, "checks": checks,
            "met": checks - missed, "principles_early": int(bool(row["principles_early"])),
            **missing}
