"""The group's shared vocabulary: its glossary growing meeting by meeting.

The group's own words go into a glossary (the Trust's tip 8, "words build
worlds"): a trace of *constitutive communication*, a shared vocabulary made
in talk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import meeting_order, per_project
from collabkit.project import Project

__all__ = ["glossary_growth"]

GLOSSARY_COLUMNS = ("meeting_id", "date", "meeting_number", "new_terms", "total_terms",
                    "agreed_terms")


@per_project
def glossary_growth(project: Project) -> pd.DataFrame:
    """The group's shared vocabulary growing meeting by meeting.

    Parameters
    ----------
    project : Project
        Uses ``glossary`` (term, meeting_id, agreed) and ``meetings``. Not
        modified.

    Returns
    -------
    DataFrame
        One row per meeting in date order, columns ``meeting_id``, ``date``,
        ``meeting_number``, ``new_terms`` (terms first recorded at the
        meeting; the same term in other capitals counts once),
        ``total_terms`` (terms so far) and ``agreed_terms`` (of those, terms
        the group marked agreed). Terms with no meeting are left out. No
        glossary gives zeros.

    Notes
    -----
    Interpretation: "words build worlds" (tip 8). A glossary that grows from
    the first meetings and is mostly agreed is a shared vocabulary in the
    making; a short list of staff acronyms, unagreed, is jargon written
    down. Compare who proposed the terms (``glossary.proposed_by``).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/riverside_crisis_cafe"))
    >>> glossary_growth(project)[["total_terms", "agreed_terms"]].iloc[-1].tolist()
    [14, 13]
    """
    meetings = meeting_order(project)
    number = dict(zip(meetings["meeting_id"].astype(str), meetings["meeting_number"], strict=True))
    glossary = project.glossary
    firsts: dict[str, list] = {}  # term, as compared -> [first meeting number, ever agreed]
    for term, meeting, agreed in zip(glossary["term"].astype("object"),
                                     glossary["meeting_id"].astype("object"),
                                     glossary["agreed"].astype(bool), strict=True):
        at = number.get(meeting) if isinstance(meeting, str) else None
        if not isinstance(term, str) or at is None:
            continue
        first = firsts.setdefault(term.strip().casefold(), [at, False])
        first[0] = min(first[0], at)
        first[1] = first[1] or bool(agreed)
    size = len(meetings) + 1
    new = np.bincount([at for at, _ in firsts.values()], minlength=size)
    agreed_new = np.bincount([at for at, agreed in firsts.values() if agreed], minlength=size)
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
    }).reset_index(drop=True)
    numbers = out["meeting_number"].to_numpy()
    out["new_terms"] = new[numbers].astype("int64")
    out["total_terms"] = out["new_terms"].cumsum().astype("int64")
    out["agreed_terms"] = agreed_new[numbers].cumsum().astype("int64")
    return out.loc[:, list(GLOSSARY_COLUMNS)]
