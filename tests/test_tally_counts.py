"""The live summary, kept up to date one event at a time, says what the report's metrics say.

Random meetings (plenary and small groups, every action, mode and focus,
undo in between) are recorded click by click; after each click the board's
summary is compared with the metrics run on the whole project as saved.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from collabkit import load_project
from collabkit.evaluation.findings import load_rules
from collabkit.evaluation.measures import rushed_meetings
from collabkit.metrics.dialogue import dialogue_share
from collabkit.metrics.moves import live_prompt, move_profile
from collabkit.metrics.participation import meeting_equality, participant_voice
from collabkit.project import Project
from collabkit.session.tally import LiveTally
from collabkit.session.tally_counts import LiveCounts

PEOPLE = ("S1", "S2", "U1", "C1")
MOVES = ("move", "follow", "oppose", "bystand")


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-9


def _check(tally: LiveTally, meeting: str) -> tuple[bool, bool]:
    summary = tally.summary()
    project = load_project(tally.folder)
    one = Project(project.info, {**project.tables, "meetings": project.meetings[
        project.meetings["meeting_id"] == meeting]}, project.source, model=project.model)
    voice = participant_voice(one).set_index("participant_id")
    for row in summary.voice.itertuples():
        assert row.contributions == voice.loc[row.participant_id, "contributions"]
    moves = move_profile(one, by="meeting").set_index("move")
    assert summary.moves.set_index("move")["count"].to_dict() == moves["count"].to_dict()
    equality = meeting_equality(one).iloc[0]
    assert (summary.present, summary.silent) == (equality["present"], equality["silent"])
    assert _same(summary.gini, equality["gini"]) and _same(summary.evenness,
                                                           equality["evenness"])
    events = project.events[project.events["meeting_id"] == meeting]
    assert summary.prompt == live_prompt(events, model=project.model)
    dialogue = dialogue_share(one).iloc[0]
    assert summary.dialogue_coded == dialogue["coded"]
    assert _same(summary.dialogue_share, dialogue["dialogue_share"])
    rushed = rushed_meetings(one, load_rules(project.model).settings)
    assert (summary.action_bias is not None) == bool(rushed["rushed"].any())
    return summary.prompt is not None, summary.action_bias is not None


@pytest.mark.parametrize("seed", [1, 2])
def test_each_click_updates_the_summary_as_the_whole_meeting_would(tiny_dir, seed):
    rng = random.Random(seed)
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-04-06,gather_ideas,Ideas,in_person,60,60\n")  # no events yet
    tally = LiveTally(tiny_dir, "M4")
    seen = []
    for click in range(40):
        if click % 17 == 16:
            tally.undo()
        else:  # long runs of one action now and then, so every stuck pattern can happen
            move = rng.choice(MOVES) if rng.random() < 0.5 else "move"
            tally.record(rng.choice(PEOPLE[:2]) if rng.random() < 0.4 else rng.choice(PEOPLE),
                         move, mode=rng.choice(["", "dialogue", "debate"]),
                         focus="problem" if seed == 2 and click < 4 else rng.choice(
                             ["", "problem", "problem", "solution", "process"]),
                         group=rng.choice(["", "", "A"]))
        if click % 4 == 3:
            seen.append(_check(tally, "M4"))
    prompts, flags = zip(*seen, strict=True)
    assert any(prompts) and not all(prompts)  # prompts came and went
    assert any(flags) == (seed == 1)  # seed 2: the problem first


def test_the_prompt_frame_is_short_and_keeps_the_meeting_size():
    counts = LiveCounts(list(PEOPLE), list(MOVES), ["dialogue", "debate"])
    rows = [{"meeting_id": "M1", "seq": str(n), "participant_id": PEOPLE[n % 4],
             "move": "follow" if n % 2 else "bystand"} for n in range(1, 41)]
    rows += [{"meeting_id": "M1", "seq": str(n), "participant_id": "S1", "move": "move"}
             for n in range(41, 44)]
    counts.update(rows)
    frame = counts.prompt_events()
    assert len(frame) == 43 and (frame["group"] != "\x00earlier").sum() == 4
    assert (frame["move"] == "bystand").sum() == 20
    assert np.array_equal(counts.counts(), [13, 10, 10, 10])


def test_an_early_solution_is_flagged_in_words_from_the_rules(tiny_dir):
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-04-06,gather_ideas,Ideas,in_person,60,60\n")
    tally = LiveTally(tiny_dir, "M4")
    tally.record("U1", "move", focus="problem", mode="dialogue")
    assert tally.summary().action_bias is None
    tally.record("S1", "move", focus="solution", mode="debate")
    summary = tally.summary()
    assert summary.action_bias.startswith(
        "Action bias (tip 6): a solution came (#2) after 1 contribution about the problem; "
        "the report looks for 3 first. Flag action bias early:")
    assert (summary.dialogue_share, summary.dialogue_coded) == (0.5, 2)
    assert summary.dialogue_rating == "developing"  # between 40% and 65% (scorecard.yaml)
    tally.undo()
    assert tally.summary().action_bias is None
