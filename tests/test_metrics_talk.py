"""Talk time, interruptions and who speaks after whom, checked by hand on the tiny project.

The turns are those of tests/fixtures/transcripts/teams_m2.vtt once its cues
are merged (tests/test_import_transcript.py checks that the import gives
exactly these): in M2, S1 2.0-14.0, U1 15.0-27.0, C1 24.0-30.0 (over U1's
last 3 s), S2 31.0-35.5, then an hour in U1 3602.0-3609.0 and S1
3609.0-3612.0 (starting as U1 stops: not an interruption).
Talk: S1 12 + 3 = 15, U1 12 + 7 = 19, C1 6, S2 4.5; 44.5 s in all.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from collabkit.metrics import (
    meeting_talk,
    participant_talk,
    role_talk,
    speaker_transitions,
    turn_interruptions,
)

TURNS = pd.DataFrame({
    "meeting_id": "M2",
    "participant_id": ["S1", "U1", "C1", "S2", "U1", "S1"],
    "start_seconds": [2.0, 15.0, 24.0, 31.0, 3602.0, 3609.0],
    "end_seconds": [14.0, 27.0, 30.0, 35.5, 3609.0, 3612.0],
    "source": "vtt",
})


@pytest.fixture
def talked(tiny):
    return tiny.with_table("turns", TURNS.sample(frac=1, random_state=3))  # order must not matter


def test_talk_time_and_shares_by_person(talked):
    talk = participant_talk(talked).set_index("participant_id")
    assert talk["turns"].to_dict() == {"S1": 2, "S2": 1, "U1": 2, "C1": 1, "P1": 0}
    assert talk["talk_seconds"].to_dict() == {"S1": 15.0, "S2": 4.5, "U1": 19.0, "C1": 6.0,
                                              "P1": 0.0}
    assert talk.loc["S1", "share_of_talk"] == pytest.approx(15 / 44.5)
    assert talk.loc["U1", "share_of_talk"] == pytest.approx(19 / 44.5)
    # only M2 is transcribed: four people present there, P1 was not on its register
    assert talk["meetings_present"].to_dict() == {"S1": 1, "S2": 1, "U1": 1, "C1": 1, "P1": 0}
    assert talk.loc["U1", "talk_to_presence"] == pytest.approx((19 / 44.5) / 0.25)
    assert math.isnan(talk.loc["P1", "talk_to_presence"])
    assert talk.loc["S1", "longest_turn_seconds"] == 12.0
    assert math.isnan(talk.loc["P1", "longest_turn_seconds"])
    assert talk["interruptions"].to_dict() == {"S1": 0, "S2": 0, "U1": 0, "C1": 1, "P1": 0}
    assert talk["interrupted"].to_dict() == {"S1": 0, "S2": 0, "U1": 1, "C1": 0, "P1": 0}
    assert talk["contributions"].to_dict() == {"S1": 1, "S2": 1, "U1": 1, "C1": 1, "P1": 0}
    assert talk["share_of_talk"].sum() == pytest.approx(1.0)


def test_talk_by_role(talked):
    roles = role_talk(talked).set_index("role")
    assert roles.loc["staff", "talk_seconds"] == 19.5
    assert roles.loc["staff", "share_of_talk"] == pytest.approx(19.5 / 44.5)
    assert roles.loc["staff", "share_of_presence"] == pytest.approx(0.5)
    assert roles.loc["carer", "talk_to_presence"] == pytest.approx((6 / 44.5) / 0.25)
    assert bool(roles.loc["carer", "lived_experience"]) is True
    assert math.isnan(roles.loc["partner", "talk_to_presence"])
    assert roles["people"].sum() == 5


def test_talk_per_meeting(talked):
    table = meeting_talk(talked).set_index("meeting_id")
    m2 = table.loc["M2"]
    assert (m2["source"], m2["present"], m2["speakers"], m2["silent"], m2["turns"]) == (
        "vtt", 4, 4, 0, 6)
    assert m2["talk_seconds"] == 44.5
    assert m2["minutes"] == pytest.approx((3612 - 2) / 60)
    assert m2["turns_per_minute"] == pytest.approx(6 / ((3612 - 2) / 60))
    assert m2["longest_turn_seconds"] == 12.0
    assert m2["interruptions"] == 1
    assert m2["top_share"] == pytest.approx(19 / 44.5)
    assert m2["lived_experience_share_of_talk"] == pytest.approx(25 / 44.5)
    # Gini by the mean absolute difference of [4.5, 6, 15, 19]: 105 / (2 * 4^2 * 11.125),
    # corrected by n / (n - 1)
    assert m2["gini"] == pytest.approx(105 / 356 * 4 / 3)
    untranscribed = table.loc["M1"]
    assert untranscribed["turns"] == 0 and untranscribed["source"] == ""
    assert math.isnan(untranscribed["minutes"]) and math.isnan(untranscribed["gini"])


def test_one_interruption_with_its_overlap(talked):
    table = turn_interruptions(talked)
    assert table.to_dict("records") == [{"meeting_id": "M2", "start_seconds": 24.0,
                                         "participant_id": "C1", "interrupted_id": "U1",
                                         "overlap_seconds": 3.0}]


def test_who_speaks_after_whom(talked):
    pairs = speaker_transitions(talked).query("count > 0")
    assert sorted(zip(pairs["from_participant"], pairs["to_participant"], pairs["count"],
                      strict=True)) == [("C1", "S2", 1), ("S1", "U1", 1), ("S2", "U1", 1),
                                        ("U1", "C1", 1), ("U1", "S1", 1)]
    assert pairs.query("from_participant == 'U1'")["share"].tolist() == [0.5, 0.5]
    roles = speaker_transitions(talked, by="role").set_index(["from_role", "to_role"])["count"]
    assert roles[("staff", "service_user")] == 2 and roles[("service_user", "staff")] == 1
    assert len(roles) == 49 and roles.sum() == 5


def test_one_meeting_only(talked):
    assert participant_talk(talked, meeting_id="M1")["turns"].sum() == 0
    assert participant_talk(talked, meeting_id="M2")["talk_seconds"].sum() == 44.5
    with pytest.raises(ValueError, match="no meeting 'M7' in this project; meetings: M1, M2, M3"):
        participant_talk(talked, meeting_id="M7")
    with pytest.raises(ValueError, match="unknown by='move'"):
        speaker_transitions(talked, by="move")


def test_overlap_with_oneself_or_at_the_boundary_is_no_interruption(tiny):
    turns = pd.DataFrame({"meeting_id": "M3", "participant_id": ["S1", "S1", "U1", "C1"],
                          "start_seconds": [0.0, 5.0, 10.0, 20.0],
                          "end_seconds": [10.0, 8.0, 20.0, 25.0]})
    project = tiny.with_table("turns", turns)
    assert turn_interruptions(project).empty
    # C1 spoke at M3 though the register says not present: speaking proves presence
    assert participant_talk(project).set_index("participant_id").loc["C1", "meetings_present"] == 1


def test_no_turns_gives_zeros_and_nan_not_errors(tiny):
    talk = participant_talk(tiny)
    assert talk["turns"].sum() == 0 and talk["share_of_talk"].isna().all()
    assert talk["meetings_present"].sum() == 0
    assert meeting_talk(tiny)["turns"].tolist() == [0, 0, 0]
    assert turn_interruptions(tiny).empty
    assert speaker_transitions(tiny)["count"].sum() == 0
    assert role_talk(tiny)["talk_to_presence"].isna().all()


def test_inputs_are_not_modified(talked):
    before = talked.turns.copy()
    participant_talk(talked)
    meeting_talk(talked)
    turn_interruptions(talked)
    pd.testing.assert_frame_equal(talked.turns, before)
