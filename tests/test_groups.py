"""Balanced small groups: roles, lived experience, dominant speakers, last pairings, seed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collabkit import load_project
from collabkit.errors import ActionError
from collabkit.session.groups import last_pairings, save_groups, split_groups

ROLES = (["service_user"] * 4 + ["carer"] * 2 + ["staff"] * 4 + ["partner"] * 2)


@pytest.fixture
def twelve(tmp_path: Path) -> Path:
    """Twelve people; M1 had four groups of three, M2 is being planned.

    A split of M2 that is balanced on every count and repeats no pair exists
    (for example P07 P01 P06 / P08 P02 P12 / P09 P03 P05 / P10 P11 P04).
    """
    folder = tmp_path / "twelve"
    folder.mkdir()
    people = [f"P{i:02d}" for i in range(1, 13)]
    (folder / "project.yaml").write_text("id: twelve\ntitle: Twelve\nleads:\n  pace: P07\n"
                                         "  process: P01\n")
    pd.DataFrame({"participant_id": people, "role": ROLES}).to_csv(
        folder / "participants.csv", index=False)
    pd.DataFrame({"meeting_id": ["M1", "M2"], "date": ["2026-01-10", "2026-02-10"],
                  "step": ["big_idea", "understand"]}).to_csv(folder / "meetings.csv",
                                                              index=False)
    groups = ["A", "A", "B", "B", "C", "D", "C", "C", "D", "D", "A", "B"]
    pd.DataFrame({"meeting_id": "M1", "participant_id": people, "present": "yes",
                  "group": groups}).to_csv(folder / "attendance.csv", index=False)
    # staff P07 and P08 and partner P11 did most of the talking at M1
    speakers = ["P07"] * 30 + ["P08"] * 25 + ["P11"] * 20 + ["P09"] * 15 + people
    pd.DataFrame({"meeting_id": "M1", "seq": range(1, len(speakers) + 1),
                  "participant_id": speakers, "move": "move"}).to_csv(
        folder / "events.csv", index=False)
    return folder


def test_groups_are_balanced_and_dominant_speakers_spread(twelve):
    project = load_project(twelve)
    split = split_groups(project, "M2", size=3, seed=1)
    assert list(split.groups) == ["A", "B", "C", "D"]
    assert sorted(p for g in split.groups.values() for p in g) == [f"P{i:02d}"
                                                                 for i in range(1, 13)]
    balance = split.balance.set_index("group")
    assert balance["size"].tolist() == [3, 3, 3, 3]
    assert sorted(balance["lived_experience"]) == [1, 1, 2, 2]  # 6 people with lived experience
    assert split.dominant == ["P07", "P08", "P11", "P09"]
    assert balance["dominant_speakers"].tolist() == [1, 1, 1, 1]
    assert balance["Staff"].tolist() == [1, 1, 1, 1]
    assert balance["repeated_pairs"].sum() == 0


def test_last_meetings_pairings_are_avoided(twelve):
    project = load_project(twelve)
    pairs = last_pairings(project, "M2")
    assert frozenset(("P01", "P11")) in pairs and len(pairs) == 12
    for seed in range(5):
        split = split_groups(project, "M2", size=3, seed=seed)
        for members in split.groups.values():
            together = {frozenset((a, b)) for a in members for b in members if a < b}
            assert not together & pairs


def test_same_seed_same_groups_other_seed_other_groups(twelve):
    project = load_project(twelve)
    first = split_groups(project, "M2", size=4, seed=7)
    assert split_groups(project, "M2", size=4, seed=7).groups == first.groups
    others = {tuple(map(tuple, split_groups(project, "M2", size=4, seed=s).groups.values()))
              for s in range(6)}
    assert len(others) > 1
    assert [len(g) for g in first.groups.values()] == [4, 4, 4]


def test_uneven_numbers_give_sizes_differing_by_one(twelve):
    project = load_project(twelve)
    split = split_groups(project, "M2", size=5, seed=0)
    assert sorted(len(g) for g in split.groups.values()) == [4, 4, 4]
    split = split_groups(project, "M2", size=5, seed=0, people=[f"P{i:02d}" for i in range(1, 12)])
    assert sorted(len(g) for g in split.groups.values()) == [3, 4, 4]


def test_refusals(twelve):
    project = load_project(twelve)
    with pytest.raises(ActionError, match="group size must be 2 or more"):
        split_groups(project, "M2", size=1)
    with pytest.raises(ActionError, match="unknown participant"):
        split_groups(project, "M2", people=["P01", "Q99"])
    with pytest.raises(ActionError, match="small groups need at least two people"):
        split_groups(project, "M2", people=["P01"])
    with pytest.raises(ActionError, match="no meeting chosen"):
        split_groups(project, "", size=3)


def test_save_groups_writes_attendance_and_the_project_validates(twelve):
    project = load_project(twelve)
    split = split_groups(project, "M2", size=4, seed=3)
    saved = save_groups(twelve, "M2", split.groups)
    again = load_project(twelve)
    rows = again.attendance[again.attendance["meeting_id"] == "M2"]
    assert dict(zip(rows["participant_id"], rows["group"], strict=True)) == split.labels()
    assert rows["present"].all()
    m1 = again.attendance[again.attendance["meeting_id"] == "M1"]
    assert m1["group"].tolist()[:3] == ["A", "A", "B"]
    assert len(saved.attendance) == 24
    # saving again replaces, never duplicates
    save_groups(twelve, "M2", {"A": ["P01", "P02"]})
    rows = load_project(twelve).attendance.query("meeting_id == 'M2'")
    assert len(rows) == 12 and rows["group"].notna().sum() == 2
    with pytest.raises(ActionError, match="'P01' is in group A and group B"):
        save_groups(twelve, "M2", {"A": ["P01"], "B": ["P01"]})


def test_when_everything_cannot_be_met_balance_wins_over_new_pairings(twelve):
    """If P10 and P11 met at M1, no split both spreads the talkers and avoids every old pair."""
    attendance = pd.read_csv(twelve / "attendance.csv")
    attendance["group"] = ["A", "A", "A", "B", "B", "B", "C", "C", "C", "D", "D", "D"]
    attendance.to_csv(twelve / "attendance.csv", index=False)
    split = split_groups(load_project(twelve), "M2", size=3, seed=0)
    balance = split.balance
    assert balance["dominant_speakers"].tolist() == [1, 1, 1, 1]
    assert sorted(balance["lived_experience"]) == [1, 1, 2, 2]
    assert balance["repeated_pairs"].sum() == 1
