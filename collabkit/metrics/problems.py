"""Recurring process problems: the keyword themes the pair reflections keep mentioning.

After every meeting people reflect in pairs (the Trust's tip 9), and one
question asks whether there were problems with the process. A problem that
comes back meeting after meeting was noticed and not fixed. Themes are found
with the keyword lists of ``data/model/themes.yaml``; that file documents
the method in full.
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ModelError
from collabkit.metrics._common import meeting_order, per_project
from collabkit.model import Model, read_yaml_file
from collabkit.project import Project

__all__ = ["recurring_problems", "load_themes"]

PROBLEM_COLUMNS = ("theme", "meetings", "mentions", "example")
THEME_COLUMNS = ("theme", "label", "tip", "keywords")
THEMES_FILE = "themes.yaml"


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
    stamp = _file_stamp(path)
    held = _themes_read.setdefault(model, {})
    if stamp is None or held.get(path, (None,))[0] != stamp:
        held[path] = (stamp, _read_themes(model, path))
    return held[path][1].copy()


#: What each model's themes files held when read: model -> path -> (stamp, themes).
_themes_read: weakref.WeakKeyDictionary[Model, dict[Path, tuple[Any, pd.DataFrame]]] = (
    weakref.WeakKeyDictionary())


def _file_stamp(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size (None when it cannot be seen: read it again)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _read_themes(model: Model, path: Path) -> pd.DataFrame:
    """The work of :func:`load_themes`: read and check the file."""
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


@per_project
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
    answers = list(zip(reflections["meeting_id"].astype(str).tolist(),
                       reflections["process_problems"].astype("string").fillna("").tolist(),
                       strict=True))
    # by meeting number, a stable sort, meetings with no number last (as sort_values)
    answers.sort(key=lambda answer: (answer[0] not in number, number.get(answer[0], 0)))
    meeting_ids, texts = [m for m, _ in answers], [t for _, t in answers]
    rows = []
    for position, theme in enumerate(themes.itertuples(index=False)):
        pattern = _pattern(tuple(theme.keywords))
        found = [i for i, answer in enumerate(texts) if pattern.search(answer)]
        meetings = len({meeting_ids[i] for i in found})
        if found and meetings >= int(min_meetings):
            rows.append((theme.theme, meetings, len(found), str(texts[found[0]]), position))
    rows.sort(key=lambda row: (-row[1], -row[2], row[4]))  # positions differ: no ties
    out = pd.DataFrame([row[:4] for row in rows], columns=list(PROBLEM_COLUMNS))
    return out.astype(
        {"theme": "string", "meetings": "int64", "mentions": "int64", "example": "string"})
