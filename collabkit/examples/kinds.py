"""The kinds of synthetic project: the knobs that make each one different to evaluate.

Each kind of project is built so that an evaluation has something different
to find:

``co_produced``
    Mixed roles (about 40% lived experience), both leads at nearly every
    meeting, all six steps in order, share of voice in proportion to
    presence, small groups in the larger meetings where talk is more equal
    than in plenary and lived-experience members are heard at least as
    much (the Trust's tip 3), all four actions, mostly dialogue, problems
    explored before solutions, decisions co-designed or co-produced in
    meetings (revisited ones re-made in a meeting at the same level or
    higher), reflections of 4-5 rising after every meeting, evidence for
    every checklist claim, and one meeting coded by a second coder.
``staff_led``
    Staff hold most of the talk, lived-experience members sit quietly (some
    never speak), solutions from the first minute, a jump from the Big Idea
    to Make the Change, decisions made outside meetings at inform/consult
    level and revisited less together than first agreed (lower on the
    ladder, or outside a meeting), mostly debate, courteous compliance, main
    items running over, low reflections, and checklist items marked done
    by staff alone, some with no evidence written down.
``inertia``
    Fifteen meetings, attendance falling from about 18 to 5, very few
    decisions, and those revisited less together, serial moves, stuck going
    back and forth between Understand What's Around and Gather Ideas,
    declining reflections.
``carers_hub``
    A smaller, warmer project that is patchier than ``co_produced``: mostly
    carers and family members with a few staff and partners, eight meetings
    (one per element of the model), all six steps, dialogue and all four
    actions, decisions mostly made together in meetings (one revisit
    re-made less together). Its weaker points: carers drift away as caring
    duties bite (attendance falls to about 60%), no small groups, so the
    few staff and partners out-talk the carers, meetings overrun their
    planned time, pair reflections after only half the meetings and cooling
    from about 4 to 3.5, some checklist items marked done with no evidence
    written down, and no meeting coded by a second coder.

:func:`collabkit.examples.generator.generate_tables` turns a kind into tables.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "Kind"]


@dataclass(frozen=True)
class Kind:
    """The knobs of one kind of synthetic project (shares sum to 1 where they are shares)."""

    participants: int
    meetings: int
    events: int
    roles: dict[str, float]  # share of people by role
    leads: tuple[str, str]  # roles of the pace and the process lead
    plan: dict[str, float]  # steps in journey order -> weight for extra meetings
    interleave: bool  # understand / gather_ideas in shuffled order (returns)
    start: str
    gap_days: tuple[int, int]
    presence: tuple[float, float]  # share of members present at first / last meeting
    lead_misses: int  # meetings each lead misses
    late_joiners: int
    voice: dict[str, float]  # speaking weight by role (lived-experience roles share one)
    silent: int  # lived-experience members who never speak
    moves: dict[str, dict[str, float]]  # "lived" / "other" -> action shares
    dialogue: float
    solution: dict[str, float]  # share of problem/solution talk on solutions, by step
    solution_slope: float  # change of that share from start to end of a meeting
    process_talk: float
    social_talk: float
    small_groups: bool
    group_voice: float  # power on speaking weights in small groups (1 = as in plenary, 0 = equal)
    group_lived: float  # lived experience's extra speaking weight in small groups (1 = none)
    decisions: float  # mean decisions per meeting ("few" kinds use decision_meetings)
    decision_meetings: float  # share of meetings with a decision; 0 = use the rate
    outside: float  # decisions made outside meetings, per meeting
    levels: dict[str, float]
    reflected: float  # share of meetings with a pair reflection
    scores: tuple[float, float]  # mean how_collaborative at first / last meeting
    checklist: dict[str, dict[str, float]]  # step (or "*") -> status shares
    impact: dict[str, float]
    welcoming: bool  # introductions, social time, principles on agendas
    second_coder: float  # share of move codes the second coder agrees on; 0 = none
    story: dict[str, str]
    overrun: int = 0  # minutes each meeting's main item runs over its plan
    unevidenced: float = 0  # share of checklist items marked done with no evidence
    revisits: int = 0  # later decisions that revisit an earlier one
    revisits_lower: int = 0  # of those, re-made less together (lower level, or outside)


KINDS: dict[str, Kind] = {
    "co_produced": Kind(
        participants=18, meetings=12, events=900,
        roles={"service_user": .22, "carer": .12, "family": .06, "volunteer": .1,
               "staff": .32, "partner": .18},
        leads=("staff", "service_user"),
        plan={"partnership": 0, "big_idea": 0, "decision_time": 0, "building_team": 0,
              "understand": 1, "gather_ideas": 1, "make_change": .8, "impact": 0},
        interleave=False, start="2024-09-10", gap_days=(21, 28), presence=(.86, .84),
        lead_misses=1, late_joiners=2,
        voice={"lived": 1, "staff": 1, "partner": 1, "volunteer": 1, "other": 1}, silent=0,
        moves={"lived": {"move": .3, "follow": .35, "oppose": .2, "bystand": .15},
               "other": {"move": .3, "follow": .35, "oppose": .2, "bystand": .15}},
        dialogue=.82,
        solution={"partnership": .05, "big_idea": .15, "decision_time": .2, "building_team": .15,
                  "understand": .08, "gather_ideas": .3, "make_change": .6, "impact": .35},
        solution_slope=.5, process_talk=.12, social_talk=.06, small_groups=True,
        group_voice=.3, group_lived=1.35,
        decisions=1.1, decision_meetings=0, outside=0,
        levels={"engage": .05, "co_design": .45, "co_produce": .5},
        reflected=1, scores=(4.1, 4.9),
        checklist={"*": {"done": .86, "partly": .1, "not_applicable": .04}},
        impact={"adopted": .75, "partly": .2, "not_adopted": .05},
        welcoming=True, second_coder=.85,
        story={"id": "riverside_crisis_cafe", "service": "Riverside Crisis Café", "scope": "service",
               "title": "Riverside crisis café: an evening safe space designed together",
               "purpose": "Design an evening crisis café with people who have used crisis "
                          "services, their carers and local partners."},
        revisits=2,
    ),
    "staff_led": Kind(
        participants=15, meetings=7, events=520,
        roles={"service_user": .2, "carer": .13, "family": .07, "volunteer": .07,
               "staff": .4, "partner": .13},
        leads=("staff", "staff"),
        plan={"big_idea": 0, "decision_time": 0, "make_change": 1, "impact": 0},
        interleave=False, start="2025-01-14", gap_days=(14, 21), presence=(.85, .8),
        lead_misses=0, late_joiners=0,
        voice={"lived": .35, "staff": 1.6, "partner": .8, "volunteer": .6, "other": .6}, silent=2,
        moves={"lived": {"move": .05, "follow": .85, "oppose": .01, "bystand": .09},
               "other": {"move": .5, "follow": .38, "oppose": .07, "bystand": .05}},
        dialogue=.25,
        solution={"big_idea": .75, "decision_time": .8, "make_change": .85, "impact": .7},
        solution_slope=-.2, process_talk=.04, social_talk=.01, small_groups=False,
        group_voice=.3, group_lived=1,
        decisions=1.4, decision_meetings=0, outside=1,
        levels={"inform": .55, "consult": .4, "engage": .05},
        reflected=.6, scores=(2.8, 2.2),
        checklist={"understand": {"not_done": 1}, "gather_ideas": {"not_done": 1},
                   "building_team": {"partly": .4, "not_done": .6},
                   "*": {"done": .4, "partly": .4, "not_done": .2}},
        impact={"adopted": .2, "partly": .4, "not_adopted": .4},
        welcoming=False, second_coder=0,
        story={"id": "hillside_discharge", "service": "Hillside Adult Wards", "scope": "services",
               "title": "Hillside wards: a new discharge planning process",
               "purpose": "Redesign discharge planning from the Hillside adult wards so that "
                          "fewer people are readmitted within a month."},
        overrun=15, unevidenced=.4, revisits=3, revisits_lower=3,
    ),
    "inertia": Kind(
        participants=20, meetings=15, events=760,
        roles={"service_user": .25, "carer": .1, "family": .05, "volunteer": .15,
               "staff": .3, "partner": .15},
        leads=("staff", "partner"),
        plan={"big_idea": 0, "decision_time": 0, "building_team": 0, "understand": 1,
              "gather_ideas": 1},
        interleave=True, start="2024-03-05", gap_days=(21, 35), presence=(.9, .27),
        lead_misses=0, late_joiners=0,
        voice={"lived": .9, "staff": 1.3, "partner": 1.1, "volunteer": .8, "other": .8}, silent=0,
        moves={"lived": {"move": .55, "follow": .12, "oppose": .15, "bystand": .18},
               "other": {"move": .62, "follow": .1, "oppose": .16, "bystand": .12}},
        dialogue=.5,
        solution={"big_idea": .25, "understand": .2, "gather_ideas": .3},
        solution_slope=0, process_talk=.2, social_talk=.05, small_groups=False,
        group_voice=.3, group_lived=1,
        decisions=0, decision_meetings=.2, outside=0,
        levels={"consult": .5, "engage": .5},
        reflected=.9, scores=(4, 2),
        checklist={"big_idea": {"done": .7, "partly": .3},
                   "decision_time": {"done": .6, "partly": .4},
                   "building_team": {"done": .5, "partly": .5},
                   "understand": {"done": .3, "partly": .6, "not_done": .1},
                   "gather_ideas": {"partly": .5, "not_done": .5},
                   "*": {"not_done": 1}},
        impact={"adopted": .05, "partly": .35, "not_adopted": .6},
        welcoming=True, second_coder=0,
        story={"id": "meadow_peer_support", "service": "Meadow Community Teams", "scope": "area",
               "title": "Meadow peer support network",
               "purpose": "Set up a peer support network across the Meadow area with people "
                          "who use community mental health services."},
        revisits=2, revisits_lower=2,
    ),
    "carers_hub": Kind(
        participants=14, meetings=8, events=480,
        roles={"carer": .43, "family": .14, "staff": .22, "partner": .21},
        leads=("staff", "carer"),
        plan={"partnership": 0, "big_idea": 0, "decision_time": 0, "building_team": 0,
              "understand": 1, "gather_ideas": 1, "make_change": 1, "impact": 0},
        interleave=False, start="2025-04-08", gap_days=(14, 28), presence=(.9, .6),
        lead_misses=1, late_joiners=1,
        voice={"lived": .7, "staff": 1.5, "partner": 1.3, "volunteer": 1, "other": 1}, silent=0,
        moves={"lived": {"move": .25, "follow": .4, "oppose": .15, "bystand": .2},
               "other": {"move": .32, "follow": .33, "oppose": .2, "bystand": .15}},
        dialogue=.76,
        solution={"partnership": .05, "big_idea": .15, "decision_time": .2, "building_team": .15,
                  "understand": .08, "gather_ideas": .25, "make_change": .6, "impact": .35},
        solution_slope=.5, process_talk=.08, social_talk=.1, small_groups=False,
        group_voice=.3, group_lived=1,
        decisions=.8, decision_meetings=0, outside=.1,
        levels={"engage": .1, "co_design": .55, "co_produce": .35},
        reflected=.5, scores=(4.0, 3.2),
        checklist={"*": {"done": .75, "partly": .2, "not_applicable": .05}},
        impact={"adopted": .55, "partly": .35, "not_adopted": .1},
        welcoming=True, second_coder=0,
        story={"id": "oakwood_carers_hub", "service": "Oakwood Carers' Hub", "scope": "service",
               "title": "Oakwood carers' hub: a drop-in designed with carers",
               "purpose": "Shape a weekly drop-in hub for carers of people using Oakwood "
                          "services."},
        overrun=20, unevidenced=.35, revisits=2, revisits_lower=1,
    ),
}


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of example '{kind}'; allowed: {', '.join(KINDS)}")
    return KINDS[kind]

