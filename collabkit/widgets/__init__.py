"""Facilitator widgets: thin ipywidgets views over collabkit's functions.

Every widget has a ``.widget`` to display (displaying the object shows it
too), a status area for messages, and plain methods for each action
(``record``, ``undo``, ``save``, ``split``...) that tests and scripts call
directly. ipywidgets is imported only when a widget is created. Each takes a
project path or the notebook's :class:`ProjectPicker`, and opens a bundled
example as a working copy, never in place.

==================  ======================  =================================
widget              module                  notebook
==================  ======================  =================================
ProjectPicker       widgets.picker          every facilitator notebook
ProjectOverview     widgets.overview        prepare_session
ToolCards           widgets.overview        prepare_session
AgendaPlanner       widgets.agenda          prepare_session
GroupSplitter       widgets.groups          prepare_session
TallyBoard          widgets.tally           run_session
ReflectionForm      widgets.after           after_session
ChecklistPanel      widgets.checklist       after_session
DecisionLog         widgets.decisions       after_session
GlossaryBoard       widgets.after           after_session
AimsBoard           widgets.after           after_session
ImpactLog           widgets.impact          after_session
FeedbackForm        widgets.feedback        feedback_form
==================  ======================  =================================
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "ProjectPicker": "picker",
    "ProjectOverview": "overview",
    "ToolCards": "overview",
    "AgendaPlanner": "agenda",
    "GroupSplitter": "groups",
    "TallyBoard": "tally",
    "ReflectionForm": "after",
    "ChecklistPanel": "checklist",
    "DecisionLog": "decisions",
    "GlossaryBoard": "after",
    "AimsBoard": "after",
    "ImpactLog": "impact",
    "FeedbackForm": "feedback",
}

__all__ = list(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module = importlib.import_module(f"collabkit.widgets.{_HOMES[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'collabkit.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
