"""Participants' own view: their questionnaire answers, by item and role, against the pairs'.

The questionnaire is ``data/model/feedback.yaml`` (``project.model.questionnaire``);
answers are in the project's ``feedback`` table, one row per answer. Scale
answers are points 1 (worst) to 5 (best). Free-text answers are not
counted here: the report quotes them only when asked to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from collabkit.metrics._common import lived_experience, per_project
from collabkit.project import Project

__all__ = ["feedback_answers", "feedback_scores", "experience_gap", "experience_summary"]

ANSWER_COLUMNS = ("response_id", "role", "meeting_id", "item_id", "point")
SCORE_COLUMNS = ("item_id", "item", "group", "responses", "mean", "agree_share", "low_share")
GAP_COLUMNS = ("meeting_id", "date", "meeting_number", "reflections", "facilitators",
               "responses", "participants_heard", "participants_experience", "gap")
SUMMARY_COLUMNS = ("responses", "experience", "heard", "lived_experience_heard",
                   "facilitators", "gap", "lowest_item", "lowest_mean")
#: A point at or above this agrees (4 "Agree" on a 1-5 scale); at or below LOW disagrees.
AGREE, LOW = 4, 2


@per_project
def feedback_answers(project: Project) -> pd.DataFrame:
    """The answers to scale items, one row each, with the point as a number.

    Returns
    -------
    DataFrame
        Columns ``response_id``, ``role`` (code, or NA when not given),
        ``meeting_id`` (NA: about the whole project), ``item_id`` and
        ``point`` (float, 1 to 5). Free-text answers are left out.
    """
    feedback = project.feedback
    scaled = feedback["item_id"].astype("object").isin(project.model.questionnaire.scale_items)
    rows = feedback[scaled]
    return pd.DataFrame({
        "response_id": rows["response_id"].astype("string"),
        "role": rows["role"].astype("object").astype("string"),
        "meeting_id": rows["meeting_id"].astype("string"),
        "item_id": rows["item_id"].astype("object").astype("string"),
        "point": pd.to_numeric(rows["answer"].astype("object"), errors="coerce"),
    }).reset_index(drop=True).loc[:, list(ANSWER_COLUMNS)]


@per_project
def feedback_scores(project: Project, *, groups: Mapping[str, str] | None = None,
                    blank_role: str = "not said") -> pd.DataFrame:
    """Each scale item's answers summarised per group of respondents.

    Parameters
    ----------
    project : Project
        Uses ``feedback``. Not modified.
    groups : mapping, optional
        Role code -> the group to count it in (say, the report's folded
        groups); roles not in it are their own group. ``{}`` and None keep
        roles as they are.
    blank_role : str, default "not said"
        The group of responses that gave no role.

    Returns
    -------
    DataFrame
        One row per item and group, items in the questionnaire's order:
        ``item_id``, ``item`` (its short wording), ``group``, ``responses``
        (responses that answered the item),
        ``mean`` (1-5), ``agree_share`` (share answering 4 or 5) and
        ``low_share`` (share answering 1 or 2).

    Notes
    -----
    Interpretation: on these 1-5 scales 3 is neither; a mean of 4 or more
    means most people agreed. ``low_share`` shows a minority who disagreed,
    which a good mean can hide.
    """
    answers = feedback_answers(project)
    mapping = dict(groups or {})
    group_of = [blank_role if pd.isna(r) else mapping.get(str(r), str(r))
                for r in answers["role"].astype("object")]
    parts = _answers_by_item_and_group(answers["item_id"].tolist(), group_of,
                                       answers["response_id"].tolist(), answers["point"].tolist())
    questionnaire = project.model.questionnaire
    rows = []
    for item_id in questionnaire.scale_items:
        for group, (points, responses) in parts.get(item_id, {}).items():
            answered = [p for p in points if p == p]  # NaN is not a point
            rows.append({"item_id": item_id, "item": questionnaire.item(item_id)["short"],
                         "group": group, "responses": len(responses),
                         "mean": sum(answered) / len(answered) if answered else math.nan,
                         "agree_share": sum(p >= AGREE for p in points) / len(points),
                         "low_share": sum(p <= LOW for p in points) / len(points)})
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def _answers_by_item_and_group(items: list, groups: list, responses: list, points: list
                               ) -> dict[str, dict[str, tuple[list, set]]]:
    """Each item's answers by group (in order of first answer): (points, responses giving them).

    Plain lists read once, instead of a mask and a groupby per item; answers
    with no item id are left out, and a missing response id is not counted.
    """
    out: dict[str, dict[str, tuple[list, set]]] = {}
    for item, group, response, point in zip(items, groups, responses, points, strict=True):
        if not isinstance(item, str):
            continue
        given, who = out.setdefault(item, {}).setdefault(group, ([], set()))
        given.append(point)
        if isinstance(response, str):
            who.add(response)
    return out


def _response_means(answers: pd.DataFrame, items: tuple[str, ...],
                    by: str | list[str] = "response_id") -> pd.Series:
    mine = answers[answers["item_id"].isin(items)]
    return mine.groupby(by)["point"].mean()


def _experience_by_meeting(answers: pd.DataFrame, items: tuple[str, ...]) -> dict[str, float]:
    """Each meeting's mean over responses of :func:`_response_means`, grouped once.

    The same numbers as ``_response_means(part, items).mean()`` for each
    meeting's ``part`` (each response's mean is over the same rows in the same
    order; the mean over responses is pandas' ``Series.mean``).
    """
    means = _response_means(answers, items, by=["meeting_id", "response_id"])
    values = means.to_numpy(dtype="float64")
    meeting = means.index.get_level_values(0).to_numpy(dtype=object)
    if not len(meeting):
        return {}
    starts = np.flatnonzero(np.r_[True, meeting[1:] != meeting[:-1]])  # sorted by meeting
    ends = [*starts[1:], len(meeting)]
    return {str(meeting[a]): float(pd.Series(values[a:b]).mean())
            for a, b in zip(starts, ends, strict=True)}


@per_project
def experience_gap(project: Project) -> pd.DataFrame:
    """Meeting by meeting: how the facilitators' pairs rated it beside how participants did.

    Returns
    -------
    DataFrame
        One row per meeting with a pair reflection or questionnaire answers,
        in date order: ``meeting_id``, ``date``, ``meeting_number``,
        ``reflections`` and ``facilitators`` (their mean "how collaborative
        did it feel?", 1-5), ``responses`` (questionnaire responses about
        the meeting), ``participants_heard`` (mean of
        the questionnaire's ``heard_item``), ``participants_experience``
        (mean over responses of each response's mean of the experience
        items) and ``gap`` (facilitators minus participants_heard; NaN
        unless both are recorded).

    Notes
    -----
    Interpretation: a gap of a point or more means the people running the
    meeting thought it more collaborative than those taking part felt heard:
    the pair reflection alone would have missed it.
    """
    from collabkit.metrics.reflections import reflection_trend

    questionnaire = project.model.questionnaire
    trend = reflection_trend(project)
    answers = feedback_answers(project)
    answers = answers[answers["meeting_id"].notna()]
    heard = answers[answers["item_id"] == questionnaire.heard_item].groupby(
        "meeting_id")["point"].mean()
    experience = _experience_by_meeting(answers, questionnaire.experience_items)
    responses = answers.groupby("meeting_id")["response_id"].nunique()
    ids = trend["meeting_id"].astype(str)
    out = pd.DataFrame({
        "meeting_id": trend["meeting_id"], "date": trend["date"],
        "meeting_number": trend["meeting_number"], "reflections": trend["reflections"],
        "facilitators": trend["how_collaborative"],
        "responses": ids.map(responses).fillna(0).astype("int64"),
        "participants_heard": ids.map(heard).astype("float64"),
        "participants_experience": ids.map(experience).astype("float64"),
    })
    out["gap"] = out["facilitators"] - out["participants_heard"]
    keep = (out["reflections"] > 0) | (out["responses"] > 0)
    return out[keep].reset_index(drop=True).loc[:, list(GAP_COLUMNS)]


@per_project
def experience_summary(project: Project) -> pd.DataFrame:
    """The participants' experience of the whole project in one row.

    Returns
    -------
    DataFrame
        One row: ``responses`` (questionnaire responses); ``experience``
        (mean over responses of each
        response's mean of the experience items, 1-5); ``heard`` (mean of the
        ``heard_item``) and ``lived_experience_heard`` (the same among
        service users, carers and family; NaN when fewer of them answered
        than the questionnaire's ``min_group``, so no one is picked out); ``facilitators`` (the pairs' mean
        "how collaborative", over the meetings that have answers when some
        answers name a meeting, else over all); ``gap`` (facilitators minus
        heard); ``lowest_item`` (the id of the experience item rated
        lowest) and ``lowest_mean`` (that item's mean score). Scores are NaN when nothing was answered.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> summary = experience_summary(load_project(find_repo_path("tests/fixtures/tiny")))
    >>> int(summary["responses"].iloc[0]), bool(math.isnan(summary["experience"].iloc[0]))
    (0, True)
    """
    questionnaire = project.model.questionnaire
    answers = feedback_answers(project)
    heard_rows = answers[answers["item_id"] == questionnaire.heard_item]
    lived = lived_experience(heard_rows["role"].astype("object"), project.model).to_numpy(
        dtype=bool)
    per_item = (answers[answers["item_id"].isin(questionnaire.experience_items)]
                .groupby("item_id", sort=False)["point"].mean())
    gap = experience_gap(project)
    with_answers = gap[gap["responses"] > 0]
    from collabkit.metrics.reflections import reflection_summary

    facilitators = (float(with_answers["facilitators"].mean()) if len(with_answers)
                    and with_answers["facilitators"].notna().any()
                    else float(reflection_summary(project).iloc[0]["mean"]))
    heard = float(heard_rows["point"].mean()) if len(heard_rows) else math.nan
    lowest = per_item.idxmin() if len(per_item) else None
    return pd.DataFrame([{
        "responses": int(answers["response_id"].nunique()),
        "experience": float(_response_means(answers, questionnaire.experience_items).mean()),
        "heard": heard,
        "lived_experience_heard": (
            float(heard_rows["point"][lived].mean())
            if int(lived.sum()) >= questionnaire.min_group else math.nan),
        "facilitators": facilitators,
        "gap": facilitators - heard if not math.isnan(heard) else math.nan,
        "lowest_item": lowest,
        "lowest_mean": float(per_item.min()) if len(per_item) else math.nan,
    }], columns=list(SUMMARY_COLUMNS))
