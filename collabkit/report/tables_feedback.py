"""The report's tables of what participants said: answers by question and role, and the gap.

Shaped for readers as described in :mod:`collabkit.report.tables`. Roles are
grouped by the same small-number rule as everywhere in the report
(:func:`collabkit.report.privacy.role_groups` over the project's
participants): answers are anonymous, so one person answering after several
meetings cannot be told from several people, and a role is shown apart only
when enough people hold it that its answers could be anyone's of them. Free text is quoted only when asked, with hidden names taken out
and never beside a name.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from collabkit import metrics
from collabkit.formatting import MISSING, number, percent
from collabkit.project import Project
from collabkit.report import privacy
from collabkit.report.tables import free

__all__ = ["respondent_groups", "scores_table", "gap_table", "quotes"]

EVERYONE = "Everyone"


def respondent_groups(project: Project, min_group_size: int) -> tuple[dict[str, str], str]:
    """Role code -> the label of the group its respondents are shown in; and the blank's label."""
    model = project.model
    shown = privacy.role_groups(project.participants["role"], model,
                                min_group_size=min_group_size)
    labels = {role: privacy.group_label(group, model) for role, group in shown.items()}
    return labels, labels.get(privacy.OTHER, privacy.group_label(privacy.OTHER, model))


def scores_table(project: Project, min_group_size: int) -> pd.DataFrame:
    """Question, then Everyone and one column per group shown: mean out of 5 and share agreeing.

    The first row is the number of responses in each column.
    """
    groups, blank = respondent_groups(project, min_group_size)
    every = metrics.feedback_scores(project, groups={r: EVERYONE for r in groups},
                                    blank_role=EVERYONE)
    scores = pd.concat([every, metrics.feedback_scores(project, groups=groups, blank_role=blank)],
                       ignore_index=True)
    if scores.empty:
        return pd.DataFrame(columns=["Question"])
    columns = list(dict.fromkeys(scores["group"]))
    if len(columns) == 2:  # one group only: it is everyone
        columns = [EVERYONE]
    cell = [f"{number(m, 1)} ({percent(a)} agreed)" for m, a in
            zip(scores["mean"], scores["agree_share"], strict=True)]
    wide = scores.assign(cell=cell).pivot_table(index="item", columns="group", values="cell",
                                                aggfunc="first", sort=False)
    counts = metrics.feedback_answers(project).drop_duplicates("response_id")
    responses = {EVERYONE: len(counts)}
    for role, n in counts["role"].astype("object").fillna("").value_counts().items():
        group = groups.get(str(role), blank) if role else blank
        responses[group] = responses.get(group, 0) + int(n)
    head = pd.DataFrame([{"Question": "Responses", **{c: str(responses.get(c, 0))
                                                       for c in columns}}])
    body = wide.reindex(columns=columns).fillna(MISSING).reset_index().rename(
        columns={"item": "Question"})
    body.columns.name = None
    return pd.concat([head, body], ignore_index=True)[["Question", *columns]]


def gap_table(project: Project) -> pd.DataFrame:
    """Meeting, Date, Pair reflection, Responses, Participants heard, Taking part, Gap.

    Only meetings with questionnaire answers; empty when no answer names a meeting.
    """
    gap = metrics.experience_gap(project)
    gap = gap[gap["responses"] > 0]
    return pd.DataFrame({
        "Meeting": gap["meeting_number"], "Date": gap["date"],
        "Pair reflection (out of 5)": [number(v, 1) for v in gap["facilitators"]],
        "Responses": gap["responses"],
        "I was heard (out of 5)": [number(v, 1) for v in gap["participants_heard"]],
        "Taking part overall (out of 5)": [number(v, 1) for v in gap["participants_experience"]],
        "Gap (pairs minus heard)": [number(v, 1) for v in gap["gap"]],
    })


def quotes(project: Project, hidden: Mapping[str, str]) -> list[str]:
    """Every free-text answer, hidden names replaced, in a stable order, with no one's name."""
    feedback = project.feedback
    free_items = project.model.questionnaire.free_text_items
    texts = feedback.loc[feedback["item_id"].astype("object").isin(free_items), "answer"]
    return [str(free(t, hidden)) for t in texts.dropna() if str(t).strip()]


def free_text_count(project: Project) -> int:
    """How many free-text answers there are."""
    feedback = project.feedback
    free_items = project.model.questionnaire.free_text_items
    answers = feedback.loc[feedback["item_id"].astype("object").isin(free_items), "answer"]
    return int(answers.dropna().str.strip().ne("").sum())
