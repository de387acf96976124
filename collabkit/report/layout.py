"""How the project report is laid out: its sections and headings, and their building blocks.

:data:`SECTIONS` lists the sections in order with their headings (the
contents list of the title page is made from it). Every section is a
:func:`_section` of sub-headings (:func:`_sub`), paragraphs and tables; every
chart comes as :func:`collabkit.report.render.chart` (shared with the
portfolio): the figure with its alt text and, in a "The numbers behind this
chart" disclosure, the table it was drawn from. Definitions that every
report shares are written once, in the appendix (the last section), and the
sections that use them link there with :func:`_see_appendix`.
"""

from __future__ import annotations

from typing import Any

from collabkit import evaluation
from collabkit.formatting import percent
from collabkit.metrics._memo import memo_of
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
    ("participants_said", "What participants said"),
    ("impact", "You said, we did"),
    ("next_time", "What to try next time"),
    ("method", "Method and data quality"),
    ("appendix", "Appendix: the tools and terms used"),
)
HEADINGS = dict(SECTIONS)

#: The appendix's parts: key -> (anchor, heading). Sections link to them.
APPENDIX: dict[str, tuple[str, str]] = {
    "actions": ("appendix-four-actions", "The four actions"),
    "dialogue": ("appendix-debate-dialogue", "Debate and dialogue: the difference"),
    "ladder": ("appendix-ladder", "The ladder of involvement"),
}


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def _findings(project: Any, key: str) -> Html | None:
    """The findings a section shows (its dimensions in ``scorecard.yaml``).

    The first finding's sentence of evidence is the section's lead; then a
    card per finding gives its rating, causes and confidence (the first
    card without repeating the lead).
    """
    rows = [row for row in _card_rows(project)
            if row.get("section") == key]  # as Findings.for_section chooses them
    if not rows:
        return None
    lead = rows[0]["evidence"]
    rows[0] = {**rows[0], "evidence": ""}
    return render.join([render.lead(lead), render.finding_cards(rows, level=3)])


def _card_rows(project: Any) -> list[dict[str, Any]]:
    """The project's findings as plain rows, made once for its current findings."""
    frame = evaluation.findings(project).frame
    memo = memo_of(project)
    made = memo.get("finding cards")
    if made is None or made[0] is not frame:  # the findings judged again: made again
        made = memo["finding cards"] = (frame, render.card_rows(frame))
    return [dict(row) for row in made[1]]  # each caller its own rows to change


def _sub(title: str, *parts: Any, id: str | None = None) -> Html:  # noqa: A002
    """A sub-heading (``h3``, with the anchor ``id`` if given) and its parts."""
    return render.join([render.heading(title, 3, id=id), *parts])


def _see_appendix(key: str, what: str) -> Html:
    """A sentence that links to one part of the appendix, saying ``what`` is found there.

    Examples
    --------
    >>> print(_see_appendix("ladder", "What each level means"))  # doctest: +NORMALIZE_WHITESPACE
    <p class="see-also">What each level means: see <a href="#appendix-ladder">The
    ladder of involvement</a>, in the appendix.</p>
    """
    anchor, title = APPENDIX[key]
    return Html('<p class="see-also">{}: see {}, in the appendix.</p>').format(
        what, render.link(f"#{anchor}", title))


def _percent(*columns: str) -> dict[str, Any]:
    return dict.fromkeys(columns, percent)

