"""The participants' questionnaire as a form people fill in themselves, one at a time.

Served by Voila on a tablet or phone (``notebooks/facilitator/feedback_form.ipynb``):
each question of ``data/model/feedback.yaml`` with its scale as radio
buttons labelled in words, and the free-text question as a text box. It is
anonymous unless the facilitator asks for names (``ask_who=True``); even
then giving a name is optional. After Save the answers are on disk (written
through :func:`collabkit.project.edits.edit_table`), the form is cleared for
the next person and says "Thank you, your answers are saved". A failed save
says so and keeps the answers in the form. Earlier answers are never shown:
the next person sees only how many responses are saved.
"""

from __future__ import annotations

import html
import os
from typing import Any

from collabkit.formatting import plural
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session.responses import add_response
from collabkit.widgets._forms import MeetingForm

__all__ = ["FeedbackForm"]

#: Lays each question out as a column (label above its choices) so the form
#: fits a 375 px phone screen, with touch-sized choices.
_CSS = """<style>
.collabkit-feedback {max-width: 40em}
.collabkit-feedback .widget-radio, .collabkit-feedback .widget-textarea,
.collabkit-feedback .widget-dropdown {flex-direction: column; align-items: flex-start;
  width: 100% !important; height: auto !important}
.collabkit-feedback .widget-label {width: auto !important; max-width: 100%;
  white-space: normal; font-weight: bold; margin-bottom: 4px}
.collabkit-feedback .widget-radio-box label {padding: 6px 0; font-size: 1.05em}
.collabkit-feedback .widget-radio-box input {width: 1.3em; height: 1.3em}
.collabkit-feedback textarea, .collabkit-feedback select {width: 100% !important}
.collabkit-feedback .widget-button {min-height: 44px; min-width: 8em}
</style>"""


class FeedbackForm(MeetingForm):
    """The questionnaire for participants: one response at a time, anonymous by default.

    Parameters
    ----------
    project_path : str or Path or ProjectPicker
        As for every facilitator widget.
    meeting_id : str, optional
        The meeting the responses are about ("" for the project as a whole).
    ask_who : bool, default False
        Offer a (still optional) "your name" choice. Off: nobody is asked.
    model : Model, optional
    work_folder : str or Path, optional

    Attributes
    ----------
    questions : dict of str to ipywidgets.RadioButtons or ipywidgets.Textarea
        One control per item, in the questionnaire's order.
    role : ipywidgets.Dropdown
        "I am taking part as..." (optional).
    who : ipywidgets.Dropdown or None
        The participant, only with ``ask_who``.
    """

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 ask_who: bool = False, model: Model | None = None,
                 work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.widget.add_class("collabkit-feedback")
        self.meeting.description = "About the meeting"
        self.meeting.style.description_width = "initial"
        self.meeting.layout.width = "100%"
        full = w.Layout(width="100%")
        questionnaire = self.model.questionnaire
        self.questions: dict[str, Any] = {}
        for number, item in enumerate(questionnaire.items, start=1):
            label = f"{number}. {item['text']}"
            if item["scale"] is None:
                control = w.Textarea(description=label, layout=full,
                                     placeholder="Write as much or as little as you like")
            else:
                control = w.RadioButtons(
                    description=label, value=None, layout=full,
                    options=[(str(text), point) for point, text in questionnaire.points(
                        item["item_id"])])
            control.style.description_width = "initial"
            self.questions[item["item_id"]] = control
        roles = self.model.code_table("role")
        self.role = w.Dropdown(description="I am taking part as", layout=full,
                               options=[("Prefer not to say", "")] + list(
                                   zip(roles["label"], roles["code"], strict=True)))
        self.role.style.description_width = "initial"
        self.who: Any = None
        if ask_who:
            self.who = w.Dropdown(description="Your name (optional)", layout=full,
                                  options=[("Prefer not to say", "")] + self._people())
            self.who.style.description_width = "initial"
        self.save_button.description = "Save my answers"
        self.widget.children = [
            w.HTML(_CSS), self._heading("How was taking part for you?"),
            w.HTML("<p>Your answers help us do better. Answer as many questions as you "
                   "like" + (". You do not have to give your name" if ask_who else
                             ". Your name is not asked for") + ".</p>"),
            self.meeting, *self.questions.values(), self.role,
            *([self.who] if self.who is not None else []), self.save_button, self.status,
            self.saved]
        self._draw_saved()

    def _refresh_people(self) -> None:
        if self.who is not None:
            self.who.options = [("Prefer not to say", "")] + self._people()

    def answers(self) -> dict[str, str]:
        """What the form holds now: item_id -> answer text (unanswered left out)."""
        out = {}
        for item_id, control in self.questions.items():
            value = control.value
            if value is not None and str(value).strip():
                out[item_id] = str(value).strip()
        return out

    def save(self) -> Project:
        """Save this person's answers as one response; then clear the form for the next."""
        self.require_project()
        answers = self.answers()
        who = self.who.value if self.who is not None else ""
        project = self._store("feedback", lambda p: add_response(
            p, answers, role=self.role.value, meeting_id=self.meeting_id, participant_id=who))
        self.clear()
        self.show("Thank you, your answers are saved.", "ok", word="")
        return project

    def clear(self) -> None:
        """Empty every answer, for the next person."""
        for control in self.questions.values():
            control.value = None if hasattr(control, "options") else ""
        self.role.value = ""
        if self.who is not None:
            self.who.value = ""

    def _draw_saved(self) -> None:
        if self.project is None:
            self.saved.value = ""
            return
        table = self.project.feedback
        if self.meeting_id:
            table = table[table["meeting_id"].eq(self.meeting_id).fillna(False).astype(bool)]
        count = table["response_id"].nunique()
        where = f" about {html.escape(self.meeting_id)}" if self.meeting_id else ""
        self.saved.value = (f"<p style='color:#444'>{plural(count, 'response')} saved so far"
                            f"{where}.</p>")
