"""Tests of collabkit.metrics.participation and .equality (and the shared helpers in _common).

Expected values on the tiny fixture are worked out by hand from its CSVs:
primary events M1: S1 x2, U1 x2, C1, S2; M2 (small groups A and B): U1, S1,
C1, S2; M3: S1 x2, U1. Present: M1 S1 S2 U1 C1 (P1 absent); M2 S1 U1 C1 S2;
M3 S1 U1 (C1 absent). 13 contributions, 10 person-meetings present.
"""

from __future__ import annotations

import copy
import doctest
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import entropy

from collabkit import load_project
from collabkit.metrics import _common, equality, participation
from collabkit.metrics._common import lived_experience, meeting_order, primary_events, trend_slope
from collabkit.metrics.equality import evenness, gini
from collabkit.metrics.participation import (
    group_vs_plenary,
    meeting_equality,
    participant_voice,
    participation_trend,
    role_voice,
)
from collabkit.model import load_model
from collabkit.project import Project, to_text

VOICE_COLUMNS = ["participant_id", "role", "lived_experience", "meetings_present",
                 "contributions", "share_of_voice", "share_of_presence", "voice_to_presence"]
ROLE_COLUMNS = ["role", "lived_experience", "people", "contributions", "share_of_voice",
                "share_of_presence", "voice_to_presence"]
MEETING_COLUMNS = ["meeting_id", "date", "step", "meeting_number", "present", "speakers",
                   "silent", "contributions", "gini", "evenness", "top_share",
                   "lived_experience_share_of_voice", "lived_experience_share_present"]
SETTING_COLUMNS = ["setting", "meetings", "contributions", "speakers", "gini", "evenness",
                   "lived_experience_share_of_voice"]

counts_lists = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=40)


def with_rows(project, table, rows):
    """The project with rows (dicts of text) added to one table."""
    frame = pd.concat([to_text(project.table(table)), pd.DataFrame(rows)], ignore_index=True)
    return project.with_table(table, frame.fillna(""))


def independent_gini(values):
    x = np.asarray(values, dtype=float)
    mean_abs_diff = np.abs(x[:, None] - x[None, :]).mean()
    return mean_abs_diff / (2 * x.mean())


# -- gini and evenness -------------------------------------------------------------


def test_gini_of_known_vectors():
    assert gini([1, 1, 1, 1]) == 0
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert gini([0, 0, 0, 4], correct=True) == pytest.approx(1.0)
    assert gini([1, 1, 1, 1], correct=True) == 0
    assert gini(pd.Series([2, 0])) == pytest.approx(0.5)


def test_gini_edge_cases_are_documented_values_not_errors():
    assert gini([7]) == 0.0
    assert math.isnan(gini([7], correct=True))
    assert math.isnan(gini([]))
    assert math.isnan(gini([0, 0, 0]))


@pytest.mark.parametrize("bad", [[1, -1], [1, float("nan")], [float("inf")]])
def test_gini_and_evenness_refuse_impossible_counts(bad):
    with pytest.raises(ValueError, match="non-negative finite"):
        gini(bad)
    with pytest.raises(ValueError, match="non-negative finite"):
        evenness(bad)


