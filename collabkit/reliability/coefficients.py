"""Coding reliability: do two or more coders give the same codes to the same talk?

Cohen's kappa (two coders), Fleiss' kappa (many coders, complete data),
Krippendorff's alpha (any number of coders, missing data, four levels of
measurement) and :func:`coder_agreement`, which lines up the coders of each
meeting in an events table and reports all of them per meeting (in
:mod:`collabkit.reliability.agreement`; both are importable from
:mod:`collabkit.reliability`).

Conventions: an undefined statistic (no units coded twice, or every code the
same so that chance agreement is already perfect) is ``NaN``, never an error.
Alpha is computed from the coincidence matrix as in Krippendorff (2011),
"Computing Krippendorff's Alpha-Reliability".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "cohen_kappa",
    "fleiss_kappa",
    "interpret_alpha",
    "interpret_kappa",
    "krippendorff_alpha",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
_WEIGHTS = (None, "linear", "quadratic")


def interpret_kappa(kappa: float | None) -> str:
    """Name a kappa with the Landis & Koch (1977) benchmarks.

    Parameters
    ----------
    kappa : float or None
        Cohen's or Fleiss' kappa.

    Returns
    -------
    str
        ``"poor"`` (below 0), ``"slight"`` (0-0.20), ``"fair"`` (0.21-0.40),
        ``"moderate"`` (0.41-0.60), ``"substantial"`` (0.61-0.80),
        ``"almost perfect"`` (0.81-1), or ``""`` for NaN/None.

    Notes
    -----
    The bands are applied to kappa rounded to two decimals, as it is reported,
    so 0.404 is "fair" and -0.004 is "slight". The labels are conventions, not
    tests: a kappa depends on how common each code is, so report it with the
    raw agreement and the prevalence of the most common code.

    Examples
    --------
    >>> interpret_kappa(0.40), interpret_kappa(0.72), interpret_kappa(float("nan"))
    ('fair', 'substantial', '')
    """
    if kappa is None or math.isnan(kappa):
        return ""
    value = round(float(kappa), 2)
    if value < 0:
        return "poor"
    for upper, label in (
        (0.20, "slight"),
        (0.40, "fair"),
        (0.60, "moderate"),
        (0.80, "substantial"),
    ):
        if value <= upper:
            return label
    return "almost perfect"


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


def cohen_kappa(
    rater_a: Sequence[Any] | np.ndarray | pd.Series,
    rater_b: Sequence[Any] | np.ndarray | pd.Series,
    *,
    weights: Literal["linear", "quadratic"] | None = None,
    labels: Sequence[Any] | None = None,
) -> float:
    """Cohen's kappa: agreement of two coders beyond what chance would give.

    Parameters
    ----------
    rater_a, rater_b : sequence
        One label per unit from each coder, same length and order. A pair with
        a missing label (NaN/None) in either is left out.
    weights : {None, "linear", "quadratic"}
        ``None`` counts every disagreement the same (nominal codes). Weighted
        kappa gives partial credit to near misses on an ordered scale:
        ``"linear"`` by how many steps apart the labels are, ``"quadratic"`` by
        the square of that (close to an intraclass correlation).
    labels : sequence, optional
        All labels in scale order. Needed for weighted kappa when the sorted
        labels are not the scale order (strings sort alphabetically). Default:
        the sorted labels seen. A label outside ``labels`` is an error.

    Returns
    -------
    float
        ``1 - observed disagreement / chance disagreement``: 1 is perfect
        agreement, 0 what chance alone gives, below 0 worse than chance. NaN
        when undefined: no complete pairs, or chance agreement is already 1
        (for instance both coders used one and the same label throughout).

    Raises
    ------
    ValueError
        If the lengths differ, ``weights`` is not allowed, ``labels`` repeat
        or miss a label, or weighted labels cannot be ordered.

    Notes
    -----
    Kappa is low when one code dominates even if raw agreement is high (the
    "kappa paradox"); report raw agreement and prevalence next to it.

    Examples
    --------
    Fifty grant proposals read by two reviewers (20 yes/yes, 5 yes/no,
    10 no/yes, 15 no/no): raw agreement 0.70, chance 0.50.

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 3)
    0.4
    """
    if weights not in _WEIGHTS:
        raise ValueError(f"weights must be None, 'linear' or 'quadratic'; got {weights!r}")
    a, b = _labels_1d(rater_a, "rater_a"), _labels_1d(rater_b, "rater_b")
    if len(a) != len(b):
        raise ValueError(
            f"rater_a has {len(a)} labels but rater_b has {len(b)}; give one label per "
            "unit from each coder, in the same order, with None/NaN where a unit was not coded"
        )
    complete = ~(pd.isna(a) | pd.isna(b))
    a, b = a[complete], b[complete]
    if len(a) == 0:
        return math.nan
    order = _label_order(np.concatenate([a, b]), labels, ordered=weights is not None)
    codes_a = pd.Categorical(a, categories=order).codes.astype(np.int64)
    codes_b = pd.Categorical(b, categories=order).codes.astype(np.int64)
    k = len(order)
    observed = np.bincount(codes_a * k + codes_b, minlength=k * k).reshape(k, k) / len(a)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    steps = np.abs(np.subtract.outer(np.arange(k), np.arange(k))).astype(float)
    disagreement = {None: steps > 0, "linear": steps, "quadratic": steps**2}[weights]
    chance = float((disagreement * expected).sum())
    if chance == 0:
        return math.nan
    return 1.0 - float((disagreement * observed).sum()) / chance


def fleiss_kappa(counts: pd.DataFrame | np.ndarray | Sequence[Sequence[float]]) -> float:
    """Fleiss' kappa: agreement of many coders, each unit coded by as many.

    Parameters
    ----------
    counts : DataFrame or 2-D array
        Subjects (units) x categories: how many coders put each unit in each
        category. Every row must sum to the same number of coders (at least 2);
        the coders need not be the same people for every unit.

    Returns
    -------
    float
        ``(P - Pe) / (1 - Pe)``, where P is the mean share of agreeing coder
        pairs per unit and Pe the share expected by chance from the category
        totals. Read it like Cohen's kappa (see :func:`interpret_kappa`). NaN
        when undefined: no units, fewer than 2 coders, or one category only.

    Raises
    ------
    ValueError
        If the table is not 2-D, holds negative or fractional counts, or its
        rows do not all sum to the same number of coders (the message names the
        first row that differs).

    Examples
    --------
    Three units, three coders, two categories:

    >>> round(fleiss_kappa([[3, 0], [0, 3], [2, 1]]), 3)
    0.55
    """
    if isinstance(counts, pd.DataFrame):
        names = list(counts.index)
        try:
            table = counts.to_numpy(dtype=float)
        except (TypeError, ValueError) as error:
            raise ValueError(f"counts must hold numbers of coders; {error}") from None
    else:
        table = np.asarray(counts, dtype=float)
        names = list(range(len(table))) if table.ndim == 2 else []
    if table.ndim != 2:
        raise ValueError(
            f"counts must be a 2-D subjects x categories table; got {table.ndim} dimension(s)"
        )
    if table.shape[0] == 0 or table.shape[1] == 0:
        return math.nan
    if not np.isfinite(table).all() or (table < 0).any() or (table != np.round(table)).any():
        raise ValueError(
            "counts must be whole numbers of coders >= 0 (no NaN, negatives or fractions)"
        )
    totals = table.sum(axis=1)
    differs = np.flatnonzero(totals != totals[0])
    if differs.size:
        row = differs[0]
        raise ValueError(
            f"every row of counts must sum to the same number of coders: row {names[row]!r} "
            f"sums to {totals[row]:g} but row {names[0]!r} sums to {totals[0]:g}"
        )
    n = totals[0]
    if n < 2:
        return math.nan
    shares = table.sum(axis=0) / table.sum()
    chance = float((shares**2).sum())
    if math.isclose(chance, 1.0, rel_tol=0.0, abs_tol=1e-12):
        return math.nan
    agreement = float((((table**2).sum(axis=1) - n) / (n * (n - 1))).mean())
    return (agreement - chance) / (1.0 - chance)


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


def _labels_1d(labels: Any, name: str) -> np.ndarray:
    if np.ndim(labels) != 1:
        raise ValueError(
            f"{name} must be a sequence of labels, one per unit; got {type(labels).__name__}"
        )
    return pd.Series(labels).astype(object).to_numpy()


def _label_order(seen: np.ndarray, labels: Sequence[Any] | None, *, ordered: bool) -> list[Any]:
    present = list(pd.unique(seen))
    if labels is None:
        try:
            return sorted(present)
        except TypeError:
            if ordered:
                raise ValueError(
                    "weighted kappa needs labels in scale order, and these cannot be sorted: "
                    "pass labels=[...] from lowest to highest"
                ) from None
            return present
    order = list(labels)
    if len(set(order)) != len(order):
        raise ValueError(f"labels must not repeat; got {order!r}")
    unknown = [label for label in present if label not in set(order)]
    if unknown:
        raise ValueError(f"label(s) {unknown!r} not in labels={order!r}; add them or fix the codes")
    return order


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
        centred = points - float(totals @ points) / n
        return 2.0 * n * float(totals @ centred**2)
    total, step = 0.0, max(1, 2**20 // len(points))
    for start in range(0, len(points), step):
        block = _distance(points[start : start + step, None], points[None, :], level)
        total += float(totals[start : start + step] @ block @ totals)
    return total

