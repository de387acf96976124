"""The report's sections on what came of the work: decisions, vocabulary, reflections, impact."""

from __future__ import annotations

from typing import Any

from collabkit import evaluation, metrics, plots
from collabkit.project import Project
from collabkit.report import render, tables_outcomes, tables_people
from collabkit.report import text as say
from collabkit.report.layout import _findings, _percent, _section, _see_appendix, _sub
from collabkit.report.params import ReportParams, _groups


def decisions(project: Project, params: ReportParams) -> Any:
    """Decisions per meeting, runs without one, decisions made apart, the ladder by step."""
    model = project.model
    per = metrics.decisions_per_meeting(project)
    apart = tables_outcomes.decisions_list(project, params.hidden, model, apart=True)
    ladder = metrics.ladder_by_step(project)
    return _section(
        "decisions", _findings(project, "decisions"),
        render.paragraph(say.decisions_sentence(per, project.decisions,
                                                metrics.inertia_runs(project))),
        render.paragraph(say.EXPLAIN["inertia"]),
        render.chart(plots.plot_decisions(per), "Decisions made in each meeting",
               tables_outcomes.decisions_table(per, model)),
        _sub("Decisions made outside meetings or without lived-experience members",
             render.paragraph(say.apart_sentence(apart["Where"], len(project.decisions))),
             render.table(apart, "Decisions made outside meetings or without "
                          "lived-experience members", empty="None.")),
        _sub("Decisions made again", render.paragraph(say.EXPLAIN["revisions"]),
             render.table(tables_outcomes.revisions_table(project, params.hidden, model),
                          "Decisions that revisit an earlier one, and how each was made",
                          empty="No decision was recorded as revisiting an earlier one.")),
        _sub("Level of involvement by step: the co-production ladder",
             _see_appendix("ladder", "What each level of involvement means"),
             render.chart(plots.plot_ladder(ladder, model=model, together_level=evaluation.findings(
                 project).settings["together_level"]),
                    "Decisions by step and level of involvement",
                    tables_outcomes.ladder_table(ladder, model))),
        _sub("All decisions", render.table(
            tables_outcomes.decisions_list(project, params.hidden, model),
            "Every decision in date order")),
    )


def vocabulary(project: Project, params: ReportParams) -> Any:
    """Aims ("why are you here?") by role with a few quotes, and the shared glossary."""
    aims = tables_people.fold_roles(metrics.aims_by_role(project),
                                    _groups(project, params, project.model), [],
                                    ["people", "aims"])
    growth = metrics.glossary_growth(project)
    return _section(
        "vocabulary", render.lead(say.vocabulary_sentence(aims, project.glossary)),
        _sub("Why are you here?", render.paragraph(say.EXPLAIN["aims"]),
             render.table(tables_outcomes.aims_table(aims),
                          "People who said why they were here, by role",
                          formatters=_percent("Share")),
             render.bullet_list(tables_outcomes.aims_quotes(project, params.names,
                                                            params.hidden))),
        _sub("Shared vocabulary", render.paragraph(say.EXPLAIN["glossary"]),
             render.chart(plots.plot_glossary(growth), "Terms in the shared glossary after each meeting",
                    tables_outcomes.growth_table(growth)),
             render.table(tables_outcomes.glossary_table(project, params.names, params.hidden),
                          "The group's shared vocabulary")),
    )


def reflections(project: Project, params: ReportParams) -> Any:
    """How collaborative meetings felt over time, recurring problems, what the pairs wrote."""
    trend = metrics.reflection_trend(project)
    problems = metrics.recurring_problems(project)
    return _section(
        "reflections", _findings(project, "reflections"),
        render.paragraph(say.reflections_sentence(trend)),
        render.paragraph(say.EXPLAIN["reflections"]),
        render.chart(plots.plot_reflections(trend), "How collaborative each meeting felt",
               tables_outcomes.trend_table(trend, project.model)),
        _sub("Recurring process problems", render.paragraph(say.problems_sentence(problems)),
             render.table(tables_outcomes.problems_table(problems, params.hidden),
                          "Process problems raised at more than one meeting", empty="None.")),
        _sub("What the pairs wrote", render.table(
            tables_outcomes.reflections_table(project, params.hidden),
            "Pair reflections after each meeting")),
    )


def impact(project: Project, params: ReportParams) -> Any:
    """You said, we did: contributions and what came of them."""
    model = project.model
    groups = _groups(project, params, model)
    return _section("impact", render.lead(say.impact_sentence(project.impact["status"].dropna())),
                    render.table(tables_outcomes.impact_table(project, groups, params.hidden,
                                                              model), "You said, we did"))
