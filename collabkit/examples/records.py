"""The written records of a synthetic project: the companion of :mod:`collabkit.examples.generator`.

Given who came to which meeting, this module writes what a project team
would have recorded around the talk: decisions, agendas, checklist evidence,
pair reflections, aims, the glossary and "you said, we did". Every name,
service and sentence here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

BLANK = ""

FIRST_NAMES = ("Zoë", "Siân", "José", "Amara", "Bram", "Callum", "Delphine", "Efe", "Farah",
               "Gethin", "Hana", "Idris", "Jolene", "Kofi", "Leonie", "Marek", "Nia", "Orla",
               "Priya", "Renée", "Saoirse", "Tomasz", "Una", "Vikram", "Wren", "Yusuf", "Inés",
               "Björn", "Chloé", "Dev")
SURNAMES = ("Ashgrove", "Brackwell", "Caddenby", "Dunmorrow", "Elderkin", "Fallowby", "Gorsedge",
            "Hallowmere", "Inchbury", "Kettlewick", "Larkhollow", "Millbrae", "Nettleford",
            "Pennock", "Quarrymoor", "Rookfield", "Sallowby", "Thornbeck", "Umberley",
            "Vossington", "Wrenthorpe", "Yarrowby", "Brønholt", "Ó Caollaí", "Müllerby")
ORGANISATIONS = {
    "staff": ("Fernvale Health Trust",),
    "volunteer": ("Fernvale Health Trust volunteers",),
    "partner": ("Open Door Housing", "Lanterns Mental Health Charity", "Fernshire Council",
                "Kindling Carers' Network"),
}
# At least three a step, as many as one meeting makes (decisions cycle through them).
DECISIONS = {
    "partnership": ("Agree ground rules for working together", "Agree to rotate where we meet",
                    "Agree to meet at times that suit carers"),
    "big_idea": ("Agree the big idea in one sentence", "Agree the scope of the change",
                 "Agree who else needs to hear about the idea"),
    "decision_time": ("Decide which parts of the work can be done together",
                      "Decide to pay involvement partners for their time",
                      "Decide which decisions the group will make itself"),
    "building_team": ("Invite a carers' group and a housing partner to join",
                      "Agree two leads: one for pace, one for process",
                      "Agree how new members will be welcomed"),
    "understand": ("Agree which stories and figures to gather", "Run a short survey of people "
                   "using the service", "Visit two similar services elsewhere"),
    "gather_ideas": ("Shortlist three ideas to test", "Hold an open listening event",
                     "Ask seldom-heard groups through partners"),
    "make_change": ("Agree the new opening hours", "Agree the first-contact routine",
                    "Agree a six-week pilot", "Agree joint training for staff and volunteers",
                    "Agree the leaflet wording", "Agree who to contact after discharge"),
    "conversation": ("Agree a monthly update for the wider community",
                     "Agree to report back to the groups we come from",
                     "Agree a page on the website for updates"),
    "impact": ("Agree how impact will be measured", "Agree a 'you said, we did' update",
               "Agree to check back with the group in six months"),
}
EVIDENCE = ("Discussed and agreed at {title} ({meeting_id}); see the notes",
            "Small-group notes from {meeting_id} and the agreed summary",
            "Recorded in the decision log after {title}",
            "Feedback collected before {meeting_id} and shared at the meeting")
PROBLEMS = {
    "co_produced": ("", "", "Ran ten minutes over", "Hard to hear in one small group",
                    "A new member needed more background"),
    "staff_led": ("Staff did most of the talking", "Decisions felt made before the meeting",
                  "No time for questions", "Papers arrived the day before",
                  "Too much jargon"),
    "inertia": ("Same discussion as last time", "Fewer people again",
                "We did not decide anything", "Lots of ideas, nobody picked them up"),
    "carers_hub": ("", "Ran over and some carers had to leave before the end",
                   "Not everyone got a say in the big group", "Staff did a lot of the explaining",
                   "Hard to get here around caring"),
}
NEXT_TIME = {
    "co_produced": ("Keep the small groups", "Start with the glossary", "More time for social "
                    "time", "Check who has not spoken yet", "Send papers a week ahead"),
    "staff_led": ("Ask people before deciding", "Send papers a week ahead",
                  "Give everyone a turn", "Explain the acronyms"),
    "inertia": ("Agree one action before we leave", "Bring back the people we lost",
                "Decide what we are trying to achieve", "Shorter meetings"),
    "carers_hub": ("Finish on time", "Try small groups", "Ask the carers first",
                   "Offer a phone-in for carers who cannot get away"),
}
WHY_HERE = {
    "service_user": "I used the service and want it to be better for the next person",
    "carer": "I care for my son and want carers to be listened to",
    "family": "My sister used the service and our family felt shut out",
    "volunteer": "I volunteer at the drop-in and see the gaps",
    "staff": "I work in the service and want to hear what people really need",
    "partner": "Our organisation supports many of the same people",
    "other": "I was asked to come along and want to help",
}
HOPES = ("Somewhere to go at night that is not A&E", "Carers treated as partners",
         "Fewer people passed from door to door", "Clear information in plain words",
         "A service people trust", "Peer support available across the area")
TERMS = {
    "co_produced": (("safe space", "A place where people feel they will not be judged"),
                    ("crisis", "A time when someone feels they cannot keep themselves safe"),
                    ("lived experience", "Knowing a service from using it or caring for someone "
                     "who does"), ("involvement partner", "Someone with lived experience who "
                     "works with the Trust on changes"),
                    ("co-production", "Sharing power and decisions from start to finish"),
                    ("signposting", "Pointing someone to another service, with a warm handover"),
                    ("warm handover", "Introducing someone in person, not just giving a number"),
                    ("drop-in", "Come when you need to; no appointment"),
                    ("peer supporter", "Someone trained who has been there too"),
                    ("care plan", "What the person and the team agree will happen"),
                    ("out of hours", "Evenings, nights and weekends"),
                    ("triage", "Deciding who needs help first"),
                    ("step-down", "Less intensive support after a crisis"),
                    ("words build worlds", "The words we choose shape what we can do together")),
    "staff_led": (("DTOC", "Delayed transfer of care"), ("RAG rating", "Red, amber, green status"),
                  ("flow", "How quickly beds become free")),
    "inertia": (("peer support", "Support from someone with similar experience"),
                ("network", "Groups across the area linked together"),
                ("hub", "A central meeting place"), ("recovery", "Living well, on your own terms"),
                ("outcome", "What changes for people")),
    "carers_hub": (("carer", "Someone who looks after a relative or friend, unpaid"),
                   ("respite", "A break from caring, planned or when it is needed"),
                   ("carer's assessment", "A conversation about what would help a carer"),
                   ("drop-in", "Come when you can; no appointment"),
                   ("hub", "One place to find support, information and other carers"),
                   ("words build worlds", "The words we choose shape what we can do together")),
}
IMPACT = (("service_user", "People asked for evening opening", "Open until 11pm on weekdays",
           "Open until 9pm two nights a week", "Not possible within this year's budget"),
          ("carer", "Carers asked to be told who to call after a crisis",
           "A named contact for every carer", "Contact card for carers on request",
           "Carers still given the main switchboard"),
          ("service_user", "People asked for peer supporters on every shift",
           "Peer supporter on every shift", "Peer supporters on weekend shifts",
           "No peer supporters recruited"),
          ("service_user", "People asked for a quiet room", "Quiet room opened",
           "Corner screened off", "No suitable space"),
          ("family", "Families asked for plain-language information",
           "New leaflet written with families", "Leaflet reworded by the team",
           "Leaflet unchanged"),
          ("service_user", "People asked not to wait in corridors",
           "Welcomed at the door within five minutes", "Seats added in the corridor",
           "No change to the waiting area"),
          ("volunteer", "Volunteers asked for joint training", "Joint training every quarter",
           "One joint session held", "Training kept separate"),
          ("partner", "Partners asked for a shared referral form",
           "One referral form for all partners", "Form shared with two partners",
           "Each partner keeps its own form"))


@dataclass
class Scene:
    """What the records are written around (arrays indexed meetings x people)."""

    kind: str
    spec: Any  # collabkit.examples.kinds.Kind
    rng: np.random.Generator
    people: pd.DataFrame
    meetings: pd.DataFrame
    present: np.ndarray
    groups: np.ndarray
    first: np.ndarray  # index of each person's first meeting
    lived: np.ndarray
    leads: tuple[int, int]
    reflected: np.ndarray  # meetings with a pair reflection


def split(total: int, weights) -> np.ndarray:
    """Whole numbers summing to ``total`` in proportion to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = total * w / w.sum()
    out = np.floor(exact).astype(np.int64)
    out[np.argsort(-(exact - out), kind="stable")[: total - out.sum()]] += 1
    return out


