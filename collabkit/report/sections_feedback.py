"""The report's section on what participants said in their own questionnaire."""

from __future__ import annotations

from typing import Any

from collabkit import metrics, plots
from collabkit.project import Project
from collabkit.report import render, tables_feedback
from collabkit.report import text as say
from collabkit.report import text_feedback as said
from collabkit.report.layout import _findings, _section, _sub
from collabkit.report.params import ReportParams


def participants_said(project: Project, params: ReportParams) -> Any:
    """Answers by question and role (small groups folded), the gap with the pairs, own words."""
    summary = metrics.experience_summary(project)
    count = tables_feedback.free_text_count(project)
    gap = tables_feedback.gap_table(project)
    quoted = params.quote_feedback and count
    shares = tables_feedback.answer_shares(project, params.min_group_size)
    return _section(
        "participants_said", _findings(project, "participants_said"),
        render.paragraph(say.EXPLAIN["participants_said"]),
        _sub("Answers by question and role", render.table(
            tables_feedback.scores_table(project, params.min_group_size),
            "Participants' answers: mean out of 5 and the share who agreed (4 or 5), by role",
            empty="No one has answered the questionnaire yet (the feedback form in "
                  "notebooks/facilitator, or collabkit import-feedback for a Forms export)."),
             render.chart(plots.plot_feedback_answers(shares), "How participants answered "
                          "each question, by who answered", tables_feedback.answers_table(shares))
             if len(shares) else None),
        _sub("The facilitators' view beside the participants'",
             render.paragraph(said.feedback_gap_sentence(summary)),
             render.paragraph(say.EXPLAIN["feedback_gap"]),
             render.table(gap, "Each meeting: the pair reflection beside the participants' "
                          "answers") if len(gap) else None),
        _sub("In their own words", render.paragraph(said.free_text_sentence(count, bool(quoted))),
             render.bullet_list(tables_feedback.quotes(project, params.hidden))
             if quoted else None),
    )
