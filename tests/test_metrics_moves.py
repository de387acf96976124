"""Tests of collabkit.metrics.moves: four-player profiles, transitions, stuck patterns.

Stuck patterns are checked on small hand-built event frames with known
episodes, and against a plain loop-per-event reference implementation on
random sequences (the module itself is vectorised).
"""

from __future__ import annotations

import copy
import doctest
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkit.metrics import moves, prompts, stuck_patterns
from collabkit.metrics.moves import (
    STUCK_COLUMNS,
    detect_stuck_patterns,
    four_player_balance,
    live_prompt,
    move_profile,
    move_transitions,
)
from collabkit.metrics.prompts import pattern_prompt
from collabkit.model import load_model
from collabkit.resources import find_repo_path

MODEL = load_model()
MOVES = ["move", "follow", "oppose", "bystand"]
PROMPTS = {p: pattern_prompt(MODEL, p) for p in MODEL.stuck_patterns["pattern_id"]}


def stuck(events: pd.DataFrame, **options) -> pd.DataFrame:
    """detect_stuck_patterns with the bundled model."""
    return detect_stuck_patterns(events, model=MODEL, **options)


def prompt(events: pd.DataFrame, **thresholds) -> str | None:
    """live_prompt with the bundled model."""
    return live_prompt(events, model=MODEL, **thresholds)
LETTER = {"m": "move", "f": "follow", "o": "oppose", "b": "bystand"}


def talk(actions: str, speakers: str, meeting: str = "M1", groups: str | None = None,
         start: int = 1) -> pd.DataFrame:
    """Events from two strings: actions ("mfob") and one-letter speakers."""
    if len(actions) != len(speakers):
        raise ValueError("one speaker per action")
    frame = pd.DataFrame({
        "meeting_id": meeting,
        "seq": np.arange(start, start + len(actions)),
        "participant_id": list(speakers),
        "move": [LETTER[a] for a in actions],
    })
    if groups is not None:
        frame["group"] = [None if g == "-" else g for g in groups]
    return frame


def episodes(found: pd.DataFrame) -> list[tuple]:
    return [(p, f, last) for p, f, last in
            zip(found["pattern"].astype(str), found["first_seq"], found["last_seq"], strict=True)]


# -- profiles, transitions, balance --------------------------------------------------


def test_move_profile_by_participant_on_the_tiny_project(tiny):
    profile = move_profile(tiny)
    assert list(profile.columns) == ["participant_id", "move", "count", "share"]
    assert len(profile) == 5 * 4  # every participant x every action, zeros included
    counts = profile.pivot(index="participant_id", columns="move", values="count")
    assert counts.loc["S1", MOVES].tolist() == [4, 1, 0, 0]
    assert counts.loc["U1", MOVES].tolist() == [1, 3, 0, 0]
    assert counts.loc["P1"].sum() == 0
    shares = profile.groupby("participant_id")["share"].sum()
    assert shares.drop("P1").tolist() == pytest.approx([1] * 4)
    assert profile.loc[profile["participant_id"] == "P1", "share"].isna().all()


def test_move_profile_by_role_and_meeting(tiny):
    by_role = move_profile(tiny, by="role")
    assert list(by_role.columns) == ["role", "move", "count", "share"]
    assert len(by_role) == 7 * 4
    staff = by_role[by_role["role"] == "staff"].set_index("move")["count"]
    assert staff[MOVES].tolist() == [4, 1, 1, 1]
    by_meeting = move_profile(tiny, by="meeting")
    assert list(by_meeting.columns) == ["meeting_id", "move", "count", "share"]
    m2 = by_meeting[by_meeting["meeting_id"] == "M2"].set_index("move")
    assert m2.loc[MOVES, "count"].tolist() == [2, 1, 1, 0]  # the second coder is ignored
    assert m2.loc["oppose", "share"] == pytest.approx(0.25)
    with pytest.raises(ValueError, match="unknown by='speaker'"):
        move_profile(tiny, by="speaker")


def test_move_transitions_stay_within_one_conversation(tiny):
    table = move_transitions(tiny)
    assert list(table.columns) == ["from_move", "to_move", "count", "share"]
    assert len(table) == 16
    counts = table.set_index(["from_move", "to_move"])["count"]
    # M1: m-f, f-o, o-b, b-m, m-f; M2 group A: m-f, group B: m-o; M3: m-m, m-f
    assert counts["move", "follow"] == 4
    assert counts["move", "move"] == 1 and counts["move", "oppose"] == 1
    assert counts["follow", "move"] == 0  # M2 group A's follow is not answered by group B
    assert counts.sum() == 9
    shares = table.groupby("from_move", observed=False)["share"].sum()
    assert shares.tolist() == pytest.approx([1, 1, 1, 1])


