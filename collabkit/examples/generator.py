"""Seeded synthetic projects as tables or loaded projects, for the examples and benchmarks.

The kinds of project (what an evaluation of each should find) are in
:mod:`collabkit.examples.kinds`; the people and talk come from
:mod:`collabkit.examples.meetings` and the written records from
:mod:`collabkit.examples.records`.

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

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.examples import feedback as answers
from collabkit.examples import meetings as talk
from collabkit.examples import records, revisions
from collabkit.examples import turns as transcripts
from collabkit.examples.kinds import KINDS, Kind, _kind
from collabkit.model import Model, load_model

if TYPE_CHECKING:
    from collabkit.project import Project

BLANK = records.BLANK


def generate_tables(kind: str = "co_produced", *, seed: int = 0,
                    n_participants: int | None = None, n_meetings: int | None = None,
                    n_events: int | None = None, project_id: str | None = None,
                    model: Model | None = None) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Generate one synthetic project as plain tables.

    Parameters
    ----------
    kind : {"co_produced", "staff_led", "inertia", "carers_hub"}
        What an evaluation of the project should find (see :mod:`collabkit.examples.kinds`).
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
    # Every step draws from the one generator in a fixed order: keep the order, or the
    # same seed no longer gives the same tables (and the bundled examples change).
    people, lived, leads = _people(spec, rng, n_people, model)
    steps = talk.steps(spec, rng, n_meet, model.steps)
    gaps = rng.integers(spec.gap_days[0], spec.gap_days[1] + 1, size=n_meet)
    days = [date.fromisoformat(spec.start) + timedelta(days=int(d))
            for d in np.cumsum(gaps) - gaps[0]]
    meeting_ids = talk.ids("M", n_meet)
    member, present, first = talk.attendance(spec, rng, n_meet, n_people, leads)
    groups = talk.groups(spec, rng, present, lived)
    _membership_dates(people, member, first, days)
    meetings = _meetings(rng, meeting_ids, days, steps, model)
    attendance = _attendance(meeting_ids, people, member, present, groups)

    reflected = np.zeros(n_meet, dtype=bool)  # the first meeting and a share of the others
    later = rng.permutation(np.arange(1, n_meet))
    reflected[[0, *later[: round(spec.reflected * n_meet) - 1]]] = True
    scene = records.Scene(kind, spec, rng, people, meetings, present, groups, first, lived, leads,
                          reflected)
    decisions = records.decisions(scene)
    agenda = _agenda(scene, decisions, model)
    events = _events(scene, meeting_ids, steps, n_ev, model)

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
    # drawn last, so that every table above is as it was before revisits were generated
    ranks = dict(zip(model.levels["level"], model.levels["rank"], strict=True))
    tables["decisions"] = revisions.revise(scene, decisions, ranks)
    tables["checklist"] = records.leave_out_evidence(scene, tables["checklist"])
    # from streams of their own, so that every table above stays as it was
    kinds = tuple(KINDS)
    tables["feedback"] = answers.feedback(kind, seed, kinds, tables, model)
    tables["impact"] = tables["impact"].assign(told_on=answers.told_on(
        kind, seed, kinds, tables["impact"], tables["decisions"], days[-1]))
    # the online and hybrid meetings' transcripts, from a random stream of their own
    tables["turns"] = transcripts.turns(spec, seed, list(KINDS).index(kind), people, lived,
                                        meetings, events)
    return info, tables


def _people(spec: Kind, rng: np.random.Generator, n_people: int, model: Model
            ) -> tuple[pd.DataFrame, np.ndarray, tuple[int, int]]:
    """The participants, who has lived experience, and the pace and process leads."""
    people = talk.participants(spec, rng, n_people)
    roles = people["role"].to_numpy()
    lived = np.isin(roles, list(model.lived_experience_roles))
    pace = int(np.flatnonzero(roles == spec.leads[0])[0])
    leads = (pace, int(next(i for i in np.flatnonzero(roles == spec.leads[1]) if i != pace)))
    people.loc[list(leads) if spec.welcoming else [pace], "named_in_reports"] = "yes"
    return people, lived, leads


def _membership_dates(people: pd.DataFrame, member: np.ndarray, first: np.ndarray,
                      days: list[date]) -> None:
    """Fill ``joined`` and ``left`` of ``people`` from who was a member of which meeting."""
    n_meet = len(days)
    people["joined"] = [days[f].isoformat() for f in first]
    gone = ~member[-1]
    last = n_meet - 1 - np.argmax(member[::-1], axis=0)
    people["left"] = np.where(gone, [(days[m] + timedelta(days=1)).isoformat() for m in last],
                              BLANK)


def _meetings(rng: np.random.Generator, meeting_ids: np.ndarray, days: list[date],
              steps: list[str], model: Model) -> pd.DataFrame:
    """The meetings table: dates, steps, titles (numbered when a step returns) and formats."""
    n_meet = len(days)
    titles = {s: model.element_name(s) for s in set(steps)}
    return pd.DataFrame({
        "meeting_id": meeting_ids, "date": [d.isoformat() for d in days], "step": steps,
        "title": [f"{titles[s]} ({steps[:i + 1].count(s)})" if steps.count(s) > 1 else titles[s]
                  for i, s in enumerate(steps)],
        "format": rng.choice(["in_person", "online", "hybrid"], p=[.6, .2, .2], size=n_meet)})


def _attendance(meeting_ids: np.ndarray, people: pd.DataFrame, member: np.ndarray,
                present: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    """One attendance row per member of each meeting: present or not, and their small group."""
    m_idx, p_idx = np.nonzero(member)
    return pd.DataFrame({
        "meeting_id": meeting_ids[m_idx],
        "participant_id": people["participant_id"].to_numpy()[p_idx],
        "present": np.where(present[m_idx, p_idx], "yes", "no"),
        "group": talk.GROUP_LABELS[groups[m_idx, p_idx]]})


def _agenda(scene: records.Scene, decisions: pd.DataFrame, model: Model) -> pd.DataFrame:
    """The agenda table; fills each meeting's planned and actual minutes from it."""
    meetings = scene.meetings
    default_minutes = dict(zip(model.activities["activity_id"], model.activities["default_minutes"],
                       strict=True))
    agenda = records.agenda(scene, decisions, default_minutes)
    by_meeting = agenda.groupby("meeting_id", sort=False)[["planned_minutes", "actual_minutes"]]
    meeting_ids = meetings["meeting_id"].to_numpy()
    meetings[["planned_minutes", "actual_minutes"]] = by_meeting.sum().loc[meeting_ids].to_numpy()
    return agenda


