"""Where a project stands: its journey through the model and what to watch.

A facilitator looks at this before planning the next session. Everything is
read from the metrics (:mod:`collabkit.metrics.journey`,
:mod:`collabkit.metrics.action_bias`, :mod:`collabkit.metrics.reflections`,
:mod:`collabkit.metrics.presence`), so the overview and the evaluation
report never disagree; this module only puts their results side by side and
words the warnings.
"""

from __future__ import annotations

import pandas as pd

from collabkit.formatting import join_words
from collabkit.project import Project

__all__ = ["element_overview", "project_warnings"]

OVERVIEW_COLUMNS = ("element_id", "name", "kind", "meetings", "meeting_ids", "first_date",
                    "last_date", "checklist_items", "checklist_done", "completion", "status")
WARNING_COLUMNS = ("kind", "message", "tip_id")


def element_overview(project: Project) -> pd.DataFrame:
    """The nine elements of the model with this project's meetings and checklists.

    Returns
    -------
    DataFrame
        One row per element in the model's order: element_id, name, kind
        (``step`` or ``cross_cutting``), meetings (how many served it),
        meeting_ids (``;``-joined), first_date, last_date, checklist_items
        (items in the model), checklist_done (done), completion (done plus
        half of partly, over the applicable items; NA for cross-cutting
        elements), status (from
        :func:`collabkit.metrics.action_bias.step_coverage` for steps:
        covered, rushed, skipped, not_reached; ``ongoing`` or ``not_yet`` for
        cross-cutting elements).
    """
    from collabkit.metrics.action_bias import step_coverage
    from collabkit.metrics.journey import checklist_completion, model_journey

    elements = project.model.elements
    journey = model_journey(project)
    journey = journey.assign(step=journey["step"].astype(str),
                             meeting_id=journey["meeting_id"].astype(str))
    by_step = journey.groupby("step")
    checklist = checklist_completion(project).assign(
        step=lambda t: t["step"].astype(str)).set_index("step")
    coverage = step_coverage(project).assign(
        step=lambda t: t["step"].astype(str)).set_index("step")["status"].astype(str)
    rows = []
    for element in elements.itertuples():
        key = element.element_id
        met = by_step.get_group(key) if key in by_step.groups else journey.iloc[:0]
        row = {"element_id": key, "name": element.name, "kind": element.kind,
               "meetings": len(met), "meeting_ids": ";".join(met["meeting_id"]),
               "first_date": met["date"].min(), "last_date": met["date"].max()}
        if key in checklist.index:
            row.update(checklist_items=int(checklist.at[key, "items"]),
                       checklist_done=int(checklist.at[key, "done"]),
                       completion=float(checklist.at[key, "completion"]))
        else:
            row.update(checklist_items=pd.NA, checklist_done=pd.NA, completion=float("nan"))
        if key in coverage.index:
            row["status"] = coverage[key]
        else:
            row["status"] = "ongoing" if len(met) else "not_yet"
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))
    return out.astype({"checklist_items": "Int64", "checklist_done": "Int64"})


def project_warnings(project: Project) -> pd.DataFrame:
    """What a facilitator should know before planning the next session.

    Returns
    -------
    DataFrame
        kind (``jumped``, ``rushed``, ``skipped``, ``action_bias``,
        ``early_solutions``, ``no_reflection``, ``leaders``), message (a plain
        sentence), tip_id (the practical tip that helps, or NA). Empty when
        there is nothing to flag.
    """
    from collabkit.evaluation.findings import load_rules
    from collabkit.evaluation.measures import rushed_meetings
    from collabkit.metrics.action_bias import step_coverage
    from collabkit.metrics.journey import model_journey
    from collabkit.metrics.presence import leaders_involvement
    from collabkit.metrics.reflections import reflection_trend

    model = project.model
    name = model.element_name
    bias = model.tools["action_bias"]
    tip_of = model.activities.set_index("activity_id")["tip"]
    rows: list[tuple[str, str, object]] = []

    journey = model_journey(project)
    previous = None
    for row in journey.itertuples():
        if row.transition == "jump" and previous is not None:
            skipped = [s for s in str(row.skipped_steps or "").split(";") if s]
            rows.append(("jumped", f"{row.meeting_id} jumped from {name(previous)} to "
                         f"{name(str(row.step))}, skipping {join_words(name(s) for s in skipped)}.",
                         pd.NA))
        if row.transition != "cross_cutting":
            previous = str(row.step)

    coverage = step_coverage(project)
    for row in coverage.itertuples():
        step = str(row.step)
        if row.status == "rushed":
            rows.append(("rushed", f"{name(step)} looks rushed: {row.meetings} meeting(s) and "
                         f"{row.evidence_items} checklist item(s) with evidence.", pd.NA))
        elif row.status == "skipped":
            rows.append(("skipped", f"{name(step)} was skipped: no meeting and no checklist "
                         "evidence, but the project has moved past it.", pd.NA))
    reached = set(coverage.loc[coverage["meetings"] > 0, "step"].astype(str))
    missed = coverage[coverage["step"].astype(str).isin(bias["skipped_steps"])
                      & (~coverage["before_make_change"] | coverage["status"].isin(
                          ["rushed", "skipped"]))]
    if bias["to_step"] in reached and len(missed):
        skipped = list(missed["step"].astype(str))
        rows.append(("action_bias", f"Action bias: {name(bias['to_step'])} was reached with "
                     f"{join_words(name(s) for s in skipped)} skipped or rushed before it. "
                     f"{bias['description'].strip()}",
                     bias.get("tip")))

    onset = rushed_meetings(project, load_rules(project.model).settings)
    early = onset[onset["rushed"]]
    if len(early):
        ids = ", ".join(early["meeting_id"].astype(str).tolist()[:8])
        rows.append(("early_solutions", f"Solutions came before the problem was explored in "
                     f"{len(early)} of {len(onset)} meetings ({ids}).", bias.get("tip")))

    trend = reflection_trend(project)
    none = trend[trend["reflections"] == 0]
    if len(none):
        ids = ", ".join(none["meeting_id"].astype(str).tolist()[:8])
        rows.append(("no_reflection", f"No reflection recorded for {len(none)} meeting(s): {ids}.",
                     tip_of.get("reflection")))

    leaders = leaders_involvement(project)
    unnamed = leaders.loc[~leaders["named"].astype(bool), "lead"].astype(str).tolist()
    if unnamed:
        rows.append(("leaders", f"No {' or '.join(unnamed)} lead is named: name two leaders, one "
                     "for the pace and one for the process.", tip_of.get("process_check")))
    out = pd.DataFrame(rows, columns=list(WARNING_COLUMNS))
    return out.astype({"tip_id": "Int64", "kind": "string", "message": "string"})

