"""Privacy rules for anything a report shows about people.

- People appear by pseudonym, their role and a number ("Service user 2"),
  unless they said yes to ``named_in_reports``.
- Roles held by fewer people than a threshold are folded into their natural
  group (carers and family, then everyone with lived experience: the model's
  ``role_groups``) and only what is still too small into "other"
  (:func:`role_groups`), so no table or pseudonym singles out one or two
  people by their role.
- Names of people who were not named are taken out of free text.

Escaping of free text is :mod:`collabkit.report.render`'s job: everything a report
shows goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import pandas as pd

from collabkit.model import Model

Naming = Literal["consented", "all", "none"]
NAMING: tuple[str, ...] = ("consented", "all", "none")

#: Code of the group whatever is still too small is folded into.
OTHER = "other"


def pseudonymise(participants: pd.DataFrame, model: Model, *, named: Naming = "consented",
                 min_group_size: int = 1) -> dict[str, str]:
    """Display names for participants: a real name or role and number.

    Parameters
    ----------
    participants : DataFrame
        The participants table (``participant_id``, ``role``, ``name``,
        ``named_in_reports``). Not modified.
    model : Model
        Where role labels come from (``project.model``).
    named : {"consented", "all", "none"}
        Who is shown by name. ``"consented"`` (the default, what a report
        does with ``pseudonymise=True``): only people whose
        ``named_in_reports`` is yes and whose name is recorded. ``"all"``
        (``pseudonymise=False``): everyone with a recorded name. ``"none"``:
        nobody.
    min_group_size : int, default 1
        People whose role has fewer members than this are pseudonymised by
        the group their role is shown in (:func:`role_groups`: "Carer or
        family member 1", "Person with lived experience 2", "Other 1"),
        the same groups a report's tables show, so that a role held by one or
        two people does not single them out.

    Returns
    -------
    dict of str to str
        ``participant_id`` -> display name. Pseudonyms are the group's label
        and a number counted within the group in table order ("Service user 1",
        "Staff 2"), so they stay the same whoever agreed to be named.

    Examples
    --------
    >>> people = pd.DataFrame({"participant_id": ["P1", "P2", "P3"],
    ...                        "role": ["staff", "service_user", "staff"],
    ...                        "name": ["Ada Example", "Bo Example", "Cy Example"],
    ...                        "named_in_reports": [True, False, False]})
    >>> from collabkit.model import load_model
    >>> pseudonymise(people, load_model())
    {'P1': 'Ada Example', 'P2': 'Service user 1', 'P3': 'Staff 2'}
    """
    if named not in NAMING:
        raise ValueError(f"named must be one of {', '.join(NAMING)}; got {named!r}")
    counters: dict[str, int] = {}
    names: dict[str, str] = {}
    shown = role_groups(participants["role"], model, min_group_size=min_group_size)
    consent = participants.get("named_in_reports", pd.Series(False, index=participants.index))
    real = participants.get("name", pd.Series(pd.NA, index=participants.index))
    for pid, role, name, agreed in zip(participants["participant_id"], participants["role"],
                                       real, consent, strict=True):
        group = shown[OTHER if _blank(role) else str(role)]
        counters[group] = counters.get(group, 0) + 1
        has_name = not pd.isna(name) and str(name).strip() != ""
        show = has_name and (named == "all" or (named == "consented" and bool(agreed)))
        pseudonym = f"{group_label(group, model, person=True)} {counters[group]}"
        names[str(pid)] = str(name).strip() if show else pseudonym
    return names


def role_label(role: str, model: Model) -> str:
    """The model's label for a role code ("Service user"), or the code itself if unknown."""
    try:
        return model.label("role", role)
    except KeyError:
        return str(role).replace("_", " ").capitalize()


def hidden_names(participants: pd.DataFrame, shown: Mapping[str, str]) -> dict[str, str]:
    """Real names that must not appear, mapped to the display name used instead.

    Parameters
    ----------
    participants : DataFrame
        The participants table.
    shown : mapping
        The result of :func:`pseudonymise`.

    Returns
    -------
    dict of str to str
        Real name -> pseudonym, for every recorded name not being shown.
    """
    hidden: dict[str, str] = {}
    for pid, name in zip(participants["participant_id"], participants.get("name", []),
                         strict=False):
        if pd.isna(name) or not str(name).strip():
            continue
        display = shown.get(str(pid))
        if display is not None and display != str(name).strip():
            hidden[str(name).strip()] = display
    return hidden


def redact(text: object, hidden: Mapping[str, str]) -> object:
    """Replace hidden real names in free text by their pseudonyms.

    Whole names are matched as words, ignoring case; longer names first.
    Missing values are returned as they are.

    Examples
    --------
    >>> redact("Thanks to Bo Example for this", {"Bo Example": "Service user 1"})
    'Thanks to Service user 1 for this'
    """
    if not hidden or text is None or (not isinstance(text, str) and pd.isna(text)):
        return text
    pattern = _name_pattern(tuple(sorted(hidden, key=len, reverse=True)))
    lookup = {name.casefold(): display for name, display in hidden.items()}
    return pattern.sub(lambda m: lookup[m.group(0).casefold()], str(text))


def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def fold_small_groups(frame: pd.DataFrame, column: str, *, min_size: int,
                      label: str = OTHER,
                      within: Sequence[tuple[str, Iterable[str]]] = ()) -> pd.DataFrame:
    """Fold groups with fewer than ``min_size`` people into wider groups, then into ``label``.

    Parameters
    ----------
    frame : DataFrame
        One row per person; ``column`` holds the group (a role, say). Not
        modified.
    column : str
        The grouping column.
    min_size : int
        Smallest group shown on its own (at least 1; 1 folds nothing).
    label : str
        Name of the group whatever is left over is folded into. An existing
        group of that name is merged with it.
    within : sequence of (name, members) pairs, optional
        Natural wider groups tried first, in order (narrowest first; two of
        them either share no member or one holds the other whole). The small
        groups among a wider group's members are folded into ``name`` when
        together they reach ``min_size``, taking in its other members (whole,
        smallest first) if they need them; if even all its members together
        are too few, they are left for the next wider group.

    Returns
    -------
    DataFrame
        A copy with ``column`` as plain text and small groups relabelled. If
        the ``label`` group would itself be smaller than ``min_size``, the
        next smallest groups shown are folded into it too (those outside
        every group of ``within`` first), until it is big enough or everyone
        is in it. So no group shown is smaller than
        ``min_size`` (unless everyone together is), and, the groups shown
        being disjoint, none can be worked out by subtraction from the others.

    Examples
    --------
    >>> people = pd.DataFrame({"role": ["staff"] * 4 + ["carer"] * 2 + ["family"]})
    >>> fold_small_groups(people, "role", min_size=3)["role"].value_counts().to_dict()
    {'staff': 4, 'other': 3}
    >>> natural = [("carers_and_family", ["carer", "family"])]
    >>> fold_small_groups(people, "role", min_size=3, within=natural)["role"].value_counts(
    ...     ).to_dict()
    {'staff': 4, 'carers_and_family': 3}
    """
    if not isinstance(min_size, int) or isinstance(min_size, bool) or min_size < 1:
        raise ValueError(f"min_size must be a whole number of at least 1; got {min_size!r}")
    if column not in frame.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, frame.columns))}")
    groups = frame[column].astype(object).where(frame[column].notna(), label).astype(str)
    sizes = {str(g): int(n) for g, n in groups.value_counts().items()}
    shown = {g: g for g in sizes}  # each value -> the group it is shown in
    small = {g for g, n in sizes.items() if n < min_size or g == label}

    def units(values: Iterable[str]) -> list[tuple[int, str, set[str]]]:
        """The shown groups made only of ``values``, as (size, name, values), smallest first."""
        members: dict[str, set[str]] = {}
        for g in sizes:
            members.setdefault(shown[g], set()).add(g)
        return sorted((sum(sizes[g] for g in vals), unit, vals) for unit, vals in members.items()
                      if vals <= set(values))

    for name, member_values in within:
        inside = {str(g) for g in member_values if str(g) in sizes and str(g) != label}
        pool = inside & small
        if not pool:
            continue
        total = sum(sizes[g] for g in pool)
        for size, _, values in units(inside - small):
            if total >= min_size:
                break
            pool |= values
            total += size
        if total >= min_size:
            shown.update(dict.fromkeys(pool, name))
            small -= pool
    folded = sum(sizes[g] for g in small)
    natural = {str(g) for _, member_values in within for g in member_values}
    # smallest first, but groups outside every natural group before those inside one, so
    # that carers, families and service users are the last to be hidden in Other
    rest = sorted(units(set(sizes) - small), key=lambda unit: bool(unit[2] & natural))
    for size, _, values in rest:
        if not small or folded >= min_size:
            break
        small |= values
        folded += size
    out = frame.copy()
    out[column] = groups.map(lambda g: label if g in small else shown[g])
    return out


