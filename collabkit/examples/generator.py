"""Seeded synthetic projects: the bundled examples and benchmark data.

Each kind of project is built so that an evaluation has something different
to find:

``co_produced``
    Mixed roles (about 40% lived experience), both leads at nearly every
    meeting, all six steps in order, share of voice in proportion to
    presence, small groups in the larger meetings where talk is more equal
    than in plenary and lived-experience members are heard at least as
    much (the Trust's tip 3), all four actions, mostly dialogue, problems
    explored before solutions, decisions co-designed or co-produced in
    meetings, reflections of 4-5 rising, and one meeting coded by a second
    coder.
``staff_led``
    Staff hold most of the talk, lived-experience members sit quietly (some
    never speak), solutions from the first minute, a jump from the Big Idea
    to Make the Change, decisions made outside meetings at inform/consult
    level, mostly debate, courteous compliance and low reflections.
``inertia``
    Fifteen meetings, attendance falling from about 18 to 5, very few
    decisions, serial moves, stuck going back and forth between Understand
    What's Around and Gather Ideas, declining reflections.

All names, services and titles are invented. The same seed always gives the
same tables. Events are generated with vectorised numpy, so a project with a
million coded events takes a few seconds.

Examples
--------
>>> from collabkit.examples.generator import generate_tables
>>> info, tables = generate_tables("staff_led", seed=1)
>>> sorted(tables)[:3]
['agenda', 'aims', 'attendance']
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.examples import meetings as talk
from collabkit.examples import records
from collabkit.model import Model, load_model

if TYPE_CHECKING:
    from collabkit.project import Project

BLANK = records.BLANK


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
    ),
}

#: The bundled examples: (file or folder name, kind, seed, size overrides, story overrides).
EXAMPLES: tuple[tuple[str, str, int, dict, dict], ...] = (
    ("riverside_crisis_cafe", "co_produced", 11, {}, {}),
    ("hillside_discharge", "staff_led", 12, {}, {}),
    ("meadow_peer_support", "inertia", 13, {}, {}),
    ("oakwood_carers_hub.xlsx", "co_produced", 14,
     {"n_participants": 12, "n_meetings": 8, "n_events": 420},
     {"title": "Oakwood carers' hub: a drop-in designed with carers",
      "service": "Oakwood Carers' Hub",
      "purpose": "Shape a weekly drop-in hub for carers of people using Oakwood services."}),
)


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of example '{kind}'; allowed: {', '.join(KINDS)}")
    return KINDS[kind]


def generate_tables(kind: str = "co_produced", *, seed: int = 0,
                    n_participants: int | None = None, n_meetings: int | None = None,
                    n_events: int | None = None, project_id: str | None = None,
                    model: Model | None = None) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Generate one synthetic project as plain tables.

    Parameters
    ----------
    kind : {"co_produced", "staff_led", "inertia"}
        What an evaluation of the project should find (see the module docstring).
    seed : int
        Same kind, seed and sizes give identical tables.
    n_participants, n_meetings, n_events : int, optional
        Sizes. By default 15-20 people, 7-15 meetings and 500-900 coded events.
        ``n_events`` counts every event row over the project, a second
        coder's rows included; it may be millions.
    project_id : str, optional
        The project's id; by default the kind's example id.
    model : Model, optional
        The model whose codes the tables use; by default
        :func:`collabkit.model.load_model`'s.

    Returns
    -------
    info : dict
        The ``project.yaml`` fields; ``leads`` is ``{"pace": id, "process": id}``.
    tables : dict of str to DataFrame
        Every table of the data contract as text and numbers, ready for
        :meth:`collabkit.project.project.Project.from_tables`.

    Raises
    ------
    ValueError
        For an unknown kind, or fewer than 4 participants or 1 meeting.
    """
    spec = _kind(kind)
    model = model if model is not None else load_model()
    rng = np.random.default_rng([seed, list(KINDS).index(kind)])
    n_people = spec.participants if n_participants is None else int(n_participants)
    n_meet = spec.meetings if n_meetings is None else int(n_meetings)
    n_ev = spec.events if n_events is None else int(n_events)
    if n_people < 4 or n_meet < 1 or n_ev < 0:
        raise ValueError("a synthetic project needs at least 4 participants, 1 meeting and "
                         f"0 events; got {n_people}, {n_meet} and {n_ev}")
    people = talk.participants(spec, rng, n_people)
    roles = people["role"].to_numpy()
    lived = np.isin(roles, list(model.lived_experience_roles))
    pace = int(np.flatnonzero(roles == spec.leads[0])[0])
    leads = (pace, int(next(i for i in np.flatnonzero(roles == spec.leads[1]) if i != pace)))
    people.loc[list(leads) if spec.welcoming else [pace], "named_in_reports"] = "yes"

    steps = talk.steps(spec, rng, n_meet, model.steps)
    gaps = rng.integers(spec.gap_days[0], spec.gap_days[1] + 1, size=n_meet)
    days = [date.fromisoformat(spec.start) + timedelta(days=int(d))
            for d in np.cumsum(gaps) - gaps[0]]
    meeting_ids = talk.ids("M", n_meet)
    member, present, first = talk.attendance(spec, rng, n_meet, n_people, leads)
    groups = talk.groups(spec, rng, present, lived)
    people["joined"] = [days[f].isoformat() for f in first]
    gone = ~member[-1]
    last = n_meet - 1 - np.argmax(member[::-1], axis=0)
    people["left"] = np.where(gone, [(days[m] + timedelta(days=1)).isoformat() for m in last],
                              BLANK)
    titles = {s: model.element_name(s) for s in set(steps)}
    meetings = pd.DataFrame({
        "meeting_id": meeting_ids, "date": [d.isoformat() for d in days], "step": steps,
        "title": [f"{titles[s]} ({steps[:i + 1].count(s)})" if steps.count(s) > 1 else titles[s]
                  for i, s in enumerate(steps)],
        "format": rng.choice(["in_person", "online", "hybrid"], p=[.6, .2, .2], size=n_meet)})
    m_idx, p_idx = np.nonzero(member)
    attendance = pd.DataFrame({
        "meeting_id": meeting_ids[m_idx],
        "participant_id": people["participant_id"].to_numpy()[p_idx],
        "present": np.where(present[m_idx, p_idx], "yes", "no"),
        "group": talk.GROUP_LABELS[groups[m_idx, p_idx]]})

    reflected = np.zeros(n_meet, dtype=bool)  # the first meeting and a share of the others
    later = rng.permutation(np.arange(1, n_meet))
    reflected[[0, *later[: round(spec.reflected * n_meet) - 1]]] = True
    scene = records.Scene(kind, spec, rng, people, meetings, present, groups, first, lived, leads,
                          reflected)
    decisions = records.decisions(scene)
    default_minutes = dict(zip(model.activities["activity_id"], model.activities["default_minutes"],
                       strict=True))
    agenda = records.agenda(scene, decisions, default_minutes)
    by_meeting = agenda.groupby("meeting_id", sort=False)[["planned_minutes", "actual_minutes"]]
    meetings[["planned_minutes", "actual_minutes"]] = by_meeting.sum().loc[meeting_ids].to_numpy()

    double = None
    if spec.second_coder and n_meet > 1:  # the largest meeting after the first
        double = int(np.argmax(np.where(np.arange(n_meet) > 0, present.sum(axis=1), -1)))
    minutes = meetings["actual_minutes"].to_numpy()
    counts = talk.event_counts(n_ev, present.sum(axis=1) * minutes, double)
    moves = np.array([[spec.moves[side][code] for code in model.codes["move"]]
                      for side in ("other", "lived")])
    voice = talk.voice(spec, rng, roles, lived, leads)
    solution = np.array([spec.solution.get(s, .3) for s in steps])
    columns = talk.events(spec, rng, counts, present, groups, voice, lived, minutes * 60,
                          solution, moves, double)
    events = talk.events_frame(columns, model.codes["move"], meeting_ids,
                               people["participant_id"].to_numpy(), leads[1], rng)

    ids = people["participant_id"]
    info = {"id": project_id or spec.story["id"], "title": spec.story["title"],
            "service": spec.story["service"], "scope": spec.story["scope"],
            "status": "completed", "start": days[0].isoformat(),
            "end": (days[-1] + timedelta(days=28)).isoformat(),
            "leads": {"pace": ids[leads[0]], "process": ids[leads[1]]},
            "purpose": spec.story["purpose"]}
    tables = {
        "participants": people, "meetings": meetings, "attendance": attendance,
        "events": events, "agenda": agenda,
        "checklist": records.checklist(scene, model.checklist_items, model.codes["role"]),
        "decisions": decisions, "reflections": records.reflections(scene),
        "aims": records.aims(scene), "glossary": records.glossary(scene),
        "impact": records.impact(scene, decisions)}
    return info, tables


