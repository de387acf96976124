"""Integer codes of a table's values: into a list of codes, or positions among labels.

Each works from the column's distinct values (``pd.factorize``), so a
million-row text column is looked up a handful of times, never turned into
a million Python strings: ids and codes repeat (a project has a few dozen
meetings and people).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._memo import memo_of

if TYPE_CHECKING:
    from collabkit.project import Project


def _codes(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    """Integer codes of ``values`` in ``categories`` (-1 for blank or unknown)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and tuple(
        values.cat.categories
    ) == tuple(categories):
        return values.cat.codes.to_numpy(dtype=np.int64)
    return pd.Categorical(values, categories=list(categories)).codes.astype(np.int64)


def _text_codes(values: pd.Series) -> np.ndarray:
    """Integer codes of distinct texts; -1 where the text is missing or blank."""
    codes, uniques = pd.factorize(values)
    if len(uniques) == 0:
        return codes.astype(np.int64)
    blank = pd.Series(uniques, dtype="string").str.strip().eq("").fillna(True).to_numpy(bool)
    return np.where((codes < 0) | blank[np.maximum(codes, 0)], -1, codes).astype(np.int64)


def _positions(labels: pd.Index | pd.Series, values: pd.Series) -> np.ndarray:
    """Where each of ``values`` is in ``labels`` (-1 if missing or not there).

    The same as ``pd.Index(labels).get_indexer(values)``, one lookup per
    distinct value. ``labels`` must be unique, as for ``get_indexer``.
    """
    index = pd.Index(labels)
    if index.hasnans:  # get_indexer matches a missing value to a missing label
        return index.get_indexer(values)
    codes, uniques = pd.factorize(values)
    found = np.append(index.get_indexer(uniques), -1)  # code -1 (missing) -> -1
    return found[codes].astype(np.intp)


def level_ranks(project: Project) -> dict[str, int]:
    """The ladder's levels in rank order -> their rank (1 = inform), read once per project.

    The same as ``dict(zip(model.levels["level"], model.levels["rank"]))``
    for the project's model; kept in the project's memo (:mod:`._memo`), so
    the table is not built again by every metric that ranks decisions.
    Callers must not change the dict.
    """
    memo = memo_of(project)
    if "level_ranks" not in memo:
        levels = project.model.levels
        memo["level_ranks"] = dict(zip(levels["level"], levels["rank"], strict=True))
    return memo["level_ranks"]