@settings(max_examples=200, deadline=None)
@given(counts_lists.filter(lambda c: sum(c) > 0))
def test_gini_matches_mean_absolute_difference_formula(counts):
    n = len(counts)
    assert gini(counts) == pytest.approx(independent_gini(counts), abs=1e-9)
    if n > 1:
        corrected = independent_gini(counts) * n / (n - 1)
        assert gini(counts, correct=True) == pytest.approx(min(corrected, 1.0), abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(counts_lists.filter(lambda c: sum(c) > 0), st.randoms(use_true_random=False),
       st.integers(min_value=2, max_value=9))
def test_gini_is_bounded_and_ignores_labels_and_scale(counts, rng, factor):
    for correct in (False, True):
        value = gini(counts, correct=correct)
        if len(counts) == 1 and correct:
            assert math.isnan(value)
            continue
        assert 0 <= value <= 1
        shuffled = list(counts)
        rng.shuffle(shuffled)
        assert gini(shuffled, correct=correct) == pytest.approx(value, abs=1e-12)
        scaled = [c * factor for c in counts]
        assert gini(scaled, correct=correct) == pytest.approx(value, abs=1e-12)


@given(st.integers(min_value=1, max_value=1000), st.integers(min_value=1, max_value=60))
def test_equal_shares_give_zero_gini_and_full_evenness(count, people):
    assert gini([count] * people) == pytest.approx(0, abs=1e-12)
    if people > 1:
        assert gini([count] * people, correct=True) == pytest.approx(0, abs=1e-12)
        assert evenness([count] * people) == pytest.approx(1)


@settings(max_examples=200, deadline=None)
@given(counts_lists.filter(lambda c: len(c) > 1 and sum(c) > 0))
def test_evenness_matches_scipy_entropy(counts):
    expected = entropy(np.asarray(counts, dtype=float)) / math.log(len(counts))
    assert evenness(counts) == pytest.approx(expected, abs=1e-9)
    assert 0 <= evenness(counts) <= 1


def test_evenness_edge_cases():
    assert math.isnan(evenness([5]))
    assert math.isnan(evenness([0, 0]))
    assert math.isnan(evenness([]))
    assert evenness([4, 0]) == 0


# -- shared helpers ---------------------------------------------------------------


def test_primary_events_drop_the_second_coder(tiny):
    events = primary_events(tiny)
    assert len(events) == 13
    assert set(events["coder"]) == {"primary"}
    assert list(events.columns) == list(tiny.events.columns)


def test_meeting_order_sorts_by_date_and_numbers_meetings(tiny):
    meetings = tiny.meetings.iloc[::-1].reset_index(drop=True)
    project = tiny.with_table("meetings", meetings)
    order = meeting_order(project)
    assert order["meeting_id"].tolist() == ["M1", "M2", "M3"]
    assert order["meeting_number"].tolist() == [1, 2, 3]
    assert "meeting_number" not in project.meetings.columns


def test_trend_slope():
    assert trend_slope([1, 2, 3], [4, 4, 2]) == pytest.approx(-1)
    assert trend_slope([1, 2, 3, 4], [1, np.nan, 3, 4]) == pytest.approx(1.0)
    assert math.isnan(trend_slope([1], [3]))
    assert math.isnan(trend_slope([2, 2], [1, 3]))
    assert math.isnan(trend_slope([], []))


def test_lived_experience_roles_come_from_the_model():
    roles = pd.Series(["service_user", "carer", "family", "staff", "partner", None])
    assert lived_experience(roles, load_model()).tolist() == [True, True, True, False, False, False]


def test_doctests_of_the_module_pass():
    for module in (participation, equality, _common):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0


# -- participant and role voice ------------------------------------------------------


def test_participant_voice_on_the_tiny_project(tiny):
    voice = participant_voice(tiny).set_index("participant_id")
    assert list(participant_voice(tiny).columns) == VOICE_COLUMNS
    assert voice["contributions"].to_dict() == {"S1": 5, "S2": 2, "U1": 4, "C1": 2, "P1": 0}
    assert voice["meetings_present"].to_dict() == {"S1": 3, "S2": 2, "U1": 3, "C1": 2, "P1": 0}
    assert voice.loc["S1", "share_of_voice"] == pytest.approx(5 / 13)
    assert voice.loc["S1", "share_of_presence"] == pytest.approx(3 / 10)
    assert voice.loc["S1", "voice_to_presence"] == pytest.approx((5 / 13) / (3 / 10))
    assert voice.loc["P1", "share_of_voice"] == 0
    assert math.isnan(voice.loc["P1", "voice_to_presence"])  # never present
    assert voice["share_of_voice"].sum() == pytest.approx(1)
    assert voice["share_of_presence"].sum() == pytest.approx(1)
    assert voice["lived_experience"].to_dict() == {
        "S1": False, "S2": False, "U1": True, "C1": True, "P1": False}


def test_role_voice_on_the_tiny_project(tiny):
    table = role_voice(tiny)
    assert list(table.columns) == ROLE_COLUMNS
    assert table["role"].astype(str).tolist() == [
        "service_user", "carer", "family", "volunteer", "staff", "partner", "other"]
    roles = table.set_index(table["role"].astype(str))
    assert roles.loc["staff", "people"] == 2
    assert roles.loc["staff", "share_of_voice"] == pytest.approx(7 / 13)
    assert roles.loc["staff", "share_of_presence"] == pytest.approx(5 / 10)
    assert roles.loc["service_user", "share_of_voice"] == pytest.approx(4 / 13)
    assert roles.loc["carer", "voice_to_presence"] == pytest.approx((2 / 13) / (2 / 10))
    assert roles.loc["partner", "people"] == 1
    assert math.isnan(roles.loc["partner", "voice_to_presence"])
    assert roles.loc["family", "people"] == 0
    assert roles["share_of_voice"].sum() == pytest.approx(1)
    assert roles["lived_experience"].tolist() == [True, True, True, False, False, False, False]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["S1", "S2", "U1", "C1"]), min_size=1, max_size=30))
