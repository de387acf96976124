"""The report's sections on how the group worked: journey, four players, dialogue, action bias."""

from __future__ import annotations

from typing import Any

from collabkit import metrics, plots
from collabkit.project import Project
from collabkit.report import render, tables, tables_process
from collabkit.report import text as say
from collabkit.report.layout import _findings, _percent, _section, _see_appendix, _sub
from collabkit.report.params import ReportParams


def journey(project: Project, params: ReportParams) -> Any:
    """Meetings on a timeline by step; steps covered, rushed or skipped; checklist claims."""
    model = project.model
    route = metrics.model_journey(project)
    coverage = metrics.step_coverage(project)
    claims = tables_process.unbacked_claims(project, model)
    return _section(
        "journey", render.lead(say.journey_sentence(route, tables.model_labels("step", model))),
        _findings(project, "journey"),
        render.chart(plots.plot_journey(route, model=model),
                     "Meetings by date and step of the model",
                     tables_process.journey_table(project, route, params.hidden, model)),
        _sub("Steps covered, rushed or skipped",
             render.paragraph(say.coverage_sentence(coverage, tables.model_labels("step", model))),
             render.table(tables_process.coverage_table(coverage, model),
                          "Each step of the model: meetings, checklist evidence and status")),
        _sub("Claims the records do not back", render.paragraph(say.EXPLAIN["claims"]),
             render.table(claims, "Checklist items marked done that do not count, and why",
                          empty="Every item marked done has its evidence.")),
        _sub("Checklist completion and evidence", render.paragraph(say.EXPLAIN["checklist"]),
             render.table(tables_process.checklist_table(project, model),
                          "Checklist items by step: status, completion and evidence",
                          formatters=_percent("Completion", "Evidence"))),
    )


def agenda(project: Project, params: ReportParams) -> Any:
    """The practical tips on the agendas of the meetings held."""
    practice = metrics.agenda_practice(project)
    return _section(
        "agenda", _findings(project, "agenda"), render.paragraph(say.EXPLAIN["agenda"]),
        render.table(tables_process.agenda_table(practice),
                     "The practical tips on each meeting's agenda",
                     empty="No agendas were recorded."),
    )


def four_player(project: Project, params: ReportParams) -> Any:
    """The four actions per meeting, and stuck patterns summarised with examples."""
    model = project.model
    labels = tables.model_labels("move", model)
    profile = metrics.move_profile(project, by="meeting").merge(tables.meeting_numbers(project),
                                                                on="meeting_id")
    totals = profile.groupby("move", observed=False)["count"].sum().to_dict()
    stuck = tables_process.stuck_patterns(project)
    counts = tables_process.stuck_summary(stuck, model)
    examples = tables_process.stuck_examples(project, stuck, params.names, params.hidden, model)
    return _section(
        "four_player", _findings(project, "four_player"),
        render.paragraph(say.four_player_sentence(totals, labels)),
        _see_appendix("actions", "What move, follow, oppose and bystand mean"),
        render.chart(plots.plot_four_player(profile, model=model), "The four actions in each meeting",
               tables_process.four_player_table(project, labels), _percent(*labels.values())),
        _sub("Stuck patterns",
             render.paragraph(say.stuck_sentence(counts, stuck["meeting_id"].nunique())),
             render.table(counts, "Stuck patterns: how often each was found, what it means and "
                          "what helps", empty="No stuck pattern was found."),
             render.paragraph("A few examples, one for each pattern found:") if examples
             else None, render.bullet_list(examples)),
    )


def dialogue(project: Project, params: ReportParams) -> Any:
    """Debate and dialogue over meetings (how they differ is in the appendix)."""
    shares = metrics.dialogue_share(project)
    return _section(
        "dialogue", _findings(project, "dialogue"),
        render.paragraph(say.dialogue_sentence(shares)),
        render.paragraph(project.model.tools["debate_dialogue"]["note"]),
        _see_appendix("dialogue", "How debate and dialogue differ"),
        render.chart(plots.plot_dialogue(shares), "Dialogue and debate in each meeting",
               tables_process.dialogue_table(shares), _percent("Dialogue share")),
    )


def action_bias(project: Project, params: ReportParams) -> Any:
    """Solutions before problems: per meeting and across the model's steps."""
    model = project.model
    rule = model.tools["action_bias"]
    onset = tables_process.onset_judged(project, metrics.solution_onset(project))
    talk = metrics.solution_talk_by_step(project)
    return _section(
        "action_bias", _findings(project, "action_bias"),
        render.paragraph(f"{rule['description']} In the model: {rule['in_the_model']}"),
        render.chart(plots.plot_solution_onset(onset),
                     "When the first solution came in each meeting",
                     tables_process.onset_table(onset, model),
                     _percent("Share before the first solution")),
        _sub("Solution talk across the steps", render.paragraph(say.EXPLAIN["solution_talk"]),
             render.chart(plots.plot_solution_talk(talk, model=model), "Talk about solutions "
                          "and about the problem by step", tables_process.talk_table(talk, model),
                          _percent("About solutions", "About the problem"))),
    )
