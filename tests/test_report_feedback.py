"""What participants said: the metrics, the participant_experience finding and the report section."""

from __future__ import annotations

import dataclasses
import html
import math
import re
from pathlib import Path

import pytest

from collabkit import evaluation, load_project, metrics
from collabkit.report import sections

ITEMS = ["heard", "supported", "difference", "accessible", "again"]
#: (role, points for the five items): three staff, then four people of roles with one each.
ANSWERS = [("staff", [4, 5, 4, 4, 5]), ("staff", [5, 5, 4, 4, 4]), ("staff", [4, 4, 4, 5, 5]),
           ("service_user", [2, 3, 2, 3, 4]), ("carer", [2, 2, 3, 3, 4]),
           ("partner", [3, 3, 3, 3, 3]), ("", [2, 3, 3, 3, 4])]
SECRET = "Zoë Exampleton spoke over me <b>again</b>"


def write_feedback(folder: Path, answers=ANSWERS, meeting: str = "M1") -> Path:
    rows = ["response_id,participant_id,role,meeting_id,item_id,answer"]
    for number, (role, points) in enumerate(answers, start=1):
        rows += [f"r{number},,{role},{meeting},{item},{point}"
                 for item, point in zip(ITEMS, points, strict=True)]
    rows.append(f'r4,,service_user,{meeting},comments,"{SECRET}"')
    (folder / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def test_scores_by_item_and_role_count_agreement_by_hand(tiny_dir):
    project = load_project(write_feedback(tiny_dir))
    scores = metrics.feedback_scores(project)
    heard = scores[scores["item_id"] == "heard"].set_index("group")
    assert heard.loc["staff", "responses"] == 3
    assert heard.loc["staff", "mean"] == pytest.approx(13 / 3)
    assert heard.loc["staff", "agree_share"] == 1.0
    assert heard.loc["not said", "mean"] == 2.0
    assert heard.loc["carer", "low_share"] == 1.0
    assert list(scores["item_id"].unique()) == ITEMS


def test_the_gap_sets_the_pairs_rating_beside_how_heard_participants_felt(tiny_dir):
    project = load_project(write_feedback(tiny_dir))
    gap = metrics.experience_gap(project)
    m1 = gap.set_index("meeting_id").loc["M1"]
    reflections = project.reflections
    pairs = reflections.loc[reflections["meeting_id"] == "M1", "how_collaborative"].mean()
    heard = sum(points[0] for _, points in ANSWERS) / len(ANSWERS)
    assert m1["responses"] == 7
    assert m1["facilitators"] == pytest.approx(pairs)
    assert m1["participants_heard"] == pytest.approx(heard)
    assert m1["gap"] == pytest.approx(pairs - heard)
    summary = metrics.experience_summary(project).iloc[0]
    means = [sum(p) / 5 for _, p in ANSWERS]
    assert summary["experience"] == pytest.approx(sum(means) / len(means))
    # two lived-experience respondents: fewer than min_group (3), so no figure for them
    assert math.isnan(summary["lived_experience_heard"])


def test_participant_experience_is_rated_from_the_answers_and_not_recorded_without(tiny_dir):
    assert evaluation.findings(load_project(tiny_dir)).to_frame().set_index(
        "dimension").loc["participant_experience", "rating"] == "not_recorded"
    high = [("staff", [5, 5, 5, 4, 5])] * 4
    found = evaluation.findings(load_project(write_feedback(tiny_dir, high))).to_frame()
    row = found.set_index("dimension").loc["participant_experience"]
    assert row["rating"] == "strength" and row["value"] == pytest.approx(4.8)
    low = [("carer", [1, 2, 2, 3, 3])] * 4
    found = evaluation.findings(load_project(write_feedback(tiny_dir, low))).to_frame()
    row = found.set_index("dimension").loc["participant_experience"]
    assert row["rating"] == "concern"
    assert "facilitators_think_better" in row["causes"]
    assert "lived_experience_not_heard" in row["causes"]


def header(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page).group(1)
    return re.findall(r"<th scope=\"col\">(.*?)</th>", head)


def test_the_section_folds_small_groups_and_does_not_quote_by_default(tiny_dir):
    project, params = sections.open_project(write_feedback(tiny_dir))
    page = sections.participants_said(project, params).data
    text = plain(page)
    assert "What participants said" in text
    # tiny has 2 staff and 1 each of service user, carer and partner: with groups of at
    # least 3 no role stands apart, so only everyone's answers are shown
    assert header(page) == ["Question", "Everyone"]
    assert "Exampleton" not in page and "spoke over me" not in page
    assert "1 answer was written in people's own words. They are not quoted here" in text


def test_with_groups_of_two_roles_fold_into_their_natural_group_or_other(tiny_dir):
    project, params = sections.open_project(write_feedback(tiny_dir), min_group_size=2)
    page = sections.participants_said(project, params).data
    # the service user and the carer together; the lone partner goes to Other with the staff
    assert header(page) == ["Question", "Everyone", "Other", "People with lived experience"]
    responses = re.search(r"<th scope=\"row\">Responses</th>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>(\d+)</td>", responses) == ["7", "5", "2"]


def test_answer_shares_count_each_point_by_hand_in_the_folded_groups(tiny_dir):
    from collabkit.report.tables_feedback import answer_shares, answers_table

    shares = answer_shares(load_project(write_feedback(tiny_dir)), 2)
    heard = shares[shares["item_id"] == "heard"]
    every = heard[heard["group"] == "Everyone"]
    # heard: staff 4, 5, 4; service user 2; carer 2; partner 3; no role 2
    assert every["answers"].tolist() == [0, 3, 1, 2, 1]
    assert every["share"].tolist() == pytest.approx([0, 3 / 7, 1 / 7, 2 / 7, 1 / 7])
    assert every["agree_share"].iloc[0] == pytest.approx(3 / 7)
    assert every["label"].tolist() == ["Strongly disagree", "Disagree",
                                       "Neither agree nor disagree", "Agree", "Strongly agree"]
    lived = heard[heard["group"] == "People with lived experience"]
    assert lived["answers"].tolist() == [0, 2, 0, 0, 0] and set(lived["responses"]) == {2}
    other = heard[heard["group"] == "Other"]  # staff, the partner and the one with no role
    assert other["answers"].tolist() == [0, 1, 1, 2, 1]
    assert list(dict.fromkeys(shares["item_id"])) == ITEMS
    again = shares[shares["item_id"] == "again"]
    assert again["label"].iloc[0] == "Very unlikely"  # each item on its own scale
    table = answers_table(shares)
    assert list(table.columns) == ["Question", "Who answered", "Answers", "1 (lowest)", "2", "3",
                                   "4", "5 (highest)"]
    assert table.iloc[0].tolist() == ["I was heard", "Everyone", 7, "0% (0)", "43% (3)",
                                      "14% (1)", "29% (2)", "14% (1)"]
    # with groups of at least 3 no role stands apart: everyone only
    assert set(answer_shares(load_project(tiny_dir), 3)["group"]) <= {"Everyone"}


def test_the_section_charts_the_answers_with_alt_text_and_its_numbers(tiny_dir):
    project, params = sections.open_project(write_feedback(tiny_dir), min_group_size=2)
    page = sections.participants_said(project, params).data
    figure = re.search(r"<figure><img src=\"data:image/svg\+xml,[^\"]+\" alt=\"([^\"]+)\">"
                       r"<figcaption>How participants answered each question, by who answered",
                       page)
    assert figure, "no chart of the answers"
    alt = html.unescape(figure.group(1))
    assert alt.startswith("Diverging stacked bar chart of the answers to 5 questions, one bar "
                          "for each of Everyone, Other and People with lived experience")
    numbers = page[page.index("The numbers behind this chart"):]
    assert "Who answered" in numbers and "43% (3)" in numbers
    (tiny_dir / "feedback.csv").unlink()
    empty, params = sections.open_project(tiny_dir)
    assert "<figure>" not in sections.participants_said(empty, params).data


def test_quoted_free_text_has_no_name_and_is_escaped(tiny_dir):
    project, params = sections.open_project(write_feedback(tiny_dir))
    page = sections.participants_said(project, dataclasses.replace(
        params, quote_feedback=True)).data
    assert "spoke over me &lt;b&gt;again&lt;/b&gt;" in page
    assert "Zoë" not in page and "Exampleton" not in page and "<b>again" not in page


def test_a_project_without_answers_says_how_to_collect_them(tiny_dir):
    project, params = sections.open_project(tiny_dir)
    text = plain(sections.participants_said(project, params).data)
    assert "The participants' questionnaire was not used" in text
    assert "collabkit import-feedback" in text


def test_you_said_we_did_says_when_people_were_told(tiny_dir):
    from collabkit.report import tables_outcomes

    (tiny_dir / "impact.csv").write_text(
        "contribution,outcome,decision_id,from_role,status,told_on\n"
        "Quieter evenings,Lights dimmed at 9pm,D1,service_user,adopted,2026-03-14\n"
        "A quiet room,No space yet,,carer,not_adopted,\n", encoding="utf-8")
    project, params = sections.open_project(tiny_dir)
    table = tables_outcomes.impact_table(project, {}, params.hidden, project.model)
    assert table["People told"].tolist()[:2] == ["14 Mar 2026", "not yet"]
