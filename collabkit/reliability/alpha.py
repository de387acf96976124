"""Krippendorff's alpha: reliability for any number of coders, missing data and level.

:func:`krippendorff_alpha` works at four levels of measurement (nominal,
ordinal, interval, ratio); :func:`interpret_alpha` names a value with
Krippendorff's (2004) thresholds.

Conventions: an undefined statistic (no unit coded twice, or only one value
used) is ``NaN``, never an error. Alpha is computed from the coincidence
matrix as in Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = ["interpret_alpha", "krippendorff_alpha"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
#: Expected disagreement below this share of its scale is rounding, not variation: NaN.
_RELATIVE_TOLERANCE = 1e-12


def interpret_alpha(alpha: float | None) -> str:
    """Name an alpha with Krippendorff's (2004) thresholds.

    Parameters
    ----------
    alpha : float or None
        Krippendorff's alpha.

    Returns
    -------
    str
        ``"reliable"`` (alpha >= 0.800: rely on the codes), ``"tentative"``
        (0.667 to 0.800: draw only tentative conclusions), ``"unreliable"``
        (below 0.667) or ``""`` for NaN/None. Alpha is rounded to three
        decimals first, as it is reported.

    Examples
    --------
    >>> interpret_alpha(0.849), interpret_alpha(0.743), interpret_alpha(0.5)
    ('reliable', 'tentative', 'unreliable')
    """
    if alpha is None or math.isnan(alpha):
        return ""
    value = round(float(alpha), 3)
    if value >= 0.800:
        return "reliable"
    return "tentative" if value >= 0.667 else "unreliable"


def krippendorff_alpha(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]], *, level: Level = "nominal"
) -> float:
    """Krippendorff's alpha: reliability for any number of coders and missing data.

    Parameters
    ----------
    data : DataFrame or 2-D array
        Coders x units (rows are coders, columns units, as in the
        ``krippendorff`` package); NaN or None where a coder did not code a
        unit. In a numpy string array the text ``"nan"`` also counts as missing
        (numpy turns NaN into it). Units coded by fewer than two coders do not
        count.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, which sets how far apart two values are: nominal
        (same or different; any labels), ordinal (ranks, using how many values
        lie between the two), interval (squared difference), ratio (squared
        difference relative to the sum; values must be >= 0). Non-nominal
        levels need numbers in scale order.

    Returns
    -------
    float
        ``1 - observed disagreement / expected disagreement``: 1 is perfect
        reliability, 0 no better than chance, below 0 systematic disagreement.
        Rely on codes with alpha >= 0.800; 0.667 to 0.800 allows tentative
        conclusions only (see :func:`interpret_alpha`). NaN when undefined: no
        unit coded twice, or only one value used (no variation).

    Raises
    ------
    ValueError
        If ``level`` is unknown, the table is not 2-D, or non-nominal values
        are not numbers (or negative for ratio).

    Notes
    -----
    Computed from the coincidence matrix (Krippendorff 2011): every ordered
    pair of values within a unit adds ``1 / (m_u - 1)`` to it, where ``m_u``
    is the number of values in the unit; its margins ``n_c`` give the expected
    disagreement. Work grows with coder pairs times units (the ratio level also
    with the square of the number of distinct values).

    Examples
    --------
    Krippendorff (2011): 4 observers, 12 units, values 1-5, some missing.

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data), 3), round(krippendorff_alpha(data, level="interval"), 3)
    (0.743, 0.849)
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {', '.join(_LEVELS)}; got {level!r}")
    values, present = _coder_table(data)
    pairable = present.sum(axis=0) >= 2
    values, present = values[:, pairable], present[:, pairable]
    if not pairable.any():
        return math.nan
    codes = np.full(values.shape, -1, dtype=np.int64)
    seen = values[present]
    if level == "nominal":
        codes[present], domain = pd.factorize(seen)
    else:
        try:
            numbers = seen.astype(float)
        except (TypeError, ValueError):
            raise ValueError(
                f"level={level!r} needs numbers in scale order; map labels to numbers "
                "first, or use level='nominal'"
            ) from None
        if level == "ratio" and (numbers < 0).any():
            raise ValueError("level='ratio' needs values >= 0 (a ratio scale has a true zero)")
        domain, codes[present] = np.unique(numbers, return_inverse=True)
    first, second, weight = _coincidences(codes, present)
    totals = np.bincount(first, weight, len(domain)) + np.bincount(second, weight, len(domain))
    points = np.arange(len(domain), dtype=float) if level == "nominal" else np.asarray(domain)
    if level == "ordinal":
        # Krippendorff's ordinal metric is the squared distance between mid-ranks.
        points = np.cumsum(totals) - totals / 2.0
    expected = _expected_disagreement(points, totals, level)
    if expected <= 0:
        return math.nan
    observed = 2.0 * float((weight * _distance(points[first], points[second], level)).sum())
    return 1.0 - (float(totals.sum()) - 1.0) * observed / expected


