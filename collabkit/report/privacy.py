"""Privacy rules for anything a report shows about people.

- People appear by pseudonym, their role and a number ("Service user 2"),
  unless they said yes to ``named_in_reports``.
- Groups smaller than a threshold are folded into "other", so a table never
  singles out one or two people by their role.
- Names of people who were not named are taken out of free text.

Escaping of free text is :mod:`collabkit.report.render`'s job: everything a report
shows goes through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

import pandas as pd

from collabkit.model import Model

Naming = Literal["consented", "all", "none"]
NAMING: tuple[str, ...] = ("consented", "all", "none")

#: Label of the group that small groups are folded into.
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
        People whose role has fewer members than this are pseudonymised as
        "Other 1", "Other 2"... rather than by their role, so that a role
        held by one or two people does not single them out.

    Returns
    -------
    dict of str to str
        ``participant_id`` -> display name. Pseudonyms are the role's label
        and a number counted within the role in table order ("Service user 1",
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
    sizes = participants["role"].astype("object").fillna(OTHER).value_counts()
    small = {str(role) for role, size in sizes.items() if size < min_group_size}
    consent = participants.get("named_in_reports", pd.Series(False, index=participants.index))
    real = participants.get("name", pd.Series(pd.NA, index=participants.index))
    for pid, role, name, agreed in zip(participants["participant_id"], participants["role"],
                                       real, consent, strict=True):
        role = str(role) if not pd.isna(role) else OTHER
        if role in small:
            role = OTHER
        counters[role] = counters.get(role, 0) + 1
        has_name = not pd.isna(name) and str(name).strip() != ""
        show = has_name and (named == "all" or (named == "consented" and bool(agreed)))
        names[str(pid)] = str(name).strip() if show else f"{role_label(role, model)} {counters[role]}"
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
                      label: str = OTHER) -> pd.DataFrame:
    """Fold groups with fewer than ``min_size`` people into one ``label`` group.

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
        Name of the folded group. An existing group of that name is merged
        with it.

    Returns
    -------
    DataFrame
        A copy with ``column`` as plain text and small groups relabelled. If
        the folded group would itself be smaller than ``min_size``, the next
        smallest groups are folded into it too, until it is big enough or
        everyone is in it, so that it never singles anyone out.

    Examples
    --------
    >>> people = pd.DataFrame({"role": ["staff"] * 4 + ["carer"] * 2 + ["family"]})
    >>> fold_small_groups(people, "role", min_size=3)["role"].value_counts().to_dict()
    {'staff': 4, 'other': 3}
    """
    if not isinstance(min_size, int) or isinstance(min_size, bool) or min_size < 1:
        raise ValueError(f"min_size must be a whole number of at least 1; got {min_size!r}")
    if column not in frame.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, frame.columns))}")
    groups = frame[column].astype(object).where(frame[column].notna(), label).astype(str)
    sizes = groups.value_counts()
    small = {g for g, n in sizes.items() if n < min_size or g == label}
    folded = sum(int(sizes[g]) for g in small)
    for group, size in sorted(sizes.items(), key=lambda item: (item[1], item[0])):
        if not small or folded >= min_size:
            break
        if group not in small:
            small.add(group)
            folded += int(size)
    out = frame.copy()
    out[column] = groups.where(~groups.isin(small), label)
    return out
