"""Agreement between the coders of a project's meetings, per meeting and overall.

:func:`coder_agreement` lines up the coders of each meeting in an events table
(by ``seq``, or by time within a tolerance) and reports raw agreement,
prevalence, kappa and Krippendorff's alpha for every meeting with two or more
coders. The statistics themselves are in :mod:`collabkit.reliability.kappa` and
:mod:`collabkit.reliability.alpha`; all are importable from :mod:`collabkit.reliability`.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Literal

import numpy as np
import pandas as pd

from collabkit.reliability.alpha import interpret_alpha, krippendorff_alpha
from collabkit.reliability.kappa import cohen_kappa, fleiss_kappa, interpret_kappa

__all__ = ["AGREEMENT_COLUMNS", "coder_agreement"]

AGREEMENT_COLUMNS = [
    "meeting_id", "coders", "units", "raw_agreement", "prevalence",
    "kappa", "alpha", "kappa_label", "alpha_label",
]  # fmt: skip
_DEFAULT_CODER = "primary"


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
        ``alpha_label`` (see :func:`~collabkit.reliability.kappa.interpret_kappa`,
        :func:`~collabkit.reliability.alpha.interpret_alpha`).
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


# -- lining up the coders ---------------------------------------------------


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
