"""The report's appendix: the tools and terms every report uses, defined once.

The four actions of the Four Player Model, debate against dialogue and the
ladder of involvement mean the same in every report. They are written here,
at the end, from the model's own data files, and the sections that use them
(four-player dynamics, debate and dialogue, decisions) link to their part of
the appendix (:data:`collabkit.report.layout.APPENDIX`) instead of repeating them.
"""

from __future__ import annotations

from typing import Any

from collabkit.project import Project
from collabkit.report import render
from collabkit.report.layout import APPENDIX, _section, _sub
from collabkit.report.params import ReportParams


def appendix(project: Project, params: ReportParams) -> Any:
    """The definitions the sections link to: the four actions, debate and dialogue, the ladder."""
    model = project.model
    tool = model.tools["debate_dialogue"]
    levels = model.levels.sort_values("rank")
    return _section(
        "appendix",
        render.lead("The tools and terms of the Collaborative Model that this report uses, "
                    "defined once for every section that links here."),
        _part("actions", render.paragraph(
            "Every coded contribution to a meeting is one of four actions (the Four Player "
            "Model):"), render.definition_list(
                zip(model.moves["label"], model.moves["help"], strict=True))),
        _part("dialogue", render.table(
            model.dialogue_contrasts.set_axis(["Debate", "Dialogue"], axis=1),
            "How debate and dialogue differ", row_headers=False),
            render.paragraph(f"Source: {tool['source']}.", css_class="rule")
            if tool.get("source") else None),
        _part("ladder", render.paragraph(
            "How far people with lived experience shared in a decision, from the lowest rung "
            "of the ladder to the highest:"), render.definition_list(
                zip(levels["label"], levels["description"], strict=True))),
    )


def _part(key: str, *parts: Any) -> render.Html:
    anchor, title = APPENDIX[key]
    return _sub(title, *parts, id=anchor)
