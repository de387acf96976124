"""Accessible matplotlib charts: each returns a figure and its alt text; no judgment here.

Every chart takes a tidy table from :mod:`collabkit.metrics` (role and
person labels already made safe to show) and returns ``(fig, alt)``: a
:class:`matplotlib.figure.Figure` (made without pyplot, drawn with Agg) and
alt text that says what the chart shows and its main finding, with numbers.
Give both to :func:`collabkit.report.render.figure`, with the numbers as a table.

The charts use the Okabe-Ito colour-blind-safe palette (:data:`OKABE_ITO`),
fonts of 11 pt or more, direct labels where they fit, and never colour alone:
series differ by hatching, marker or line style too. Questionnaire answers
use a diverging scale of the same hues (:func:`collabkit.plots.style.answer_styles`).

Modules
-------
style      palette, hatching, fonts and the shared drawing helpers
bars       bars as one shape collection per series, and their value labels
labels     labels a few points from a point, as plain texts
axes       axes that make matplotlib tick objects only for ticks drawn
margins    fixed margins measured once from the labels, so a chart is drawn once
svg        a chart as SVG text (text kept as text) and as a data URL for a page
people     who was involved: attendance, voice against presence, equality
process    how the group worked: journey, four actions, dialogue, action bias
outcomes   what came of it: decisions, the ladder, reflections, the glossary
feedback   what participants said: their questionnaire answers by group
portfolio  the charts comparing projects

matplotlib is imported only when a chart is drawn.
"""

from collabkit.plots.feedback import plot_feedback_answers
from collabkit.plots.outcomes import plot_decisions, plot_glossary, plot_ladder, plot_reflections
from collabkit.plots.people import plot_attendance, plot_equality, plot_voice_presence
from collabkit.plots.process import (
    plot_dialogue,
    plot_four_player,
    plot_journey,
    plot_solution_onset,
    plot_solution_talk,
)
from collabkit.plots.style import OKABE_ITO

__all__ = [
    "OKABE_ITO", "plot_attendance", "plot_decisions", "plot_dialogue", "plot_equality",
    "plot_feedback_answers",
    "plot_four_player", "plot_glossary", "plot_journey", "plot_ladder", "plot_reflections",
    "plot_solution_onset", "plot_solution_talk", "plot_voice_presence",
]
