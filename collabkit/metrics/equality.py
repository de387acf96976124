"""The two equality statistics of contributions per person: Gini and evenness.

Both follow the literature on turn-taking (Woolley et al., Science 2010;
Riedl et al., PNAS 2021): the Gini coefficient of contributions (0 = equal),
optionally with the small-group correction n/(n-1), and normalised entropy
(evenness, 1 = equal). The grouped versions compute one value per group of
a flat array in a few vectorised numpy operations; they are what
:mod:`collabkit.metrics.participation` uses per meeting.
"""

from __future__ import annotations

import numpy as np

from collabkit.metrics._common import _ratio


def _counts_array(counts: object) -> np.ndarray:
    values = np.asarray(counts, dtype=float).ravel()
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(
            "counts must be non-negative finite numbers (contributions per person); "
            f"got {values[~np.isfinite(values) | (values < 0)][:3].tolist()}"
        )
    return values


def _grouped_gini(groups: np.ndarray, values: np.ndarray, n_groups: int, *,
                  correct: bool) -> np.ndarray:
    """Gini of ``values`` within each group 0..n_groups-1 (vectorised)."""
    groups = np.asarray(groups, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    order = np.lexsort((values, groups))
    g, x = groups[order], values[order]
    n = np.bincount(g, minlength=n_groups).astype(float)
    total = np.bincount(g, weights=x, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(n)[:-1]]).astype(np.int64)
    rank = np.arange(g.size) - starts[g] + 1
    weighted = np.bincount(g, weights=rank * x, minlength=n_groups)
    # G = 2 * sum(i * x_(i)) / (n * sum x) - (n + 1) / n, x sorted ascending
    result = 2 * _ratio(weighted, n * total) - _ratio(n + 1, n)
    result[(total == 0) | (n == 0)] = np.nan
    if correct:
        result = _ratio(result * n, n - 1)
        result[n < 2] = np.nan
    return np.clip(result.round(12), 0.0, 1.0)  # round off float noise: equal shares give 0


def _grouped_evenness(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Shannon entropy / log(n) of ``values`` within each group (vectorised)."""
    groups = np.asarray(groups, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    n = np.bincount(groups, minlength=n_groups).astype(float)
    total = np.bincount(groups, weights=values, minlength=n_groups)
    share = _ratio(values, total[groups])
    terms = np.where(values > 0, -share * np.log(np.where(values > 0, share, 1.0)), 0.0)
    entropy = np.bincount(groups, weights=terms, minlength=n_groups)
    result = _ratio(entropy, np.log(np.where(n >= 2, n, 1.0)))
    result[(n < 2) | (total == 0)] = np.nan
    return np.clip(result.round(12), 0.0, 1.0)  # round off float noise: equal shares give 1


def gini(counts: object, *, correct: bool = False) -> float:
    """Gini coefficient of contributions per person.

    Parameters
    ----------
    counts : array-like of non-negative numbers
        Contributions of each person present, silent people as 0.
    correct : bool, default False
        Multiply by n/(n-1), the small-group correction, so that one person
        holding all the talk scores 1 whatever the group size.

    Returns
    -------
    float
        Mean absolute difference between people divided by twice the mean.
        NaN when there are no people or no contributions; with one person 0.0
        uncorrected and NaN corrected (equality among one is undefined).

    Raises
    ------
    ValueError
        If a count is negative or not a finite number.

    Notes
    -----
    0 means everyone spoke equally; the uncorrected maximum is (n-1)/n (one
    person spoke, n-1 did not), the corrected maximum 1. Lower is better for a
    collaborative group; above about 0.4 a few people hold most of the talk.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4]), gini([0, 0, 0, 4], correct=True)
    (0.75, 1.0)
    >>> from collabkit import load_project
    >>> from collabkit.metrics import participant_voice
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> round(gini(participant_voice(project)["contributions"]), 3)
    0.214
    """
    values = _counts_array(counts)
    groups = np.zeros(values.size, dtype=np.int64)
    return float(_grouped_gini(groups, values, 1, correct=correct)[0])


def evenness(counts: object) -> float:
    """Normalised Shannon entropy (evenness) of contributions per person.

    Parameters
    ----------
    counts : array-like of non-negative numbers
        Contributions of each person present, silent people as 0 (they count
        in n).

    Returns
    -------
    float
        Entropy of the shares divided by log(n), between 0 and 1. NaN when
        there are fewer than two people or no contributions.

    Raises
    ------
    ValueError
        If a count is negative or not a finite number.

    Notes
    -----
    1 means everyone had the same share of the talk; 0 means one person did
    all of it. Higher is better; unlike Gini it is most sensitive to how many
    people took a real part.

    Examples
    --------
    >>> evenness([3, 3, 3])
    1.0
    >>> from collabkit import load_project
    >>> from collabkit.metrics import participant_voice
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> round(evenness(participant_voice(project)["contributions"]), 3)
    0.974
    """
    values = _counts_array(counts)
    groups = np.zeros(values.size, dtype=np.int64)
    return float(_grouped_evenness(groups, values, 1)[0])
