"""The numbers behind the evaluation report: metric tables reshaped for readers.

Each function takes a project (and what the report may show of people: the
names of :func:`collabkit.report.privacy.pseudonymise`, the hidden real names, the
smallest group shown) and returns a DataFrame with plain column names, step
and code labels instead of ids, people by the names allowed, roles folded
into "Other" where a group is small, and free text with hidden names taken
out. Escaping is left to :mod:`collabkit.report.render`. Metrics come from
:mod:`collabkit.metrics`; nothing is computed here that a researcher would
report.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from collabkit import evaluation, metrics
from collabkit.formatting import (
    MISSING,
    day,
    join_words,
    label,
    number,
    percent,
    plural,
    step_label,
)
from collabkit.model import Model
from collabkit.project import Project
from collabkit.report import privacy
from collabkit.report import text as say

OTHER = "Other"
TRANSITIONS = {"start": "first step", "same": "same step", "next": "next step",
               "jump": "jumped ahead", "return": "went back", "cross_cutting": "cross-cutting"}
#: A rating as a symbol and a word kept together ("! Concern").
RATING_TEXT = {"strength": "✓\u00a0Strength", "developing": "◑\u00a0Developing",
               "concern": "!\u00a0Concern", "not_recorded": "?\u00a0Not recorded"}
COVERAGE = {"covered": "covered: meetings and checklist evidence",
            "rushed": "rushed: meetings or evidence, not both",
            "skipped": "skipped: no meeting and no evidence", "not_reached": "not reached"}

_cards: weakref.WeakKeyDictionary[Project, pd.DataFrame] = weakref.WeakKeyDictionary()


def scorecard(project: Project) -> pd.DataFrame:
    """:func:`collabkit.evaluation.scorecard`, worked out once per project (several sections use it)."""
    if project not in _cards:
        _cards[project] = evaluation.scorecard(project)
    return _cards[project]


def free(value: Any, hidden: Mapping[str, str]) -> Any:
    """Free text with hidden real names replaced by pseudonyms (escaped later, by render)."""
    return privacy.redact(value, hidden)


def _steps(values: Any, model: Model) -> list[str]:
    return [step_label(model, s) for s in values]


def _named(ids: Any, names: Mapping[str, str]) -> list[str]:
    return [names.get(str(p), MISSING) if isinstance(p, str) else MISSING for p in ids]


def meeting_numbers(project: Project) -> pd.DataFrame:
    """meeting_id and meeting_number (1.. in date order)."""
    return metrics.meeting_order(project)[["meeting_id", "meeting_number"]]


# -- people, roles and privacy ------------------------------------------------------------


def role_groups(project: Project, min_group_size: int, model: Model) -> dict[str, str]:
    """Role code -> the group shown: the role's label, or "Other" when the group is small."""
    roles = project.participants["role"].astype(str)
    people = pd.DataFrame({"role": [privacy.role_label(r, model) for r in roles]})
    folded = privacy.fold_small_groups(people, "role", min_size=min_group_size, label=OTHER)
    return dict(zip(roles, folded["role"], strict=True))


def fold_roles(frame: pd.DataFrame, groups: Mapping[str, str], keys: list[str],
               sums: list[str]) -> pd.DataFrame:
    """Rows per role summed into the groups shown (roles nobody holds are dropped)."""
    shown = frame.assign(role=frame["role"].astype(str).map(groups)).dropna(subset=["role"])
    return shown.groupby([*keys, "role"], sort=False)[sums].sum().reset_index()


def people_by_group(project: Project, groups: Mapping[str, str]) -> pd.DataFrame:
    """Role (folded), People, Lived experience (yes / no / some)."""
    lived = metrics.lived_experience(project.participants["role"], project.model).to_numpy()
    roles = project.participants["role"].astype(str).map(groups)
    counts = (pd.DataFrame({"Role": roles, "lived": lived}).groupby("Role", sort=False)["lived"]
              .agg(["size", "mean"]).reset_index())
    return pd.DataFrame({"Role": counts["Role"], "People": counts["size"],
                         "Lived experience": ["yes" if m == 1 else "no" if m == 0 else "some"
                                              for m in counts["mean"]]})