def deal(rng: np.random.Generator, shares: dict[str, float], n: int) -> list[str]:
    """``n`` labels in the given shares as exactly as whole numbers allow, shuffled."""
    counts = split(n, list(shares.values()))
    labels = [k for k, c in zip(shares, counts, strict=True) for _ in range(c)]
    return [labels[i] for i in rng.permutation(n)]


def decisions(s: Scene) -> pd.DataFrame:
    """Decisions in (and, for some kinds, outside) meetings, in date order."""
    spec, rng, meetings = s.spec, s.rng, s.meetings
    n = len(meetings)
    steps = meetings["step"].tolist()
    if spec.decision_meetings:  # few decisions: early on, then nothing
        wanted = max(1, round(spec.decision_meetings * n))
        firsts = [steps.index(x) for x in ("decision_time", "building_team") if x in steps]
        early = [m for m in rng.permutation(max(1, n // 2)) if m not in firsts]
        per_meeting = np.zeros(n, dtype=int)
        per_meeting[(firsts + early)[:wanted]] = 1
    else:
        per_meeting = np.minimum(rng.poisson(spec.decisions, size=n), 3)
        must = np.isin(steps, ["decision_time", "make_change"])
        per_meeting[must] = np.maximum(per_meeting[must], 1)
    rows = [(m, True) for m in range(n) for _ in range(per_meeting[m])]
    rows += [(int(m), False) for m in rng.integers(0, n, size=round(spec.outside * n))]
    used: dict[str, int] = {}
    records = []
    for m, in_meeting in rows:
        step = steps[m]
        day = pd.Timestamp(meetings["date"].iat[m])
        if not in_meeting:
            day += pd.Timedelta(days=int(rng.integers(2, 10)))
        pool = DECISIONS[step]
        summary = pool[used.get(step, 0) % len(pool)]
        used[step] = used.get(step, 0) + 1
        records.append({"date": day.date().isoformat(), "summary": summary,
                        "meeting_id": meetings["meeting_id"].iat[m] if in_meeting else BLANK,
                        "step": step, "_m": m})
    frame = pd.DataFrame(records, columns=["date", "summary", "meeting_id", "step", "_m"])
    frame["level"] = deal(rng, spec.levels, len(frame))
    frame = frame.sort_values(["date", "_m"], kind="stable").drop(columns="_m")
    width = max(2, len(str(len(frame))))
    frame.insert(0, "decision_id", [f"D{i:0{width}d}" for i in range(1, len(frame) + 1)])
    return frame.reset_index(drop=True)


def agenda(s: Scene, decided: pd.DataFrame, minutes: dict[str, int]) -> pd.DataFrame:
    """Each meeting's agenda from the activity library, with planned and actual minutes."""
    spec, rng = s.spec, s.rng
    with_decision = set(decided["meeting_id"])
    rows = []
    for m, (meeting_id, step) in enumerate(zip(s.meetings["meeting_id"], s.meetings["step"],
                                               strict=True)):
        newcomers = bool((s.first == m).any()) and m > 0
        if spec.welcoming and m == 0:
            items = ["introductions", "principles", "debate_dialogue", "social_time",
                     "four_player_intro", "glossary"]
        elif spec.welcoming:
            items = ["recap"] + ["introductions"] * newcomers + ["social_time"]
            items += ["glossary"] * (m % 3 == 1) + ["process_check"] * (s.kind == "co_produced")
        else:
            items = ["recap"] * (m > 0)
        main = ("small_groups" if s.groups[m].any() else "decision_time" if not spec.welcoming
                else "problem_exploration")
        items.append(main)
        if spec.welcoming and step in ("gather_ideas", "make_change"):
            items.append("action_bias_check")
        if meeting_id in with_decision and main != "decision_time":
            items.append("decision_time")
        items += ["break", "next_steps"] + ["reflection"] * bool(s.reflected[m])
        for order, activity in enumerate(items, start=1):
            planned = minutes[activity] + (30 if activity == main else 0)
            late = spec.overrun > 0 and activity == main
            actual = planned + int(rng.choice([-5, 0, 0, 5])) + (spec.overrun if late else 0)
            rows.append((meeting_id, order, activity, planned, max(actual, 5),
                         "ran over" if late else BLANK))
    return pd.DataFrame(rows, columns=["meeting_id", "order", "activity", "planned_minutes",
                                       "actual_minutes", "note"])


def checklist(s: Scene, items: pd.DataFrame, role_order: tuple[str, ...]) -> pd.DataFrame:
    """The model's checklist for each step, with status, evidence and who was involved."""
    spec, rng, meetings = s.spec, s.rng, s.meetings
    roles = s.people["role"].to_numpy()
    statuses = items.groupby("step", sort=False)["item_id"].transform(
        lambda ids: deal(rng, spec.checklist.get(ids.name, spec.checklist["*"]), len(ids)))
    rows = []
    for step, item_id, status in zip(items["step"], items["item_id"], statuses, strict=True):
        held = np.flatnonzero(meetings["step"].to_numpy() == step)
        m = int(held[-1]) if len(held) else 0
        evidence = day = involved = BLANK
        if status in ("done", "partly"):
            template = EVIDENCE[int(rng.integers(len(EVIDENCE)))]
            evidence = template.format(title=meetings["title"].iat[m],
                                       meeting_id=meetings["meeting_id"].iat[m])
            day = meetings["date"].iat[m]
            there = set(roles[s.present[m]]) if spec.welcoming else {roles[s.leads[0]]}
            involved = ";".join(r for r in role_order if r in there)
        elif status == "not_applicable":
            evidence = "Not needed for a change to a single service"
        rows.append((step, item_id, status, evidence, day, involved))
    return pd.DataFrame(rows, columns=["step", "item_id", "status", "evidence", "date",
                                       "involved_roles"])


def leave_out_evidence(s: Scene, checklist: pd.DataFrame) -> pd.DataFrame:
    """The checklist with ``Kind.unevidenced`` of the items marked done left without evidence.

    Claimed done, nothing written down: the claims the Trust warns about ("it's all
    been done in collaboration").
    """
    if not s.spec.unevidenced:
        return checklist
    done = np.flatnonzero((checklist["status"] == "done").to_numpy())
    bare = s.rng.permutation(done)[: round(s.spec.unevidenced * len(done))]
    out = checklist.copy()
    out.loc[out.index[np.sort(bare)], "evidence"] = BLANK
    return out


def reflections(s: Scene) -> pd.DataFrame:
    """Pair reflections: one lived-experience member with one other where possible."""
    spec, rng = s.spec, s.rng
    ids = s.people["participant_id"].to_numpy()
    n = len(s.meetings)
    low, high = int(np.floor(min(spec.scores))), int(np.ceil(max(spec.scores)))
    trend = np.linspace(spec.scores[0], spec.scores[1], n)
    rows = []
    for m in np.flatnonzero(s.reflected):
        here = np.flatnonzero(s.present[m])
        lived, other = here[s.lived[here]], here[~s.lived[here]]
        if len(lived) and len(other):
            pair = [rng.choice(lived), rng.choice(other)]
        elif len(here) >= 2:
            pair = list(rng.choice(here, size=2, replace=False))
        else:
            continue
        score = int(np.clip(np.rint(trend[m] + rng.normal(scale=.2)), low, high))
        problems, plans = PROBLEMS[s.kind], NEXT_TIME[s.kind]
        rows.append((s.meetings["meeting_id"].iat[m], score, ";".join(ids[pair]),
                     problems[int(rng.integers(len(problems)))],
                     plans[int(rng.integers(len(plans)))]))
    return pd.DataFrame(rows, columns=["meeting_id", "how_collaborative", "reflectors",
                                       "process_problems", "next_time"])


def aims(s: Scene) -> pd.DataFrame:
    """Answers to "why are you here?" at each person's first meeting with introductions."""
    rng, people = s.rng, s.people
    meeting_ids = s.meetings["meeting_id"].to_numpy()
    rows = []
    for p, (pid, role) in enumerate(zip(people["participant_id"], people["role"], strict=True)):
        m = int(s.first[p])
        if s.spec.welcoming and s.present[m, p]:
            rows.append((pid, WHY_HERE[role], meeting_ids[m], HOPES[int(rng.integers(len(HOPES)))]))
        elif not s.spec.welcoming and role == "staff" and len(rows) < 3:
            rows.append((pid, WHY_HERE[role], BLANK, "Discharge on the planned day"))
    return pd.DataFrame(rows, columns=["participant_id", "why_here", "meeting_id",
                                       "hoped_outcome"])


def glossary(s: Scene) -> pd.DataFrame:
    """The group's words: growing and agreed when co-produced, staff jargon otherwise."""
    spec, rng = s.spec, s.rng
    ids = s.people["participant_id"].to_numpy()
    n = len(s.meetings)
    terms = TERMS[s.kind]
    count = min(len(terms), n + 2)
    rows = []
    for i, (term, meaning) in enumerate(terms[:count]):
        m = min(n - 1, int(i * n / count))
        here = np.flatnonzero(s.present[m])
        pool = here[~s.lived[here]] if not spec.welcoming else here
        who = ids[rng.choice(pool if len(pool) else here)]
        agreed = rng.random() < (.9 if s.kind == "co_produced" else .5 if spec.welcoming else .1)
        rows.append((term, meaning, who, s.meetings["meeting_id"].iat[m],
                     "yes" if agreed else "no"))
    return pd.DataFrame(rows, columns=["term", "meaning", "proposed_by", "meeting_id", "agreed"])


def impact(s: Scene, decided: pd.DataFrame) -> pd.DataFrame:
    """"You said, we did": contributions, what became of them and the decision behind them."""
    spec, rng = s.spec, s.rng
    later = decided[decided["step"].isin(["gather_ideas", "make_change", "impact"])]
    linked = (later if len(later) else decided)["decision_id"].tolist()
    count = min(len(IMPACT), max(4, len(linked)))
    rows = []
    statuses = deal(rng, spec.impact, count)
    for i, (role, said, *outcomes) in enumerate(IMPACT[:count]):
        status = statuses[i]
        outcome = outcomes[("adopted", "partly", "not_adopted").index(status)]
        decision = linked[i] if i < len(linked) and status != "not_adopted" else BLANK
        rows.append((said, outcome, decision, role, status))
    return pd.DataFrame(rows, columns=["contribution", "outcome", "decision_id", "from_role",
                                       "status"])