def test_move_transitions_by_role(tiny):
    table = move_transitions(tiny, by="role")
    assert list(table.columns) == ["from_role", "to_role", "count", "share"]
    assert len(table) == 49
    counts = table.set_index(["from_role", "to_role"])["count"]
    assert counts["staff", "service_user"] == 3
    assert counts["staff", "staff"] == 2
    assert counts["carer", "staff"] == 2
    assert counts.sum() == 9
    with pytest.raises(ValueError, match="allowed: 'move', 'role'"):
        move_transitions(tiny, by="participant")


def test_four_player_balance(tiny):
    table = four_player_balance(tiny)
    assert list(table.columns) == ["meeting_id", *MOVES, "missing_actions"]
    assert table["missing_actions"].tolist() == ["", "bystand", "oppose;bystand"]
    assert table.loc[2, MOVES].tolist() == pytest.approx([2 / 3, 1 / 3, 0, 0])
    assert table[MOVES].sum(axis=1).tolist() == pytest.approx([1, 1, 1])
    empty = four_player_balance(tiny.with_table("events", tiny.events.iloc[0:0]))
    assert empty[MOVES].isna().all().all()
    assert empty["missing_actions"].isna().all()


# -- stuck patterns on hand-built events -------------------------------------------------


def test_serial_moves_found_with_first_and_last_move():
    events = talk("mfmmbmf", "ABCDEAB")
    found = stuck(events)
    assert list(found.columns) == list(STUCK_COLUMNS)
    assert episodes(found) == [("serial_moves", 3, 6)]
    assert found.loc[0, "participants"] == "A;C;D;E"
    assert "3 moves" in found.loc[0, "explanation"]
    assert stuck(events, serial_run=4).empty


def test_courteous_compliance_found():
    events = talk("mffmffo", "ABCDABC")
    found = stuck(events)
    assert episodes(found) == [("courteous_compliance", 1, 6)]
    assert found.loc[0, "participants"] == "A;B;C;D"
    assert stuck(talk("ffffff", "ABCDAB")).empty  # nothing moved
    assert stuck(talk("mffbmffo", "ABCDABCD")).empty  # a bystand breaks it


def test_point_counterpoint_found():
    events = talk("fmooof", "CABABC")
    found = stuck(events)
    assert episodes(found) == [("point_counterpoint", 2, 5)]
    assert found.loc[0, "participants"] == "A;B"
    assert "A and B" in found.loc[0, "explanation"]
    assert stuck(events, counterpoint_run=5).empty
    no_oppose = talk("fmmmmf", "CABABC")
    assert stuck(no_oppose, serial_run=9, compliance_run=9).empty


def test_silent_bystanders_needs_enough_contributions():
    quiet = talk("mfo" * 7, "ABCDEFG" * 3)  # 21 contributions, no bystand
    found = stuck(quiet)
    assert episodes(found) == [("silent_bystanders", 1, 21)]
    assert found.loc[0, "participants"] == "A;B;C;D;E;F;G"
    assert stuck(quiet.iloc[:19]).empty  # too few to judge at 5%
    assert stuck(quiet, bystand_min_share=0.01).empty  # needs 100


def test_covert_opposition_needs_participants_and_a_low_reflection():
    events = talk("mfmfbmfbmo", "SUTUSTUSTS")
    roles = pd.DataFrame({"participant_id": ["S", "T", "U"],
                          "role": ["staff", "staff", "service_user"]})
    low = pd.DataFrame({"meeting_id": ["M1", "M1"], "how_collaborative": [2, 3]})
    high = pd.DataFrame({"meeting_id": ["M1"], "how_collaborative": [4]})
    found = stuck(events, participants=roles, reflections=low)
    assert episodes(found) == [("covert_opposition", 1, 10)]
    assert found.loc[0, "participants"] == "U"
    assert "2.5 of 5" in found.loc[0, "explanation"]
    assert stuck(events, participants=roles, reflections=high).empty
    assert stuck(events, participants=roles).empty
    opposing = events.assign(move=events["move"].mask(events.index == 3, "oppose"))
    assert stuck(opposing, participants=roles, reflections=low).empty


