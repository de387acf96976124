"""Plain-language sentences for the evaluation report, built from metric tables.

Each section of the report opens with one sentence saying what was found
("Staff did most of the talking: 75% of contributions while being 42% of the
people present."). The builders here take the tidy tables of
:mod:`collabkit.metrics` (roles and names already made safe to show) and
return plain text; :mod:`collabkit.report.render` escapes it. Numbers, shares,
dates and lists are worded by :mod:`collabkit.formatting`, as in the charts' alt
text.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from collabkit.formatting import MISSING, capital, day, join_words, number, percent, plural

#: Plain-language explanations the report gives beside its numbers.
EXPLAIN: dict[str, str] = {
    "claims": (
        "The Trust warns that a group can move from step to step \"stating that it's all been "
        "done in collaboration\". An item marked done counts only with its evidence written "
        "down, and an item about working together only when someone with lived experience is "
        "named as involved."
    ),
    "agenda": (
        "The practical tips, planned into each meeting: introductions at the first meeting and "
        "whenever someone new comes, the principles and debate versus dialogue early on, small "
        "groups when many people come, social time, and a reflection in pairs at the end."
    ),
    "findings": (
        "Each finding rests on one number from the records, rated by a fixed rule that is the "
        "same for every project (data/model/scorecard.yaml). Its confidence says how much was "
        "recorded to base it on: a finding from one meeting, or from coding no second coder "
        "checked, is less sure than one from many meetings."
    ),
    "checklist": (
        "Completion counts an item partly done as half; evidence is the share of done or "
        "partly done items with evidence written down."
    ),
    "leaders": (
        "The model asks for two leaders: one keeps the pace of the project, the other "
        "watches whether the group is working collaboratively."
    ),
    "gini": (
        "The Gini coefficient is 0 when everyone present spoke equally often and near 1 "
        "when one person did all the talking; evenness is 1 when turns were spread "
        "perfectly evenly. People present who did not speak count as zero."
    ),
    "solution_talk": (
        "Before Make the Change, a group that has explored the problem talks about the "
        "problem at least as much as about solutions."
    ),
    "inertia": (
        "Meeting after meeting with no decision is collaborative inertia; a group that "
        "keeps deciding together is finding its advantage."
    ),
    "revisions": (
        "The Trust warns that decisions can end up \"made a little less together than was "
        "agreed at the beginning\". A decision that revisits an earlier one is made less "
        "together when it is made at a lower level of involvement, or outside a meeting when "
        "the first was made in one."
    ),
    "aims": (
        "At the first meetings everyone is asked why they are here and what they want the "
        "group to achieve; shared aims come from the answers."
    ),
    "glossary": (
        "Words build worlds: a glossary that comes from the group is a sign of a shared "
        "way of talking."
    ),
    "reflections": (
        "After every meeting, pairs answer three questions: were there problems with the "
        "process? How collaborative did it feel (1 to 5)? What needs to happen next time?"
    ),
    "participants_said": (
        "Participants answered a short questionnaire of their own (data/model/feedback.yaml): "
        "was I heard, was I supported to take part, did my contribution make a difference, "
        "was information accessible, would I take part again, each from 1 (strongly "
        "disagree) to 5 (strongly agree), and anything else they wanted to say. Answers are "
        "anonymous unless someone chose to give their name; roles with few respondents are "
        "shown together with a wider group, so that no one's answers can be picked out."
    ),
    "feedback_gap": (
        "The facilitators' pairs rated how collaborative each meeting felt; the "
        "participants said whether they were heard, on the same 1 to 5 scale. When the "
        "pairs' rating is well above the participants', those running the meetings saw them "
        "as more collaborative than those taking part felt (the finding above says when the "
        "gap counts against the project)."
    ),
}

#: What each status of a step means (:func:`collabkit.metrics.step_coverage`).
COVERAGE: dict[str, str] = {
    "covered": "meetings and a checklist item done with evidence",
    "rushed": "meetings, but no checklist item done with evidence",
    "skipped": "no meeting, though a later step had one",
    "not_reached": "no meeting, and no later step had one",
}

#: What the coding reliability statistics mean, for readers.
RELIABILITY: dict[str, str] = {
    "Cohen's kappa": (
        "agreement between two coders beyond what chance would give: 0 is chance, 1 is "
        "perfect; 0.41-0.60 moderate, 0.61-0.80 substantial, above 0.80 almost perfect "
        "(Landis and Koch)."
    ),
    "Krippendorff's alpha": (
        "the same idea for any number of coders: rely on the codes from 0.800, draw only "
        "tentative conclusions from 0.667 to 0.800, and not below 0.667."
    ),
}


# -- section sentences -----------------------------------------------------------------


def summary_sentence(card: pd.DataFrame) -> str:
    """How many dimensions rated strength, developing and concern, naming the concerns."""
    counts = card["rating"].astype(str).value_counts()
    sentence = (f"Of {len(card)} dimensions, {counts.get('strength', 0)} rated a strength, "
                f"{counts.get('developing', 0)} developing and {counts.get('concern', 0)} "
                f"a concern")
    concerns = card.loc[card["rating"].astype(str) == "concern", "label"]
    if 0 < len(concerns) <= 4:  # a longer list is easier to read from the cards below
        short = [str(label).split(":")[0].strip().lower() for label in concerns]
        sentence += f" ({join_words(short)})"
    if counts.get("not_recorded", 0):
        sentence += (f"; {counts['not_recorded']} could not be rated because too little was "
                     f"recorded")
    return sentence + "."


def journey_sentence(journey: pd.DataFrame, names: Mapping[str, str]) -> str:
    """Meetings held, and whether the group followed the steps, jumped or went back."""
    if journey.empty:
        return "No meetings were recorded, so the journey through the model cannot be shown."
    first, last = journey["date"].min(), journey["date"].max()
    sentence = (f"The project held {plural(len(journey), 'meeting')} from {day(first)} "
                f"to {day(last)}")
    jumps = journey[journey["transition"] == "jump"]
    returns = int((journey["transition"] == "return").sum())
    if len(jumps):
        row = jumps.iloc[0]
        skipped = [names.get(s, s) for s in str(row["skipped_steps"]).split(";") if s]
        sentence += (f"; at meeting {row['meeting_number']} it jumped to "
                     f"{names.get(str(row['step']), row['step'])}, skipping {join_words(skipped)}")
    if returns:
        sentence += f"; it went back to an earlier step {plural(returns, 'time')}"
    if not len(jumps) and not returns:
        sentence += ", following the model's steps in order"
    return sentence + "."


def people_sentence(by_group: pd.DataFrame, lived_share: float, attendance: pd.DataFrame) -> str:
    """People involved, the lived-experience share and attendance first to last."""
    people = int(by_group["People"].sum())
    sentence = (f"{plural(people, 'person', 'people')} took part; {percent(lived_share)} of them "
                f"had lived experience (service users, carers and family members)")
    if len(attendance):
        totals = attendance.groupby("meeting_number")["present"].sum().sort_index()
        sentence += (f". {plural(int(totals.iloc[0]), 'person', 'people')} came to the first "
                     f"meeting and {int(totals.iloc[-1])} to the last")
    return sentence + "."


def voice_sentence(roles: pd.DataFrame) -> str:
    """The role that spoke most against its share of those present, and lived experience."""
    spoke = roles[roles["contributions"] > 0]
    if spoke.empty:
        return "No contributions were coded, so share of voice cannot be shown."
    top = spoke.sort_values("share_of_voice", ascending=False).iloc[0]
    verb = "did most of the talking" if top["share_of_voice"] >= 0.5 else "spoke most"
    who = "People in other roles" if top["role"] == "Other" else top["role"]
    return (f"{who} {verb}: {percent(top['share_of_voice'])} of contributions while "
            f"being {percent(top['share_of_presence'])} of the people present.")


def talk_sentence(talk: pd.DataFrame, meetings: list[str]) -> str:
    """Where the talk-time numbers came from, and who talked most against their numbers.

    ``talk`` is :func:`collabkit.report.tables_people.talk_by_role`;
    ``meetings`` the ids of the meetings with a transcript.
    """
    time, coded, present = talk.columns[1:4]
    source = (f"Talk time is measured from the transcripts of {plural(len(meetings), 'meeting')} "
              f"({join_words(meetings)}); the contributions beside it were coded live in the "
              "same meetings.")
    spoke = talk[talk[time] > 0]
    if spoke.empty:
        return source
    top = spoke.sort_values(time, ascending=False).iloc[0]
    who = "People in other roles" if top["Role"] == "Other" else top["Role"]
    return (f"{source} {who} talked for {percent(top[time])} of the time while being "
            f"{percent(top[present])} of the people present"
            + (f" and making {percent(top[coded])} of the contributions." if
               pd.notna(top[coded]) else "."))


def equality_sentence(equality: pd.DataFrame) -> str:
    """Gini and silent attendees across meetings."""
    if equality.empty or equality["contributions"].sum() == 0:
        return "No contributions were coded, so equality of speaking cannot be shown."
    silent = int(equality["silent"].sum())
    with_silent = int((equality["silent"] > 0).sum())
    return (f"The average Gini was {number(equality['gini'].mean())} (0 means everyone "
            f"present spoke equally often); in "
            f"{with_silent} of {plural(len(equality), 'meeting')} someone present did not "
            f"speak ({plural(silent, 'silent attendance')} in all).")


def plenary_sentence(plenary: pd.DataFrame) -> str:
    """Small groups against the whole group: equality and lived-experience voice."""
    rows = plenary.set_index("setting")
    if "small_groups" not in rows.index or not rows.loc["small_groups", "contributions"]:
        return "No contributions were coded in small groups: all talk was in the whole group."
    small, whole = rows.loc["small_groups"], rows.loc["plenary"]
    return (f"In small groups the Gini was {number(small['gini'])} against {number(whole['gini'])} "
            f"in the whole group; people with lived experience had "
            f"{percent(small['lived_experience_share_of_voice'])} of the voice in small groups and "
            f"{percent(whole['lived_experience_share_of_voice'])} in the whole group.")


def four_player_sentence(totals: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """Overall shares of the four actions and the least used."""
    total = sum(totals.values())
    if not total:
        return "No contributions were coded, so the four actions cannot be shown."
    shares = [f"{percent(count / total)} {labels[move].lower()}s" for move, count in totals.items()]
    least = min(totals, key=lambda move: totals[move])
    return (f"Of {plural(total, 'coded contribution')}, {join_words(shares)}; "
            f"{labels[least].lower()} was used least.")


def stuck_sentence(counts: pd.DataFrame, meetings: int) -> str:
    """Stuck-pattern episodes found and the most common pattern."""
    if counts.empty:
        return "No stuck patterns were found in the coded meetings."
    top = counts.iloc[0]
    return (f"{plural(int(counts['Episodes'].sum()), 'stuck episode')} were found across "
            f"{plural(meetings, 'meeting')}; the most common was "
            f"{str(top['Pattern']).lower()} ({int(top['Episodes'])}).")


def dialogue_sentence(dialogue: pd.DataFrame) -> str:
    """Overall dialogue share and its range across meetings."""
    coded = int(dialogue["coded"].sum()) if len(dialogue) else 0
    if not coded:
        return "No contributions were coded for debate or dialogue."
    share = dialogue["dialogue"].sum() / coded
    shares = dialogue.dropna(subset=["dialogue_share"])
    low = shares.loc[shares["dialogue_share"].idxmin()]
    high = shares.loc[shares["dialogue_share"].idxmax()]
    lead = "Most talk was dialogue" if share >= 0.5 else "Most talk was debate"
    return (f"{lead}: {percent(share)} of {plural(coded, 'coded contribution')} were dialogue, "
            f"from {percent(low['dialogue_share'])} at meeting {low['meeting_number']} to "
            f"{percent(high['dialogue_share'])} at meeting {high['meeting_number']}.")


def coverage_sentence(coverage: pd.DataFrame, names: Mapping[str, str]) -> str:
    """Each step's status in words: covered, or rushed, skipped or not reached."""
    if coverage.empty:
        return "The model has no steps to cover."
    short = [f"{names.get(str(step), str(step))}: {str(status).replace('_', ' ')}, "
             f"{COVERAGE[str(status)]}"
             for step, status in zip(coverage["step"], coverage["status"], strict=True)
             if str(status) != "covered"]
    if not short:
        return "Every step had meetings and checklist items done with evidence."
    return capital("; ".join(short)) + "."


