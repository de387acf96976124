"""The optional turns table: typed, checked against meetings and participants, ends after starts."""

from __future__ import annotations

import pytest

from collabkit import DataError, load_project

HEADER = "meeting_id,participant_id,start_seconds,end_seconds,source,text\n"


def test_an_absent_turns_table_is_empty_with_its_columns(tiny):
    assert len(tiny.turns) == 0
    assert list(tiny.turns.columns) == ["meeting_id", "participant_id", "start_seconds",
                                        "end_seconds", "source", "text"]


def test_turns_load_typed(tiny_dir):
    (tiny_dir / "turns.csv").write_text(HEADER + "M2,U1,15,27.5,vtt,\nM2,S1,30,31,vtt,\n",
                                        encoding="utf-8")
    turns = load_project(tiny_dir).turns
    assert turns["start_seconds"].dtype == "float64"
    assert turns["end_seconds"].tolist() == [27.5, 31.0]
    assert turns["text"].isna().all()


def test_every_bad_turn_is_reported_at_once(tiny_dir):
    (tiny_dir / "turns.csv").write_text(
        HEADER + "M2,U1,15,12,vtt,\nM9,U1,1,2,vtt,\nM2,X7,1,2,vtt,\nM2,S1,-1,2,vtt,\n"
        "M2,S1,3,,vtt,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    lines = [str(p).split("turns.csv:", 1)[1] for p in caught.value.problems]
    assert lines == [
        "5:start_seconds: '-1' is out of range; allowed: 0 or more",
        "6:end_seconds: 'end_seconds' is blank; a value is required",
        "2:end_seconds: end_seconds 12 is before start_seconds 15; end_seconds must be "
        "start_seconds or later",
        "3:meeting_id: 'M9' is not in meetings.csv; add it there or correct the meeting_id",
        "4:participant_id: 'X7' is not in participants.csv; add it there or correct the "
        "participant_id",
    ]
    assert {p.code for p in caught.value.problems} == {
        "required_blank", "out_of_range", "dangling_reference"}


def test_a_person_cannot_start_two_turns_at_once(tiny_dir):
    (tiny_dir / "turns.csv").write_text(HEADER + "M2,U1,15,20,vtt,\nM2,U1,15,22,vtt,\n",
                                        encoding="utf-8")
    with pytest.raises(DataError, match="duplicate meeting_id \\+ participant_id \\+ "
                                        "start_seconds"):
        load_project(tiny_dir)
