"""How the tally board looks: its style sheet and the HTML of its parts.

The board is laid out for a facilitator who is also talking, on a laptop or
a tablet: a bar that stays at the top of the page (the meeting, the clock,
Undo, the acknowledgement of the last click, the prompt, and the mode and
focus toggles) over a grid of people that wraps to the width of the screen.
Every button is at least 44 px high (a finger's width on a tablet). A person
not heard yet is marked in words ("not heard yet"), with a dashed border as
well as a colour, so the mark does not rely on colour alone.

Nothing here computes a number: the board passes in what
:class:`collabkit.session.tally.LiveSummary` says.
"""

from __future__ import annotations

import html
import math
import re
from types import SimpleNamespace
from typing import Any

import pandas as pd

from collabkit.formatting import join_words, percent, plural
from collabkit.model import Model
from collabkit.session.tally import LiveSummary

__all__ = ["BOARD_CSS", "MOVE_COLOURS", "PALE", "REGISTER_BUTTONS", "bar_widgets", "chart_html",
           "css_id", "indicators_html", "people_widgets", "person_card", "person_html", "prompt_html",
           "register_html", "speaking_toggle"]

#: Okabe-Ito colours (safe for colour-blind readers), one per action, by position.
MOVE_COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7")
#: Pale versions for the buttons, so their dark text reads well.
PALE = ("#cfe3f3", "#c7eadf", "#f6d5c2", "#f2d9e8")

#: The board's style sheet (every rule under ``.collabkit-tally``).
BOARD_CSS = """
.collabkit-tally, .collabkit-tally .collabkit-tally-grid, .collabkit-tally > .jupyter-widget-box,
.jp-OutputArea-output:has(.collabkit-tally), .jp-OutputArea-child:has(.collabkit-tally),
.jp-OutputArea:has(.collabkit-tally), .jp-Cell-outputArea:has(.collabkit-tally),
.jp-Cell-outputWrapper:has(.collabkit-tally), .jp-Cell:has(.collabkit-tally) {
  overflow: visible !important;
}
.collabkit-tally .collabkit-tally-bar {
  position: sticky; top: 0; z-index: 50; background: #ffffff; overflow: visible;
  border-bottom: 2px solid #555555; padding: 4px 0 6px 0; gap: 4px; margin-top: 12px;
  box-shadow: 0 -12px 0 0 #ffffff;
}
.collabkit-tally .collabkit-tally-bar .jupyter-widget-box { overflow: visible; gap: 4px; }
.collabkit-tally button, .collabkit-tally .widget-toggle-button,
.collabkit-tally .jupyter-widget-toggle-button, .collabkit-tally select {
  min-height: 44px; font-size: 15px;
}
.collabkit-tally .widget-dropdown, .collabkit-tally .jupyter-widget-dropdown { height: auto; }
.collabkit-tally .widget-dropdown > select, .collabkit-tally .jupyter-widget-dropdown > select {
  height: 44px;
}
.collabkit-tally .collabkit-tally-title { font-size: 17px; margin-right: 1em; }
.collabkit-tally .collabkit-tally-clock { font-size: 20px; margin: 0 0.6em; }
.collabkit-tally .collabkit-tally-label { font-weight: bold; margin: 0 0.2em 0 0.4em; }
.collabkit-tally .collabkit-status div[role=status] { margin: 0; font-size: 16px; }
.collabkit-tally .collabkit-tally-prompt div[role=status] { margin: 0; }
.collabkit-tally .collabkit-tally-grid {
  display: grid !important; gap: 6px; margin-top: 6px;
  grid-template-columns: repeat(auto-fill, minmax(19em, 1fr));
}
.collabkit-tally .collabkit-tally-person {
  border: 1px solid #9a9a9a; border-radius: 4px; padding: 3px 4px; overflow: visible;
}
.collabkit-tally .collabkit-tally-person.collabkit-not-heard {
  border: 2px dashed #7a4b00; background: #fff6e5;
}
.collabkit-tally .collabkit-tally-name { line-height: 1.3; font-size: 15px; }
.collabkit-tally .collabkit-tally-actions { gap: 3px; overflow: visible; }
.collabkit-tally .collabkit-tally-actions button {
  flex: 1 1 0; min-width: 0; width: auto; padding: 0 2px; font-size: 14px;
}
.collabkit-tally .collabkit-not-heard-tag {
  font-weight: bold; color: #7a4b00; margin-left: 0.4em; white-space: nowrap;
}
@media (max-width: 820px) {
  .collabkit-tally .collabkit-tally-grid { grid-template-columns: repeat(auto-fill, minmax(20em, 1fr)); }
}
"""