def test_healthy_talk_has_no_stuck_pattern():
    healthy = talk("mfob" * 6, "ABCDE" * 4 + "ABCD")
    assert stuck(healthy).empty
    assert prompt(healthy) is None


def test_runs_do_not_cross_small_groups_or_meetings():
    interleaved = talk("mmmm", "ABCD", groups="XYXY")
    assert stuck(interleaved).empty
    assert episodes(stuck(talk("mmmm", "ABCD", groups="----"))) == [
        ("serial_moves", 1, 4)]
    split = pd.concat([talk("mm", "AB", meeting="M1"), talk("m", "C", meeting="M2", start=3)])
    assert stuck(split).empty


def test_row_order_second_coder_and_inputs():
    events = talk("fmmmf", "ABCDA")
    expected = stuck(events)
    shuffled = events.sample(frac=1, random_state=3)
    second = events.assign(coder="second", move="move")
    mixed = pd.concat([shuffled.assign(coder="primary"), second], ignore_index=True)
    before = mixed.copy()
    pd.testing.assert_frame_equal(stuck(mixed), expected)
    pd.testing.assert_frame_equal(mixed, before)
    assert episodes(expected) == [("serial_moves", 2, 4)]


def test_no_events_and_bad_thresholds():
    found = stuck(pd.DataFrame())
    assert list(found.columns) == list(STUCK_COLUMNS) and found.empty
    assert list(found["pattern"].cat.categories) == list(PROMPTS)
    with pytest.raises(ValueError, match="counterpoint_run must be a whole number of at least 3"):
        stuck(talk("m", "A"), counterpoint_run=2)
    with pytest.raises(ValueError, match="events need the columns move"):
        stuck(talk("m", "A").drop(columns="move"))


def test_detects_on_a_whole_project(tiny):
    found = stuck(tiny.events, participants=tiny.participants,
                                  reflections=tiny.reflections)
    assert found.empty  # the tiny meetings are short and varied
    more = stuck(tiny.events, compliance_run=2)
    assert ("courteous_compliance", 5, 6) in episodes(more)  # M1: S1 move, U1 follow


# -- live prompt --------------------------------------------------------------------------


def test_live_prompt_after_three_moves_and_after_a_follow():
    assert prompt(talk("mm", "AB")) is None
    assert prompt(talk("mmm", "ABC")) == PROMPTS["serial_moves"]
    assert prompt(talk("mmmf", "ABCD")) is None
    assert prompt(talk("mmmb", "ABCD")) is None  # the episode ended at the last move
    assert prompt(talk("mmmbm", "ABCDE")) == PROMPTS["serial_moves"]
    assert prompt(talk("mmm", "ABC"), serial_run=4) is None
    assert prompt(pd.DataFrame()) is None


def test_serial_moves_do_not_run_across_opposes():
    assert stuck(talk("momom", "ABCDE")).query("pattern == 'serial_moves'").empty
    assert prompt(talk("momom", "ABCDE")) is None
    assert prompt(talk("mommm", "ABCDE")) == PROMPTS["serial_moves"]  # three after the oppose
    assert "nothing followed or opposed" in stuck(talk("mmm", "ABC")).loc[0, "explanation"]


def test_the_serial_prompt_words_its_threshold(tmp_path):
    assert PROMPTS["serial_moves"].startswith("Three moves in a row")
    assert prompt(talk("mmmm", "ABCD"), serial_run=4).startswith("Four moves in a row")
    folder = tmp_path / "model"
    shutil.copytree(find_repo_path("data/model"), folder)
    tools = folder / "tools.yaml"
    tools.write_text(tools.read_text(encoding="utf-8").replace("    run: 3\n", "    run: 5\n"),
                     encoding="utf-8")
    five = load_model(folder)
    assert five.stuck_thresholds["serial_run"] == 5
    assert live_prompt(talk("mmmm", "ABCD"), model=five) is None
    assert live_prompt(talk("mmmmm", "ABCDE"), model=five) == (
        "Five moves in a row with nothing followed: try following one.")


def test_live_prompt_on_a_live_frame_with_number_ids_and_a_half_entered_row():
    events = pd.DataFrame({"meeting_id": [1, 1, 1, 1], "seq": [1, 2, 3, None],
                           "participant_id": [7, 8, 9, None], "move": ["move"] * 4})
    assert prompt(events) == PROMPTS["serial_moves"]
    found = stuck(events)
    assert found["meeting_id"].tolist() == ["1"]
    assert found["first_seq"].tolist() == [1] and found["last_seq"].tolist() == [3]


