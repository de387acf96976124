"""Stuck patterns of the Four Player Model, in a whole project or live.

:func:`detect_stuck_patterns` finds the stuck patterns of the model (Kantor;
Isaacs) in coded events: serial moves, courteous compliance,
point-counterpoint, silent bystanders and covert opposition.
:func:`collabkit.metrics.prompts.live_prompt` turns the one in progress
into a prompt for the facilitator. Both are also importable from
:mod:`collabkit.metrics.moves`.

The patterns are found with run-length arithmetic on whole arrays (cumulative
sums over the events sorted by meeting, conversation and seq), never a Python
loop over events, so a live tally and a million-event project use the same
code. Runs never cross from one conversation (a meeting's plenary or one of
its small groups, see :mod:`collabkit.metrics.moves`) to another.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import (
    _Arrays,
    _event_arrays,
    _prefix,
    _ratio,
    _runs,
    lived_experience,
)
from collabkit.model import Model

STUCK_COLUMNS = ("meeting_id", "pattern", "first_seq", "last_seq", "participants", "explanation")
#: The stuck pattern of two people locked in move and oppose (tools.yaml).
COUNTERPOINT = "point_counterpoint"


def _empty_patterns(categories: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "meeting_id": pd.Series([], dtype="string"),
        "pattern": pd.Categorical([], categories=categories),
        "first_seq": pd.Series([], dtype="int64"),
        "last_seq": pd.Series([], dtype="int64"),
        "participants": pd.Series([], dtype="string"),
        "explanation": pd.Series([], dtype="string"),
    })


def _check_thresholds(serial_run: int, compliance_run: int, counterpoint_run: int) -> None:
    for name, value, minimum in (("serial_run", serial_run, 2),
                                 ("compliance_run", compliance_run, 2),
                                 ("counterpoint_run", counterpoint_run, 3)):
        if int(value) != value or value < minimum:
            raise ValueError(f"{name} must be a whole number of at least {minimum}; got {value!r}")


def detect_stuck_patterns(
    events: pd.DataFrame,
    *,
    model: Model,
    participants: pd.DataFrame | None = None,
    reflections: pd.DataFrame | None = None,
    serial_run: int | None = None,
    compliance_run: int | None = None,
    counterpoint_run: int | None = None,
    bystand_min_share: float | None = None,
    oppose_max_share: float | None = None,
    low_reflection: float | None = None,
) -> pd.DataFrame:
    """Find the stuck patterns of the Four Player Model in coded events.

    Works on any events frame with ``meeting_id``, ``seq``,
    ``participant_id`` and ``move`` (``group`` and ``coder`` used when
    present; only the primary coder's rows count): a whole project's
    ``project.events`` or the live events of one meeting.

    Parameters
    ----------
    events : DataFrame
        Coded contributions.
    model : Model
        The model whose codes and stuck patterns to use (``project.model``).
    participants : DataFrame, optional
        ``participant_id`` and ``role``; needed for covert opposition.
    reflections : DataFrame, optional
        ``meeting_id`` and ``how_collaborative``; needed for covert opposition.
    serial_run : int, optional
        Serial moves: this many moves or more with nothing followed or
        opposed between them (bystands do not break the run).
    compliance_run : int, optional
        Courteous compliance: this many contributions or more in a row that
        are all moves and follows (at least one of each): nobody opposes, and
        nobody bystands to name what is happening.
    counterpoint_run : int, default 4
        Point-counterpoint: two people alternating moves and opposes (at least
        one oppose) for this many turns or more (at least 3).
    bystand_min_share : float, optional
        Silent bystanders: a meeting whose share of bystands is below this.
        Judged only once a meeting has at least ``1 / bystand_min_share``
        contributions (20 by default), enough for one bystand to be expected.
    oppose_max_share : float, optional
        Covert opposition: lived-experience members' share of opposes among
        their contributions in a meeting at or below this...
    low_reflection : float, optional
        ... and that meeting's mean reflection score (how collaborative, 1-5)
        at or below this. Meetings without a reflection are not judged.

        Every threshold left out is the model's (``model.stuck_thresholds``,
        set beside each pattern's prompt in tools.yaml: serial run 3,
        compliance run 6, counterpoint run 4, bystand share 0.05, oppose
        share 0.02, reflection 3 in the bundled model).

    Returns
    -------
    DataFrame
        One row per episode, ordered by meeting, first seq and pattern:
        ``meeting_id``, ``pattern`` (a ``pattern_id`` of the model's
        stuck patterns), ``first_seq``, ``last_seq`` (the episode's first and
        last contribution; the whole meeting for silent bystanders and
        covert opposition), ``participants`` (``;``-joined ids of who spoke
        in the episode; for covert opposition the lived-experience members),
        ``explanation`` (a plain-language sentence). Empty, with these
        columns, when nothing is found.

    Notes
    -----
    Each episode is an indicator for a facilitator or evaluator to look at,
    not a verdict: one short episode is normal in any lively meeting. Several
    per meeting, or long ones, mean the group is stuck; fewer over time means
    it is learning. Covert opposition can only be suspected from the record:
    quiet agreement in the room plus a low reflection afterwards.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> found = detect_stuck_patterns(project.events, model=project.model)
    >>> found.groupby("pattern", observed=False).size()
    pattern
    serial_moves            64
    courteous_compliance    24
    point_counterpoint       2
    covert_opposition        0
    silent_bystanders        1
    dtype: int64
    """
    limits = _thresholds(model, serial_run=serial_run, compliance_run=compliance_run,
                         counterpoint_run=counterpoint_run, bystand_min_share=bystand_min_share,
                         oppose_max_share=oppose_max_share, low_reflection=low_reflection)
    serial_run, compliance_run = int(limits["serial_run"]), int(limits["compliance_run"])
    counterpoint_run = int(limits["counterpoint_run"])
    _check_thresholds(serial_run, compliance_run, counterpoint_run)
    patterns = model.stuck_patterns
    categories = patterns["pattern_id"].tolist()
    if len(events) == 0:
        return _empty_patterns(categories)
    required = ["meeting_id", "seq", "participant_id", "move"]
    missing = [c for c in required if c not in events]
    if missing:
        raise ValueError(f"events need the columns {', '.join(missing)}")
    if events[required].isna().any(axis=None):  # half-entered rows of a live tally
        events = events.dropna(subset=required)
    meeting_ids = pd.Index(pd.unique(events["meeting_id"].dropna())).sort_values()
    people = pd.Index(pd.unique(events["participant_id"].dropna())).sort_values()
    a = _event_arrays(events, meeting_ids, people, model, by_stream=True)
    if a.seq.size == 0:
        return _empty_patterns(categories)
    codes = {code: i for i, code in enumerate(model.codes["move"])}
    is_move, is_follow = a.move == codes["move"], a.move == codes["follow"]
    is_oppose, is_bystand = a.move == codes["oppose"], a.move == codes["bystand"]
    new_stream = np.concatenate([[True], a.stream[1:] != a.stream[:-1]])
    meetings = _meeting_blocks(a)
    # (pattern, first index, last index, explanations[, speakers who count, first seq,
    # last seq]); the bracketed part only for whole-meeting patterns.
    found: list[tuple] = [
        _serial_moves(a, is_move, is_follow | is_oppose, new_stream, serial_run),
        _courteous_compliance(a, is_move, is_follow, new_stream, compliance_run),
        _point_counterpoint(a, is_move, is_oppose, new_stream, people, counterpoint_run),
        _silent_bystanders(a, is_bystand, meetings, limits["bystand_min_share"]),
    ]
    if participants is not None and reflections is not None:
        found.append(_covert_opposition(a, is_oppose, meetings, model, people, meeting_ids,
                                        participants, reflections, limits["oppose_max_share"],
                                        limits["low_reflection"]))
    return _episodes_frame(found, a, meeting_ids, people, categories)


def _thresholds(model: Model, **given: float | None) -> dict[str, float]:
    """The thresholds given, the model's for those left out (None)."""
    return {**model.stuck_thresholds, **{k: v for k, v in given.items() if v is not None}}