def css_id(text: str) -> str:
    """``text`` made safe for a CSS class name."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(text))


def bar_widgets(w: Any, model: Model, status: Any) -> SimpleNamespace:
    """The bar's widgets (``w`` is ipywidgets): title, clock, undo, ``status``, prompt, toggles.

    ``bar`` is the box holding them; the board wires their handlers.
    """
    parts = SimpleNamespace()
    parts.title_text = w.HTML("<b>No meeting open</b>")
    parts.title_text.add_class("collabkit-tally-title")
    parts.clock_button = w.ToggleButton(value=False, description="Start clock", icon="clock-o")
    parts.clock_text = w.HTML("<b>0:00</b>")
    parts.clock_text.add_class("collabkit-tally-clock")
    parts.ticker = w.Play(interval=1000, max=10**9, show_repeat=False,
                          layout=w.Layout(display="none"))
    parts.undo_button = w.Button(description="Undo last", icon="undo",
                                 tooltip="Remove the last contribution recorded")
    status.add_class("collabkit-tally-ack")
    parts.prompt = w.HTML("")
    parts.prompt.add_class("collabkit-tally-prompt")
    parts.indicators = w.HTML("")
    parts.indicators.add_class("collabkit-tally-indicators")
    codes = model.codes
    parts.mode = w.ToggleButtons(options=[("not coded", "")] + [
        (model.label("mode", c), c) for c in codes["mode"]], value="")
    parts.focus = w.ToggleButtons(options=[("not coded", "")] + [
        (model.label("focus", c), c) for c in codes["focus"]], value="")
    for toggles in (parts.mode, parts.focus):
        toggles.style.button_width = "auto"
    parts.group = w.Dropdown(options=[("whole group", "")], value="",
                             layout=w.Layout(width="12em"))
    wrap = w.Layout(flex_flow="row wrap", align_items="center", overflow="visible")
    labelled = [w.HBox([_label(w, name), control], layout=w.Layout(align_items="center"))
                for name, control in (("Mode", parts.mode), ("Focus", parts.focus),
                                      ("Group", parts.group))]
    parts.bar = w.VBox([
        w.HBox([parts.title_text, parts.clock_text, parts.clock_button, parts.undo_button,
                parts.ticker], layout=wrap),
        status, parts.prompt, parts.indicators, w.HBox(labelled, layout=wrap)],
        layout=w.Layout(overflow="visible"))
    parts.bar.add_class("collabkit-tally-bar")
    return parts


def _label(w: Any, text: str) -> Any:
    label = w.HTML(html.escape(text))
    label.add_class("collabkit-tally-label")
    return label


def people_widgets(w: Any, orders: list[tuple[str, str]]) -> SimpleNamespace:
    """Seating order and late arrivals, in a folded section (``box``)."""
    parts = SimpleNamespace()
    parts.order_menu = w.Dropdown(options=orders, value=orders[0][1], description="Order")
    parts.seat_person = w.Dropdown(options=[("—", "")], value="", description="Move")
    parts.earlier_button = w.Button(description="Earlier", icon="arrow-left")
    parts.later_button = w.Button(description="Later", icon="arrow-right")
    parts.late = w.Dropdown(options=[("someone else is here...", "")], value="",
                            layout=w.Layout(width="20em"))
    parts.late_button = w.Button(description="Add to the board", icon="user-plus",
                                 tooltip="Arrived late: on the board and in the register, "
                                         "with the clock's time")
    parts.register_person = w.Dropdown(options=[("—", "")], value="", description="Register",
                                       layout=w.Layout(width="24em"))
    parts.register_buttons = {}
    for mark, label, icon in REGISTER_BUTTONS:
        parts.register_buttons[mark] = w.Button(description=label, icon=icon)
        parts.register_buttons[mark].add_class(f"collabkit-register-{mark}")
    parts.coder = w.Text(value="primary", description="Coder", continuous_update=False,
                         tooltip="Who codes: a second coder of the same meeting, for the "
                                 "report's reliability check, types their own name",
                         layout=w.Layout(width="20em"))
    parts.talk_time = w.Checkbox(value=False, description="Time how long people speak "
                                 "(a \"Speaking now\" toggle on each person)", indent=False)
    parts.register_text = w.HTML("")
    parts.register_text.add_class("collabkit-register-text")
    rows = w.VBox([w.HBox([parts.register_person, *parts.register_buttons.values()],
                          layout=w.Layout(flex_flow="row wrap")),
                   parts.register_text,
                   w.HBox([parts.late, parts.late_button]),
                   w.HBox([parts.order_menu]),
                   w.HBox([parts.seat_person, parts.earlier_button, parts.later_button]),
                   parts.talk_time,
                   w.HBox([parts.coder, w.HTML(
                       "<small>A second coder of the same meeting types their name: their "
                       "board counts their own clicks, and the report compares the two.</small>")
                   ], layout=w.Layout(align_items="center"))])
    parts.box = w.Accordion(children=[rows],
                            titles=("People: the register, late arrivals, seating order, "
                                    "coder",),
                            selected_index=None)
    return parts


#: The register's buttons: mark, label, icon.
REGISTER_BUTTONS = (("present", "Present", "check"), ("absent", "Absent", "times"),
                    ("late", "Arrived late", "sign-in"), ("left_early", "Left early", "sign-out"))


def register_html(statuses: dict[str, list[str]]) -> str:
    """The register in words: who is marked what (labels grouped by status)."""
    parts = [f"{html.escape(status)}: {html.escape(join_words(people))}"
             for status, people in statuses.items() if people]
    return f"<p><small>{'; '.join(parts) or 'No one is in the register yet.'}</small></p>"


def person_card(w: Any, pid: str, label: str, moves: pd.DataFrame) -> tuple[Any, Any, list]:
    """A person's card: their name (and "not heard yet") over one button per action.

    Returns the card, its name widget and the buttons (in ``moves`` order);
    each button has the class ``collabkit-tally-<pid>-<move>``.
    """
    name = w.HTML(person_html(label, 0))
    name.add_class("collabkit-tally-name")
    buttons = []
    for position, row in enumerate(moves.itertuples()):
        button = w.Button(description=row.label, tooltip=row.help.strip(),
                          layout=w.Layout(height="44px"))
        button.style.button_color = PALE[position % len(PALE)]
        button.add_class(f"collabkit-tally-{css_id(pid)}-{css_id(row.move)}")
        button.add_class("collabkit-tally-action")
        buttons.append(button)
    actions = w.HBox(buttons, layout=w.Layout(overflow="visible"))
    actions.add_class("collabkit-tally-actions")
    card = w.VBox([name, actions], layout=w.Layout(overflow="visible"))
    card.add_class("collabkit-tally-person")
    card.add_class(f"collabkit-tally-person-{css_id(pid)}")
    return card, name, buttons


def speaking_toggle(w: Any, pid: str) -> Any:
    """A person's "speaking now" toggle (talk time), class ``collabkit-tally-<pid>-speaking``."""
    toggle = w.ToggleButton(value=False, description="Speaking now", icon="microphone",
                            tooltip="Press when they start; their action button, when they "
                                    "finish, saves the contribution with how long it lasted",
                            layout=w.Layout(height="44px", width="auto"))
    toggle.add_class(f"collabkit-tally-{css_id(pid)}-speaking")
    return toggle


