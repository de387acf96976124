"""The evaluation report's table of contents: open the project, then one function per section.

``notebooks/reports/project_evaluation.ipynb`` calls :func:`open_project`
once, then ``sections.<name>(project, params)`` for every name in
:data:`SECTIONS`, in order, a few sections a cell (each cell costs a round trip
to the kernel, about 4 ms of CPU in ``collabkit report``). Each returns an ``IPython.display.HTML``
built with :mod:`collabkit.report.render` (so every piece of free text is escaped),
opening with a plain-language sentence that says what was found. People are
shown by the names :mod:`collabkit.report.privacy` allows, and roles held by fewer
than ``min_group_size`` people are folded into their natural group (carers and
family, lived experience) or "other".

The report's frame (title page, summary, what to try next time, method) is
written here; its body in :mod:`collabkit.report.sections_people` (who was
involved), :mod:`collabkit.report.sections_process` (how the group worked),
:mod:`collabkit.report.sections_outcomes` (what came of it) and
:mod:`collabkit.report.sections_feedback` (what participants said), and the
definitions they share in :mod:`collabkit.report.sections_appendix`; this
module lists them all so that every section is ``sections.<name>``.

Sections show numbers; they do not compute metrics (those live in
:mod:`collabkit.metrics`), draw charts (:mod:`collabkit.plots`) or word
findings (:mod:`collabkit.report.text`); the tables readers see are shaped in
:mod:`collabkit.report.tables` and its siblings. Every chart comes with its alt text
and, in a "The numbers behind this chart" disclosure, the table it was drawn
from (:mod:`collabkit.report.layout`).
"""

from __future__ import annotations

from typing import Any

from collabkit import metrics
from collabkit.evaluation.confidence import coding_agreement
from collabkit.formatting import capital, day, plural
from collabkit.project import Project
from collabkit.report import render, tables
from collabkit.report import text as say
from collabkit.report.layout import HEADINGS, SECTIONS, _percent, _section, _sub
from collabkit.report.params import ReportParams, _free, open_project
from collabkit.report.render import Html
from collabkit.report.sections_appendix import appendix
from collabkit.report.sections_feedback import participants_said
from collabkit.report.sections_outcomes import decisions, impact, reflections, vocabulary
from collabkit.report.sections_people import structure, voice
from collabkit.report.sections_process import (
    action_bias,
    agenda,
    dialogue,
    four_player,
    journey,
)

# -- the frame: title page, summary, next time, method -----------------------


def title_page(project: Project, params: ReportParams) -> Any:
    """The report's ``h1``, what it covers, a contents list and where it came from."""
    meetings = project.meetings
    span = ""
    if len(meetings):
        span = f" from {day(meetings['date'].min())} to {day(meetings['date'].max())}"
    purpose = project.info.get("purpose")
    contents = Html("").join(Html('<li><a href="#{}">{}</a></li>').format(render.slug(h), h)
                             for _, h in SECTIONS)
    return render.show(
        render.heading(params.title, 1),
        render.lead(f"An evaluation of how collaboratively this project was done: "
                    f"{plural(len(project.participants), 'person', 'people')} and "
                    f"{plural(len(meetings), 'meeting')}{span}."),
        render.paragraph(_free(purpose, params)) if isinstance(purpose, str) and purpose else None,
        render.provenance(project, params.settings(), compact=True),
        Html('<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{}</ol></nav>')
        .format(contents),
        title=f"{params.title}: collaboration evaluation",
    )


def summary(project: Project, params: ReportParams) -> Any:
    """Every finding as a card, then the three actions that matter most."""
    found = tables.found(project)
    facts = {"People involved": len(project.participants), "Meetings": len(project.meetings),
             "Coded contributions": len(metrics.primary_events(project)),
             "Decisions recorded": len(project.decisions),
             "Pair reflections": len(project.reflections)}
    actions = found.actions
    return _section(
        "summary", render.lead(say.summary_sentence(found.frame)),
        render.definition_list(facts), render.scorecard_cards(found.frame, compact=True),
        _sub("Three things to do next", render.paragraph(say.actions_sentence(len(actions))),
             render.bullet_list((render.join([Html("<strong>{}.</strong> ").format(
                 capital(a.says)), a.recommendation]) for a in actions.itertuples()),
                 ordered=True)
             if len(actions) else None),
    )


def next_time(project: Project, params: ReportParams) -> Any:
    """What to try, cause by cause, for every dimension not rated a strength."""
    found = tables.found(project)
    tips = project.model.tips
    return _section(
        "next_time", render.lead(say.next_time_sentence(found.frame, found.advice)),
        render.table(tables.recommendations_table(found),
                     "What to try next time: the cause behind each rating and the practical "
                     "tip it calls for") if len(found.advice) else
        render.bullet_list(f"Tip {t}: {title}" for t, title in zip(tips["tip_id"],
                                                                   tips["title"], strict=True)),
    )


def method(project: Project, params: ReportParams) -> Any:
    """How the findings were made, what they could not see, reliability, GRIPP2, provenance."""
    agreement = coding_agreement(project)
    found = tables.found(project)
    return _section(
        "method", render.lead(say.reliability_sentence(agreement)),
        _sub("How each finding was made", render.paragraph(say.EXPLAIN["findings"]),
             render.table(tables.rules_table(found), "Each dimension: what was measured, how "
                          "it is rated and how sure the finding is")),
        _sub("What this evaluation could not see", render.bullet_list(found.limits)),
        _sub("What was recorded", render.table(tables.recorded_table(project),
                                               "What was recorded: rows in each table")),
        _sub("Coding reliability", render.definition_list(say.RELIABILITY), render.table(
            tables.reliability_table(agreement), "Agreement between coders of the same meetings",
            formatters=_percent("Raw agreement"), empty="No meeting was coded by two coders.")),
        _sub("GRIPP2 short form", render.table(
            tables.gripp2(project, params.hidden, agreement),
            "GRIPP2 short form: reporting public involvement")),
        _sub("Where this report came from", render.provenance(project, params.settings())),
    )


def findings_file(project: Project, params: ReportParams) -> Any:
    """The findings as CSV, for ``collabkit report`` to write as ``<id>.findings.csv``.

    Returns an object the notebook displays only as a
    :data:`~collabkit.report.execute.FINDINGS_MIME` output: the HTML page
    shows nothing of it, the executed notebook keeps it.
    """
    return render.FindingsOutput(tables.found(project).to_frame().to_csv(index=False))


__all__ = [
    "HEADINGS", "SECTIONS", "ReportParams", "open_project", "title_page",
    "summary", "journey", "agenda", "structure", "voice", "four_player", "dialogue", "action_bias",
    "decisions", "vocabulary", "reflections", "participants_said", "impact", "next_time", "method", "appendix",
    "findings_file",
]
