"""The participants' questionnaire answers of a synthetic project, and when people were told.

Drawn from a random stream of their own (the project's seed and kind plus a
fixed offset), after every other table is made, so adding them changed no
other table of the bundled examples. Each kind tells its own story:

``co_produced``
    Participants feel about as heard as the pairs thought (4-5), everyone.
``staff_led``
    Participants feel less heard than the facilitators' reflections suggest
    (the Hillside story): service users, carers and family around 1.5 out of
    5, with low "made a difference"; staff content with the support and papers.
``inertia``
    Views cool as the meetings drag on, and fewer people answer.
``carers_hub``
    Warm, but the carers found papers and timing hard (accessible and
    supported lower).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from collabkit.model import Model

__all__ = ["feedback", "told_on"]

#: Added to the project's seed so that this stream never overlaps the main one.
STREAM = 7919
#: Per kind: (share of people present who answer, lived experience's offset from the pairs'
#: score per item, everyone else's offset, chance a contribution's people were told).
STORIES: dict[str, tuple[float, dict[str, float], dict[str, float], float]] = {
    "co_produced": (0.7, {"heard": 0.0, "supported": 0.2, "difference": 0.0, "accessible": 0.0,
                          "again": 0.3}, {"heard": 0.0, "supported": 0.2, "difference": 0.0,
                                          "accessible": 0.1, "again": 0.2}, 0.9),
    "staff_led": (0.6, {"heard": -1.9, "supported": -0.8, "difference": -1.6,
                        "accessible": -1.0, "again": -0.8},
                  {"heard": -0.5, "supported": 0.8, "difference": 0.4, "accessible": 0.8,
                   "again": 1.0}, 0.2),
    "inertia": (0.4, {"heard": -0.3, "supported": 0.0, "difference": -0.6, "accessible": 0.0,
                      "again": -0.5}, {"heard": 0.0, "supported": 0.2, "difference": -0.4,
                                       "accessible": 0.2, "again": -0.3}, 0.3),
    "carers_hub": (0.6, {"heard": 0.2, "supported": -0.8, "difference": 0.0,
                         "accessible": -1.0, "again": 0.1},
                   {"heard": 0.1, "supported": 0.0, "difference": 0.0, "accessible": 0.0,
                    "again": 0.0}, 0.6),
}
#: Invented comments, by kind and by whether the person has lived experience.
COMMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "co_produced": (("I felt part of it from the start.", "Good to be asked first for once.",
                     "The small groups made it easier to speak."),
                    ("Learned a lot from the people who use the café.",
                     "Well run; the breaks helped.")),
    "staff_led": (("It felt like the decisions were already made.",
                   "I was not sure anyone wanted to hear from me.",
                   "The papers came the night before and were full of jargon."),
                  ("Productive meetings, we got through the agenda.",
                   "Good progress on the discharge plan.")),
    "inertia": (("We keep going over the same ground.", "Fewer people come each time."),
                ("Hard to see what has changed since we started.",)),
    "carers_hub": (("Evening meetings would suit carers better.",
                    "Friendly group, but the papers were long."),
                   ("The carers brought things we had not thought of.",)),
}


def feedback(kind: str, seed: int, kinds: tuple[str, ...], tables: dict[str, pd.DataFrame],
             model: Model) -> pd.DataFrame:
    """The feedback table: anonymous answers after each meeting that had a pair reflection."""
    rng = np.random.default_rng([seed, kinds.index(kind), STREAM])
    rate, lived_offset, other_offset, _ = STORIES[kind]
    people = tables["participants"].set_index("participant_id")["role"].astype(str)
    lived_roles = model.lived_experience_roles
    reflections = tables["reflections"]
    scores = reflections.groupby(reflections["meeting_id"].astype(str))[
        "how_collaborative"].apply(lambda s: pd.to_numeric(s).mean())
    attendance = tables["attendance"]
    questionnaire = model.questionnaire
    rows = []
    number = 0
    for meeting_id, score in scores.items():
        here = attendance[(attendance["meeting_id"] == meeting_id)
                          & (attendance["present"] == "yes")]["participant_id"]
        answering = [p for p in here if rng.random() < rate]
        for pid in answering:
            number += 1
            role = people[pid]
            lived = role in lived_roles
            offsets = lived_offset if lived else other_offset
            response = f"{meeting_id}-{number}"
            for item_id in questionnaire.scale_items:
                point = int(np.clip(np.rint(score + offsets[item_id] + rng.normal(0, 0.6)), 1, 5))
                rows.append((response, role, meeting_id, item_id, str(point)))
            if rng.random() < 0.3:
                bank = COMMENTS[kind][0 if lived else 1]
                rows.append((response, role, meeting_id, questionnaire.free_text_items[0],
                             bank[int(rng.integers(len(bank)))]))
    frame = pd.DataFrame(rows, columns=["response_id", "role", "meeting_id", "item_id", "answer"])
    frame.insert(1, "participant_id", "")
    return frame


def told_on(kind: str, seed: int, kinds: tuple[str, ...], impact: pd.DataFrame,
            decisions: pd.DataFrame, last_meeting: date) -> pd.Series:
    """When the people behind each "you said, we did" row were told (blank: not yet)."""
    rng = np.random.default_rng([seed, kinds.index(kind), STREAM + 1])
    chance = STORIES[kind][3]
    decided = dict(zip(decisions["decision_id"].astype(str), decisions["date"].astype(str),
                       strict=False))
    out = []
    for decision in impact["decision_id"].astype(str):
        told = rng.random() < chance
        when = decided.get(decision) or last_meeting.isoformat()
        later = date.fromisoformat(str(when)[:10]) + timedelta(days=int(rng.integers(7, 29)))
        out.append(later.isoformat() if told and impact is not None else "")
    return pd.Series(out, index=impact.index, dtype=object)