def test_share_of_voice_sums_to_one_for_any_events(tiny_project_for_hypothesis, speakers):
    base = tiny_project_for_hypothesis
    events = pd.DataFrame({"meeting_id": "M1", "seq": range(1, len(speakers) + 1),
                           "participant_id": speakers, "coder": "primary"})
    events["move"] = pd.Categorical(["move"] * len(speakers),
                                    categories=base.events["move"].cat.categories)
    project = Project(base.info, {**base.tables, "events": events}, model=base.model)  # typed
    voice = participant_voice(project)
    assert voice["share_of_voice"].sum() == pytest.approx(1)
    assert voice["contributions"].sum() == len(speakers)
    assert role_voice(project)["share_of_voice"].sum() == pytest.approx(1)


@pytest.fixture(scope="module")
def tiny_project_for_hypothesis():
    return load_project(Path(__file__).resolve().parent / "fixtures" / "tiny")


# -- per meeting -----------------------------------------------------------------


def test_meeting_equality_on_the_tiny_project(tiny):
    table = meeting_equality(tiny)
    assert list(table.columns) == MEETING_COLUMNS
    assert table["meeting_id"].tolist() == ["M1", "M2", "M3"]
    assert table["present"].tolist() == [4, 4, 2]
    assert table["speakers"].tolist() == [4, 4, 2]
    assert table["silent"].tolist() == [0, 0, 0]
    assert table["contributions"].tolist() == [6, 4, 3]
    m1 = [2, 2, 1, 1]
    assert table.loc[0, "gini"] == pytest.approx(independent_gini(m1) * 4 / 3)
    assert table.loc[1, "gini"] == 0
    assert table.loc[1, "evenness"] == pytest.approx(1)
    assert table.loc[0, "evenness"] == pytest.approx(entropy(m1) / math.log(4))
    assert table["top_share"].tolist() == pytest.approx([2 / 6, 1 / 4, 2 / 3])
    assert table["lived_experience_share_of_voice"].tolist() == pytest.approx([3 / 6, 2 / 4, 1 / 3])
    assert table["lived_experience_share_present"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    uncorrected = meeting_equality(tiny, correct=False)
    assert uncorrected.loc[0, "gini"] == pytest.approx(independent_gini(m1))


def test_silent_attendees_count_as_zero(tiny):
    project = with_rows(tiny, "attendance", [{"meeting_id": "M3", "participant_id": "S2",
                                              "present": "yes", "group": ""}])
    m3 = meeting_equality(project).set_index("meeting_id").loc["M3"]
    assert (m3["present"], m3["speakers"], m3["silent"]) == (3, 2, 1)
    counts = [2, 1, 0]  # S1, U1, silent S2
    assert m3["gini"] == pytest.approx(independent_gini(counts) * 3 / 2)
    assert m3["evenness"] == pytest.approx(entropy(counts) / math.log(3))
    assert m3["lived_experience_share_present"] == pytest.approx(1 / 3)
    voice = participant_voice(project).set_index("participant_id")
    assert voice.loc["S2", "meetings_present"] == 3


def test_without_attendance_rows_the_speakers_are_present(tiny):
    attendance = tiny.attendance[tiny.attendance["meeting_id"] != "M2"]
    project = tiny.with_table("attendance", attendance)
    m2 = meeting_equality(project).set_index("meeting_id").loc["M2"]
    assert (m2["present"], m2["silent"]) == (4, 0)


def test_speaking_proves_presence_even_when_attendance_says_no(tiny):
    attendance = tiny.attendance.copy()
    attendance.loc[(attendance["meeting_id"] == "M3") & (attendance["participant_id"] == "U1"),
                   "present"] = False
    m3 = meeting_equality(tiny.with_table("attendance", attendance)).iloc[2]
    assert m3["present"] == 2


def test_meeting_with_no_events_and_one_person_meetings(tiny):
    project = with_rows(tiny, "meetings", [
        {"meeting_id": "M4", "date": "2026-03-20", "step": "impact"},
        {"meeting_id": "M5", "date": "2026-03-27", "step": "impact"}])
    project = with_rows(project, "attendance", [
        {"meeting_id": "M4", "participant_id": "S1", "present": "yes"},
        {"meeting_id": "M4", "participant_id": "U1", "present": "yes"},
        {"meeting_id": "M5", "participant_id": "S1", "present": "yes"}])
    project = with_rows(project, "events", [
        {"meeting_id": "M5", "seq": "1", "participant_id": "S1", "move": "move"}])
    table = meeting_equality(project).set_index("meeting_id")
    empty, alone = table.loc["M4"], table.loc["M5"]
    assert (empty["present"], empty["silent"], empty["contributions"]) == (2, 2, 0)
    for column in ("gini", "evenness", "top_share", "lived_experience_share_of_voice"):
        assert math.isnan(empty[column])
    assert empty["lived_experience_share_present"] == 0.5
    assert math.isnan(alone["gini"]) and math.isnan(alone["evenness"])
    assert alone["top_share"] == 1
    assert meeting_equality(project, correct=False).set_index("meeting_id").loc["M5", "gini"] == 0


def test_a_project_with_no_events(tiny):
    project = tiny.with_table("events", tiny.events.iloc[0:0])
    voice = participant_voice(project)
    assert list(voice.columns) == VOICE_COLUMNS
    assert voice["contributions"].sum() == 0
    assert voice["share_of_voice"].isna().all()
    assert voice["share_of_presence"].sum() == pytest.approx(1)
    assert role_voice(project)["share_of_voice"].isna().all()
    table = meeting_equality(project)
    assert table["contributions"].tolist() == [0, 0, 0]
    assert table["silent"].tolist() == table["present"].tolist() == [4, 4, 2]
    settings_table = group_vs_plenary(project)
    assert settings_table["contributions"].tolist() == [0, 0]
    assert settings_table["gini"].isna().all()
    trend = participation_trend(project).set_index("metric")
    assert trend["slope_per_meeting"].drop("present").isna().all()


def test_group_vs_plenary_on_the_tiny_project(tiny):
    table = group_vs_plenary(tiny)
    assert list(table.columns) == SETTING_COLUMNS
    assert table["setting"].tolist() == ["plenary", "small_groups"]
    plenary, small = table.iloc[0], table.iloc[1]
    assert (plenary["meetings"], plenary["contributions"], plenary["speakers"]) == (2, 9, 4)
    assert (small["meetings"], small["contributions"], small["speakers"]) == (1, 4, 4)
    m1 = independent_gini([2, 2, 1, 1]) * 4 / 3
    m3 = independent_gini([2, 1]) * 2
    assert plenary["gini"] == pytest.approx((m1 + m3) / 2)
    assert small["gini"] == 0 and small["evenness"] == pytest.approx(1)
    assert plenary["lived_experience_share_of_voice"] == pytest.approx(4 / 9)
    assert small["lived_experience_share_of_voice"] == pytest.approx(2 / 4)


def test_participation_trend_on_the_tiny_project(tiny):
    trend = participation_trend(tiny)
    assert list(trend.columns) == ["metric", "slope_per_meeting", "first", "last"]
    assert trend["metric"].tolist() == list(participation.TREND_METRICS)
    present = trend.set_index("metric").loc["present"]
    assert present["slope_per_meeting"] == pytest.approx(-1)
    assert (present["first"], present["last"]) == (4, 2)
    top = trend.set_index("metric").loc["top_share"]
    assert top["slope_per_meeting"] == pytest.approx(trend_slope([1, 2, 3], [2 / 6, 1 / 4, 2 / 3]))


def test_inputs_are_never_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for function in (participant_voice, role_voice, meeting_equality, group_vs_plenary,
                     participation_trend, primary_events, meeting_order):
        function(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_staff_led_example_is_less_equal_than_co_produced():
    from collabkit.examples import generate_project

    co = generate_project("co_produced", seed=5)
    led = generate_project("staff_led", seed=5)

    def role_ratio(project, lived):
        table = role_voice(project)
        rows = table[table["lived_experience"] == lived]
        return rows["share_of_voice"].sum() / rows["share_of_presence"].sum()

    assert role_ratio(led, True) < 0.7 < role_ratio(co, True)
    assert role_ratio(led, False) > 1.3 > role_ratio(co, False)
    assert meeting_equality(led)["gini"].mean() > meeting_equality(co)["gini"].mean()
    assert meeting_equality(led)["silent"].sum() > meeting_equality(co)["silent"].sum()