def _serial_moves(a: _Arrays, is_move: np.ndarray, answered: np.ndarray,
                  new_stream: np.ndarray, serial_run: int) -> tuple:
    """Stretches with no follow or oppose holding >= serial_run moves, first move to last."""
    moves_before = _prefix(is_move)
    starts, ends = _runs(~answered, new_stream)
    n_moves = moves_before[ends + 1] - moves_before[starts]
    keep = n_moves >= serial_run
    index = np.arange(a.seq.size)
    next_move = np.minimum.accumulate(np.where(is_move, index, a.seq.size)[::-1])[::-1]
    last_move = np.maximum.accumulate(np.where(is_move, index, -1))
    first, last, k = next_move[starts[keep]], last_move[ends[keep]], n_moves[keep]
    return ("serial_moves", first, last, [
        f"{n} moves in a row with nothing followed or opposed between them (seq {s} to {e}): "
        "ideas were started and none was taken up."
        for n, s, e in zip(k.tolist(), a.seq[first].tolist(), a.seq[last].tolist(),
                           strict=True)])


def _courteous_compliance(a: _Arrays, is_move: np.ndarray, is_follow: np.ndarray,
                          new_stream: np.ndarray, compliance_run: int) -> tuple:
    """Long stretches of only moves and follows (no oppose, no bystand), moves being followed."""
    moves_before, follows_before = _prefix(is_move), _prefix(is_follow)
    starts, ends = _runs(is_move | is_follow, new_stream)
    length = ends - starts + 1
    n_follows = follows_before[ends + 1] - follows_before[starts]
    n_moves = moves_before[ends + 1] - moves_before[starts]
    keep = (length >= compliance_run) & (n_follows > 0) & (n_moves > 0)
    first, last = starts[keep], ends[keep]
    return ("courteous_compliance", first, last, [
        f"{n} moves and follows in a row (seq {s} to {e}), {f} of them follows, with "
        "nobody opposing or standing back to comment: the agreement may hide views "
        "people did not feel able to voice."
        for n, f, s, e in zip(length[keep].tolist(), n_follows[keep].tolist(),
                              a.seq[first].tolist(), a.seq[last].tolist(),
                              strict=True)])