def person_html(label: str, contributions: int) -> str:
    """A person's name on the board, with "not heard yet" in words or their count."""
    name = f"<b>{html.escape(label)}</b>"
    if contributions:
        return f"{name} <span>&middot; {plural(contributions, 'contribution')}</span>"
    return f"{name} <span class='collabkit-not-heard-tag'>&#9675; not heard yet</span>"


def prompt_html(prompt: str | None) -> str:
    """The stuck-pattern prompt, or nothing."""
    if not prompt:
        return ""
    return ("<div role='status' style='background:#fff4e0;border-left:4px solid #7a4b00;"
            f"padding:4px 10px;font-size:16px'>&#9888; {html.escape(prompt)}</div>")


#: How the board says the report's rating of the dialogue share so far.
_RATING_WORDS = {"strength": "a strength in the report", "developing": "developing",
                 "concern": "a concern in the report"}


def indicators_html(summary: LiveSummary) -> str:
    """The live indicators: dialogue so far and the early "solution before the problem" flag."""
    parts = []
    if summary.dialogue_coded:
        rating = _RATING_WORDS.get(summary.dialogue_rating, "")
        parts.append(f"<span><b>Dialogue so far:</b> {percent(summary.dialogue_share)} of "
                     f"{plural(summary.dialogue_coded, 'contribution')} coded for mode"
                     f"{f' ({rating})' if rating else ''}</span>")
    else:
        parts.append("<span><b>Dialogue so far:</b> nothing coded for mode yet</span>")
    text = "<div style='font-size:15px;margin:2px 0'>" + " ".join(parts) + "</div>"
    if summary.action_bias:
        text += ("<div role='status' style='background:#fff4e0;border-left:4px solid #7a4b00;"
                 f"padding:4px 10px;font-size:15px'>{html.escape(summary.action_bias)}</div>")
    return text


