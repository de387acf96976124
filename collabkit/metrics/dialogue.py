"""Debate versus dialogue: how much of the talk was dialogue, meeting by meeting.

Each contribution may be coded with a ``mode``: ``dialogue`` (listening to
understand, surfacing assumptions, looking for common ground) or ``debate``
(arguing for a position, listening for flaws). Contributions without a mode
are left out of the shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._common import _meeting_columns, _project_arrays, _ratio, per_project

if TYPE_CHECKING:
    from collabkit.project import Project


@per_project
def dialogue_share(project: Project) -> pd.DataFrame:
    """Dialogue and debate in each meeting, in time order.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per meeting in time order: ``meeting_id``, ``date``, ``step``,
        ``meeting_number``, ``coded`` (contributions with a mode),
        ``dialogue`` (contributions coded dialogue), ``debate``
        (contributions coded debate), ``dialogue_share`` (dialogue /
        coded; NaN when nothing in the meeting was coded for mode).

    Notes
    -----
    Dialogue is not better in itself and debate has its place, but a group
    must be able to work in dialogue to truly collaborate. A share above
    about two thirds is a group that mostly works in dialogue; below a half,
    debate dominates. A rising share over ``meeting_number`` (see
    :func:`collabkit.metrics._common.trend_slope`) means the group is
    learning to talk together; introducing debate versus dialogue at the
    first meeting is the Trust's first tip.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> dialogue_share(project)[["meeting_number", "dialogue_share"]].head(3).round(3)
       meeting_number  dialogue_share
    0               1           0.810
    1               2           0.788
    2               3           0.714
    """
    arrays, order = _project_arrays(project)
    modes = project.model.codes["mode"]
    n_meet = len(order)
    coded = arrays.mode >= 0
    counts = np.bincount(arrays.meeting[coded] * len(modes) + arrays.mode[coded],
                         minlength=n_meet * len(modes)).reshape(n_meet, len(modes))
    out = _meeting_columns(order)
    out["coded"] = counts.sum(axis=1).astype("int64")
    out["dialogue"] = counts[:, modes.index("dialogue")].astype("int64")
    out["debate"] = counts[:, modes.index("debate")].astype("int64")
    out["dialogue_share"] = _ratio(out["dialogue"], out["coded"])
    return out
