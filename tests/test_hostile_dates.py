"""Issue 10, item 12: dates typed the UK way are read; month first never is.

The cases under ``tests/fixtures/hostile/`` are laid over the tiny project
(see the ``hostile`` fixture); each message is pinned as ``collabkit
validate`` prints it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from collabkit import load_project
from collabkit.cli import main
from collabkit.errors import DataError
from collabkit.project.dates import read_dates


def validate(path: Path):
    return CliRunner().invoke(main, ["validate", str(path)])


def read_one(text: str) -> tuple[pd.Timestamp, str | None]:
    dates, why = read_dates(pd.Series([text]))
    return dates.iloc[0], (why.iloc[0] if len(why) else None)


# -- the corpus -----------------------------------------------------------------------


def test_uk_dates_in_csv_files_and_project_yaml_are_the_same_dates_as_iso(hostile, tiny):
    project = load_project(hostile("uk_dates"))  # 05/01/2026, 2/2/26, 02.03.2026 18:30, ...
    for table in ("meetings", "decisions"):
        pd.testing.assert_series_equal(project.table(table)["date"], tiny.table(table)["date"])
    assert (project.info["start"], project.info["end"]) == (dt.date(2026, 1, 5),
                                                            dt.date(2026, 3, 30))
    assert validate(hostile("uk_dates")).output == "1 project valid.\n"


def test_dates_collabkit_writes_stay_iso(hostile, tmp_path):
    load_project(hostile("uk_dates")).save(tmp_path / "saved")
    assert (tmp_path / "saved" / "meetings.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "M1,2026-01-05,big_idea,First meeting,in_person,90,95",
        "M2,2026-02-02,understand,Understanding the ward,online,60,60",
        "M3,2026-03-02,make_change,Making it happen,hybrid,90,80"]
    assert "end: '2026-03-30'" in (tmp_path / "saved" / "project.yaml").read_text("utf-8")


def test_a_month_first_date_is_refused_with_the_day_first_reading_offered(hostile):
    folder = hostile("month_first_date")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (
        f"{folder / 'meetings.csv'}:3:date: '02/14/2026' is not a date: there is no month 14; "
        "collabkit reads dates day first (DD/MM/YYYY): did you mean 14/02/2026?\n"
        "1 problem found.\n")


def test_an_impossible_date_says_how_many_days_the_month_has(hostile):
    folder = hostile("impossible_date")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (f"{folder / 'decisions.csv'}:3:date: '31/02/2026' is not a date: "
                             "February 2026 has 28 days\n1 problem found.\n")


def test_an_excel_date_number_gets_its_own_hint(hostile):
    folder = hostile("excel_serial_date")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (
        f"{folder / 'participants.csv'}:5:joined: '46027' is not a date: this looks like a date "
        "Excel stored as a number; Excel shows it as 05/01/2026: format the column as a date "
        "or type 05/01/2026\n1 problem found.\n")


def test_a_year_outside_1900_to_2199_in_project_yaml_is_refused(hostile):
    folder = hostile("year_out_of_range")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (f"{folder / 'project.yaml'}:end: '30/03/2226' is not a date: the "
                             "year 2226 is outside 1900 to 2199; check the year\n"
                             "1 problem found.\n")


def test_in_a_workbook_uk_text_dates_are_read_and_a_date_number_names_its_cell(tiny, tmp_path):
    book = tiny.save(tmp_path / "tiny.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["meetings"]["B2"] = "05/01/2026"
    workbook["meetings"]["B3"] = 46055  # a cell not formatted as a date: 02/02/2026
    workbook.save(book)
    with pytest.raises(DataError) as caught:
        load_project(book)
    assert [str(p) for p in caught.value.problems] == [
        f"{book}[meetings]:3:date: '46055' is not a date: this looks like a date Excel stored "
        "as a number; Excel shows it as 02/02/2026: format the column as a date or type "
        "02/02/2026 (cell B3)"]


# -- each case of the reader, pinned by its message ----------------------------------------


@pytest.mark.parametrize("typed", ["2026-03-14", "2026-3-14", "2026/03/14", "14/03/2026",
                                   "14/03/26", "14-03-2026", "14.03.2026", "14/3/2026",
                                   "2026-03-14 10:30:00", "2026-03-14T10:30", "14/03/2026 10:30"])
def test_iso_and_day_first_dates_are_read(typed):
    assert read_one(typed) == (pd.Timestamp("2026-03-14"), None)


@pytest.mark.parametrize(("typed", "meant"), [("4/3/26", "2026-03-04"), ("4/3/69", "2069-03-04"),
                                              ("4/3/70", "1970-03-04"), ("4/3/99", "1999-03-04"),
                                              ("29/02/2024", "2024-02-29")])
def test_two_digit_years_are_2000_to_2069_then_1970_to_1999(typed, meant):
    assert read_one(typed) == (pd.Timestamp(meant), None)


@pytest.mark.parametrize(("typed", "message"), [
    ("03/14/2026", "there is no month 14; collabkit reads dates day first (DD/MM/YYYY): "
                   "did you mean 14/03/2026?"),
    ("3-14-26", "there is no month 14; collabkit reads dates day first (DD/MM/YYYY): "
                "did you mean 14-03-26?"),
    ("14/14/2026", "there is no month 14; collabkit reads dates day first (DD/MM/YYYY)"),
    ("2026-14-03", "there is no month 14; write ISO dates as YYYY-MM-DD"),
    ("31/02/2026", "February 2026 has 28 days"),
    ("2026-04-31", "April 2026 has 30 days"),
    ("29/02/2100", "February 2100 has 28 days"),
    ("00/03/2026", "there is no day 0"),
    ("46034", "this looks like a date Excel stored as a number; Excel shows it as 12/01/2026: "
              "format the column as a date or type 12/01/2026"),
    ("46034.5", "this looks like a date Excel stored as a number; Excel shows it as "
                "12/01/2026: format the column as a date or type 12/01/2026"),
    ("1850-06-01", "the year 1850 is outside 1900 to 2199; check the year"),
    ("2200-01-01", "the year 2200 is outside 1900 to 2199; check the year"),
    ("0026-03-14", "the year 26 is outside 1900 to 2199; check the year"),
    ("2026-03-14 25:00", "'25:00' is not a time of day; give the date alone"),
])
def test_each_kind_of_bad_date_says_what_is_wrong(typed, message):
    assert read_one(typed) == (pd.NaT, f"'{typed}' is not a date: {message}")


@pytest.mark.parametrize("typed", ["soon", "2026", "March 2026", "14/03-2026", "20260314"])
def test_anything_else_says_how_to_write_a_date(typed):
    assert read_one(typed) == (pd.NaT, f"'{typed}' is not a date; write dates day first, "
                                       "DD/MM/YYYY (for example 14/03/2026), or as YYYY-MM-DD "
                                       "(2026-03-14)")


def test_blank_cells_are_no_date_and_no_problem():
    dates, why = read_dates(pd.Series(["", None, "2026-03-14"], index=[5, 6, 7]))
    assert dates.isna().tolist() == [True, True, False] and why.empty
    assert str(dates.dtype) == "datetime64[ns]"


def test_problems_keep_the_rows_of_a_column_that_repeats_values():
    text = pd.Series(["14/03/2026", "03/14/2026", "2026-03-14", "03/14/2026"], index=[2, 3, 4, 9])
    dates, why = read_dates(text)
    assert dates.notna().tolist() == [True, False, True, False]
    assert why.index.tolist() == [3, 9]


# -- properties -------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31))


@st.composite
def written(draw) -> tuple[dt.date, str]:
    """A date and one way a person might type it: ISO or day first."""
    date = draw(DATES)
    if draw(st.booleans()):
        return date, date.isoformat()
    sep = draw(st.sampled_from("/-."))
    day = f"{date.day:02d}" if draw(st.booleans()) else str(date.day)
    month = f"{date.month:02d}" if draw(st.booleans()) else str(date.month)
    short = 1970 <= date.year <= 2069 and draw(st.booleans())
    year = f"{date.year % 100:02d}" if short else str(date.year)
    return date, f"{day}{sep}{month}{sep}{year}"


@given(written())
def test_any_date_written_iso_or_day_first_reads_back_as_that_date(case):
    date, typed = case
    assert read_one(typed) == (pd.Timestamp(date), None)


@given(DATES.filter(lambda d: d.day > 12), st.sampled_from("/-."))
def test_month_first_with_a_day_above_12_is_always_refused(date, sep):
    typed = f"{date.month:02d}{sep}{date.day:02d}{sep}{date.year}"
    parsed, message = read_one(typed)
    assert parsed is pd.NaT
    assert message == (f"'{typed}' is not a date: there is no month {date.day}; collabkit reads "
                       "dates day first (DD/MM/YYYY): did you mean "
                       f"{date.day:02d}{sep}{date.month:02d}{sep}{date.year}?")
