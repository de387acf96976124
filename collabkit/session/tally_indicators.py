"""The live tally's indicators: dialogue so far, and an early "solution before the problem".

Both are judged as the report judges them, by the rules in
``data/model/scorecard.yaml`` (:func:`collabkit.evaluation.findings.load_rules`):

- the running dialogue share (dialogue among the contributions coded for
  mode, as :func:`collabkit.metrics.dialogue.dialogue_share` counts it) is
  rated with the cut-offs of the report's ``dialogue`` dimension;
- the action-bias flag (the Trust's tip 6, "flag action bias early") is
  raised when :func:`collabkit.evaluation.measures.rushed_meetings` says the
  meeting is rushed: its first solution came before ``min_problem``
  contributions about the problem (a setting of the rules file), in a
  meeting of any step but the one where solutions belong (Make the Change).
  That is decided for good when the first solution comes, so it is worked
  out once, from the events up to it.

The flag is worded from the rules file too: the threshold from its settings
and the advice of the action-bias dimension's ``solutions_early`` cause.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from collabkit.formatting import plural

if TYPE_CHECKING:
    from collabkit.project import Project
    from collabkit.session.tally_counts import LiveCounts

__all__ = ["LiveIndicators"]


class LiveIndicators:
    """Work out the live indicators of one meeting from its running counts.

    Parameters
    ----------
    project : Project
        The project (its model, participants and rules).
    meetings : DataFrame
        The meetings table row of the meeting tallied.
    """

    def __init__(self, project: Project, meetings: pd.DataFrame):
        from collabkit.evaluation.findings import load_rules

        self.project = project
        self.meetings = meetings
        self.rules = load_rules(project.model)
        table = self.rules.table.set_index("dimension")
        self.dialogue = table.loc["dialogue"] if "dialogue" in table.index else None
        bias = table.loc["action_bias"] if "action_bias" in table.index else None
        causes = {} if bias is None else {c.cause: c for c in bias["causes"]}
        self.early_cause = causes.get("solutions_early")
        self._flag_key: tuple[int, int] | None = None
        self._flag: str | None = None

    def read(self, counts: LiveCounts) -> dict[str, Any]:
        """``dialogue_share``, ``dialogue_coded``, ``dialogue_rating`` and ``action_bias``."""
        from collabkit.evaluation.rules import rate

        coded = sum(counts.by_mode.values())
        share = counts.by_mode.get("dialogue", 0) / coded if coded else math.nan
        rating = "not_recorded"
        if self.dialogue is not None:
            rating = rate(share, str(self.dialogue["direction"]),
                           float(self.dialogue["strength"]), float(self.dialogue["concern"]))
        return {"dialogue_share": share, "dialogue_coded": int(coded),
                "dialogue_rating": rating, "action_bias": self._action_bias(counts)}

    def _action_bias(self, counts: LiveCounts) -> str | None:
        """The flag, worked out again only when the first solution is a different event."""
        if counts.first_solution is None:
            self._flag_key, self._flag = None, None
            return None
        key = (id(counts.source), counts.first_solution)
        if key != self._flag_key:
            self._flag_key, self._flag = key, self._work_out(counts)
        return self._flag

    def _work_out(self, counts: LiveCounts) -> str | None:
        from collabkit.evaluation.measures import rushed_meetings
        from collabkit.project import Project

        events = counts.solution_prefix()
        if events is None:
            return None
        project = self.project
        live = Project(project.info, {**project.tables, "meetings": self.meetings,
                                      "events": events.assign(coder="primary")},
                       project.source, model=project.model)
        onset = rushed_meetings(live, self.rules.settings)
        if not bool(onset["rushed"].any()):
            return None
        first = int(onset["first_solution_seq"].iloc[0])
        problems = int(onset["problem_before_solution"].iloc[0])
        tip = project.model.tools["action_bias"].get("tip")
        advice = "" if self.early_cause is None else " " + " ".join(
            str(self.early_cause.advice).split())
        return (f"Action bias (tip {tip}): a solution came (#{first}) after "
                f"{plural(problems, 'contribution')} about the problem; the report looks for "
                f"{self.rules.settings['min_problem']} first.{advice}")
