"""Tool cards: the Trust's tools as cards to show a group and print as handouts.

Each card is built from ``data/model/`` (tools.yaml, codes.yaml, tips.yaml),
so a team that rewords a tool sees the new words on screen and on paper.
Cards: debate versus dialogue, the four actions with their stuck patterns,
action bias, the Thomas-Kilmann conflict modes, and the strengths-based
approach. All text is HTML-escaped.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project.storage import atomic_write

__all__ = ["TOOLS", "tool_title", "tool_card_html", "handout_html", "export_handouts"]

#: The cards, in the order they are shown.
TOOLS: tuple[str, ...] = ("debate_dialogue", "four_actions", "action_bias", "conflict_modes",
                          "strengths_based")
_TITLES = {
    "debate_dialogue": "Debate versus dialogue",
    "four_actions": "The four actions: move, follow, oppose, bystand",
    "action_bias": "Action bias",
    "conflict_modes": "Five ways of handling conflict",
    "strengths_based": "A strengths-based approach",
}
_e = html.escape


def _check(tool: str) -> None:
    if tool not in TOOLS:
        raise ActionError(f"unknown tool card '{tool}'; choose one of {', '.join(TOOLS)}")


def tool_title(tool: str, model: Model) -> str:
    """The card's heading."""
    _check(tool)
    if tool == "strengths_based":
        return str(model.tools["strengths_based"].get("name", _TITLES[tool]))
    return _TITLES[tool]


def _debate_dialogue(model: Model) -> str:
    info = model.tools["debate_dialogue"]
    rows = "".join(f"<tr><td>{_e(r.debate)}</td><td>{_e(r.dialogue)}</td></tr>"
                   for r in model.dialogue_contrasts.itertuples())
    return (f"<table><thead><tr><th scope='col'>Debate</th><th scope='col'>Dialogue</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            f"<p>{_e(info['note'].strip())}</p><p class='source'>{_e(info.get('source', ''))}</p>")


def _four_actions(model: Model) -> str:
    moves = "".join(f"<li><strong>{_e(r.label)}</strong>: {_e(r.help.strip())}</li>"
                    for r in model.moves.itertuples())
    patterns = "".join(
        f"<li><strong>{_e(r.name)}</strong>: {_e(r.description.strip())}"
        + (f"<br><em>What helps:</em> {_e(r.helps.strip())}" if r.helps else "") + "</li>"
        for r in model.stuck_patterns.itertuples())
    return (f"<p>Every contribution to a conversation is one of four actions. Healthy groups "
            f"use all four, and anyone can take any of them.</p><ul>{moves}</ul>"
            f"<h3>When a group gets stuck</h3><ul>{patterns}</ul>")


def _action_bias(model: Model) -> str:
    bias = model.tools["action_bias"]
    return (f"<p>{_e(bias['description'].strip())}</p>"
            f"<p><strong>In the model:</strong> {_e(bias['in_the_model'].strip())}</p>"
            f"<p><strong>In a meeting:</strong> {_e(bias['in_a_meeting'].strip())}</p>"
            "<p><strong>Ask:</strong> what problem are we solving, and how do we know? "
            "Who has not been asked yet?</p>")


def _conflict_modes(model: Model) -> str:
    info = model.tools["thomas_kilmann"]
    rows = "".join(
        f"<tr><td><strong>{_e(m['name'])}</strong></td><td>{_e(str(m.get('assertive', '')))}</td>"
        f"<td>{_e(str(m.get('cooperative', '')))}</td><td>{_e(m['description'].strip())}</td></tr>"
        for m in info["modes"])
    return ("<table><thead><tr><th scope='col'>Mode</th><th scope='col'>Assertive</th>"
            "<th scope='col'>Cooperative</th><th scope='col'>What it looks like</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p class='source'>{_e(info.get('source', ''))}</p>")


def _strengths_based(model: Model) -> str:
    info = model.tools["strengths_based"]
    return f"<p>{_e(info['note'].strip())}</p>"


_BODIES = {"debate_dialogue": _debate_dialogue, "four_actions": _four_actions,
           "action_bias": _action_bias, "conflict_modes": _conflict_modes,
           "strengths_based": _strengths_based}

CARD_CSS = """
.collabkit-card { font-family: system-ui, sans-serif; line-height: 1.45; color: #1a1a1a;
                  max-width: 48rem; }
.collabkit-card table { border-collapse: collapse; width: 100%; }
.collabkit-card th, .collabkit-card td { border: 1px solid #888; padding: .4rem .5rem;
                                          text-align: left; vertical-align: top; }
.collabkit-card .source { font-size: .85em; color: #444; }
@media print { .collabkit-card tr, .collabkit-card li { break-inside: avoid; } }
"""


def tool_card_html(tool: str, model: Model) -> str:
    """One card as an HTML fragment (a ``<section>``) for a widget or a page."""
    _check(tool)
    return (f"<section class='collabkit-card'><h2>{_e(tool_title(tool, model))}</h2>"
            f"{_BODIES[tool](model)}</section>")


def handout_html(tool: str, model: Model) -> str:
    """One card as a printable, self-contained HTML page."""
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{_e(tool_title(tool, model))}</title><style>{CARD_CSS}"
            "body { margin: 2rem auto; max-width: 50rem; }</style></head>"
            f"<body>{tool_card_html(tool, model)}</body></html>\n")


def export_handouts(folder: str | os.PathLike, model: Model,
                    tools: list[str] | tuple[str, ...] | None = None) -> list[Path]:
    """Write ``<tool>.html`` handouts into ``folder`` (atomically); returns the paths."""
    folder = Path(folder)
    written = []
    for tool in tools or TOOLS:
        text = handout_html(tool, model)
        path = folder / f"{tool}.html"
        with atomic_write(path, encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written