def decisions_sentence(per_meeting: pd.DataFrame, decisions: pd.DataFrame,
                       runs: pd.DataFrame) -> str:
    """Decisions in and outside meetings, and the longest run of meetings without one."""
    outside = int(decisions["meeting_id"].isna().sum())
    sentence = (f"{plural(len(decisions), 'decision')} recorded, {outside} outside a meeting; "
                f"{int((per_meeting['decisions'] > 0).sum())} of "
                f"{plural(len(per_meeting), 'meeting')} made at least one decision")
    if len(runs):
        order = dict(zip(per_meeting["meeting_id"], per_meeting["meeting_number"], strict=True))
        longest = runs.sort_values("meetings", ascending=False).iloc[0]
        sentence += (f", but {int(longest['meetings'])} meetings in a row (meetings "
                     f"{order.get(longest['first_meeting'], longest['first_meeting'])} to "
                     f"{order.get(longest['last_meeting'], longest['last_meeting'])}) made none")
    return sentence + "."


def apart_sentence(where: pd.Series, decisions: int) -> str:
    """Decisions made outside meetings or without lived-experience members present."""
    outside = int((where == "outside a meeting").sum())
    return (f"{outside} of {plural(decisions, 'decision')} were made outside a meeting and "
            f"{len(where) - outside} in a meeting where nobody with lived experience was "
            f"present.")