def _point_counterpoint(a: _Arrays, is_move: np.ndarray, is_oppose: np.ndarray,
                        new_stream: np.ndarray, people: pd.Index, counterpoint_run: int) -> tuple:
    """The same two people alternating moves and opposes."""
    speaker = a.participant
    turn = is_move | is_oppose
    link = np.zeros(a.seq.size, dtype=bool)
    link[1:] = turn[1:] & turn[:-1] & (speaker[1:] != speaker[:-1]) & ~new_stream[1:]
    alternate = np.zeros(a.seq.size, dtype=bool)
    alternate[2:] = link[2:] & link[1:-1] & (speaker[2:] == speaker[:-2])
    starts, ends = _runs(alternate, new_stream)
    first, last = starts - 2, ends
    length = last - first + 1
    opposes_before = _prefix(is_oppose)
    n_opposes = opposes_before[last + 1] - opposes_before[first]
    keep = (length >= counterpoint_run) & (n_opposes > 0)
    first, last, length = first[keep], last[keep], length[keep]
    pairs = np.sort(np.stack([speaker[first], speaker[first + 1]]), axis=0)
    return (COUNTERPOINT, first, last, [
        f"{people[x]} and {people[y]} went back and forth with moves and opposes for "
        f"{n} turns (seq {s} to {e}) while nobody else came in."
        for x, y, n, s, e in zip(pairs[0], pairs[1], length, a.seq[first], a.seq[last],
                                 strict=True)])


