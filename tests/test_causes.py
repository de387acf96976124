"""Every cause in data/model/scorecard.yaml is named on a planted project built to show it.

Each scenario changes the small hand-made project (tests/fixtures/tiny) or a
generated one just enough for one cause to hold, and checks the finding names
it (and so its advice). Causes seen in the bundled examples and generated
kinds are collected too; the last test checks that no cause of the rules
file is left without a scenario, apart from the defaults that cannot be
reached (named in UNREACHABLE, with why).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from collabkit.evaluation import findings, load_rules
from collabkit.examples import generate_project
from collabkit.model import load_model
from collabkit.project import Project, to_text

#: Default causes that no project can reach, and why (they exist because every
#: dimension must have a default cause, named when nothing more specific holds).
UNREACHABLE = {
    ("evidence", "claims_unchecked"): "a claim that does not count always has a reason",
    ("agenda", "tips_missing"): "every missed check is a cause of its own",
    ("decisions_together", "few_decided_together"):
        "a decision not made together is outside, without lived experience or below the level",
}


def named(project: Project, dimension: str, rules=None) -> list[str]:
    row = findings(project, rules=rules).row(dimension)
    return [c for c in str(row["causes"]).split(";") if c]


def replaced(project: Project, name: str, change) -> Project:
    return project.with_table(name, change(to_text(project.table(name))))


def with_info(project: Project, **info: str) -> Project:
    text = {**project.info_text(), **info}
    return Project.from_tables(text, {n: to_text(t) for n, t in project.tables.items()})


def with_cut_offs(dimension: str, strength: float, concern: float):
    rules = load_rules(load_model())
    table = rules.table.copy()
    table.loc[table["dimension"] == dimension, ["strength", "concern"]] = [strength, concern]
    return dataclasses.replace(rules, table=table)


def _absent(table: pd.DataFrame, who: str, meetings: tuple[str, ...]) -> pd.DataFrame:
    hit = table["participant_id"].eq(who) & table["meeting_id"].isin(meetings)
    return table.assign(present=table["present"].where(~hit, "no"))


def _partners(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(role=table["role"].replace({"staff": "partner"}))


def _talkers(table: pd.DataFrame) -> pd.DataFrame:
    """Most of U1's contributions become S1's (U1 still speaks once)."""
    moved = table["participant_id"].eq("U1") & table.duplicated("participant_id")
    return table.assign(participant_id=table["participant_id"].where(~moved, "S1"))


def _staff_only(table: pd.DataFrame, meeting: str) -> pd.DataFrame:
    """In ``meeting`` only S1 is coded as speaking."""
    return table.assign(participant_id=table["participant_id"].where(
        table["meeting_id"] != meeting, "S1"))


def _not_done(table: pd.DataFrame) -> pd.DataFrame:
    keep = table.groupby("step").head(1).index
    return table.assign(status=table["status"].where(table.index.isin(keep), "not_done"))


SCENARIOS = {
    # (dimension, cause): (how to plant it, extra rules or None)
    ("leadership", "leads_not_named"): (lambda t: with_info(t, **{"leads.process": ""}), None),
    ("leadership", "same_person_both_leads"): (
        lambda t: with_info(t, **{"leads.process": "S1"}), None),
    ("leadership", "leads_often_absent"): (
        lambda t: replaced(t, "attendance", lambda a: _absent(a, "U1", ("M2", "M3"))), None),
    ("voice", "lived_experience_less_heard"): (
        lambda t: replaced(replaced(t, "participants", _partners), "events", _talkers), None),
    ("decisions_together", "without_lived_experience"): (
        lambda t: replaced(replaced(replaced(t, "decisions", lambda d: d.assign(meeting_id="M3")),
                                    "attendance", lambda a: _absent(a, "U1", ("M3",))),
                           "events", lambda e: _staff_only(e, "M3")), None),
    ("reflection", "few_reflections"): (
        lambda t: replaced(t, "reflections", lambda r: r.iloc[:1].assign(how_collaborative="3")),
        None),
    ("reflection", "felt_less_collaborative"): (
        lambda t: replaced(t, "reflections", lambda r: r.assign(how_collaborative="3")), None),
    ("inertia", "few_decided_together"): (lambda t: t, with_cut_offs("inertia", 0.5, 0.1)),
    ("model_coverage", "items_not_done"): (
        lambda t: replaced(generate_project("co_produced", seed=2), "checklist", _not_done), None),
    ("evidence", "unevidenced_claims"): (
        lambda t: replaced(t, "checklist", lambda c: c.assign(evidence="")), None),
}


@pytest.mark.parametrize("dimension, cause", sorted(SCENARIOS))
def test_a_planted_project_names_its_cause(tiny, dimension, cause):
    plant, rules = SCENARIOS[(dimension, cause)]
    project = plant(tiny)
    assert cause in named(project, dimension, rules), findings(project, rules=rules).row(
        dimension)[["rating", "value", "causes"]].to_dict()
    advice = findings(project, rules=rules).advice
    assert cause in set(advice.loc[advice["dimension"] == dimension, "cause"])


def test_every_cause_of_the_rules_has_a_scenario(tiny):
    from collabkit import load_projects
    from collabkit.examples.kinds import KINDS
    from collabkit.resources import find_repo_path

    rules = load_rules(load_model()).table
    every = {(d, c.cause) for d, causes in zip(rules["dimension"], rules["causes"],
                                               strict=True) for c in causes}
    seen = set(SCENARIOS) | set(UNREACHABLE)
    projects = [*load_projects(find_repo_path("data/examples")).projects,
                *(generate_project(kind, seed=seed) for kind in KINDS for seed in range(2))]
    for project in projects:
        frame = findings(project).frame
        seen |= {(d, c) for d, causes in zip(frame["dimension"], frame["causes"], strict=True)
                 for c in str(causes).split(";") if c}
    assert every - seen == set()
    assert set(UNREACHABLE) <= every  # no stale exception
