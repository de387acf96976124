"""Reading the register: who an attendance table marks present or absent.

``attendance.present`` is yes (came), no (absent) or blank (expected, not
marked yet). These two readings are the only place that turns the column into
true/false, so every layer (checks, imports, metrics, the board) reads it the
same way; who then *counts* as present is :func:`collabkit.metrics.presence.presence_rule`.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["marked_absent", "marked_present"]


def marked_present(attendance: pd.DataFrame) -> pd.Series:
    """True for each attendance row marked present (``present`` yes); blank or no is False."""
    if "present" not in attendance:
        return pd.Series(False, index=attendance.index)
    return attendance["present"].astype("boolean").fillna(False).astype(bool)


def marked_absent(attendance: pd.DataFrame) -> pd.Series:
    """True for each attendance row marked absent (``present`` no); blank (not marked) is False."""
    if "present" not in attendance:
        return pd.Series(False, index=attendance.index)
    return attendance["present"].astype("boolean").eq(False).fillna(False).astype(bool)