def test_live_prompt_prefers_the_pattern_that_started_last():
    events = talk("fmooo", "CABAB")  # point-counterpoint in progress, serial moves not
    assert prompt(events) == PROMPTS["point_counterpoint"]
    quiet = talk("mfo" * 7, "ABCDEFG" * 3)
    assert prompt(quiet) == PROMPTS["silent_bystanders"]
    assert prompt(pd.concat([quiet, talk("mmm", "ABC", start=22)])) == PROMPTS["serial_moves"]


@pytest.mark.parametrize("module", [moves, stuck_patterns, prompts], ids=lambda m: m.__name__)
def test_doctests_of_the_module_pass(module):
    assert doctest.testmod(module).failed == 0


def test_inputs_are_never_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for by in ("participant", "role", "meeting"):
        move_profile(tiny, by=by)
    move_transitions(tiny)
    move_transitions(tiny, by="role")
    four_player_balance(tiny)
    stuck(tiny.events, participants=tiny.participants,
                          reflections=tiny.reflections)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_inertia_example_has_more_serial_moves_than_co_produced():
    from collabkit.examples import generate_project

    def serial_share(kind):
        project = generate_project(kind, seed=4)
        found = stuck(project.events)
        serial = found[found["pattern"] == "serial_moves"]
        return (serial["last_seq"] - serial["first_seq"] + 1).sum() / len(project.events)

    assert serial_share("inertia") > 2 * serial_share("co_produced")


# -- against a loop-per-event reference ------------------------------------------------


def reference(actions: list[str], speakers: list[str], seqs: list[int], serial_run: int,
              compliance_run: int, counterpoint_run: int) -> set[tuple]:
    """Stream patterns of one conversation, the slow obvious way."""
    found = set()
    n = len(actions)
    i = 0
    while i < n:  # serial moves: stretches without a follow or an oppose
        j = i
        while j < n and actions[j] not in ("follow", "oppose"):
            j += 1
        moved = [k for k in range(i, j) if actions[k] == "move"]
        if len(moved) >= serial_run:
            found.add(("serial_moves", seqs[moved[0]], seqs[moved[-1]]))
        i = j + 1
    i = 0
    while i < n:  # courteous compliance: stretches of moves and follows only
        j = i
        while j < n and actions[j] in ("move", "follow"):
            j += 1
        part = actions[i:j]
        if j - i >= compliance_run and "move" in part and "follow" in part:
            found.add(("courteous_compliance", seqs[i], seqs[j - 1]))
        i = j + 1

    def extends(k: int, start: int) -> bool:
        if actions[k] not in ("move", "oppose") or speakers[k] == speakers[k - 1]:
            return False
        return k - start < 2 or speakers[k] == speakers[k - 2]

    ends = []
    for start in range(n):
        end = start
        if actions[start] in ("move", "oppose"):
            while end + 1 < n and extends(end + 1, start):
                end += 1
        ends.append(end)
    for start in range(n):
        end = ends[start]
        contained = start > 0 and ends[start - 1] >= end
        if end - start + 1 >= max(3, counterpoint_run) and not contained \
                and "oppose" in actions[start:end + 1]:
            found.add(("point_counterpoint", seqs[start], seqs[end]))
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MOVES), st.sampled_from("ABC"),
                          st.sampled_from(["-", "X", "Y"])), max_size=60),
       st.integers(2, 5), st.integers(2, 8), st.integers(3, 6))
def test_vectorised_detection_matches_the_reference(rows, serial_run, compliance_run,
                                                    counterpoint_run):
    actions = [r[0] for r in rows]
    speakers = [r[1] for r in rows]
    groups = [r[2] for r in rows]
    events = pd.DataFrame({"meeting_id": "M1", "seq": range(1, len(rows) + 1),
                           "participant_id": speakers, "move": actions,
                           "group": [None if g == "-" else g for g in groups]})
    found = stuck(events, serial_run=serial_run, compliance_run=compliance_run,
                                  counterpoint_run=counterpoint_run)
    expected = set()
    for group in ("-", "X", "Y"):
        index = [i for i, g in enumerate(groups) if g == group]
        expected |= reference([actions[i] for i in index], [speakers[i] for i in index],
                              [i + 1 for i in index], serial_run, compliance_run,
                              counterpoint_run)
    got = {e for e in episodes(found) if e[0] != "silent_bystanders"}
    assert got == expected