def role_groups(roles: Iterable[object], model: Model, *, min_group_size: int) -> dict[str, str]:
    """The group each role is shown in: the role, a natural group of roles, or "other".

    The one rule for every table, chart and pseudonym of a report: a role
    with at least ``min_group_size`` people is shown on its own; smaller roles
    are folded into the model's natural groups (codes.yaml ``role_groups``,
    carers and family first, then everyone with lived experience), and what
    is still too small into "other" (:func:`fold_small_groups`).

    Parameters
    ----------
    roles : iterable
        One role code per person (``participants["role"]``); blank is "other".
    model : Model
        Where the natural groups come from (``project.model``).
    min_group_size : int
        Smallest group shown (at least 1; 1 folds nothing).

    Returns
    -------
    dict of str to str
        Role code -> a role code, a group id of ``model.role_groups`` or
        ``"other"``; label it with :func:`group_label`.

    Examples
    --------
    >>> from collabkit.model import load_model
    >>> roles = ["staff"] * 4 + ["carer", "carer", "family"] + ["service_user"] * 3
    >>> role_groups(roles, load_model(), min_group_size=3)
    {'staff': 'staff', 'carer': 'carers_and_family', 'family': 'carers_and_family', 'service_user': 'service_user'}
    >>> role_groups(roles, load_model(), min_group_size=4)["carer"]
    'lived_experience'
    """
    codes = [OTHER if _blank(r) else str(r) for r in roles]
    natural = [(group.group, group.roles) for group in model.role_groups]
    folded = fold_small_groups(pd.DataFrame({"role": codes}), "role", min_size=min_group_size,
                               within=natural)
    return dict(zip(codes, folded["role"], strict=True))


def group_label(group: str, model: Model, *, person: bool = False) -> str:
    """The label of a group from :func:`role_groups` ("Carers and family", "Staff", "Other").

    With ``person=True``, what one member is called ("Carer or family member").
    """
    for natural in model.role_groups:
        if natural.group == group:
            return natural.person if person else natural.label
    return role_label(group, model)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))
