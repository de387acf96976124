"""How collabkit shows numbers, dates and codes to people: one helper for each.

Report sentences and tables, chart alt text, widgets and printable agendas
all format through this module, so a share, a date or a missing value reads
the same everywhere: shares as whole percentages ("42%"), dates day first
("3 March 2025" in sentences, "3 Mar 2025" in tables), missing values as
:data:`MISSING`. Nothing here escapes HTML (that is
:mod:`collabkit.report.render`'s job) and nothing loads the model: helpers
that need code labels take the model as an argument.

Examples
--------
>>> percent(0.4166), plural(3, "meeting"), day("2025-03-03"), short_day("2025-03-03")
('42%', '3 meetings', '3 March 2025', '3 Mar 2025')
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collabkit.model import Model

__all__ = [
    "MISSING", "capital", "clock", "day", "duration", "fraction", "join_words", "label", "month",
    "number", "number_word", "percent", "plural", "short_day", "step_label", "text", "timestamp",
]

#: What a reader sees where a value was not recorded.
MISSING = "n/a"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DATES = (pd.Timestamp, dt.datetime, dt.date, np.datetime64)


def _missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA; False for anything else (lists too)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- numbers ---------------------------------------------------------------------------


def number(value: Any, digits: int = 2) -> str:
    """A number with ``digits`` decimals and thousands separators.

    Parameters
    ----------
    value : float, int or None
        The number; None or NaN when not recorded.
    digits : int, default 2
        Decimals shown.

    Returns
    -------
    str
        For example ``"0.42"`` or ``"1,234.50"``; :data:`MISSING` when missing.

    Examples
    --------
    >>> number(0.4166), number(1234.5, 1), number(float("nan"))
    ('0.42', '1,234.5', 'n/a')
    """
    if _missing(value):
        return MISSING
    return f"{float(value):,.{digits}f}"


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def number_word(count: int) -> str:
    """``count`` in words up to twelve (``"three"``), in figures above (``"15"``)."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else f"{count:,}"


def percent(value: Any, digits: int = 0) -> str:
    """A share (0 to 1) as a percentage.

    A share that is not zero but would round to 0% is shown as ``"<1%"``, and
    one that is not all but would round to 100% as ``">99%"``, so a reader is
    never told "nobody" or "everyone" when that is not true.

    Parameters
    ----------
    value : float or None
        The share, 0 to 1; None or NaN when it cannot be worked out.
    digits : int, default 0
        Decimals of the percentage.

    Returns
    -------
    str
        For example ``"42%"``; :data:`MISSING` when missing.

    Examples
    --------
    >>> percent(0.4166), percent(0.4166, 1), percent(None)
    ('42%', '41.7%', 'n/a')
    >>> percent(0.001), percent(0.999), percent(0), percent(1)
    ('<1%', '>99%', '0%', '100%')
    """
    if _missing(value):
        return MISSING
    share = float(value)
    shown = f"{share * 100:.{digits}f}"
    step = 10.0 ** -digits
    if share > 0 and float(shown) == 0:
        return f"<{step:.{digits}f}%"
    if share < 1 and float(shown) == 100:
        return f">{100 - step:.{digits}f}%"
    return f"{shown}%"


def fraction(count: Any, total: Any) -> str:
    """``"n of m (p%)"``: a count out of a total with its percentage.

    Parameters
    ----------
    count, total : int
        The count and what it is out of.

    Returns
    -------
    str
        The percentage is left out when the total is 0 (``"0 of 0"``);
        :data:`MISSING` when either number is missing.

    Examples
    --------
    >>> fraction(3, 5), fraction(1, 3), fraction(0, 0)
    ('3 of 5 (60%)', '1 of 3 (33%)', '0 of 0')
    """
    if _missing(count) or _missing(total):
        return MISSING
    count, total = int(count), int(total)
    if total == 0:
        return f"{count:,} of {total:,}"
    return f"{count:,} of {total:,} ({percent(count / total)})"


# -- words -----------------------------------------------------------------------------


def plural(count: Any, word: str, many: str | None = None) -> str:
    """A count and a noun, singular for exactly one.

    Parameters
    ----------
    count : int
        How many.
    word : str
        The noun in the singular.
    many : str, optional
        The plural when it is not ``word + "s"`` (``"people"``).

    Examples
    --------
    >>> plural(1, "meeting"), plural(0, "meeting"), plural(2, "person", "people")
    ('1 meeting', '0 meetings', '2 people')
    >>> plural(1200, "event")
    '1,200 events'
    """
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def join_words(items: Iterable[Any]) -> str:
    """Items joined as in a sentence, with "and" before the last (no Oxford comma).

    Examples
    --------
    >>> join_words([]), join_words(["a"]), join_words(["a", "b"]), join_words("abc")
    ('', 'a', 'a and b', 'a, b and c')
    """
    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def capital(words: str) -> str:
    """``words`` with the first letter in upper case and the rest left alone.

    Examples
    --------
    >>> capital("make the Change"), capital("")
    ('Make the Change', '')
    """
    return words[:1].upper() + words[1:]


# -- dates and times -------------------------------------------------------------------


