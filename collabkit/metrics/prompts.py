"""The facilitator's prompts for stuck patterns: what the live tally shows.

:func:`live_prompt` finds the stuck pattern in progress with
:func:`collabkit.metrics.stuck_patterns.detect_stuck_patterns` (the same
rule as the report) and :func:`pattern_prompt` words its prompt from the
threshold that found it, so "Three moves in a row..." says four when the
cut-off in tools.yaml is four.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.formatting import capital, number_word, percent
from collabkit.metrics._common import _primary_mask
from collabkit.metrics.stuck_patterns import _thresholds, detect_stuck_patterns
from collabkit.model import Model
from collabkit.model.patterns import THRESHOLD_FIELDS

__all__ = ["live_prompt", "pattern_prompt"]


def live_prompt(events: pd.DataFrame, *, model: Model, **thresholds: object) -> str | None:
    """The facilitator prompt for a stuck pattern in progress right now.

    Parameters
    ----------
    events : DataFrame
        One meeting's coded events so far (as the live tally holds them). With
        several meetings, the meeting of the last row is used.
    model : Model
        The model whose stuck patterns and prompts to use (``project.model``).
    **thresholds
        Any keyword of :func:`detect_stuck_patterns` (``serial_run=3``...).

    Returns
    -------
    str or None
        The ``prompt`` text of the model's stuck pattern (data/model/tools.yaml)
        whose episode includes the latest contribution (the highest seq); when
        several do, the one that started most recently. None when no pattern
        is in progress or there are no events.

    Notes
    -----
    Meant to be shown quietly on screen, for the facilitator to name what is
    happening ("three moves in a row with nothing followed: try following
    one"). It goes away as soon as the pattern is broken, for instance by a
    follow after serial moves.

    Examples
    --------
    >>> import pandas as pd
    >>> now = pd.DataFrame({"meeting_id": "M1", "seq": [1, 2, 3],
    ...                     "participant_id": ["A", "B", "C"], "move": "move"})
    >>> from collabkit.model import load_model
    >>> live_prompt(now, model=load_model())
    'Three moves in a row with nothing followed: try following one.'
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> live_prompt(project.events.query("meeting_id == 'M15'"), model=project.model)
    'Lots of agreement and no one has opposed: is there another view in the room?'
    """
    found = detect_stuck_patterns(events, model=model, **thresholds)  # type: ignore[arg-type]
    if found.empty:
        return None
    required = ["meeting_id", "seq", "participant_id", "move"]  # the rows the patterns use
    usable = _primary_mask(events) & events[required].notna().all(axis=1).to_numpy(dtype=bool)
    meeting = events["meeting_id"].iloc[np.flatnonzero(usable)[-1]]
    here = events["meeting_id"].eq(meeting).fillna(False).to_numpy(dtype=bool)
    latest = events.loc[usable & here, "seq"].max()
    current = found[(found["meeting_id"] == str(meeting)) & (found["last_seq"] == latest)]
    if current.empty:
        return None
    current = current.assign(order=current["pattern"].cat.codes)
    pattern = current.sort_values(["first_seq", "order"], ascending=[False, True])["pattern"]
    return pattern_prompt(model, str(pattern.iloc[0]), **thresholds)  # type: ignore[arg-type]


def pattern_prompt(model: Model, pattern_id: str, **thresholds: float | None) -> str:
    """A stuck pattern's prompt, worded from the thresholds that find it.

    Parameters
    ----------
    model : Model
        The model whose prompt (tools.yaml) to word.
    pattern_id : str
        The pattern (``serial_moves``...).
    **thresholds
        Keywords of :func:`detect_stuck_patterns` overriding the model's.

    Returns
    -------
    str
        The prompt with ``{run}``, ``{Run}``, ``{share}`` and ``{reflection}``
        filled in from the pattern's own threshold.

    Examples
    --------
    >>> from collabkit.model import load_model
    >>> pattern_prompt(load_model(), "serial_moves")
    'Three moves in a row with nothing followed: try following one.'
    >>> pattern_prompt(load_model(), "serial_moves", serial_run=5)
    'Five moves in a row with nothing followed: try following one.'
    """
    limits = _thresholds(model, **thresholds)
    values: dict[str, str] = {}
    for (pattern, field), keyword in THRESHOLD_FIELDS.items():
        if pattern == pattern_id:
            value = limits[keyword]
            values[field] = (number_word(int(value)) if field == "run" else
                             percent(value) if field == "share" else f"{value:g}")
    values["Run"] = capital(values.get("run", ""))
    prompts = model.stuck_patterns.set_index("pattern_id")["prompt"]
    return str(prompts[pattern_id]).format(**values)
