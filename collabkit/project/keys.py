"""A table's keys: rows that repeat a unique key, pairs of columns out of order.

:func:`check_unique` and :func:`check_ordered` give one
:class:`~collabkit.errors.Problem` per offending row, as :mod:`validate`
reports every other problem; :func:`repeated_keys` finds the repeats in a
few integer arrays, so a large events table costs little memory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.errors import Problem
from collabkit.project.schema import Table


def check_unique(frame: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    """A problem for each row that repeats a key ``table`` says must be unique."""
    problems: list[Problem] = []
    for key in table.unique:
        dup = repeated_keys(frame, key)
        if not dup.any():
            continue
        keyed = frame[list(key)]
        first = keyed[keyed.duplicated(keep=False) & ~keyed.duplicated(keep="first")]
        first_row = {tuple(r): i + 2 for i, r in zip(first.index, first.itertuples(index=False),
                                                       strict=True)}
        for index, values in zip(keyed.index[dup], keyed[dup].itertuples(index=False),
                                 strict=True):
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, values, strict=True))
            problems.append(Problem(
                file, int(index) + 2, key[-1], shown,
                f"duplicate {' + '.join(key)} ({shown}); first used on row "
                f"{first_row.get(tuple(values), '?')}; each must be unique",
                code="duplicate_key",
            ))
    return problems


def repeated_keys(frame: pd.DataFrame, key: tuple[str, ...]) -> np.ndarray:
    """Rows whose ``key`` is complete and the same as an earlier row's.

    The key's columns become one integer per row (each column's codes, then
    a stable sort): comparing a frame of the key's text columns would cost
    several times more memory on a large table.
    """
    combined = np.zeros(len(frame), dtype=np.int64)
    complete = np.ones(len(frame), dtype=bool)
    for name in key:
        codes, uniques = pd.factorize(frame[name])  # missing: -1
        complete &= codes >= 0
        width = len(uniques) + 1
        if combined.max(initial=0) >= np.iinfo(np.int64).max // width:
            combined = pd.factorize(combined)[0].astype(np.int64)  # 0..n-1: no overflow
        combined *= width  # in place: a large table's key costs a few arrays, not a frame
        combined += codes
        combined += 1
        del codes
    if len(frame) == 0:
        return complete
    order = np.argsort(combined, kind="stable")
    ranked = combined[order]
    repeated = np.empty(len(frame), dtype=bool)
    repeated[order] = np.concatenate(([False], ranked[1:] == ranked[:-1]))
    return repeated & complete


def check_ordered(frame: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    """A problem for each row whose second column of an ordered pair is below the first."""
    problems: list[Problem] = []
    for first, second in table.ordered:
        low, high = frame[first], frame[second]
        wrong = low.notna() & high.notna() & (high < low)
        for index in frame.index[wrong]:
            a, b = f"{low[index]:g}", f"{high[index]:g}"
            problems.append(Problem(
                file, int(index) + 2, second, b,
                f"{second} {b} is before {first} {a}; {second} must be {first} or later",
                code="out_of_range",
            ))
    return problems
