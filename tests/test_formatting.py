"""collabkit.formatting: one way to show each number, share, date and code."""

from __future__ import annotations

import ast
import datetime as dt
import doctest
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from collabkit import formatting as f
from tests.conftest import ROOT

MISSING_VALUES = [None, float("nan"), np.nan, pd.NA, pd.NaT]


def test_docstring_examples_run():
    result = doctest.testmod(f, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 20 and result.failed == 0


@pytest.mark.parametrize("value", MISSING_VALUES)
def test_missing_values_read_the_same_everywhere(value):
    assert f.number(value) == f.percent(value) == f.day(value) == f.short_day(value) == "n/a"
    assert f.text(value) == f.MISSING == "n/a"
    assert f.text(value, missing="") == ""
    assert f.duration(value) == "n/a" and f.duration(value, missing="not set") == "not set"


def test_number_has_thousands_separators_and_fixed_decimals():
    assert f.number(0) == "0.00" and f.number(0.125, 1) == "0.1"
    assert f.number(1234567.891) == "1,234,567.89" and f.number(-0.5) == "-0.50"
    assert f.number(np.float64(2.5), 0) == "2" and f.number(3) == "3.00"


def test_percent_rounds_but_never_says_none_or_all_when_that_is_not_true():
    assert f.percent(0.4166) == "42%" and f.percent(0.4166, 1) == "41.7%"
    assert f.percent(0) == "0%" and f.percent(1) == "100%"
    assert f.percent(0.004) == "<1%" and f.percent(0.0004, 1) == "<0.1%"
    assert f.percent(0.996) == ">99%" and f.percent(0.9996, 1) == ">99.9%"
    assert f.percent(0.005) == "<1%"  # 0.5% rounds to 0 (half to even): still not nobody
    assert f.percent(0.995) == ">99%"
    assert f.percent(0.006) == "1%" and f.percent(0.994) == "99%"
    assert f.percent(1.5) == "150%"


def test_fraction_gives_n_of_m_with_a_percentage_unless_out_of_nothing():
    assert f.fraction(0, 0) == "0 of 0"
    assert f.fraction(0, 4) == "0 of 4 (0%)" and f.fraction(4, 4) == "4 of 4 (100%)"
    assert f.fraction(2, 3) == "2 of 3 (67%)"
    assert f.fraction(1, 1000) == "1 of 1,000 (<1%)" and f.fraction(999, 1000) == \
        "999 of 1,000 (>99%)"
    assert f.fraction(None, 3) == "n/a" and f.fraction(1, float("nan")) == "n/a"


def test_number_word_spells_up_to_twelve():
    assert [f.number_word(n) for n in (0, 3, 12, 13, 2500)] == [
        "zero", "three", "twelve", "13", "2,500"]


def test_plural_is_singular_for_exactly_one():
    assert f.plural(1, "meeting") == "1 meeting"
    assert f.plural(2, "meeting") == "2 meetings" and f.plural(0, "meeting") == "0 meetings"
    assert f.plural(1, "person", "people") == "1 person"
    assert f.plural(2, "person", "people") == "2 people"
    assert f.plural(np.int64(1), "decision") == "1 decision"
    assert f.plural(12000, "event") == "12,000 events"


def test_join_words_uses_and_before_the_last_without_an_oxford_comma():
    assert f.join_words([]) == "" and f.join_words(["a"]) == "a"
    assert f.join_words(["a", "b"]) == "a and b"
    assert f.join_words(["a", "b", "c"]) == "a, b and c"
    assert f.join_words(x for x in (1, 2)) == "1 and 2"


def test_capital_changes_only_the_first_letter():
    assert f.capital("make the Change") == "Make the Change" and f.capital("") == ""


@pytest.mark.parametrize(("value", "long", "short"), [
    ("2025-03-03", "3 March 2025", "3 Mar 2025"),
    ("2024-02-29", "29 February 2024", "29 Feb 2024"),  # leap day
    ("2025-01-31", "31 January 2025", "31 Jan 2025"),
    ("2025-12-31", "31 December 2025", "31 Dec 2025"),
    ("2025-04-30", "30 April 2025", "30 Apr 2025"),
    (dt.date(2025, 9, 1), "1 September 2025", "1 Sep 2025"),
    (dt.datetime(2025, 6, 30, 23, 59), "30 June 2025", "30 Jun 2025"),
    (pd.Timestamp("2025-11-30"), "30 November 2025", "30 Nov 2025"),
    (np.datetime64("2025-07-31"), "31 July 2025", "31 Jul 2025"),
])
def test_dates_are_day_first_without_leading_zeros(value, long, short):
    assert f.day(value) == long and f.short_day(value) == short
    assert f.text(value) == (value if isinstance(value, str) else short)  # text stays as written


def test_day_can_name_the_weekday_and_month_names_the_month():
    assert f.day("2026-02-02", weekday=True) == "Monday 2 February 2026"
    assert f.day("2026-03-01", weekday=True) == "Sunday 1 March 2026"
    assert f.month("2026-02-28") == "Feb 2026" and f.month(None) == "n/a"


def test_timestamp_is_day_first_with_the_time_and_zone():
    assert f.timestamp(dt.datetime(2026, 3, 31, 18, 7)) == "31 March 2026 at 18:07"
    utc = dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)
    assert f.timestamp(utc) == "1 January 2026 at 00:00 UTC"