# -- helpers -----------------------------------------------------------------


def _coder_table(data: Any) -> tuple[np.ndarray, np.ndarray]:
    """Values and a present-mask of a coders x units table."""
    if isinstance(data, pd.DataFrame):
        values = data.to_numpy(dtype=object)
    elif isinstance(data, np.ndarray):
        values = data
    else:
        values = np.asarray(data, dtype=object)
    if values.ndim != 2:
        raise ValueError(f"data must be a 2-D coders x units table; got {values.ndim} dimension(s)")
    if values.dtype.kind in "biuf":
        return values, ~np.isnan(values.astype(float))
    if values.dtype.kind in "US":
        values = values.astype(object)
        return values, ~(pd.isna(values) | (values == "nan"))
    return values, ~pd.isna(values)


def _coincidences(codes: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, ...]:
    """The coincidence matrix as a list of entries: value pairs within units.

    Each pair of values (two coders, one unit) adds ``1 / (m_u - 1)`` to
    ``o[first, second]`` and to ``o[second, first]``; entries are not summed.
    """
    weight = 1.0 / np.maximum(present.sum(axis=0) - 1, 1)
    firsts, seconds, weights = [], [], []
    for one in range(len(codes)):
        for other in range(one + 1, len(codes)):
            both = present[one] & present[other]
            firsts.append(codes[one, both])
            seconds.append(codes[other, both])
            weights.append(weight[both])
    return np.concatenate(firsts), np.concatenate(seconds), np.concatenate(weights)


def _distance(x: np.ndarray, y: np.ndarray, level: str) -> np.ndarray:
    """Squared distance metric delta(x, y) of the level of measurement."""
    if level == "nominal":
        return (x != y).astype(float)
    if level == "ratio":
        total = x + y
        out = np.zeros(np.broadcast(x, y).shape)
        return np.divide(x - y, total, out=out, where=total != 0) ** 2
    return (x - y) ** 2


def _expected_disagreement(points: np.ndarray, totals: np.ndarray, level: str) -> float:
    """Sum over value pairs of n_c * n_k * delta(c, k), without a V x V matrix."""
    n = float(totals.sum())
    if level == "nominal":
        return n * n - float((totals**2).sum())
    if level != "ratio":
        # Squared differences do not change when every value moves by the same amount:
        # measured from the smallest value, one value used gives exactly zero, and
        # the rounding left over from the mean (1e-30 for -9.89 five times) is held
        # to a relative tolerance of the values' own spread.
        shifted = points - points[0]
        scale = 2.0 * n * float(totals @ shifted**2)
        centred = shifted - float(totals @ shifted) / n
        expected = 2.0 * n * float(totals @ centred**2)
        return expected if expected > _RELATIVE_TOLERANCE * scale else 0.0
    total, step = 0.0, max(1, 2**20 // len(points))
    for start in range(0, len(points), step):
        block = _distance(points[start : start + step, None], points[None, :], level)
        total += float(totals[start : start + step] @ block @ totals)
    return total