def vocabulary_sentence(aims: pd.DataFrame, glossary: pd.DataFrame) -> str:
    """Who said why they were here, and the glossary's size."""
    said = int(aims["aims"].sum()) if len(aims) else 0
    people = int(aims["people"].sum()) if len(aims) else 0
    agreed = int(glossary["agreed"].fillna(False).astype(bool).sum()) if len(glossary) else 0
    return (f"{said} of {plural(people, 'person', 'people')} recorded why they were here; "
            f"the group defined {plural(len(glossary), 'shared term')}, {agreed} of them agreed.")


def reflections_sentence(trend: pd.DataFrame) -> str:
    """How collaborative meetings felt: average and first to last."""
    scored = trend.dropna(subset=["how_collaborative"])
    if scored.empty:
        return "No pair reflections were recorded, so how collaborative it felt is unknown."
    first, last = scored.iloc[0], scored.iloc[-1]
    return (f"{len(scored)} of {plural(len(trend), 'meeting')} had a pair reflection; "
            f"meetings felt {number(scored['how_collaborative'].mean(), 1)} out of 5 "
            f"collaborative on average, {number(first['how_collaborative'], 1)} at the first "
            f"and {number(last['how_collaborative'], 1)} at the last.")


def problems_sentence(problems: pd.DataFrame) -> str:
    """Process problems that came up at more than one meeting."""
    if problems.empty:
        return "No process problem came up at more than one meeting."
    said = [f"{theme} came up at {plural(int(n), 'meeting')}"
            for theme, n in zip(problems["theme"], problems["meetings"], strict=True)]
    return capital(join_words(said)) + "."


