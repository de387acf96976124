"""Reading the dates people type: ISO or day first (the UK way), never month first.

One reader for every date a user types, in a CSV or workbook column, in
``project.yaml`` or in a form. It accepts

- ISO dates, ``2026-03-14`` (also ``2026/03/14``), with a time after them if
  there is one (``2026-03-14 10:30:00``, as a workbook's date-time cell
  reads; the time is dropped);
- day-first dates as UK spreadsheets write them: ``14/03/2026``,
  ``14/03/26``, ``14-03-2026``, ``14.03.2026``, ``4/3/26``, also with a
  time after them. A two-digit year 00 to 69 is 2000 to 2069, 70 to 99 is
  1970 to 1999.

It never reads a date month first: ``03/14/2026`` is refused with a hint
(there is no month 14). A number such as ``46034`` is the way Excel stores a
date in a cell not formatted as one, and gets its own hint. Years outside
1900 to 2199 are refused.

Dates collabkit writes stay ISO; this module only reads.

Examples
--------
>>> dates, why = read_dates(pd.Series(["2026-03-14", "14/03/26", "03/14/2026", ""]))
>>> [d.strftime("%d/%m/%Y") if pd.notna(d) else None for d in dates]
['14/03/2026', '14/03/2026', None, None]
>>> why.to_dict()
{2: "'03/14/2026' is not a date: there is no month 14; collabkit reads dates day first (DD/MM/YYYY): did you mean 14/03/2026?"}
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd

#: The years a date may have.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199
#: Two-digit years below this are 20xx, the rest 19xx.
CENTURY_PIVOT = 70
#: Day 0 of Excel's date numbers (Excel counts 1900 as a leap year, so this is
#: 30 December 1899 for every date after February 1900).
EXCEL_DAY_ZERO = pd.Timestamp("1899-12-30")

_TIME = r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _TIME)
_EXCEL_NUMBER = re.compile(r"\d{5}(?:\.\d+)?")
_FIELDS = ("year", "month", "day", "time")

HOW_TO_WRITE = ("write dates day first, DD/MM/YYYY (for example 14/03/2026), or as "
                "YYYY-MM-DD (2026-03-14)")


def read_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read a column of typed dates.

    Parameters
    ----------
    text : Series of str
        The cells as typed, trimmed; blank (``""`` or missing) is no date.

    Returns
    -------
    dates : Series of datetime64[ns]
        Same index as ``text``; NaT where the cell is blank or not a date.
    why : Series of str
        For each cell that is not blank and not a date (indexed as ``text``),
        what is wrong with it and how to write it, starting with the value
        quoted: ``'31/02/2026' is not a date: February 2026 has 28 days``.

    Notes
    -----
    Vectorised: one strict ``YYYY-MM-DD`` pass over the whole column, then the
    cells it left are read once per distinct value, so a long column costs
    about one :func:`pandas.to_datetime` call.
    """
    quick = _iso_dates(text)
    if quick is not None:
        return quick, pd.Series([], index=text.index[:0], dtype=object)
    cells = text.astype(object)
    blank = cells.isna() | (cells == "")
    dates = pd.to_datetime(cells.mask(blank), format="%Y-%m-%d", errors="coerce")
    dates = dates.where(dates.dt.year.between(EARLIEST_YEAR, LATEST_YEAR)).astype(
        "datetime64[ns]")
    left = ~blank & dates.isna()
    if not left.any():
        return dates, pd.Series([], index=text.index[:0], dtype=object)
    codes, uniques = pd.factorize(cells[left].astype(str))
    found = _read_distinct(pd.Series(uniques, dtype=object))
    dates[left] = found.to_numpy()[codes]
    still = found.isna().to_numpy()
    messages = np.array([explain(v) if bad else "" for v, bad in zip(uniques, still,
                                                                     strict=True)], dtype=object)
    picked = messages[codes]
    bad_rows = cells.index[left][picked != ""]
    return dates, pd.Series(picked[picked != ""], index=bad_rows, dtype=object)


