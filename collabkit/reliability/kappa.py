"""Kappa: whether two coders, or many, agree beyond what chance would give.

Cohen's kappa (two coders, optionally weighted for ordered codes), Fleiss'
kappa (many coders, complete data) and :func:`interpret_kappa`, the Landis
& Koch (1977) names for a kappa.

Conventions: an undefined statistic (no units coded twice, or every code the
same so that chance agreement is already perfect) is ``NaN``, never an error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = ["cohen_kappa", "fleiss_kappa", "interpret_kappa"]

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