def chart_html(summary: LiveSummary, people: list[str]) -> str:
    """The running chart: share of voice and the four actions, and who is not heard, in words."""
    e = html.escape
    voice = summary.voice
    top = max(1.0, float(voice["contributions"].max()) if len(voice) else 1.0)
    rows = []
    for row in voice.itertuples():
        share = 0.0 if math.isnan(row.share_of_voice) else row.share_of_voice
        width = 100.0 * row.contributions / top
        rows.append(
            f"<tr><td>{e(str(row.label))}</td><td style='width:14em'>"
            f"<div style='background:{MOVE_COLOURS[0]};height:12px;width:{width:.1f}%'></div>"
            f"</td><td>{row.contributions} ({percent(share)})</td></tr>")
    moves = []
    total = max(1, summary.contributions)
    most = max(1, int(summary.moves["count"].max()) if len(summary.moves) else 1)
    for position, row in enumerate(summary.moves.itertuples()):
        width = 100.0 * row.count / most
        moves.append(
            f"<tr><td>{e(str(row.label))}</td><td style='width:14em'><div style='background:"
            f"{MOVE_COLOURS[position % 4]};height:12px;width:{width:.1f}%'></div></td>"
            f"<td>{row.count} ({percent(row.count / total)})</td></tr>")
    return (
        "<div style='display:flex;gap:2em;flex-wrap:wrap'>"
        "<div><h4 style='margin:4px 0'>Share of voice</h4><table>"
        f"{''.join(rows)}</table></div>"
        "<div><h4 style='margin:4px 0'>The four actions</h4><table>"
        f"{''.join(moves)}</table>"
        f"<p style='max-width:30em'>{e(voice_sentence(summary, people))}</p></div></div>")


def voice_sentence(summary: LiveSummary, people: list[str]) -> str:
    """How the talk is shared, in words: who is not heard yet and the largest share."""
    count = plural(summary.contributions, "contribution")
    heard = len(people) - len(summary.not_heard)
    text = f"{count} so far; {heard} of {plural(len(people), 'person', 'people')} heard"
    text += f"; {summary.present} present (marked in the register or heard)"
    if summary.not_heard:
        names = [summary.labels.get(p, p) for p in summary.not_heard]
        shown = names[:6] + ([f"{len(names) - 6} more"] if len(names) > 6 else [])
        text += f"; not heard yet: {join_words(shown)}"
    if summary.contributions and summary.top_speaker:
        text += (f". The most from one person: {percent(summary.top_share)} "
                 f"({summary.labels.get(summary.top_speaker, summary.top_speaker)})")
    return text + "."
