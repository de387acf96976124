"""The people and the talk of a synthetic project: the companion of :mod:`collabkit.examples.generator`.

Who takes part, who comes to which meeting, which small group they sit in,
and every coded contribution. Events are generated for the whole project at
once with numpy (no Python loop per event), so a million of them take a
second or two.

Small groups are where quieter people get heard: each group gets an even
share of the small-group talk, speaking weights in a group are flattened
(``Kind.group_voice``) and lived experience given extra room
(``Kind.group_lived``), and the group takes turns (stratified draws), so
small-group talk comes out more equal than plenary talk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.examples import records

if TYPE_CHECKING:
    from collabkit.examples.kinds import Kind

BLANK = records.BLANK
GROUP_LABELS = np.array([BLANK, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
split = records.split


def draw(r: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """For each uniform ``r``, the index of the category it falls in (one row of shares each)."""
    cumulative = np.cumsum(probabilities, axis=-1)[..., :-1]
    return (r[:, None] >= cumulative / probabilities.sum(-1, keepdims=True)).sum(axis=1)


def ids(prefix: str, n: int) -> np.ndarray:
    """``n`` numbered ids: ``prefix`` and at least two digits (``P01``, ``P02``...)."""
    width = max(2, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)])


def steps(spec: Kind, rng: np.random.Generator, n: int, sequential: tuple[str, ...]) -> list[str]:
    """The step of each meeting: the plan's steps in order, extra meetings by weight.

    With fewer meetings than the plan has steps, the sequential steps are kept first.
    """
    plan = list(spec.plan)
    if n < len(plan):
        core = [s for s in plan if s in sequential]
        if n <= len(core):
            return [core[i] for i in np.linspace(0, len(core) - 1, n).round().astype(int)]
        keep = core + [s for s in plan if s not in sequential][: n - len(core)]
        return [s for s in plan if s in keep]
    counts = 1 + split(n - len(plan), list(spec.plan.values()))
    steps = [s for s, c in zip(plan, counts, strict=True) for _ in range(c)]
    if spec.interleave:  # back and forth between understanding and gathering ideas
        idx = [i for i, s in enumerate(steps) if s in ("understand", "gather_ideas")]
        runs = rng.integers(1, 3, size=len(idx))  # runs of one or two meetings, alternating
        loop = [("understand", "gather_ideas")[j % 2] for j, r in enumerate(runs) for _ in range(r)]
        for i, s in zip(idx, loop, strict=False):
            steps[i] = s
    return steps


def participants(spec: Kind, rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` participants: ids, roles (the leads' roles among them), names, organisations."""
    roles = np.repeat(list(spec.roles), split(n, list(spec.roles.values())))
    for need in dict.fromkeys(spec.leads):  # the leads' roles must be there
        short = spec.leads.count(need) - int((roles == need).sum())
        if short > 0:
            roles[np.flatnonzero(roles != need)[-short:]] = need
    roles = roles[rng.permutation(n)]
    pairs = [(f, s) for f in records.FIRST_NAMES for s in records.SURNAMES]
    picked = rng.choice(len(pairs), size=min(n, len(pairs)), replace=False)
    names = [" ".join(pairs[i]) for i in picked]
    names += [f"{names[i % len(pairs)]} {i // len(pairs) + 1}" for i in range(len(names), n)]
    organisation = [records.ORGANISATIONS.get(r, (BLANK,)) for r in roles]
    return pd.DataFrame({
        "participant_id": ids("P", n), "role": roles, "name": names,
        "organisation": [o[int(rng.integers(len(o)))] for o in organisation],
        "joined": BLANK, "left": BLANK, "named_in_reports": "no"})