def test_duration_is_in_minutes_with_one_minute_singular():
    assert f.duration(0) == "0 minutes" and f.duration(1) == "1 minute"
    assert f.duration(2) == "2 minutes" and f.duration(90.0) == "90 minutes"
    assert f.duration(7.5) == "7.5 minutes"


def test_clock_counts_like_a_stopwatch_or_an_agenda():
    assert f.clock(0) == "0:00" and f.clock(59.9) == "0:59" and f.clock(125) == "2:05"
    assert f.clock(3599) == "59:59" and f.clock(3600) == "1:00:00"
    assert f.clock(3725) == "1:02:05"
    assert f.clock(0, with_seconds=False) == "0:00"
    assert f.clock(20 * 60, with_seconds=False) == "0:20"
    assert f.clock(90 * 60, with_seconds=False) == "1:30"
    assert f.clock(29.5 * 60 + 31, with_seconds=False) == "0:30"  # to the nearest minute


def test_text_words_any_value_for_a_table_cell():
    assert f.text("as written ") == "as written " and f.text("") == ""
    assert f.text(True) == "yes" and f.text(np.bool_(False)) == "no"
    assert f.text(1234) == "1,234" and f.text(np.int64(5)) == "5"
    assert f.text(3.0) == "3" and f.text(0.333) == "0.33" and f.text(1e16) == "10,000,000,000,000,000.00"
    assert f.text(["a"]) == "['a']"


def test_labels_come_from_the_model_given_never_a_loaded_one():
    model = SimpleNamespace(label=lambda kind, code: {("role", "carer"): "Carer"}[(kind, code)],
                            element_name=lambda step: {"big_idea": "The Big Idea"}[step])
    assert f.label(model, "role", "carer") == "Carer"
    assert f.label(model, "role", None) == "n/a" and f.label(model, "role", float("nan")) == "n/a"
    assert f.step_label(model, "big_idea") == "The Big Idea" and f.step_label(model, pd.NA) == "n/a"
    with pytest.raises(KeyError):
        f.label(model, "role", "nobody")


def test_labels_agree_with_the_real_model():
    from collabkit.model import load_model

    model = load_model()
    assert f.label(model, "role", "service_user") == model.label("role", "service_user")
    assert f.step_label(model, "big_idea") == model.element_name("big_idea")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_formatting_is_a_low_layer_that_never_loads_the_model():
    source = (ROOT / "collabkit" / "formatting.py").read_text(encoding="utf-8")
    ours = {m for m in _imports(ROOT / "collabkit" / "formatting.py") if m.startswith("collabkit")}
    assert ours <= {"collabkit.errors", "collabkit.resources", "collabkit.model"}
    assert "load_model" not in source


def test_plots_do_not_import_the_report():
    for path in sorted((ROOT / "collabkit" / "plots").glob("*.py")):
        assert not [m for m in _imports(path) if m.startswith("collabkit.report")], path.name


def test_each_helper_is_defined_once():
    names = set(f.__all__) - {"MISSING"}
    for path in sorted((ROOT / "collabkit").rglob("*.py")):
        if path.name == "formatting.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert not defined & names, (path.relative_to(ROOT), defined & names)