def generate_project(kind: str = "co_produced", *, seed: int = 0,
                     n_participants: int | None = None, n_meetings: int | None = None,
                     n_events: int | None = None, project_id: str | None = None,
                     model: Model | None = None) -> Project:
    """Generate one synthetic project, validated and typed as loading would.

    Takes the same arguments as :func:`generate_tables`; the project carries
    ``model`` (by default :func:`collabkit.model.load_model`'s).

    Returns
    -------
    Project

    Examples
    --------
    >>> from collabkit.examples.generator import generate_project
    >>> project = generate_project("inertia", seed=3)
    >>> len(project.meetings)
    15
    """
    from collabkit.project import Project

    info, tables = generate_tables(kind, seed=seed, n_participants=n_participants,
                                   n_meetings=n_meetings, n_events=n_events,
                                   project_id=project_id, model=model)
    return Project.from_tables(info, tables, model=model)


def generate_projects(n: int, *, seed: int = 0, n_events: int | None = None,
                      out_dir: str | Path | None = None) -> list[Project]:
    """Generate ``n`` projects cycling through the kinds, each with its own id and seed.

    Parameters
    ----------
    n : int
        How many projects.
    seed : int
        Project ``i`` uses seed ``seed + i``.
    n_events : int, optional
        Coded events per project (for benchmarks).
    out_dir : path, optional
        If given, each project is also saved as a folder ``out_dir/<id>/``.

    Returns
    -------
    list of Project
    """
    projects = []
    for i in range(n):
        kind = list(KINDS)[i % len(KINDS)]
        project = generate_project(kind, seed=seed + i, n_events=n_events,
                                   project_id=f"{KINDS[kind].story['id']}_{i + 1:03d}")
        project.info["title"] = f"{project.info['title']} (synthetic {i + 1})"
        if out_dir is not None:
            project.save(Path(out_dir) / project.id)
        projects.append(project)
    return projects


def write_examples(out_dir: str | Path = "data/examples") -> list[Path]:
    """Write the bundled example projects (three folders and one workbook).

    Parameters
    ----------
    out_dir : path
        Where to write; created if missing.

    Returns
    -------
    list of Path
        The project folders and workbook written, as listed in :data:`EXAMPLES`.
    """
    from collabkit.project import Project

    written = []
    for name, kind, seed, sizes, story in EXAMPLES:
        info, tables = generate_tables(kind, seed=seed, project_id=Path(name).stem, **sizes)
        info.update(story)
        written.append(Project.from_tables(info, tables).save(Path(out_dir) / name))
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m collabkit.examples [OUT_DIR]``: write the bundled examples."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_examples(*args[:1]):
        print(path)
    return 0