def attendance(spec: Kind, rng: np.random.Generator, n_meetings: int, n_people: int,
                leads: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Membership, presence (meetings x people) and each person's first meeting."""
    first = np.zeros(n_people, dtype=np.int64)
    if n_meetings > 2:
        joiners = [i for i in rng.permutation(n_people) if i not in leads][: spec.late_joiners]
        first[joiners] = rng.integers(2, max(3, n_meetings // 2), size=len(joiners))
    member = np.arange(n_meetings)[:, None] >= first[None, :]
    commitment = rng.normal(size=n_people)
    commitment[list(leads)] = 100
    rates = np.linspace(*spec.presence, n_meetings)
    falling = spec.presence[1] < .5
    if falling:  # people drift away in order of commitment, with the odd absence on the way
        rank = np.argsort(np.argsort(-commitment))
        keep = np.round(rates * n_people).astype(np.int64)
        present = (rank[None, :] < keep[:, None]) & (rng.random(member.shape) > .08)
        present[0] = rank < keep[0]  # everyone keen at the start
    else:  # random absences, the most committed come most often
        present = np.zeros((n_meetings, n_people), dtype=bool)
        for m in range(n_meetings):
            who = np.flatnonzero(member[m])
            score = commitment[who] + rng.normal(scale=1.5, size=len(who))
            present[m, who[np.argsort(-score)[: max(2, round(rates[m] * len(who)))]]] = True
    present[:, list(leads)] = True
    joined_late = np.flatnonzero(first > 0)
    present[first[joined_late], joined_late] = True  # newcomers come to their first meeting
    for lead in leads:
        if n_meetings > spec.lead_misses:
            missed = rng.choice(np.arange(1, n_meetings), size=spec.lead_misses, replace=False)
            present[missed, lead] = False
    if falling:  # people who stopped coming left the project
        last = n_meetings - 1 - np.argmax(present[::-1], axis=0)
        gone = last < n_meetings - 3
        member &= ~((np.arange(n_meetings)[:, None] > last[None, :]) & gone[None, :])
    return member, present, first


def groups(spec: Kind, rng: np.random.Generator, present: np.ndarray,
            lived: np.ndarray) -> np.ndarray:
    """Small-group number (0 = none) per meeting and person: larger meetings, roles mixed."""
    groups = np.zeros(present.shape, dtype=np.int64)
    if not spec.small_groups:
        return groups
    for m in np.flatnonzero(present.sum(axis=1) >= 9):
        who = np.flatnonzero(present[m])
        order = who[np.lexsort((rng.random(len(who)), ~lived[who]))]
        n_groups = min(len(GROUP_LABELS) - 1, int(np.ceil(len(who) / 6)))
        groups[m, order] = 1 + np.arange(len(order)) % n_groups
    return groups


def voice(spec: Kind, rng: np.random.Generator, roles: np.ndarray, lived: np.ndarray,
           leads: tuple[int, int]) -> np.ndarray:
    """How much each person speaks when present; each role keeps its specified average."""
    base = np.array([spec.voice["lived" if f else r if r in spec.voice else "other"]
                     for r, f in zip(roles, lived, strict=True)], dtype=float)
    voice = np.exp(rng.normal(scale=.35, size=len(roles)))
    voice[list(leads)] *= 1.4
    for role in np.unique(roles):  # each role's average is exactly as specified
        voice[roles == role] /= voice[roles == role].mean()
    voice *= base
    quiet = [i for i in rng.permutation(np.flatnonzero(lived)) if i not in leads][: spec.silent]
    voice[quiet] = 0
    return voice


def event_counts(n_events: int, weights: np.ndarray, double: int | None) -> np.ndarray:
    """Events per meeting (primary coder); the double-coded meeting's count is used twice."""
    if double is None:
        return split(n_events, weights)
    counts = split(n_events, weights + np.eye(len(weights))[double] * weights[double])
    if counts[double] % 2:
        counts[double] -= 1
        counts[np.argmax(np.where(np.arange(len(counts)) == double, -1, counts))] += 1
    counts[double] //= 2
    return counts


def _turns(room: np.ndarray, draws: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stratified uniforms, so everyone's count stays close to their share of the room's voice.

    The k-th of K contributions in a room (in random order) draws from [k/K, (k+1)/K).
    """
    order = np.lexsort((rng.random(len(room)), room))
    sorted_room = room[order]
    starts = np.flatnonzero(np.r_[True, sorted_room[1:] != sorted_room[:-1]])
    sizes = np.diff(np.r_[starts, len(room)])
    run = np.repeat(np.arange(len(starts)), sizes)
    turns = np.empty_like(draws)
    turns[order] = (np.arange(len(room)) - starts[run] + draws[order]) / sizes[run]
    return turns


def events(spec: Kind, rng: np.random.Generator, counts: np.ndarray, present: np.ndarray,
            groups: np.ndarray, voice: np.ndarray, lived: np.ndarray, duration: np.ndarray,
            solution: np.ndarray, moves: np.ndarray, double: int | None) -> dict[str, np.ndarray]:
    """Coded events as integer arrays, vectorised over every event of the project."""
    n_meetings, n_people = present.shape
    n = int(counts.sum())
    meeting = np.repeat(np.arange(n_meetings), counts)
    start = np.cumsum(counts) - counts
    rank = np.arange(n) - start[meeting]
    gaps = rng.exponential(size=n)
    elapsed = np.concatenate([[0.0], np.cumsum(gaps)])
    before = elapsed[start]
    position = (elapsed[1:] - before[meeting]) / ((elapsed[start + counts] - before)[meeting] + 1)
    spare = np.maximum(duration - counts, 0)[meeting]  # room for one second per event
    t = np.where(spare > 0, np.floor(position * spare) + rank,
                 np.floor(position * duration[meeting])).astype(np.int64)
    n_groups = groups.max(axis=1)[meeting]
    in_group = (n_groups > 0) & (position >= .3) & (position < .65)
    share = rng.random(n)
    # small groups draw their turns from a side stream (jumped() leaves rng where it is), so
    # every other draw, and every table made after the events, is as it would be without them
    grouped = bool(in_group.any())
    side = np.random.Generator(rng.bit_generator.jumped()) if grouped else rng  # type: ignore[attr-defined]
    if grouped:  # each group gets an even share of the small-group talk
        share[in_group] = _turns(meeting[in_group], share[in_group], side)
    group = np.where(in_group, 1 + np.floor(share * np.maximum(n_groups, 1)), 0).astype(np.int64)
    # a speaker comes from the people in the event's room (plenary or group) by voice:
    # one inverse-CDF lookup over all rooms at once, each room offset by its row number
    rooms = int(groups.max()) + 1
    # small groups soften the loudest voices and give lived experience more room
    flat = (np.where(voice > 0, voice, 1) ** spec.group_voice * (voice > 0)
            * np.where(lived, spec.group_lived, 1))
    weight = np.stack([present * voice] + [(groups == g) * flat for g in range(1, rooms)],
                      axis=1).reshape(-1, n_people)
    cum = np.cumsum(weight, axis=1)
    row_total = cum[:, -1:].copy()
    cum = np.where(cum >= row_total, 1.0, cum / np.where(row_total > 0, row_total, 1))
    cum += np.arange(len(cum))[:, None]
    room = meeting * rooms + group
    draws = rng.random(n)
    if grouped:  # small groups take turns: each room's talk is spread over its people
        draws[in_group] = _turns(room[in_group], draws[in_group], side)
    speaker = np.searchsorted(cum.ravel(), room + draws, side="right") % n_people
    move = draw(rng.random(n), moves[lived[speaker].astype(np.int64)])
    mode = (rng.random(n) >= spec.dialogue).astype(np.int64)  # 0 dialogue, 1 debate
    social = np.where(position < .12, min(.5, spec.social_talk * 5), spec.social_talk)
    sol = np.clip(solution[meeting] + spec.solution_slope * (position - .5), .02, .98)
    talk = 1 - social - spec.process_talk
    focus = draw(rng.random(n), np.column_stack(  # problem, solution, process, social
        [talk * (1 - sol), talk * sol, np.full(n, spec.process_talk), social]))
    columns = {"meeting": meeting, "seq": rank + 1, "speaker": speaker, "move": move, "t": t,
               "mode": mode, "focus": focus, "group": group, "coder": np.zeros(n, np.int64)}
    if double is not None:  # a second coder recodes one meeting, agreeing on most moves
        pick = meeting == double
        copy = {k: v[pick].copy() for k, v in columns.items()}
        k = int(pick.sum())
        differ = np.zeros(k, dtype=bool)
        differ[rng.permutation(k)[: round(k * (1 - spec.second_coder))]] = True
        shift = rng.integers(1, moves.shape[1], size=int(differ.sum()))
        copy["move"][differ] = (copy["move"][differ] + shift) % moves.shape[1]
        copy["coder"][:] = 1
        order = np.argsort(np.concatenate([meeting, copy["meeting"]]), kind="stable")
        columns = {k: np.concatenate([v, copy[k]])[order] for k, v in columns.items()}
    return columns


def events_frame(columns: dict[str, np.ndarray], move_codes: tuple[str, ...],
                  meeting_ids: np.ndarray, participant_ids: np.ndarray, process_lead: int,
                  rng: np.random.Generator) -> pd.DataFrame:
    """The events table: the generated columns with their indices turned into ids and labels."""
    n = len(columns["meeting"])
    named = (columns["speaker"] == process_lead) & (rng.random(n) < .08)
    return pd.DataFrame({
        "meeting_id": meeting_ids[columns["meeting"]], "seq": columns["seq"],
        "participant_id": participant_ids[columns["speaker"]],
        "move": np.array(move_codes)[columns["move"]], "t_seconds": columns["t"],
        "mode": np.array(["dialogue", "debate"])[columns["mode"]],
        "focus": np.array(["problem", "solution", "process", "social"])[columns["focus"]],
        "group": GROUP_LABELS[columns["group"]],
        "coder": np.array(["primary", "second"])[columns["coder"]],
        "note": np.where(named, "pointed out the pattern the group was in", BLANK)})