def _counterpoint_speakers(a: _Arrays, model: Model, people: pd.Index) -> np.ndarray:
    """The two speakers (codes of ``a.participant``) of each point-counterpoint episode.

    Shape (2, episodes), found as :func:`detect_stuck_patterns` finds them
    with the model's thresholds; no episodes if the model has no such pattern.
    """
    limits = _thresholds(model)
    runs = [int(limits[name]) for name in ("serial_run", "compliance_run", "counterpoint_run")]
    _check_thresholds(*runs)
    if a.seq.size == 0 or COUNTERPOINT not in model.stuck_patterns["pattern_id"].tolist():
        return np.zeros((2, 0), dtype=np.int64)
    codes = {code: i for i, code in enumerate(model.codes["move"])}
    new_stream = np.concatenate([[True], a.stream[1:] != a.stream[:-1]])
    _, first, _, _ = _point_counterpoint(a, a.move == codes["move"], a.move == codes["oppose"],
                                         new_stream, people, runs[2])
    return np.stack([a.participant[first], a.participant[first + 1]])


def _meeting_blocks(a: _Arrays) -> tuple[np.ndarray, ...]:
    """First and last index, and lowest and highest seq, of each meeting's events (one block)."""
    meeting_start = np.flatnonzero(np.concatenate([[True], a.meeting[1:] != a.meeting[:-1]]))
    meeting_end = np.concatenate([meeting_start[1:] - 1, [a.seq.size - 1]])
    low_seq = np.minimum.reduceat(a.seq, meeting_start)
    high_seq = np.maximum.reduceat(a.seq, meeting_start)
    return meeting_start, meeting_end, low_seq, high_seq


def _silent_bystanders(a: _Arrays, is_bystand: np.ndarray, meetings: tuple[np.ndarray, ...],
                       bystand_min_share: float) -> tuple:
    """Meetings long enough to expect a bystand whose share of bystands is below the minimum."""
    meeting_start, meeting_end, low_seq, high_seq = meetings
    bystands_before = _prefix(is_bystand)
    meeting_size = meeting_end - meeting_start + 1
    n_bystands = bystands_before[meeting_end + 1] - bystands_before[meeting_start]
    needed = np.ceil(1 / bystand_min_share) if bystand_min_share > 0 else np.inf
    share = n_bystands / meeting_size
    keep = (meeting_size >= needed) & (share < bystand_min_share)
    return ("silent_bystanders", meeting_start[keep], meeting_end[keep], [
        f"Only {b} of {n} contributions ({r:.0%}) were bystands, below "
        f"{bystand_min_share:.0%}: nobody named what was happening in the group."
        for b, n, r in zip(n_bystands[keep], meeting_size[keep], share[keep], strict=True)],
        np.ones(a.seq.size, dtype=bool), low_seq[keep], high_seq[keep])


def _covert_opposition(a: _Arrays, is_oppose: np.ndarray, meetings: tuple[np.ndarray, ...],
                       model: Model, people: pd.Index, meeting_ids: pd.Index,
                       participants: pd.DataFrame, reflections: pd.DataFrame,
                       oppose_max_share: float, low_reflection: float) -> tuple:
    """Meetings where lived experience hardly opposed and the reflection scored low."""
    meeting_start, meeting_end, low_seq, high_seq = meetings
    roles = participants.drop_duplicates("participant_id").set_index("participant_id")["role"]
    lived = lived_experience(roles.reindex(people), model).to_numpy(dtype=bool)[a.participant]
    lived_before = _prefix(lived)
    lived_opposes = _prefix(lived & is_oppose)
    n_lived = lived_before[meeting_end + 1] - lived_before[meeting_start]
    n_lived_opposes = lived_opposes[meeting_end + 1] - lived_opposes[meeting_start]
    scores = pd.to_numeric(reflections["how_collaborative"], errors="coerce")
    score = scores.groupby(reflections["meeting_id"].to_numpy()).mean()
    score = score.reindex(meeting_ids[a.meeting[meeting_start]]).to_numpy(dtype=float)
    oppose_share = _ratio(n_lived_opposes, n_lived)
    keep = (n_lived > 0) & (oppose_share <= oppose_max_share) & (score <= low_reflection)
    return ("covert_opposition", meeting_start[keep], meeting_end[keep], [
        f"Lived-experience members opposed {o} times in {n} contributions ({r:.0%}) and "
        f"the reflection scored {c:.1f} of 5: agreement in the room may hide objections "
        "voiced elsewhere."
        for o, n, r, c in zip(n_lived_opposes[keep], n_lived[keep], oppose_share[keep],
                              score[keep], strict=True)], lived,
        low_seq[keep], high_seq[keep])


