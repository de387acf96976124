"""The rows of a report table as HTML: every cell worded once and escaped once.

:func:`collabkit.report.render.table` builds its ``<tbody>`` here. Each
column is read once, as the values ``itertuples`` would give, and each cell is
formatted with plain string joins: no pandas access and no template per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import markupsafe
import pandas as pd

from collabkit.formatting import text

#: Column name -> function turning a value into the text shown.
Formatter = Callable[[Any], Any]


def _escape(value: Any) -> str:
    if isinstance(value, markupsafe.Markup):
        return value
    return markupsafe.escape(text(value))


def body_rows(frame: pd.DataFrame, formatters: Mapping[Any, Formatter], *, index: bool,
              first_is_header: bool) -> str:
    """The ``<tr>`` rows of a table: the index as row headers if ``index``, then each row's cells.

    Each cell is worded by its column's formatter (else
    :func:`collabkit.formatting.text`) and escaped unless the result is
    already HTML; number columns get ``class="num"``, and the first
    column's cells are row headers when ``first_is_header``.
    """
    numeric = {c for c, kind in zip(frame.columns, frame.dtypes, strict=True)
               if pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_bool_dtype(kind)}
    shown_columns = []
    for position, (column, values) in enumerate(frame.items()):
        show_value = formatters.get(column, text)
        open_tag = ('<th scope="row">' if position == 0 and first_is_header else
                    '<td class="num">' if column in numeric else "<td>")
        close_tag = "</th>" if position == 0 and first_is_header else "</td>"
        shown_columns.append([f"{open_tag}{_escape(show_value(v))}{close_tag}" for v in values])
    if index:
        shown_columns.insert(0, [f'<th scope="row">{_escape(text(label))}</th>'
                                 for label in frame.index])
    if not shown_columns:  # no columns: empty rows, as many as the frame has
        return "<tr></tr>" * len(frame)
    return "".join(f"<tr>{''.join(cells)}</tr>" for cells in zip(*shown_columns, strict=True))


def names_rows(frame: pd.DataFrame) -> bool:
    """True when the first of several columns holds text labels that can name each row.

    Examples
    --------
    >>> names_rows(pd.DataFrame({"Role": ["Staff", "Carer"], "People": [3, 4]}))
    True
    >>> names_rows(pd.DataFrame({"Meeting": [1, 2], "People": [3, 4]}))
    False
    """
    if frame.shape[1] < 2:
        return False
    first = frame.iloc[:, 0]
    if not (pd.api.types.is_object_dtype(first) or pd.api.types.is_string_dtype(first)
            or isinstance(first.dtype, pd.CategoricalDtype)):
        return False
    labels = False  # any label that is not only spaces
    for value in first.tolist():  # plain values: quicker than dropna on a few rows
        if isinstance(value, str):
            labels = labels or bool(value.strip())
        elif not (pd.api.types.is_scalar(value) and pd.isna(value)):
            return False
    return labels
