"""The findings' advice in order, and the few actions a report's first page ends with.

:func:`~collabkit.evaluation.findings.findings` names a cause and its advice
for every dimension not rated a strength; these functions make the tables of
:class:`~collabkit.evaluation.findings.Findings`: all the advice, concerns
first, and the :data:`ACTIONS` pieces of it that matter most.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

#: The columns of the advice and the actions, in order.
ADVICE_COLUMNS = ("dimension", "label", "rating", "cause", "says", "tip_id", "tip",
                  "recommendation")
#: How many actions page one of a report ends with.
ACTIONS = 3
#: The order advice is given in (concerns first), and the ranks of how sure a finding is.
ORDER_OF_ADVICE = {"concern": 0, "developing": 1}
SURE_RANK = {"high": 0, "medium": 1, "low": 2}


def advice_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The advice rows (concerns first) as a table of :data:`ADVICE_COLUMNS`."""
    frame = pd.DataFrame(rows, columns=list(ADVICE_COLUMNS))
    return frame.astype({"tip_id": "int64"}) if frame.empty else frame


def actions_frame(advice: list[dict[str, Any]]) -> pd.DataFrame:
    """The advice that matters most: concerns first, surer findings first, one per dimension.

    At most :data:`ACTIONS` rows, each a different piece of advice; a second
    cause of the same dimension comes in only when fewer dimensions need work.
    """
    if not advice:
        return advice_frame(advice)
    ordered = sorted(advice, key=lambda row: (ORDER_OF_ADVICE[row["rating"]],
                                              SURE_RANK[row["confidence"]]))
    first: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    advised: set[str] = set()
    dimensions: set[str] = set()
    for row in ordered:  # each piece of advice once; one per dimension first, then the rest
        if row["recommendation"] in advised:
            continue
        advised.add(row["recommendation"])
        (rest if row["dimension"] in dimensions else first).append(row)
        dimensions.add(row["dimension"])
    return pd.DataFrame((first + rest)[:ACTIONS], columns=list(ADVICE_COLUMNS))
