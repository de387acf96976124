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

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from collabkit import metrics
from collabkit.formatting import MISSING, number, percent
from collabkit.project import Project
from collabkit.report import privacy
from collabkit.report.tables import free

__all__ = ["answer_shares", "answers_table", "respondent_groups", "scores_table", "gap_table",
           "quotes"]

#: The columns of :func:`answer_shares`.
SHARE_COLUMNS = ("item_id", "item", "group", "responses", "point", "label", "answers", "share",
                 "agree_share")

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
    first: dict[tuple, str] = {}  # (item, group) -> its cell, as a pivot taking the first
    for item, group, text in zip(scores["item"], scores["group"], cell, strict=True):
        first.setdefault((item, group), text)
    items = list(dict.fromkeys(item for item, _ in first))
    counts = metrics.feedback_answers(project).drop_duplicates("response_id")
    responses = {EVERYONE: len(counts)}
    for role, n in counts["role"].astype("object").fillna("").value_counts().items():
        group = groups.get(str(role), blank) if role else blank
        responses[group] = responses.get(group, 0) + int(n)
    table = {"Question": ["Responses", *items]}
    for column in columns:
        table[column] = [str(responses.get(column, 0)),
                         *(first.get((item, column), MISSING) for item in items)]
    return pd.DataFrame(table)


def answer_shares(project: Project, min_group_size: int) -> pd.DataFrame:
    """How many answered each point of each scale item, for everyone and each group shown.

    Groups as in :func:`scores_table` (Everyone first; no groups beside it
    when there is only one). One row per item, group and point, every point
    of the item's scale present (0 answers too), items in the
    questionnaire's order: :data:`SHARE_COLUMNS`, ``item`` the item's short
    wording, ``label`` the point's label on the item's scale, ``responses``
    the answers in that item and group, ``share`` the point's share of
    them and ``agree_share`` the share agreeing, as
    :func:`collabkit.metrics.feedback_scores` counts it.
    """
    groups, blank = respondent_groups(project, min_group_size)
    answers = metrics.feedback_answers(project)
    by_group = [blank if pd.isna(r) else groups.get(str(r), blank)
                for r in answers["role"].astype("object")]
    shown = [EVERYONE] + [g for g in dict.fromkeys(by_group) if g != EVERYONE]
    if len(shown) == 2:  # one group only: it is everyone
        shown = [EVERYONE]
    scores = pd.concat([metrics.feedback_scores(project, groups={r: EVERYONE for r in groups},
                                                blank_role=EVERYONE),
                        metrics.feedback_scores(project, groups=groups, blank_role=blank)])
    agree = {(i, g): a for i, g, a in zip(scores["item_id"], scores["group"],
                                          scores["agree_share"], strict=True)}
    points = _points_by_item_and_group(answers["item_id"].tolist(), by_group,
                                       answers["point"].tolist())
    questionnaire = project.model.questionnaire
    rows = []
    for item_id in questionnaire.scale_items:
        item = questionnaire.item(item_id)
        for group in shown:
            given = points.get((item_id, group))
            if not given:
                continue
            counted = Counter(given)
            for point, label in questionnaire.scales[item["scale"]]:
                count = counted[point]
                rows.append({"item_id": item_id, "item": item["short"], "group": group,
                             "responses": len(given), "point": point, "label": label,
                             "answers": count, "share": count / len(given),
                             "agree_share": agree.get((item_id, group), float("nan"))})
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS))


def _points_by_item_and_group(items: list, groups: list, points: list
                              ) -> dict[tuple[str, str], list]:
    """(item, group) -> the points answered, for everyone and for each respondent group.

    Plain lists, read once: every answer counts for :data:`EVERYONE` and for
    its own group (answers with no item id count for neither).
    """
    out: dict[tuple[str, str], list] = {}
    for item, group, point in zip(items, groups, points, strict=True):
        if not isinstance(item, str):
            continue
        out.setdefault((item, EVERYONE), []).append(point)
        if group != EVERYONE:
            out.setdefault((item, group), []).append(point)
    return out


def answers_table(shares: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind the answers chart: Question, Who answered, Answers, then each point.

    Each point's cell is its share and count ("40% (4)"); the point columns
    are named by number, 1 the lowest.
    """
    if shares.empty:
        return pd.DataFrame(columns=["Question", "Who answered", "Answers"])
    cells = [f"{percent(s)} ({n})" for s, n in zip(shares["share"], shares["answers"],
                                                   strict=True)]
    top = int(shares["point"].max())
    name = {p: f"{p} (lowest)" if p == 1 else f"{p} (highest)" if p == top else str(p)
            for p in sorted(shares["point"].unique())}
    first: dict[tuple, dict[str, str]] = {}  # (item, group, responses) -> point -> its cell
    for key, point, text in zip(zip(shares["item"], shares["group"], shares["responses"],
                                    strict=True), shares["point"], cells, strict=True):
        first.setdefault(key, {}).setdefault(name[point], text)
    table: dict[str, list] = {"Question": [k[0] for k in first],
                              "Who answered": [k[1] for k in first],
                              "Answers": [k[2] for k in first]}
    for column in name.values():
        table[column] = [row.get(column, MISSING) for row in first.values()]
    return pd.DataFrame(table)


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