def _speakers(speaker: np.ndarray, first: np.ndarray, last: np.ndarray,
              people: pd.Index, only: np.ndarray | None) -> list[str]:
    """The ``;``-joined distinct speakers of events first..last, per episode.

    Each episode's speakers are a row of bits (bit ``p`` of word ``w``: the
    person at ``w * 62 + p`` of ``people``), OR-ed over its events in one
    pass, so episodes with the same speakers are joined into text once.
    """
    if first.size == 0:
        return []
    bounds = np.stack([first, last + 1], axis=1).ravel()  # even slots: first..last
    bit = np.left_shift(1, speaker % 62, dtype=np.int64)
    words = []
    for w in range(max(1, -(-len(people) // 62))):
        mine = speaker // 62 == w if only is None else (speaker // 62 == w) & only
        words.append(np.bitwise_or.reduceat(np.append(np.where(mine, bit, 0), 0), bounds)[::2])
    sets, which = np.unique(np.stack(words, axis=1), axis=0, return_inverse=True)
    names = people.astype(str).tolist()
    texts = [_joined(row, names) for row in sets.tolist()]
    return [texts[i] for i in which.ravel().tolist()]


def _joined(words: list[int], names: list[str]) -> str:
    """``;``-joined names of the bits set in ``words`` (62 a word), lowest first."""
    chosen = []
    for w, word in enumerate(words):
        while word:
            low = word & -word
            chosen.append(names[w * 62 + low.bit_length() - 1])
            word ^= low
    return ";".join(chosen)


def _episodes_frame(found: list[tuple], a: _Arrays, meeting_ids: pd.Index, people: pd.Index,
                    categories: list[str]) -> pd.DataFrame:
    """The episodes of every pattern, ordered by meeting, first seq and pattern."""
    numbers: list[tuple[np.ndarray, ...]] = []  # meeting, pattern code, first seq, last seq
    participants: list[str] = []
    explanations: list[str] = []
    for pattern, first, last, explanation, *meeting_wide in found:
        if first.size == 0 or pattern not in categories:  # a pattern the model dropped
            continue
        only, first_seq, last_seq = meeting_wide or (None, a.seq[first], a.seq[last])
        numbers.append((a.meeting[first], np.full(first.size, categories.index(pattern)),
                        first_seq, last_seq))
        participants += _speakers(a.participant, first, last, people, only)
        explanations += explanation
    if not numbers:
        return _empty_patterns(categories)
    meeting, code, first_seq, last_seq = (np.concatenate(column)
                                          for column in zip(*numbers, strict=True))
    order = np.lexsort((code, first_seq, meeting))  # stable: ties keep the patterns' order
    return pd.DataFrame({
        "meeting_id": pd.array(meeting_ids[meeting[order]], dtype="string"),
        "pattern": pd.Categorical.from_codes(code[order], categories=categories),
        "first_seq": first_seq[order].astype("int64"),
        "last_seq": last_seq[order].astype("int64"),
        "participants": pd.array(np.asarray(participants, dtype=object)[order], dtype="string"),
        "explanation": pd.array(np.asarray(explanations, dtype=object)[order], dtype="string"),
    })