def _events(scene: records.Scene, meeting_ids: np.ndarray, steps: list[str], n_ev: int,
            model: Model) -> pd.DataFrame:
    """The coded events: ``n_ev`` rows over the meetings, a second coder's included."""
    spec, rng, present, lived, leads = scene.spec, scene.rng, scene.present, scene.lived, scene.leads
    n_meet = len(steps)
    roles = scene.people["role"].to_numpy()
    double = None
    if spec.second_coder and n_meet > 1:  # the largest meeting after the first
        double = int(np.argmax(np.where(np.arange(n_meet) > 0, present.sum(axis=1), -1)))
    minutes = scene.meetings["actual_minutes"].to_numpy()
    counts = talk.event_counts(n_ev, present.sum(axis=1) * minutes, double)
    moves = np.array([[spec.moves[side][code] for code in model.codes["move"]]
                      for side in ("other", "lived")])
    voice = talk.voice(spec, rng, roles, lived, leads)
    solution = np.array([spec.solution.get(s, .3) for s in steps])
    columns = talk.events(spec, rng, counts, present, scene.groups, voice, lived, minutes * 60,
                          solution, moves, double)
    return talk.events_frame(columns, model.codes["move"], meeting_ids,
                             scene.people["participant_id"].to_numpy(), leads[1], rng)


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

