"""Small builders of report HTML that escape every piece of free text.

Everything a report shows is built here, so escaping happens in one place:
any ``str`` given to these functions is treated as text and escaped (``<script>``
shows as ``<script>``, it never runs); only :class:`Html` values, which these
functions return, pass through unchanged. :class:`Html` is
:class:`markupsafe.Markup`, so joining a fragment and plain text escapes the
text once (``Html("<b>") + " & x"`` is ``"<b> &amp; x"``). Values are shown as
:mod:`collabkit.formatting` words them. :func:`show` wraps the result for
display in a notebook.

Examples
--------
>>> str(paragraph("<b>bold?</b>"))
'<p>&lt;b&gt;bold?&lt;/b&gt;</p>'
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any

import markupsafe
import pandas as pd

from collabkit.formatting import MISSING, text, timestamp
from collabkit.report.execute import FINDINGS_MIME
from collabkit.report.table_rows import Formatter, body_rows, names_rows

#: What nbconvert writes when a figure has no alt text: never acceptable here.
DEFAULT_ALT = "No description has been provided for this image"

#: Rating styles: text, icon and colours (Paul Tol's colour-blind-safe high-contrast
#: scheme; every text/background pair has a contrast ratio of at least 4.5:1).
RATING_STYLES: dict[str, dict[str, str]] = {
    "strength": {"text": "Strength", "icon": "✓", "background": "#004488", "color": "#ffffff"},
    "developing": {"text": "Developing", "icon": "◑", "background": "#DDAA33",
                   "color": "#000000"},
    "concern": {"text": "Concern", "icon": "!", "background": "#BB5566", "color": "#000000"},
    "not_recorded": {"text": "Not recorded", "icon": "?", "background": "#DDDDDD",
                     "color": "#000000"},
}

#: A fragment of HTML that is already safe: passed through unescaped. Adding
#: plain text to it, or formatting plain text into it, escapes that text once.
Html = markupsafe.Markup


def escape(value: Any) -> Html:
    """``value`` as safe HTML: :class:`Html` unchanged, anything else escaped text.

    Values that are not text are first worded by :func:`collabkit.formatting.text`
    (numbers formatted, blanks as "n/a").
    """
    if isinstance(value, Html):
        return value
    return markupsafe.escape(text(value))


def link(href: str, label: Any) -> Html:
    """A link; its address and its text are both escaped."""
    return Html('<a href="{}">{}</a>').format(href, escape(label))


def join(parts: Iterable[Any]) -> Html:
    """Several fragments as one (text parts are escaped)."""
    return Html("").join(escape(p) for p in parts if p is not None)


def show(*parts: Any, title: str | None = None):
    """The fragments as one ``IPython.display.HTML`` object, for a notebook cell.

    Parameters
    ----------
    *parts : Html or str
        Fragments; plain strings are escaped.
    title : str, optional
        Recorded in the output's metadata (``collabkit.title``); the report
        page takes its ``<title>`` from there.
    """
    from IPython.display import HTML

    metadata = {"collabkit": {"title": title}} if title is not None else None
    return HTML(str(join(parts)), metadata=metadata)


def slug(value: str) -> str:
    """An id for an anchor: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "section"


def heading(value: Any, level: int = 2, *, id: str | None = None) -> Html:  # noqa: A002
    """``<hN>`` with escaped text; ``level`` 1 to 6."""
    if not isinstance(level, int) or not 1 <= level <= 6:
        raise ValueError(f"heading level must be 1 to 6; got {level!r}")
    anchor = Html(' id="{}"').format(id) if id else ""
    return Html("<h{0}{1}>{2}</h{0}>").format(level, anchor, escape(value))


def lead(value: Any) -> Html:
    """The plain-language opening sentence of a section: what was found."""
    return Html('<p class="lead">{}</p>').format(escape(value))


def paragraph(value: Any, *, css_class: str | None = None) -> Html:
    """A paragraph of escaped text."""
    klass = Html(' class="{}"').format(css_class) if css_class else ""
    return Html("<p{}>{}</p>").format(klass, escape(value))


def bullet_list(items: Iterable[Any], *, ordered: bool = False) -> Html:
    """A ``<ul>`` (or ``<ol>``) of escaped items; nothing if there are none."""
    rows = Html("").join(Html("<li>{}</li>").format(escape(item)) for item in items)
    if not rows:
        return Html("")
    tag = "ol" if ordered else "ul"
    return Html("<{0}>{1}</{0}>").format(tag, rows)


def section(title: Any, *parts: Any, level: int = 2) -> Html:
    """A ``<section>`` labelled by its heading, holding the parts."""
    anchor = slug(str(title))
    body = join(parts)
    return Html('<section aria-labelledby="{}">{}{}</section>').format(
        anchor, heading(title, level, id=anchor), body)


