"""The rule for a project's id: it names the project's report files, so it must be safe.

A report is written as ``<id>.html`` (and ``.ipynb``, ``.findings.csv``) inside
``--out``; an id that is not a plain file name could write elsewhere.
"""

from __future__ import annotations

import re

from collabkit.errors import Problem

__all__ = ["PROJECT_ID", "RESERVED_IDS", "check_project_id"]

#: A project id names its report files (``<id>.html``): letters, digits, ``_``,
#: ``-`` and ``.``, not starting with ``.``, at most 100 characters.
PROJECT_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}")
#: Ids a report folder already uses for something else.
RESERVED_IDS = ("portfolio",)


def check_project_id(value: object, file: str) -> list[Problem]:
    """A problem if ``value`` (from ``file``) cannot safely name a report file; else none."""
    if value is None or str(value) == "":
        return []
    text = str(value)
    if not PROJECT_ID.fullmatch(text):
        return [Problem(file, None, "id", text,
                        f"the project id {text!r} cannot name a report file: use letters, "
                        "digits, '_', '-' and '.' only (not '.' first, no spaces or '/'), "
                        "at most 100 characters, for example riverside_cafe_2026",
                        code="bad_id")]
    if text.lower() in RESERVED_IDS:
        return [Problem(file, None, "id", text,
                        f"the project id {text!r} is the name of the portfolio page "
                        "(portfolio.html) in every report folder; choose another id",
                        code="bad_id")]
    return []
