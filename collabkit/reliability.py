"""Coding reliability: do two or more coders give the same codes to the same talk?

Cohen's kappa (two coders), Fleiss' kappa (many coders, complete data),
Krippendorff's alpha (any number of coders, missing data, four levels of
measurement) and :func:`coder_agreement`, which lines up the coders of each
meeting in an events table and reports all of them per meeting.

Conventions: an undefined statistic (no units coded twice, or every code the
same so that chance agreement is already perfect) is ``NaN``, never an error.
Alpha is computed from the coincidence matrix as in Krippendorff (2011),
"Computing Krippendorff's Alpha-Reliability".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "AGREEMENT_COLUMNS",
    "coder_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "interpret_alpha",
    "interpret_kappa",
    "krippendorff_alpha",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
_WEIGHTS = (None, "linear", "quadratic")
AGREEMENT_COLUMNS = [
    "meeting_id", "coders", "units", "raw_agreement", "prevalence",
    "kappa", "alpha", "kappa_label", "alpha_label",
]  # fmt: skip
_DEFAULT_CODER = "primary"


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


def coder_agreement(
    events: pd.DataFrame,
    *,
    by: Literal["seq", "time"] = "seq",
    tolerance_seconds: float = 2.0,
    column: str = "move",
) -> pd.DataFrame:
    """Agreement between coders of the same meetings, per meeting and overall.

    Parameters
    ----------
    events : DataFrame
        The events table (meeting_id, seq, participant_id, move, t_seconds,
        mode, focus, group, coder, note). A blank or absent ``coder`` means
        ``"primary"``. Not modified.
    by : {"seq", "time"}
        How the coders' units are lined up. ``"seq"``: the same seq in the same
        meeting is the same unit. ``"time"``: each other coder's events are
        matched to the reference coder's events whose ``t_seconds`` lie within
        ``tolerance_seconds``, closest pairs first, each event used at most
        once (greedy nearest match). The reference coder is ``"primary"`` if
        that coder coded the meeting, else the first coder name in sort order.
        Events without a time, and events that no reference event matches, are
        left out.
    tolerance_seconds : float
        Largest time gap for a match when ``by="time"``.
    column : str
        The code to compare (``"move"``, ``"mode"``, ``"focus"``...).

    Returns
    -------
    DataFrame
        One row per meeting with two or more coders (in order of appearance),
        then a row with meeting_id ``"all"`` for all those units pooled (its
        ``coders`` counts distinct coder names, and the kappa rule below
        applies to them: coders who never coded the same meeting make it NaN).
        Columns: ``meeting_id``; ``coders`` (coders of the meeting);
        ``units`` (units coded by two or more of them); ``raw_agreement``
        (share of agreeing coder pairs, averaged over units; for two coders the
        share of units coded the same); ``prevalence`` (share of the most
        common code: near 1, kappa is unstable); ``kappa`` (Cohen's for two
        coders, Fleiss' for more when every unit was coded by all of them, else
        NaN); ``alpha`` (Krippendorff's, nominal); ``kappa_label`` and
        ``alpha_label`` (see :func:`interpret_kappa`, :func:`interpret_alpha`).
        No meeting with two coders gives an empty frame with these columns.

    Raises
    ------
    ValueError
        If ``by`` or ``tolerance_seconds`` is not allowed, a needed column is
        missing, (meeting_id, coder, seq) repeats with ``by="seq"``, or
        ``t_seconds`` holds something other than numbers with ``by="time"``.

    Examples
    --------
    >>> events = pd.DataFrame({
    ...     "meeting_id": ["m1"] * 8, "seq": [1, 2, 3, 4] * 2,
    ...     "move": ["move", "follow", "oppose", "bystand", "move", "follow", "follow", "bystand"],
    ...     "coder": ["primary"] * 4 + ["second"] * 4})
    >>> coder_agreement(events)[["meeting_id", "units", "raw_agreement", "kappa", "kappa_label"]].round(3)
      meeting_id  units  raw_agreement  kappa  kappa_label
    0         m1      4           0.75  0.667  substantial
    1        all      4           0.75  0.667  substantial
    """
    if by not in ("seq", "time"):
        raise ValueError(f"by must be 'seq' or 'time'; got {by!r}")
    if not isinstance(tolerance_seconds, Real) or not tolerance_seconds >= 0:
        raise ValueError(f"tolerance_seconds must be a number >= 0; got {tolerance_seconds!r}")
    key = "seq" if by == "seq" else "t_seconds"
    missing = [name for name in ("meeting_id", key, column) if name not in events.columns]
    if missing:
        raise ValueError(
            f"events has no column {', '.join(map(repr, missing))}; needed for by={by!r}"
        )
    table = pd.DataFrame({
        "meeting_id": events["meeting_id"].astype(object).to_numpy(),
        "coder": _coder_names(events),
        "key": events[key].astype(object).to_numpy(),
        "code": events[column].astype(object).to_numpy(),
    })  # fmt: skip
    table = table[table["meeting_id"].notna()]
    coders = table.groupby("meeting_id", sort=False)["coder"].unique()
    coders = {m: sorted(c, key=str) for m, c in coders.items() if len(c) >= 2}
    if not coders:
        return pd.DataFrame({name: pd.Series(dtype=_dtype(name)) for name in AGREEMENT_COLUMNS})
    table = table[table["meeting_id"].isin(list(coders))]
    aligned = (
        _align_by_seq(table) if by == "seq" else _align_by_time(table, coders, tolerance_seconds)
    )
    aligned["label"] = pd.factorize(aligned["code"])[0]
    groups = dict(list(aligned.groupby("meeting_id", sort=False)))
    rows = []
    for meeting, names in coders.items():
        part = groups.get(meeting, aligned.iloc[:0])
        rows.append(
            {"meeting_id": str(meeting), "coders": len(names), **_stats(part, names, ["unit"])}
        )
    everyone = sorted({name for names in coders.values() for name in names}, key=str)
    pooled = _stats(aligned, everyone, ["meeting_id", "unit"])
    rows.append({"meeting_id": "all", "coders": len(everyone), **pooled})
    result = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS[:-2])
    result["kappa_label"] = [interpret_kappa(k) for k in result["kappa"]]
    result["alpha_label"] = [interpret_alpha(a) for a in result["alpha"]]
    return result.astype({name: _dtype(name) for name in AGREEMENT_COLUMNS})


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


def _coder_names(events: pd.DataFrame) -> np.ndarray:
    if "coder" not in events.columns:
        return np.full(len(events), _DEFAULT_CODER, dtype=object)
    names = events["coder"].astype(object)
    blank = names.isna() | (names.astype(str).str.strip() == "")
    return names.where(~blank, _DEFAULT_CODER).to_numpy()


def _align_by_seq(table: pd.DataFrame) -> pd.DataFrame:
    table = table[table["key"].notna()]
    repeated = table.duplicated(["meeting_id", "coder", "key"])
    if repeated.any():
        first = table[repeated].iloc[0]
        raise ValueError(
            f"events has more than one row for meeting_id {first['meeting_id']!r}, coder "
            f"{first['coder']!r}, seq {first['key']!r}; (meeting_id, coder, seq) must be unique"
        )
    return table[table["code"].notna()].rename(columns={"key": "unit"})


def _align_by_time(
    table: pd.DataFrame, coders: dict[Any, list[Any]], tolerance: float
) -> pd.DataFrame:
    times = pd.to_numeric(table["key"], errors="coerce")
    bad = times.isna() & table["key"].notna()
    if bad.any():
        raise ValueError(
            f"t_seconds must be numbers of seconds; got {table.loc[bad, 'key'].iloc[0]!r}"
        )
    table = table.assign(key=times)
    table = table[table["key"].notna() & table["code"].notna()]
    parts = []
    for meeting, part in table.groupby("meeting_id", sort=False):
        names = coders[meeting]
        reference = _DEFAULT_CODER if _DEFAULT_CODER in names else names[0]
        ref = part[part["coder"] == reference].sort_values("key", kind="stable")
        parts.append(ref.assign(unit=np.arange(len(ref))))
        ref_times = ref["key"].to_numpy(dtype=float)
        for name in names:
            if name == reference:
                continue
            other = part[part["coder"] == name]
            unit = _match_times(ref_times, other["key"].to_numpy(dtype=float), tolerance)
            parts.append(other.assign(unit=unit)[unit >= 0])
    columns = ["meeting_id", "coder", "unit", "code"]
    return pd.concat(parts)[columns] if parts else pd.DataFrame(columns=columns)


def _match_times(reference: np.ndarray, other: np.ndarray, tolerance: float) -> np.ndarray:
    """Greedy one-to-one nearest match; index into ``reference`` (sorted) or -1."""
    low = np.searchsorted(reference, other - tolerance, side="left")
    count = np.searchsorted(reference, other + tolerance, side="right") - low
    j = np.repeat(np.arange(len(other)), count)
    i = np.repeat(low, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    order = np.lexsort((j, i, np.abs(reference[i] - other[j])))
    match = np.full(len(other), -1, dtype=np.int64)
    used = np.zeros(len(reference), dtype=bool)
    for ii, jj in zip(i[order].tolist(), j[order].tolist(), strict=True):
        if match[jj] < 0 and not used[ii]:
            match[jj], used[ii] = ii, True
    return match


def _stats(aligned: pd.DataFrame, names: list[Any], unit_keys: list[str]) -> dict[str, Any]:
    """Units, raw agreement, prevalence, kappa and alpha of aligned codes."""
    units = (
        aligned.groupby(unit_keys, sort=False).ngroup().to_numpy()
        if len(aligned)
        else np.zeros(0, int)
    )
    matrix = np.full((len(names), units.max() + 1 if len(units) else 0), -1, dtype=np.int64)
    matrix[pd.Index(names).get_indexer(aligned["coder"]), units] = aligned["label"].to_numpy(
        dtype=np.int64
    )
    present = matrix >= 0
    keep = present.sum(axis=0) >= 2
    matrix, present = matrix[:, keep], present[:, keep]
    result = {"units": int(keep.sum()), "raw_agreement": math.nan, "prevalence": math.nan}
    result |= {"kappa": math.nan, "alpha": math.nan}
    if not keep.any():
        return result
    labels, codes = np.unique(matrix[present], return_inverse=True)
    column = np.broadcast_to(np.arange(matrix.shape[1]), matrix.shape)[present]
    counts = np.zeros((matrix.shape[1], len(labels)))
    np.add.at(counts, (column, codes), 1)
    coded = counts.sum(axis=1)
    result["raw_agreement"] = float(
        ((counts * (counts - 1)).sum(axis=1) / (coded * (coded - 1))).mean()
    )
    result["prevalence"] = float(counts.sum(axis=0).max() / counts.sum())
    if len(names) == 2:
        result["kappa"] = cohen_kappa(matrix[0], matrix[1])
    elif (coded == len(names)).all():
        result["kappa"] = fleiss_kappa(counts)
    result["alpha"] = krippendorff_alpha(np.where(present, matrix, np.nan), level="nominal")
    return result


def _dtype(name: str) -> str:
    if name in ("coders", "units"):
        return "int64"
    return "float64" if name in ("raw_agreement", "prevalence", "kappa", "alpha") else "str"