def definition_list(items: Mapping[Any, Any] | Iterable[tuple[Any, Any]]) -> Html:
    """A ``<dl>`` of term/description pairs, both escaped."""
    pairs = items.items() if isinstance(items, Mapping) else items
    rows = Html("").join(Html("<dt>{}</dt><dd>{}</dd>").format(escape(term), escape(value))
                         for term, value in pairs)
    return Html("<dl>{}</dl>").format(rows)



def table(frame: pd.DataFrame, caption: Any, *, index: bool = False,
          row_headers: bool | None = None,
          formatters: Mapping[str, Formatter] | None = None,
          empty: str = "Nothing was recorded.") -> Html:
    """An accessible ``<table>``: caption, column headers with ``scope="col"``, row headers.

    Parameters
    ----------
    frame : DataFrame
        The rows to show. Not modified. Column names are shown as written.
    caption : str
        What the table shows; required.
    index : bool
        Show the index as row headers (``<th scope="row">``).
    row_headers : bool, optional
        Show the first column's cells as row headers (``<th scope="row">``),
        so a screen reader names the row with each cell. By default on when
        the index is not shown and the first column holds text labels (see
        :func:`names_rows`); pass False for a first column that does not name
        its row (two columns set side by side, say).
    formatters : mapping, optional
        Column name -> function turning a value into the text shown (its
        result is escaped unless it is :class:`Html`). Other values are shown
        by :func:`collabkit.formatting.text`: whole numbers with thousands
        separators, other numbers with two decimals, dates day first
        ("14 Mar 2026"), blanks as "n/a".
    empty : str
        Shown instead of the table when there are no rows.

    Returns
    -------
    Html
        The table inside a focusable, labelled scrolling region.
    """
    if caption is None or not str(caption).strip():
        raise ValueError("a table needs a caption saying what it shows")
    if len(frame) == 0:
        return paragraph(f"{text(caption)}: {empty}")
    formatters = dict(formatters or {})
    head_cells = []
    if index:
        name = frame.index.name if frame.index.name is not None else ""
        head_cells.append(f'<th scope="col">{escape(name)}</th>')
    head_cells += [f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns]
    if row_headers is None:
        row_headers = not index and names_rows(frame)
    body = body_rows(frame, formatters, index=index,
                     first_is_header=bool(row_headers) and not index)
    return Html(
        '<div class="table-wrap" role="region" aria-label="{0}" tabindex="0">'
        "<table><caption>{0}</caption><thead><tr>{1}</tr></thead>"
        "<tbody>{2}</tbody></table></div>"
    ).format(escape(caption), Html("".join(head_cells)), Html(body))


def figure(fig: Any, alt: str, caption: Any, *, data: pd.DataFrame | None = None) -> Html:
    """A matplotlib figure as an embedded SVG image with alt text and a caption.

    The figure is drawn once, as SVG with its text kept as text (crisp at any
    zoom, and smaller than a picture of it), and embedded in an ``<img>``
    whose ``alt`` is the alt text: screen readers read that, and nothing in
    an image can run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Closed after rendering (a ``matplotlib.figure.Figure`` made without
        pyplot saves about a quarter of a second of import per report).
    alt : str
        What the figure shows and its main finding; required, not blank.
    caption : str
        Visible caption.
    data : DataFrame, optional
        The numbers behind the figure, shown as a table under "The numbers".

    Raises
    ------
    ValueError
        If ``alt`` is blank or nbconvert's placeholder text.
    """
    if not isinstance(alt, str) or not alt.strip() or alt.strip() == DEFAULT_ALT:
        raise ValueError("a figure needs alt text saying what it shows and what it finds")
    from collabkit.plots.svg import svg_data_url, to_svg

    try:
        source = to_svg(fig)
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")  # a bare Figure needs no pyplot
        if pyplot is not None:
            pyplot.close(fig)
    numbers_table = Html("")
    if data is not None:
        numbers_table = Html("<details><summary>The numbers</summary>{}</details>").format(
            table(data, f"The numbers behind: {text(caption)}"))
    return Html('<figure><img src="{}" alt="{}">'
                "<figcaption>{}</figcaption>{}</figure>").format(
        Html(svg_data_url(source)), alt, escape(caption), numbers_table)


def chart(plot: tuple[Any, str], caption: str, numbers: pd.DataFrame,
          formatters: Mapping[str, Any] | None = None) -> Html:
    """A chart with its alt text, then the numbers behind it in a disclosure."""
    fig, alt = plot
    numbers_table = table(numbers, f"The numbers behind the chart: {caption}",
                          formatters=formatters)
    return Html("{}<details><summary>The numbers behind this chart</summary>{}</details>").format(
        figure(fig, alt, caption), numbers_table)


class FindingsOutput:
    """Displays in a notebook only as :data:`FINDINGS_MIME` (the findings CSV text)."""

    def __init__(self, csv: str) -> None:
        self.csv = csv

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {FINDINGS_MIME: self.csv}