def impact_sentence(statuses: pd.Series) -> str:
    """Contributions adopted, partly adopted and not adopted."""
    if statuses.empty:
        return "No \"you said, we did\" records were kept."
    counts = statuses.astype(str).value_counts()
    return (f"Of {plural(len(statuses), 'contribution')} recorded, "
            f"{counts.get('adopted', 0)} were adopted, {counts.get('partly', 0)} partly and "
            f"{counts.get('not_adopted', 0)} not adopted.")


def actions_sentence(actions: int) -> str:
    """What page one's list of actions is."""
    if not actions:
        return "Nothing stood out to change: keep doing what worked, and keep recording it."
    return (f"The {plural(actions, 'action')} that matter most, from the concerns and the "
            f"surest findings first:" if actions > 1 else
            "The action that matters most:")


def next_time_sentence(card: pd.DataFrame, recommendations: pd.DataFrame) -> str:
    """How many areas need work and how many suggestions follow."""
    ratings = card["rating"].astype(str)
    weak = int(ratings.isin(["concern", "developing"]).sum())
    if len(recommendations):
        return (f"{plural(weak, 'dimension')} rated developing or a concern; here are "
                f"{plural(len(recommendations), 'thing')} to try next time, each from the "
                f"practical tips.")
    if (ratings == "strength").all():
        return "Every dimension rated a strength: keep doing what worked."
    return (f"No dimension rated developing or a concern, but "
            f"{plural(int((ratings == 'not_recorded').sum()), 'dimension')} could not be "
            f"rated: record more next time, and keep the practical tips in mind.")


def reliability_sentence(agreement: pd.DataFrame) -> str:
    """Coding reliability in one sentence."""
    if agreement.empty:
        return ("No meeting was coded by two coders, so how reliable the coding is "
                "cannot be said.")
    overall = agreement.iloc[-1]
    return (f"Two coders coded {plural(len(agreement) - 1, 'meeting')} independently: "
            f"they agreed on {percent(overall['raw_agreement'])} of contributions (Cohen's kappa "
            f"{number(overall['kappa'])}, {overall['kappa_label'] or MISSING}; Krippendorff's "
            f"alpha {number(overall['alpha'])}, {overall['alpha_label'] or MISSING}).")
