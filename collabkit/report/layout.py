"""How the project report is laid out: its sections and headings, and their building blocks.

:data:`SECTIONS` lists the sections in order with their headings (the
contents list of the title page is made from it). Every section is a
:func:`_section` of sub-headings (:func:`_sub`), paragraphs and tables; every
chart comes as :func:`collabkit.report.render.chart` (shared with the
portfolio): the figure with its alt text and, in a "The numbers behind this
chart" disclosure, the table it was drawn from.
"""

from __future__ import annotations

from typing import Any

from collabkit import evaluation
from collabkit.formatting import percent
from collabkit.report import render
from collabkit.report.render import Html

#: The report's sections in order: (function name, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("journey", "The journey through the model"),
    ("agenda", "Meetings and the practical tips"),
    ("structure", "Structure: who was involved"),
    ("voice", "Process and voice"),
    ("four_player", "Four-player dynamics"),
    ("dialogue", "Debate and dialogue"),
    ("action_bias", "Action bias"),
    ("decisions", "Inertia or advantage: decisions together"),
    ("vocabulary", "Aims and shared vocabulary"),
    ("reflections", "Reflections"),
    ("impact", "You said, we did"),
    ("next_time", "What to try next time"),
    ("method", "Method and data quality"),
)
HEADINGS = dict(SECTIONS)


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def _findings(project: Any, key: str) -> Html | None:
    """The findings a section shows (its dimensions in ``scorecard.yaml``).

    The first finding's sentence of evidence is the section's lead; then a
    card per finding gives its rating, causes and confidence (the first
    card without repeating the lead).
    """
    rows = evaluation.findings(project).for_section(key)
    if not len(rows):
        return None
    lead = rows["evidence"].iloc[0]
    cards = rows.copy()
    cards.iloc[0, cards.columns.get_loc("evidence")] = ""
    return render.join([render.lead(lead), render.scorecard_cards(cards, level=3)])


def _sub(title: str, *parts: Any) -> Html:
    """A sub-heading (``h3``) and its parts."""
    return render.join([render.heading(title, 3), *parts])


def _percent(*columns: str) -> dict[str, Any]:
    return dict.fromkeys(columns, percent)