def rating_badge(rating: Any) -> Html:
    """A rating as text plus an icon on a colour (never colour alone)."""
    key = str(rating) if str(rating) in RATING_STYLES else "not_recorded"
    style = RATING_STYLES[key]
    return Html(
        '<span class="rating rating-{}" style="background:{};color:{}">'
        '<span aria-hidden="true" class="rating-icon">{}</span> {}</span>'
    ).format(key, style["background"], style["color"], style["icon"], style["text"])


def scorecard_cards(card: pd.DataFrame, *, level: int = 3, compact: bool = False) -> Html:
    """The findings as cards: label, rating (text, icon and colour), evidence, confidence.

    Parameters
    ----------
    card : DataFrame
        Rows of ``collabkit.evaluation.evaluate``: dimension, label, rating,
        evidence, and where present ``confidence`` with its
        ``confidence_reason`` and ``cause_text`` (shown as "Why").
    level : int
        Heading level of each card's title.
    compact : bool
        Give the confidence as its level only (the summary does; each
        section gives the reason).
    """
    return finding_cards(card_rows(card), level=level, compact=compact)


#: The findings' columns a card shows (and ``section``, to choose a section's cards).
CARD_FIELDS = ("dimension", "label", "section", "rating", "evidence", "cause_text",
               "confidence", "confidence_reason")


def card_rows(card: pd.DataFrame) -> list[dict[str, Any]]:
    """Each row of ``card`` as a plain dict of the :data:`CARD_FIELDS` it has.

    The values are those ``card.to_dict("records")`` gives, read a column at
    a time (much quicker for a few short rows of text).
    """
    columns = {name: card[name].tolist() for name in CARD_FIELDS if name in card.columns}
    if not columns:
        return [{} for _ in range(len(card))]
    return [dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)]


def finding_cards(rows: Sequence[Mapping[str, Any]], *, level: int = 3,
                  compact: bool = False) -> Html:
    """:func:`scorecard_cards` of rows already made plain (:func:`card_rows`)."""
    items = []
    for row in rows:
        key = str(row.get("rating")) if str(row.get("rating")) in RATING_STYLES else "not_recorded"
        parts = [heading(row.get("label", row.get("dimension", "")), level),
                 f"<p>{rating_badge(key)}</p>"]
        if not _blank(row.get("evidence")):
            parts.append(f"<p>{escape(row['evidence'])}</p>")
        if not _blank(row.get("cause_text")):
            parts.append(_classed("causes", f"Why: {text(row['cause_text'])}."))
        if compact and not _blank(row.get("confidence")):
            parts.append(_classed("confidence", f"Confidence: {text(row['confidence'])}."))
        elif not _blank(row.get("confidence_reason")):
            parts.append(_classed("confidence", f"Confidence: {text(row['confidence_reason'])}"))
        color = RATING_STYLES[key]["background"]
        items.append(f'<li class="card" style="border-left-color:{color}">{"".join(parts)}</li>')
    if not items:
        return paragraph("No scorecard could be made from the records.")
    return Html(f'<ul class="cards">{"".join(items)}</ul>')


def _classed(css_class: str, value: str) -> str:
    """``paragraph(value, css_class=css_class)`` as plain text, for joining."""
    return f'<p class="{css_class}">{escape(value)}</p>'


def provenance(project: Any, params: Mapping[str, Any], *, compact: bool = False) -> Html:
    """Where the report came from: data, project id, collabkit version, run time, settings.

    The data are named by their folder or workbook name (:func:`source_name`),
    never by a path on the machine that made the report.
    ``compact=True`` gives one sentence (for the top of a report) instead of a list.
    """
    from collabkit import __version__

    now = timestamp(dt.datetime.now().astimezone())
    source = params.get("project_path") or getattr(project, "source", None)
    data = source_name(source) if source is not None else MISSING
    if compact:
        return paragraph(f"Made from {data} with collabkit {__version__} on {now}.",
                         css_class="provenance")
    rows = [("Data", data)]
    if project is not None:
        rows.append(("Project id", project.id))
    rows += [("collabkit version", __version__), ("Report made", now)]
    settings = {k: v for k, v in params.items() if k != "project_path"}
    rows += [(f"Setting: {k}", text(v)) for k, v in settings.items()]
    return Html('<div class="provenance">{}</div>').format(definition_list(rows))


def source_name(path: Any) -> str:
    """The name of a project's folder or workbook, without the folders it sits in.

    A report may be read anywhere; where the data sat on the machine that
    made it is no reader's business (and can name a person's home folder).

    Examples
    --------
    >>> source_name("/home/sam/projects/riverside_crisis_cafe/")
    'riverside_crisis_cafe'
    >>> source_name("data/examples/oakwood_carers_hub.xlsx")
    'oakwood_carers_hub.xlsx'
    >>> source_name("the projects given")
    'the projects given'
    """
    given = str(path).strip()
    name = PurePath(given).name
    if name in ("", ".", ".."):
        name = Path(given or ".").resolve().name
    return name or given


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
