"""The group's shared vocabulary: its glossary growing meeting by meeting.

The group's own words go into a glossary (the Trust's tip 8, "words build
worlds"): a trace of *constitutive communication*, a shared vocabulary made
in talk.
"""

from __future__ import annotations

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
    terms = pd.DataFrame({
        "key": glossary["term"].astype("string").str.strip().str.casefold(),
        "number": glossary["meeting_id"].astype("string").map(number),
        "agreed": glossary["agreed"].astype(bool),
    }).dropna(subset=["key", "number"])
    firsts = terms.groupby("key").agg(number=("number", "min"), agreed=("agreed", "any"))
    new = firsts.groupby("number").size()
    agreed = firsts[firsts["agreed"]].groupby("number").size()
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
    }).reset_index(drop=True)
    out["new_terms"] = out["meeting_number"].map(new).fillna(0).astype("int64")
    out["total_terms"] = out["new_terms"].cumsum().astype("int64")
    out["agreed_terms"] = out["meeting_number"].map(agreed).fillna(0).cumsum().astype("int64")
    return out.loc[:, list(GLOSSARY_COLUMNS)]