def day(value: Any, *, weekday: bool = False) -> str:
    """A date in words, day first, for sentences: ``"3 March 2025"``.

    Parameters
    ----------
    value : date, datetime, Timestamp or ISO text
        The date; None or NaT when not recorded.
    weekday : bool, default False
        Start with the day of the week (``"Monday 3 March 2025"``).

    Examples
    --------
    >>> day("2025-03-03"), day("2025-03-03", weekday=True), day(None)
    ('3 March 2025', 'Monday 3 March 2025', 'n/a')
    """
    if _missing(value):
        return MISSING
    when = pd.Timestamp(value)
    shown = f"{when.day} {_MONTHS[when.month - 1]} {when.year}"
    return f"{_WEEKDAYS[when.weekday()]} {shown}" if weekday else shown


def short_day(value: Any) -> str:
    """A date, day first, short enough for a table cell: ``"3 Mar 2025"``.

    Examples
    --------
    >>> short_day("2025-03-03"), short_day(pd.NaT)
    ('3 Mar 2025', 'n/a')
    """
    if _missing(value):
        return MISSING
    when = pd.Timestamp(value)
    return f"{when.day} {_MONTHS[when.month - 1][:3]} {when.year}"


def month(value: Any) -> str:
    """A month and year, for a date axis: ``"Mar 2025"``.

    Examples
    --------
    >>> month("2025-03-31")
    'Mar 2025'
    """
    if _missing(value):
        return MISSING
    when = pd.Timestamp(value)
    return f"{_MONTHS[when.month - 1][:3]} {when.year}"


def timestamp(value: dt.datetime) -> str:
    """A moment, day first, with the time and (when known) the time zone.

    Examples
    --------
    >>> timestamp(dt.datetime(2025, 3, 3, 9, 5))
    '3 March 2025 at 09:05'
    >>> timestamp(dt.datetime(2025, 3, 3, 9, 5, tzinfo=dt.UTC))
    '3 March 2025 at 09:05 UTC'
    """
    if _missing(value):
        return MISSING
    return f"{day(value)} at {value:%H:%M %Z}".strip()


def duration(minutes: Any, *, missing: str = MISSING) -> str:
    """A length of time in minutes, in words: ``"20 minutes"``.

    Parameters
    ----------
    minutes : float or None
        The length in minutes.
    missing : str, default :data:`MISSING`
        Shown when there is no length (the agenda says ``"not set"``).

    Examples
    --------
    >>> duration(1), duration(90), duration(7.5), duration(None, missing="not set")
    ('1 minute', '90 minutes', '7.5 minutes', 'not set')
    """
    if _missing(minutes):
        return missing
    value = float(minutes)
    return f"{value:g} {'minute' if value == 1 else 'minutes'}"


def clock(seconds: float, *, with_seconds: bool = True) -> str:
    """Time on a clock that starts at 0:00.

    Parameters
    ----------
    seconds : float
        Time since the start.
    with_seconds : bool, default True
        ``"m:ss"`` (``"h:mm:ss"`` from an hour), counting whole seconds as a
        stopwatch does; with False, ``"h:mm"`` to the nearest minute, as on
        an agenda.

    Examples
    --------
    >>> clock(125), clock(3725), clock(1200, with_seconds=False), clock(0)
    ('2:05', '1:02:05', '0:20', '0:00')
    """
    if not with_seconds:
        total = int(round(seconds / 60))
        return f"{total // 60}:{total % 60:02d}"
    hours, rest = divmod(int(seconds), 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes}:{whole:02d}"


# -- any value, and codes --------------------------------------------------------------


def text(value: Any, *, missing: str = MISSING) -> str:
    """Any value as the plain text a reader sees in a table cell.

    Text is left as it is; yes/no for booleans; dates by :func:`short_day`;
    whole numbers with thousands separators; other numbers with two decimals.

    Parameters
    ----------
    value : Any
        The value.
    missing : str, default :data:`MISSING`
        Shown for None, NaN and NaT (the facilitator widgets leave it blank).

    Examples
    --------
    >>> text(1234), text(0.5), text(True), text(pd.Timestamp("2025-03-31")), text(None)
    ('1,234', '0.50', 'yes', '31 Mar 2025', 'n/a')
    >>> text(float("nan"), missing="")
    ''
    """
    if isinstance(value, str):
        return value
    if _missing(value):
        return missing
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, _DATES):
        return short_day(value)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        figure = float(value)
        if figure.is_integer() and abs(figure) < 1e15:
            return f"{int(figure):,}"
        return f"{figure:,.2f}"
    return str(value)


def label(model: Model, kind: str, code: Any) -> str:
    """The label of a code, by :meth:`collabkit.model.Model.label`.

    Parameters
    ----------
    model : Model
        The model whose code lists to use (never loaded here).
    kind : str
        The code list: ``"role"``, ``"level"``, ``"impact_status"``...
    code : str or None
        The code; :data:`MISSING` is shown when it is missing.

    Raises
    ------
    KeyError
        If the code list or the code is unknown.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> model = SimpleNamespace(label=lambda kind, code: {"carer": "Carer"}[code])
    >>> label(model, "role", "carer"), label(model, "role", None)
    ('Carer', 'n/a')
    """
    return MISSING if _missing(code) else model.label(kind, str(code))


def step_label(model: Model, step: Any) -> str:
    """The name of a step of the model (``"The Big Idea"``), or :data:`MISSING`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> model = SimpleNamespace(element_name=lambda step: {"big_idea": "The Big Idea"}[step])
    >>> step_label(model, "big_idea"), step_label(model, float("nan"))
    ('The Big Idea', 'n/a')
    """
    return MISSING if _missing(step) else model.element_name(str(step))
