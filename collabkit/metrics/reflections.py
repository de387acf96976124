"""Reflections and shared vocabulary: how it felt, what kept going wrong, words in common.

After every meeting people reflect in pairs (the Trust's tip 9): were there
problems with the process, how collaborative did it feel (1-5), what needs to
happen next time. The group's own words go into a glossary (tip 8, "words
build worlds") and its aims come from "why are you here?" introductions
(tip 2). These are the traces of *constitutive communication*: a shared
identity and vocabulary made in talk.

Recurring process problems are found with the keyword themes of
``data/model/themes.yaml``; that file documents the method in full.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from collabkit.errors import ModelError
from collabkit.metrics._common import meeting_order, trend_slope
from collabkit.model import Model, read_yaml_file
from collabkit.project import Project

__all__ = [
    "reflection_trend",
    "reflection_summary",
    "recurring_problems",
    "load_themes",
    "glossary_growth",
    "aims_by_role",
]

TREND_COLUMNS = ("meeting_id", "date", "meeting_number", "step", "reflections",
                 "how_collaborative")
SUMMARY_COLUMNS = ("meetings", "reflected_meetings", "reflections", "mean", "first", "last",
                   "recent_mean", "slope_per_meeting")
PROBLEM_COLUMNS = ("theme", "meetings", "mentions", "example")
THEME_COLUMNS = ("theme", "label", "tip", "keywords")
GLOSSARY_COLUMNS = ("meeting_id", "date", "meeting_number", "new_terms", "total_terms",
                    "agreed_terms")
AIMS_COLUMNS = ("role", "people", "aims", "share_with_aims")
THEMES_FILE = "themes.yaml"


def reflection_trend(project: Project) -> pd.DataFrame:
    """"How collaborative did it feel?" meeting by meeting.

    Parameters
    ----------
    project : Project
        Uses ``reflections`` (meeting_id, how_collaborative) and ``meetings``.
        Not modified.

    Returns
    -------
    DataFrame
        One row per meeting in date order, columns ``meeting_id``, ``date``,
        ``meeting_number``, ``step``, ``reflections`` (pair reflections
        recorded for the meeting) and ``how_collaborative`` (their mean score,
        1 = not at all to 5 = fully; NaN when the meeting has none). No
        reflections table gives zeros and NaN.

    Notes
    -----
    Interpretation: scores are the group's own view, so the trend matters
    more than the level: a fall over the project is a group losing faith in
    the process, even when the numbers elsewhere look fine. On a 1-5 agree
    scale, a mean of 4 or more is usually read as a strength (as in the
    Wilder Collaboration Factors Inventory). For the overall trend see
    :func:`reflection_summary`. Meetings with no reflection are a finding in
    themselves: tip 9 asks for one after every meeting.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> trend = reflection_trend(project)
    >>> trend["how_collaborative"].iloc[[0, -1]].tolist()
    [4.0, 2.0]
    """
    meetings = meeting_order(project)
    reflections = project.reflections
    scores = pd.DataFrame({
        "meeting_id": reflections["meeting_id"].astype(str),
        "score": reflections["how_collaborative"].astype("float64"),
    })
    per_meeting = scores.groupby("meeting_id")["score"].agg(["size", "mean"])
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
        "step": meetings["step"],
    }).reset_index(drop=True)
    ids = out["meeting_id"].astype(str)
    out["reflections"] = ids.map(per_meeting["size"]).fillna(0).astype("int64")
    out["how_collaborative"] = ids.map(per_meeting["mean"]).astype("float64")
    return out.loc[:, list(TREND_COLUMNS)]


def reflection_summary(project: Project, *, recent: int = 3) -> pd.DataFrame:
    """The reflection scores of a whole project in one row, with their trend.

    Parameters
    ----------
    project : Project
        Uses ``reflections`` and ``meetings``. Not modified.
    recent : int, default 3
        How many of the last reflected meetings ``recent_mean`` averages.

    Returns
    -------
    DataFrame
        One row, columns ``meetings`` (all meetings), ``reflected_meetings``
        (meetings with at least one reflection), ``reflections`` (all pair
        reflections), ``mean`` (mean of the meetings' mean scores), ``first``
        and ``last`` (the first and last reflected meetings' scores),
        ``recent_mean`` (mean over the last ``recent`` reflected meetings) and
        ``slope_per_meeting`` (least-squares change in score per meeting
        number; NaN with fewer than two reflected meetings). Scores are NaN
        when there are no reflections.

    Notes
    -----
    Interpretation: ``slope_per_meeting`` times the number of meetings is how
    far the feeling moved over the project: -0.15 over 15 meetings is more
    than two points lost. ``recent_mean`` says where the group ended up.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/riverside_crisis_cafe"))
    >>> reflection_summary(project)[["mean", "first", "last", "slope_per_meeting"]].round(2)
       mean  first  last  slope_per_meeting
    0  4.58    4.0   5.0               0.11
    """
    if int(recent) < 1:
        raise ValueError(f"recent must be a whole number of at least 1; got {recent!r}")
    trend = reflection_trend(project)
    scored = trend.dropna(subset=["how_collaborative"])
    values = scored["how_collaborative"]
    row = {
        "meetings": len(trend),
        "reflected_meetings": len(scored),
        "reflections": int(trend["reflections"].sum()),
        "mean": float(values.mean()) if len(values) else np.nan,
        "first": float(values.iloc[0]) if len(values) else np.nan,
        "last": float(values.iloc[-1]) if len(values) else np.nan,
        "recent_mean": float(values.tail(int(recent)).mean()) if len(values) else np.nan,
        "slope_per_meeting": float(trend_slope(scored["meeting_number"].to_numpy(float),
                                               values.to_numpy(float))),
    }
    return pd.DataFrame([row], columns=list(SUMMARY_COLUMNS)).astype(
        {"meetings": "int64", "reflected_meetings": "int64", "reflections": "int64"})


def load_themes(model: Model, path: str | Path | None = None) -> pd.DataFrame:
    """The keyword themes of recurring process problems (``themes.yaml``).

    Parameters
    ----------
    model : Model
        The model whose tips the themes may name (usually ``project.model``).
    path : str or Path, optional
        A themes file. Default: ``themes.yaml`` in the model's folder, or
        collabkit's own when that folder has none.

    Returns
    -------
    DataFrame
        One row per theme in file order: ``theme``, ``label``, ``tip``
        (Int64, may be NA) and ``keywords`` (a tuple of lower-case keywords).

    Raises
    ------
    ModelError
        If the file is missing or malformed; the message names the entry.

    Examples
    --------
    >>> from collabkit.model import load_model
    >>> "dominance" in set(load_themes(load_model())["theme"])
    True
    """
    path = model.optional_file(THEMES_FILE) if path is None else Path(path)
    data = read_yaml_file(path)
    tips = set(model.tips["tip_id"])
    entries = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ModelError(f"{path.name}: needs a 'themes' list (lines starting with '- ')")
    rows, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name}: themes entry {number}"
        if not isinstance(entry, dict):
            raise ModelError(f"{where}: must be a mapping with theme, label, tip, keywords")
        theme, label = entry.get("theme"), entry.get("label")
        if not isinstance(theme, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", theme):
            raise ModelError(f"{where}: 'theme' must be snake_case text; got {theme!r}")
        if theme in seen:
            raise ModelError(f"{where}: duplicate theme {theme!r}")
        seen.add(theme)
        if not isinstance(label, str) or not label.strip():
            raise ModelError(f"{where} ({theme}): 'label' must be non-empty text; got {label!r}")
        tip = entry.get("tip")
        if tip is not None and tip not in tips:
            raise ModelError(f"{where} ({theme}): unknown tip {tip!r}; "
                             f"known: {', '.join(map(str, sorted(tips)))} or null")
        keywords = entry.get("keywords")
        if (not isinstance(keywords, list) or not keywords
                or not all(isinstance(k, str) and k.strip(" *") for k in keywords)):
            raise ModelError(f"{where} ({theme}): 'keywords' must be a non-empty list of words "
                             f"or phrases; got {keywords!r}")
        rows.append((theme, label.strip(), tip, tuple(k.strip().lower() for k in keywords)))
    return pd.DataFrame(rows, columns=list(THEME_COLUMNS)).astype({"tip": "Int64"})


def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for keyword in keywords:
        stem = re.escape(keyword.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(stem + (r"\w*" if keyword.endswith("*") else r"\b"))
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


def recurring_problems(project: Project, *, min_meetings: int = 2,
                       themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Process problems that keep coming back in the pair reflections.

    Parameters
    ----------
    project : Project
        Uses ``reflections`` (meeting_id, process_problems) and ``meetings``.
        Not modified.
    min_meetings : int, default 2
        A theme recurs when reflections from at least this many different
        meetings mention it.
    themes : DataFrame, optional
        Themes as :func:`load_themes` returns them; default: the model's
        ``themes.yaml``.

    Returns
    -------
    DataFrame
        One row per recurring theme, most widespread first (then most
        mentioned, then file order), columns ``theme`` (the theme id),
        ``meetings`` (meetings whose reflections mention it), ``mentions``
        (reflections mentioning it) and ``example`` (the earliest answer
        that mentions it, as written). Empty when nothing recurs or there are
        no reflections.

    Notes
    -----
    Method: an answer mentions a theme when one of the theme's keywords
    appears in it as a whole word or phrase, ignoring case (a keyword ending
    in ``*`` matches any ending). One answer can mention several themes. This
    is a transparent first sort, not a reading: read the examples, and add
    your group's own words to ``themes.yaml``. Interpretation: a theme that
    recurs was noticed and not fixed; each theme names the practical tip that
    helps (see :func:`load_themes`).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> recurring_problems(project)[["theme", "meetings", "mentions"]]
             theme  meetings  mentions
    0  no_progress        10        10
    1   attendance         4         4
    """
    if int(min_meetings) < 1:
        raise ValueError(f"min_meetings must be a whole number of at least 1; got {min_meetings!r}")
    themes = load_themes(project.model) if themes is None else themes
    order = meeting_order(project)
    number = dict(zip(order["meeting_id"].astype(str), order["meeting_number"], strict=True))
    reflections = project.reflections
    answers = pd.DataFrame({
        "meeting_id": reflections["meeting_id"].astype(str),
        "text": reflections["process_problems"].astype("string").fillna(""),
    })
    answers["number"] = answers["meeting_id"].map(number)
    answers = answers.sort_values("number", kind="stable", na_position="last")
    rows = []
    for position, theme in enumerate(themes.itertuples(index=False)):
        found = answers[answers["text"].str.contains(_pattern(tuple(theme.keywords)), regex=True)]
        meetings = found["meeting_id"].nunique()
        if len(found) and meetings >= int(min_meetings):
            rows.append((theme.theme, meetings, len(found), str(found["text"].iloc[0]), position))
    out = pd.DataFrame(rows, columns=[*PROBLEM_COLUMNS, "position"])
    out = out.sort_values(["meetings", "mentions", "position"], ascending=[False, False, True])
    return out.drop(columns="position").reset_index(drop=True).astype(
        {"theme": "string", "meetings": "int64", "mentions": "int64", "example": "string"})


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


def aims_by_role(project: Project) -> pd.DataFrame:
    """Who said why they are here: aims recorded, by role.

    Parameters
    ----------
    project : Project
        Uses ``aims`` (participant_id) and ``participants`` (role). Not
        modified.

    Returns
    -------
    DataFrame
        One row per role with at least one participant, in the model's
        order, columns ``role``, ``people`` (participants with the role),
        ``aims`` (aims they recorded) and ``share_with_aims`` (share of them
        with at least one aim recorded). No aims table gives zeros.

    Notes
    -----
    Interpretation: tip 2 asks everyone to say why they are here; the group's
    shared aims grow from the answers. Aims recorded only for staff mean the
    group's purpose was set by staff. A share well below 1 for a role is
    worth asking about: were introductions held when those people joined?

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/hillside_discharge"))
    >>> aims_by_role(project)[["role", "people", "aims"]]
               role  people  aims
    0  service_user       3     0
    1         carer       2     0
    2        family       1     0
    3     volunteer       1     0
    4         staff       6     3
    5       partner       2     0
    """
    model = project.model
    people = project.participants
    ids = people["participant_id"].astype(str)
    aims = project.aims["participant_id"].astype(str)
    counts = aims.value_counts()
    per_person = pd.DataFrame({"role": people["role"].astype(object),
                               "aims": ids.map(counts).fillna(0).astype("int64").to_numpy()})
    rows = []
    for role in model.codes["role"]:
        mine = per_person[per_person["role"] == role]
        if len(mine):
            rows.append((role, len(mine), int(mine["aims"].sum()),
                         float((mine["aims"] > 0).mean())))
    out = pd.DataFrame(rows, columns=list(AIMS_COLUMNS))
    out["role"] = pd.Categorical(out["role"], categories=list(model.codes["role"]))
    return out.astype({"people": "int64", "aims": "int64", "share_with_aims": "float64"})