_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def _iso_dates(text: pd.Series) -> pd.Series | None:
    """The dates when every cell is blank or a valid ``YYYY-MM-DD`` in range, else None.

    The usual column (collabkit writes ISO dates) read by numpy in one step,
    without pandas' parsing passes; anything else goes the long way.
    """
    cells = text.to_numpy(dtype=object)
    day = np.empty(len(cells), dtype="datetime64[D]")
    distinct: dict[object, np.datetime64] = {}
    for at, cell in enumerate(cells):
        found = distinct.get(cell)
        if found is None:
            if isinstance(cell, str) and cell:
                if not _ISO_DAY.fullmatch(cell) or not (
                        EARLIEST_YEAR <= int(cell[:4]) <= LATEST_YEAR):
                    return None
                try:
                    found = np.datetime64(cell, "D")
                except ValueError:  # 2026-02-30 and the like: the long way explains them
                    return None
            elif cell is None or cell == "" or (isinstance(cell, float) and np.isnan(cell)):
                found = np.datetime64("NaT", "D")
            else:
                return None
            distinct[cell] = found
        day[at] = found
    return pd.Series(day.astype("datetime64[ns]"), index=text.index)


def _read_distinct(values: pd.Series) -> pd.Series:
    """Each distinct leftover value as a date (NaT when it is not a valid one)."""
    parts = [values.str.extract("^" + shape.pattern + "$").reindex(columns=list(_FIELDS))
             for shape in (_YEAR_FIRST, _DAY_FIRST)]
    found = parts[0].combine_first(parts[1])
    year = pd.to_numeric(found["year"], errors="coerce")
    two_digits = found["year"].str.len() == 2
    year = year.where(~two_digits, year + np.where(year < CENTURY_PIVOT, 2000, 1900))
    month = pd.to_numeric(found["month"], errors="coerce")
    day = pd.to_numeric(found["day"], errors="coerce")
    times = found["time"]
    ok = (year.between(EARLIEST_YEAR, LATEST_YEAR) & month.between(1, 12) & (day >= 1)
          & (times.isna() | times.fillna("0:00").map(_is_time)))
    first = pd.to_datetime(pd.DataFrame({"year": year.where(ok, 2000), "month": month.where(
        ok, 1), "day": 1}), errors="coerce")
    ok &= day <= first.dt.days_in_month
    return (first + pd.to_timedelta(day.where(ok, 1) - 1, unit="D")).where(ok).astype(
        "datetime64[ns]")


def _is_time(text: str) -> bool:
    hours, minutes, *seconds = text.split(":")
    return int(hours) < 24 and int(minutes) < 60 and (not seconds or float(seconds[0]) < 60)


def explain(value: str) -> str:
    """Why ``value`` is not a date, and how to write it (one sentence, the value quoted).

    Examples
    --------
    >>> explain("31/02/2026")
    "'31/02/2026' is not a date: February 2026 has 28 days"
    >>> explain("46034")
    "'46034' is not a date: this looks like a date Excel stored as a number; Excel shows it as 12/01/2026: format the column as a date or type 12/01/2026"
    """
    start = f"'{value}' is not a date"
    reason = _reason(value)
    return f"{start}: {reason}" if reason else f"{start}; {HOW_TO_WRITE}"


def _reason(value: str) -> str:
    if _EXCEL_NUMBER.fullmatch(value):
        shown = EXCEL_DAY_ZERO + pd.Timedelta(days=int(float(value)))
        if EARLIEST_YEAR <= shown.year <= LATEST_YEAR:
            typed = f"{shown:%d/%m/%Y}"
            return (f"this looks like a date Excel stored as a number; Excel shows it as "
                    f"{typed}: format the column as a date or type {typed}")
    match = _YEAR_FIRST.fullmatch(value) or _DAY_FIRST.fullmatch(value)
    if match is None:
        return ""
    day_first = match.re is _DAY_FIRST
    day, month, year_text = int(match["day"]), int(match["month"]), match["year"]
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year < CENTURY_PIVOT else 1900
    if not 1 <= month <= 12:
        if not day_first:
            return f"there is no month {month}; write ISO dates as YYYY-MM-DD"
        reason = f"there is no month {month}; collabkit reads dates day first (DD/MM/YYYY)"
        if 1 <= day <= 12 and _valid(year, day, month):
            sep = match["sep"]
            reason += f": did you mean {month:02d}{sep}{day:02d}{sep}{year_text}?"
        return reason
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return (f"the year {year} is outside {EARLIEST_YEAR} to {LATEST_YEAR}; "
                "check the year")
    if day < 1:
        return "there is no day 0"
    days = calendar.monthrange(year, month)[1]
    if day > days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    if match["time"] and not _is_time(match["time"]):
        return f"'{match['time']}' is not a time of day; give the date alone"
    return ""


def _valid(year: int, month: int, day: int) -> bool:
    return (EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12
            and 1 <= day <= calendar.monthrange(year, month)[1])