def attendance_table(attendance: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, one column per group shown, Everyone."""
    wide = attendance.pivot_table(index=["meeting_number", "date"], columns="role",
                                  values="present", aggfunc="sum", sort=False).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"meeting_number": "Meeting", "date": "Date"})
    return wide.assign(Everyone=wide.drop(columns=["Meeting", "Date"]).sum(axis=1))


def leaders_table(project: Project, names: Mapping[str, str]) -> pd.DataFrame:
    """Lead, Who, Meetings present."""
    leaders = metrics.leaders_involvement(project)
    return pd.DataFrame({
        "Lead": ["Keeps the pace (project lead)" if k == "pace" else
                 "Watches how the group works (process lead)" for k in leaders["lead"]],
        "Who": _named(leaders["participant_id"], names),
        "Meetings present": [MISSING if pd.isna(a) else f"{int(a)} of {int(b)}" for a, b in
                             zip(leaders["meetings_present"], leaders["meetings"], strict=True)]})


def role_voice(project: Project, groups: Mapping[str, str]) -> pd.DataFrame:
    """role_voice with small roles folded: role, people, contributions, shares, ratio."""
    roles = fold_roles(metrics.role_voice(project), groups, [],
                       ["people", "contributions", "share_of_voice", "share_of_presence"])
    return roles.assign(voice_to_presence=roles["share_of_voice"] / roles[
        "share_of_presence"].where(roles["share_of_presence"] > 0))


def person_voice(project: Project, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per person by the name shown, most contributions first."""
    people = metrics.participant_voice(project).sort_values("contributions", ascending=False)
    return pd.DataFrame({
        "Person": [names.get(str(p), str(p)) for p in people["participant_id"]],
        "Meetings present": people["meetings_present"], "Contributions": people["contributions"],
        "Share of voice": people["share_of_voice"],
        "Share of presence": people["share_of_presence"],
        "Voice ÷ presence": people["voice_to_presence"]})


EQUALITY_SHARES = ("Top speaker's share", "Lived experience: share of voice",
                   "Lived experience: share present")


def equality_table(equality: pd.DataFrame) -> pd.DataFrame:
    """Per meeting: present, spoke, silent, Gini, evenness and shares."""
    return equality[["meeting_number", "date", "present", "speakers", "silent", "gini",
                     "evenness", "top_share", "lived_experience_share_of_voice",
                     "lived_experience_share_present"]].set_axis(
        ["Meeting", "Date", "Present", "Spoke", "Silent", "Gini", "Evenness",
         *EQUALITY_SHARES], axis=1)


def plenary_table(plenary: pd.DataFrame) -> pd.DataFrame:
    """Small groups against the whole group."""
    return plenary.assign(setting=plenary["setting"].map(
        {"plenary": "Whole group (plenary)", "small_groups": "Small groups"})).set_axis(
        ["Setting", "Meetings", "Contributions", "Speakers", "Gini", "Evenness",
         "Lived experience: share of voice"], axis=1)


# -- the journey ------------------------------------------------------------------------


def journey_table(project: Project, route: pd.DataFrame, hidden: Mapping[str, str],
                  model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Title, Move, Steps skipped."""
    titles = project.meetings.set_index("meeting_id")["title"]
    return pd.DataFrame({
        "Meeting": route["meeting_number"], "Date": route["date"],
        "Step": _steps(route["step"], model),
        "Title": [free(titles.get(m), hidden) for m in route["meeting_id"]],
        "Move": [TRANSITIONS.get(str(t), str(t)) for t in route["transition"]],
        "Steps skipped": [join_words(step_label(model, s) for s in str(v).split(";") if s)
                          if isinstance(v, str) else "" for v in route["skipped_steps"]]})


def coverage_table(coverage: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step, Meetings, First meeting, Checklist items, With evidence, Status."""
    return pd.DataFrame({"Step": _steps(coverage["step"], model),
                         "Meetings": coverage["meetings"],
                         "First meeting": coverage["first_meeting_date"],
                         "Checklist items": coverage["checklist_items"],
                         "With evidence": coverage["evidence_items"],
                         "Status": [COVERAGE.get(str(s), str(s)) for s in coverage["status"]]})


def checklist_table(project: Project, model: Model) -> pd.DataFrame:
    """Checklist completion and evidence by step."""
    done = metrics.checklist_completion(project)
    return done.assign(step=_steps(done["step"], model)).drop(columns="order").set_axis(
        ["Step", "Items", "Recorded", "Done", "Partly", "Not done", "Not applicable",
         "Completion", "Evidence"], axis=1)


# -- process ------------------------------------------------------------------------------


def four_player_table(project: Project, labels: Mapping[str, str]) -> pd.DataFrame:
    """Meeting, the share of each action, Missing actions."""
    balance = metrics.four_player_balance(project).merge(meeting_numbers(project),
                                                         on="meeting_id")
    return balance[["meeting_number", *labels, "missing_actions"]].rename(
        columns={"meeting_number": "Meeting", "missing_actions": "Missing actions", **labels})


def stuck_patterns(project: Project) -> pd.DataFrame:
    """:func:`collabkit.metrics.detect_stuck_patterns` over the primary coder's events."""
    return metrics.detect_stuck_patterns(metrics.primary_events(project), model=project.model,
                                         participants=project.participants,
                                         reflections=project.reflections)


def stuck_summary(stuck: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Pattern, Meetings, Episodes, What it means, What helps; most frequent first."""
    patterns = model.stuck_patterns.set_index("pattern_id")
    counts = (stuck.groupby("pattern").agg(meetings=("meeting_id", "nunique"),
                                           episodes=("meeting_id", "size"))
              .sort_values("episodes", ascending=False))
    return pd.DataFrame({"Pattern": patterns.loc[counts.index, "name"].to_numpy(),
                         "Meetings": counts["meetings"].to_numpy(),
                         "Episodes": counts["episodes"].to_numpy(),
                         "What it means": patterns.loc[counts.index, "description"].to_numpy(),
                         "What helps": patterns.loc[counts.index, "helps"].to_numpy()})


def stuck_examples(project: Project, stuck: pd.DataFrame, names: Mapping[str, str],
                   hidden: Mapping[str, str], model: Model) -> list[str]:
    """The first episode of each pattern, with participant ids shown as names."""
    patterns = model.stuck_patterns.set_index("pattern_id")["name"]
    order = meeting_numbers(project).set_index("meeting_id")["meeting_number"]
    rename = _id_replacer(names)
    return [f"Meeting {order.get(r.meeting_id, r.meeting_id)}, {patterns[r.pattern].lower()}: "
            f"{free(rename(r.explanation), hidden)}"
            for r in stuck.drop_duplicates("pattern").itertuples()]


def _id_replacer(names: Mapping[str, str]) -> Callable[[Any], Any]:
    if not names:
        return lambda text: text
    ids = sorted(names, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(i) for i in ids)})(?!\w)")
    return lambda text: pattern.sub(lambda m: names[m.group(0)], text) \
        if isinstance(text, str) else text


def dialogue_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, Coded, Dialogue, Debate, Dialogue share."""
    return shares[["meeting_number", "date", "coded", "dialogue", "debate",
                   "dialogue_share"]].set_axis(["Meeting", "Date", "Coded", "Dialogue",
                                                "Debate", "Dialogue share"], axis=1)


def onset_table(onset: pd.DataFrame, model: Model) -> pd.DataFrame:
    """When the first solution came in each meeting."""
    return onset[["meeting_number", "date", "step", "contributions", "problem_before_solution",
                  "solution_onset", "early_solution"]].assign(
        step=_steps(onset["step"], model)).set_axis(
        ["Meeting", "Date", "Step", "Contributions", "Problem talk before the first solution",
         "Share before the first solution", "Early solution"], axis=1)


def talk_table(talk: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step, Coded, About solutions, About the problem (steps with coded talk)."""
    talk = talk[talk["coded"] > 0]
    return pd.DataFrame({"Step": _steps(talk["step"], model), "Coded": talk["coded"],
                         "About solutions": talk["solution_share"],
                         "About the problem": talk["problem_share"]})


def skipped_before_change(project: Project, model: Model) -> list[str]:
    """Names of the action-bias steps with no meeting before Make the Change."""
    coverage = metrics.step_coverage(project).set_index("step")
    return [step_label(model, s) for s in model.tools["action_bias"]["skipped_steps"]
            if s in coverage.index and not bool(coverage.loc[s, "before_make_change"])]


# -- decisions ----------------------------------------------------------------------------


def decisions_table(per_meeting: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Decisions, Meetings in a row without one."""
    return per_meeting[["meeting_number", "date", "step", "decisions",
                        "run_without_decision"]].assign(
        step=_steps(per_meeting["step"], model)).set_axis(
        ["Meeting", "Date", "Step", "Decisions", "Meetings in a row without one"], axis=1)


def decisions_list(project: Project, hidden: Mapping[str, str], model: Model,
                   *, apart: bool = False) -> pd.DataFrame:
    """Every decision (or, with ``apart``, those made outside meetings or without
    lived-experience members): Date, Decision, Step, Level, Where.
    """
    inclusion = metrics.decision_inclusion(project).merge(
        project.decisions[["decision_id", "summary"]], on="decision_id", how="left")
    inside = inclusion["in_meeting"].astype(bool)
    without = inclusion["lived_experience_present"].astype("boolean").eq(False).fillna(False)
    if apart:
        inclusion = inclusion[~inside | without]
        inside, without = inside[inclusion.index], without[inclusion.index]
    return pd.DataFrame({
        "Date": inclusion["date"], "Decision": [free(s, hidden) for s in inclusion["summary"]],
        "Step": _steps(inclusion["step"], model),
        "Level": [label(model, "level", v) for v in inclusion["level"]],
        "Where": ["outside a meeting" if not i else "meeting without lived experience" if w
                  else "in a meeting" for i, w in zip(inside, without, strict=True)]})


def ladder_table(ladder: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Step and one column per level of the ladder (decisions)."""
    levels = {lv: model.label("level", lv) for lv in model.codes["level"]}
    wide = ladder[ladder["decisions"] > 0].pivot_table(
        index="step", columns="level", values="decisions", aggfunc="sum", observed=True,
        sort=False).reset_index()
    wide.columns.name = None
    return wide.assign(step=_steps(wide["step"], model)).rename(columns={"step": "Step",
                                                                         **levels})


# -- vocabulary, reflections, impact --------------------------------------------------------


def aims_table(aims: pd.DataFrame) -> pd.DataFrame:
    """Role (folded), People, Said why they were here, Share."""
    return pd.DataFrame({"Role": aims["role"], "People": aims["people"],
                         "Said why they were here": aims["aims"],
                         "Share": aims["aims"] / aims["people"].where(aims["people"] > 0)})


def aims_quotes(project: Project, names: Mapping[str, str], hidden: Mapping[str, str],
                limit: int = 3) -> list[str]:
    """A few different answers to "why are you here?", attributed by the name shown."""
    aims = project.aims.dropna(subset=["why_here"]).drop_duplicates("why_here").head(limit)
    return [f"“{free(q, hidden)}” ({names.get(str(p), 'someone')})"
            for p, q in zip(aims["participant_id"], aims["why_here"], strict=True)]


def glossary_table(project: Project, names: Mapping[str, str],
                   hidden: Mapping[str, str]) -> pd.DataFrame:
    """Term, Meaning, Proposed by, Agreed."""
    glossary = project.glossary
    return pd.DataFrame({"Term": [free(t, hidden) for t in glossary["term"]],
                         "Meaning": [free(m, hidden) for m in glossary["meaning"]],
                         "Proposed by": _named(glossary["proposed_by"], names),
                         "Agreed": glossary["agreed"].to_numpy()})


def growth_table(growth: pd.DataFrame) -> pd.DataFrame:
    """Meeting, Date, New terms, All terms, Agreed."""
    return growth[["meeting_number", "date", "new_terms", "total_terms",
                   "agreed_terms"]].set_axis(["Meeting", "Date", "New terms", "All terms",
                                              "Agreed"], axis=1)


def trend_table(trend: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Meeting, Date, Step, Reflections, How collaborative (1-5)."""
    return trend[["meeting_number", "date", "step", "reflections", "how_collaborative"]].assign(
        step=_steps(trend["step"], model)).set_axis(
        ["Meeting", "Date", "Step", "Reflections", "How collaborative (1-5)"], axis=1)


def reflections_table(project: Project, hidden: Mapping[str, str]) -> pd.DataFrame:
    """What the pairs wrote: Date, score, problems, next time."""
    r = project.reflections.merge(project.meetings[["meeting_id", "date"]], on="meeting_id",
                                  how="left").sort_values(["date", "meeting_id"])
    return pd.DataFrame({"Date": r["date"].to_numpy(),
                         "How collaborative (1-5)": r["how_collaborative"].to_numpy(),
                         "Problems with the process": [free(v, hidden)
                                                       for v in r["process_problems"]],
                         "Next time": [free(v, hidden) for v in r["next_time"]]})


def problems_table(problems: pd.DataFrame, hidden: Mapping[str, str]) -> pd.DataFrame:
    """Theme, Meetings, Mentions, Example."""
    return problems.assign(example=[free(e, hidden) for e in problems["example"]]).set_axis(
        ["Theme", "Meetings", "Mentions", "Example"], axis=1)


def impact_table(project: Project, groups: Mapping[str, str], hidden: Mapping[str, str],
                 model: Model) -> pd.DataFrame:
    """You said, We did, From (role group), Status."""
    i = project.impact
    return pd.DataFrame({
        "You said": [free(v, hidden) for v in i["contribution"]],
        "We did": [free(v, hidden) for v in i["outcome"]],
        "From": [MISSING if pd.isna(r) else groups.get(str(r), OTHER) for r in i["from_role"]],
        "Status": [label(model, "impact_status", v) for v in i["status"]]})


# -- next time and method ----------------------------------------------------------------


def recommendations_table(card: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Area, Rating (symbol and word), Practical tip, What to try."""
    labels = dict(zip(card["dimension"], card["label"], strict=True))
    ratings = dict(zip(card["dimension"], card["rating"].astype(str), strict=True))
    return pd.DataFrame({
        "Area": [labels.get(d, d) for d in recs["dimension"]],
        "Rating": [RATING_TEXT.get(ratings.get(d, ""), MISSING) for d in recs["dimension"]],
        "Practical tip": [f"Tip {t}: {name}" for t, name in zip(recs["tip_id"], recs["tip"],
                                                                strict=True)],
        "What to try": recs["recommendation"]})


def reliability_table(agreement: pd.DataFrame) -> pd.DataFrame:
    """Coder agreement per meeting with the meaning of kappa and alpha."""
    return agreement[["meeting_id", "coders", "units", "raw_agreement", "kappa", "kappa_label",
                      "alpha", "alpha_label"]].set_axis(
        ["Meeting", "Coders", "Contributions coded by both", "Raw agreement", "Kappa",
         "Kappa: meaning", "Alpha", "Alpha: meaning"], axis=1)


def recorded_table(project: Project) -> pd.DataFrame:
    """Table, Rows: what was recorded."""
    return pd.DataFrame([(name.capitalize(), len(t)) for name, t in project.tables.items()],
                        columns=["Table", "Rows"])


def gripp2(project: Project, hidden: Mapping[str, str], agreement: pd.DataFrame) -> pd.DataFrame:
    """The five GRIPP2 short-form items, filled from the project's records."""
    card = scorecard(project)
    rating = card["rating"].astype(str)
    named = {r: join_words(str(area).split(":")[0].lower()
                           for area in card.loc[rating == r, "label"])
             for r in ("strength", "developing", "concern")}
    lived = metrics.lived_experience(project.participants["role"], project.model)
    meetings = project.meetings
    together = int(project.decisions["level"].astype(str).isin(["co_design",
                                                                "co_produce"]).sum())
    feeling = metrics.reflection_summary(project).iloc[0]
    themes = metrics.recurring_problems(project)["theme"].tolist()
    adopted = int((project.impact["status"].astype(str) == "adopted").sum())
    work_on = join_words(x for x in (named["concern"], named["developing"]) if x)
    return pd.DataFrame({
        "Item": ["Aim", "Methods", "Results", "Discussion and conclusions",
                 "Reflections / critical perspective"],
        "In this project": [
            free(project.info.get("purpose") or MISSING, hidden),
            f"{plural(len(meetings), 'meeting')} from {day(meetings['date'].min())} "
            f"to {day(meetings['date'].max())} worked through the Collaborative Model with "
            f"{plural(len(lived), 'person', 'people')} ({percent(lived.mean())} with lived "
            f"experience). {plural(len(metrics.primary_events(project)), 'contribution')} "
            f"were coded for the four actions, debate or dialogue and focus; pairs reflected "
            f"after {plural(int(feeling['reflected_meetings']), 'meeting')}; checklists, "
            f"decisions, a glossary and \"you said, we did\" were recorded.",
            f"{int((rating == 'strength').sum())} of {len(card)} dimensions rated a strength "
            f"and {int((rating == 'concern').sum())} a concern. "
            f"{plural(len(project.decisions), 'decision')}, {together} at co-design or "
            f"above; {adopted} of {plural(len(project.impact), 'contribution')} adopted.",
            f"Strengths: {named['strength'] or 'none'}. To work on: {work_on or 'nothing'}.",
            f"Meetings felt {number(feeling['mean'], 1)} out of 5 collaborative on average; "
            f"recurring problems: {join_words(themes) or 'none'}. "
            f"{say.reliability_sentence(agreement)}"]})


def model_labels(code: str, model: Model) -> dict[str, str]:
    """Code -> label for one code list of the model."""
    return {value: model.label(code, value) for value in model.codes[code]}
