"""Talk time in the report: the voice finding and section use transcripts where they exist.

In the tiny project's first meeting four people are present, two with lived
experience (U1 service user, C1 carer). The turns below give staff 65 of 100
seconds (S1 40, S2 25) and lived experience 35 (U1 25, C1 10): talk to
presence (35/100) / (2/4) = 0.70, and staff (65/100) / (2/4) = 1.3.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from collabkit import evaluate
from collabkit.report import sections
from collabkit.report.params import open_project

TURNS = pd.DataFrame({"meeting_id": "M1", "participant_id": ["S1", "U1", "C1", "S2"],
                      "start_seconds": [0, 40, 65, 75], "end_seconds": [40, 65, 75, 100]})


@pytest.fixture
def transcribed(tiny):
    return tiny.with_table("turns", TURNS)


def voice_html(project, min_group_size: int = 3) -> str:
    project, params = open_project(project, min_group_size=min_group_size)
    return sections.voice(project, params).data


def test_voice_finding_uses_talk_time_where_turns_exist(transcribed):
    voice = evaluate(transcribed).set_index("dimension").loc["voice"]
    assert voice["value"] == pytest.approx(0.70)
    assert voice["rating"] == "developing"  # the cut-offs of scorecard.yaml: 0.6 < 0.70 < 0.8
    assert "staff_did_most_talking" in voice["causes"]  # 1.3 >= 1.25
    assert voice["evidence"] == ("Staff spoke 65% of the time while being 50% of the people "
                                 "present; people with lived experience spoke 35% of the time "
                                 "while being 50% (a ratio of 0.70, where 1 means in step with "
                                 "their numbers). Counted from the talk time of 4 transcript "
                                 "turns in 1 meeting.")


def test_voice_confidence_rests_on_the_turns_where_they_exist(transcribed):
    voice = evaluate(transcribed).set_index("dimension").loc["voice"]
    assert voice["confidence"] == "low"  # confidence.yaml, talk: medium needs 2 meetings, 50
    assert voice["confidence_reason"] == "Low: 4 transcript turns from 1 meeting."
    assert voice["confidence_needs"] == ("Medium needs at least 2 meetings and 50 transcript "
                                         "turns.")


def test_voice_confidence_of_a_generated_project_with_transcripts():
    from collabkit.examples import generate_project

    project = generate_project("co_produced", seed=1)
    turns, meetings = len(project.turns), project.turns["meeting_id"].nunique()
    assert (turns, meetings) == (238, 6)  # its online and hybrid meetings
    table = evaluate(project).set_index("dimension")
    voice = table.loc["voice"]
    assert voice["evidence"].endswith(f"Counted from the talk time of {turns} transcript turns "
                                      f"in {meetings} meetings.")
    assert voice["confidence"] == "high"  # 200 turns and 4 meetings or more
    assert voice["confidence_reason"] == f"High: {turns} transcript turns from {meetings} meetings."
    assert "coded" not in voice["confidence_reason"]
    assert "coded by two coders" in table.loc["four_player", "confidence_reason"]  # coding


def test_voice_finding_says_it_counted_coding_without_turns(tiny):
    voice = evaluate(tiny).set_index("dimension").loc["voice"]
    assert voice["evidence"].endswith("Counted from 13 contributions coded live.")
    assert voice["confidence_reason"].startswith("Low: 13 coded contributions from 3 meetings")


def test_turns_without_any_length_leave_the_voice_on_the_coding(tiny):
    instant = TURNS.assign(end_seconds=TURNS["start_seconds"])
    voice = evaluate(tiny.with_table("turns", instant)).set_index("dimension").loc["voice"]
    assert voice["value"] == pytest.approx(12 / 13)  # as without turns (tests/test_findings.py)
    assert voice["evidence"].endswith("Counted from 13 contributions coded live.")
    assert voice["confidence_reason"].startswith("Low: 13 coded contributions from 3 meetings")


def test_voice_section_shows_talk_time_beside_contributions_with_their_sources(transcribed):
    html = voice_html(transcribed, min_group_size=1)  # tiny: every role is smaller than 3
    part = re.search(r"Talk time from transcripts.*?</table>", html, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))
    assert "from the transcripts of 1 meeting (M1)" in text
    assert "the contributions beside it were coded live" in text
    assert "Talk time (from the transcript)" in text and "Contributions (from live coding)" in text
    assert "Staff talked for 65% of the time while being 50% of the people present" in text
    assert "Service user 25% " in text and "Carer 10% " in text  # talk-time shares by role


def test_small_roles_are_folded_in_the_talk_time_table_as_elsewhere(transcribed):
    text = re.sub(r"<[^>]+>", " ", voice_html(transcribed))
    assert "Staff talked" not in text and re.search(r"Other\s+100%", text)


def test_voice_section_has_no_talk_time_without_turns(tiny):
    assert "Talk time from transcripts" not in voice_html(tiny)
