"""The codebook of a research export: every file, column, type, allowed code and meaning.

Nothing here is written by hand, so the codebook cannot drift from the data:

- the project tables' columns, kinds and references come from
  :data:`collabkit.project.schema.TABLES` (and ``PROJECT_FIELDS``);
- allowed codes come from the model (``data/model/*.yaml``) the projects
  were checked against;
- a metric's columns are those of the table it returned, each with the
  meaning its docstring gives it (the ``Returns`` section lists every
  column as ````name```` followed by what it holds);
- the findings' columns are documented by :func:`collabkit.evaluation.evaluate`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from collabkit.model import Model
from collabkit.project.schema import PROJECT_FIELDS, TABLES, Column

#: The columns of the codebook, in order.
CODEBOOK_COLUMNS = ("file", "table", "column", "type", "required", "allowed_codes", "meaning")
#: What each value of the codebook's ``type`` column means.
TYPES = {
    "id": "an identifier, as text (P01, M03): ids are pseudonymous keys, never names",
    "text": "free text; names of people not named in reports are replaced by their pseudonym",
    "date": "a date, ISO form (2026-03-14)",
    "int": "a whole number",
    "float": "a number; blank where it cannot be worked out",
    "bool": "True or False",
    "code": "one code of a list (allowed_codes; the labels are under Codes below)",
    "list": "several values separated by ';'",
}
PROJECT_ID = "the project's id (project.yaml: id): every row belongs to one project"
#: Meanings of the columns the shared helpers add (collabkit.metrics._common).
COMMON = {
    "meeting_number": "the meeting's place in time order within its project (1, 2, ...), "
                      "the x-axis of every trend (metrics.meeting_order)",
    "lived_experience": "True for roles the model counts as lived experience (service users, "
                        "carers, family) (metrics.lived_experience)",
}
#: Words that say only a column's type, not what it means.
_TYPE_WORDS = frozenset({"bool", "boolean", "int", "int64", "float", "float64", "str", "string",
                         "text", "integer"})
_SECTION = re.compile(r"^(Returns|Notes|Examples|Raises|See Also|Warns|Parameters|"
                      r"Attributes|References)\n-+\n", re.M)
_NAME = re.compile(r"``([a-z_<>]+)``")


def schema_entries(model: Model, *,
                   withheld: dict[tuple[str, str], str] | None = None) -> list[dict[str, Any]]:
    """Codebook rows for ``projects.csv`` and every table of the schema, in schema order.

    ``withheld`` maps (table, column) to why that column is left out of the
    export; its row says so.
    """
    rows = [_row("projects.csv", "projects", "", "", False, "",
                 "one row per project: the fields of its project.yaml")]
    for column in PROJECT_FIELDS:
        if column.name == "id":
            rows.append(_row("projects.csv", "projects", "project_id", "id", True, "", PROJECT_ID))
        else:
            rows.append(_schema_row("projects.csv", "projects", column, model))
    for table in TABLES.values():
        file = f"tables/{table.name}.csv"
        rows.append(_row(file, table.name, "", "", table.required, "", table.help))
        rows.append(_row(file, table.name, "project_id", "id", True, "", PROJECT_ID))
        for column in table.columns:
            row = _schema_row(file, table.name, column, model)
            why = (withheld or {}).get((table.name, column.name))
            if why:
                row["meaning"] = f"NOT EXPORTED: {why}; " + row["meaning"]
            rows.append(row)
    return rows


def frame_entries(file: str, table: str, frame: pd.DataFrame, documented: str, summary: str,
                  model: Model) -> list[dict[str, Any]]:
    """Codebook rows for an exported table that is not a schema table (a metric, findings).

    Parameters
    ----------
    file, table : str
        Where the table is written (``metrics/role_voice.csv``) and its name.
    frame : DataFrame
        The table as exported (its columns and their types are described).
    documented : str
        The text that documents its columns (a docstring's ``Returns`` section).
    summary : str
        What one row of the table is, for the table's own row.
    model : Model
        Where the allowed codes of code columns come from.
    """
    meanings = column_meanings(documented, frame.columns)
    rows = [_row(file, table, "", "", False, "", summary)]
    for name in frame.columns:
        if name == "project_id":
            rows.append(_row(file, table, name, "id", True, "", PROJECT_ID))
            continue
        kind = _kind(frame[name], str(name))
        codes = _allowed(frame[name], str(name), model)
        rows.append(_row(file, table, str(name), "code" if codes else kind, False,
                         "; ".join(codes), meanings.get(str(name), "")))
    return rows


def metric_entries(name: str, metric: Callable[..., Any], frame: pd.DataFrame,
                   model: Model) -> list[dict[str, Any]]:
    """Codebook rows for one metric's table, documented by the metric's own docstring."""
    doc = inspect.getdoc(metric) or ""
    summary = doc.strip().splitlines()[0] if doc.strip() else name
    return frame_entries(f"metrics/{name}.csv", name, frame, returns_section(doc),
                         f"{summary} (collabkit.metrics.{name})", model)


def returns_section(doc: str) -> str:
    """The ``Returns`` section of a numpydoc docstring (blank when it has none)."""
    parts = _SECTION.split(inspect.cleandoc(doc))
    for position, part in enumerate(parts[:-1]):
        if part == "Returns":
            return parts[position + 1]
    return ""


def column_meanings(documented: str, columns: Iterable[object]) -> dict[str, str]:
    """What the documentation says each column holds.

    Each column's meaning is the text after its first ````name```` up to the
    next column's name, without brackets and separating commas
    (````share```` (share of the talk), -> "share of the talk"); brackets
    that only give a type are skipped (````named```` (bool): the lead is
    named -> "the lead is named"). A column first named without a meaning
    (in a heading) takes the meaning of its next mention outside brackets.
    A documented name with a placeholder (````from_<by>````) matches every
    column it stands for (``from_move``).
    """
    text = " ".join(documented.split())
    found = [(match.start(), match.end(), match.group(1)) for match in _NAME.finditer(text)]
    patterns = [(re.compile("^" + re.sub(r"<[a-z_]+>", "[a-z_]+", re.escape(doc_name)) + "$"),
                 start, end) for start, end, doc_name in found]
    mentions: dict[str, list[tuple[int, int]]] = {}
    for column in map(str, columns):
        places = [(start, end) for pattern, start, end in patterns if pattern.match(column)]
        # a later mention inside brackets refers to the column; it does not describe it
        mentions[column] = places[:1] + [(start, end) for start, end in places[1:]
                                         if text[:start].count("(") == text[:start].count(")")]
    chosen = {column: 0 for column, places in mentions.items() if places}
    while True:  # a column first named without a meaning takes its next mention's
        starts = {column: mentions[column][index] for column, index in chosen.items()}
        boundaries = sorted({start for start, _ in starts.values()} | {len(text)})
        meanings = {}
        for column, (start, end) in starts.items():
            stop = next(b for b in boundaries if b > start)
            meanings[column] = _tidy(text[end:stop])
        later = [column for column, meaning in meanings.items()
                 if not meaning and chosen[column] + 1 < len(mentions[column])]
        if not later:
            return meanings
        chosen[later[0]] += 1


def codebook_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """The codebook rows as a table with :data:`CODEBOOK_COLUMNS`.

    A column a metric's docstring names without saying what it holds takes
    the meaning the same column has in the project tables (``meeting_id``,
    ``role``), else in another metric, else in :data:`COMMON`.
    """
    book = pd.DataFrame(list(rows), columns=list(CODEBOOK_COLUMNS))
    named = book[(book["column"] != "") & (book["meaning"] != "")]
    in_tables = named[named["file"].str.startswith("tables/")]
    in_metrics = named[named["file"].str.startswith("metrics/")]
    known = {**COMMON,
             **in_metrics.drop_duplicates("column").set_index("column")["meaning"].to_dict(),
             **in_tables.drop_duplicates("column").set_index("column")["meaning"].to_dict()}
    gaps = (book["column"] != "") & (book["meaning"] == "")
    book.loc[gaps, "meaning"] = book.loc[gaps, "column"].map(known).fillna("")
    return book


def codebook_markdown(codebook: pd.DataFrame, model: Model) -> str:
    """``codebook.md``: the codebook as tables a person reads, then every code list used."""
    lines = ["# Codebook", "",
             "Every file of this export, each column, its type, the codes it may hold and what "
             "it means. It is generated from collabkit's data contract, its model and the "
             "metrics' own documentation, so it describes exactly these files; "
             "`codebook.csv` holds the same rows.", "", "## Types", "",
             "| type | meaning |", "|---|---|"]
    lines += [f"| {kind} | {_cell(meaning)} |" for kind, meaning in TYPES.items()]
    for file, rows in codebook.groupby("file", sort=False):
        head = rows[rows["column"] == ""]
        about = str(head["meaning"].iloc[0]) if len(head) else ""
        lines += ["", f"## {file}", "", _cell(about), "",
                  "| column | type | required | allowed codes | meaning |", "|---|---|---|---|---|"]
        for row in rows[rows["column"] != ""].itertuples():
            lines.append(f"| `{row.column}` | {row.type} | {'yes' if row.required else ''} | "
                         f"{_cell(row.allowed_codes)} | {_cell(row.meaning)} |")
    lines += ["", "## Codes", "", "The labels of the codes used above (from data/model/)."]
    used = {code for codes in codebook["allowed_codes"] for code in str(codes).split("; ") if code}
    for vocabulary, codes in model.codes.items():
        if not used & set(codes):
            continue
        lines += ["", f"### {vocabulary}", "", "| code | label |", "|---|---|"]
        lines += [f"| `{code}` | {_cell(_label(model, vocabulary, code))} |" for code in codes]
    return "\n".join(lines) + "\n"


# -- internal -------------------------------------------------------------------------------


def _row(file: str, table: str, column: str, kind: str, required: bool, codes: str,
         meaning: str) -> dict[str, Any]:
    return {"file": file, "table": table, "column": column, "type": kind,
            "required": bool(required), "allowed_codes": codes, "meaning": meaning}


def _schema_row(file: str, table: str, column: Column, model: Model) -> dict[str, Any]:
    codes = model.codes.get(column.code, ()) if column.code else ()
    kind = {"yesno": "bool"}.get(column.kind, column.kind)
    return _row(file, table, column.name, kind, column.required, "; ".join(codes),
                _schema_meaning(column))


def _schema_meaning(column: Column) -> str:
    parts = [column.help] if column.help else []
    if column.refers_to:
        parts.append(f"refers to a row of {column.refers_to}")
    if column.code:
        parts.append(f"codes of the '{column.code}' list")
    if column.minimum is not None or column.maximum is not None:
        low = "" if column.minimum is None else f"at least {column.minimum:g}"
        high = "" if column.maximum is None else f"at most {column.maximum:g}"
        parts.append(" and ".join(p for p in (low, high) if p))
    if column.default is not None:
        parts.append(f"blank in the project means {column.default}")
    return "; ".join(parts)


def _kind(values: pd.Series, name: str) -> str:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    if name.endswith("_id") or name.endswith("participant"):
        return "id"
    if isinstance(dtype, pd.CategoricalDtype):
        return "code"
    return "text"


def _allowed(values: pd.Series, name: str, model: Model) -> tuple[str, ...]:
    """The codes a column may hold: its model list, or the categories of its type."""
    if name in model.codes:
        return tuple(model.codes[name])
    if isinstance(values.dtype, pd.CategoricalDtype) and _kind(values, name) == "code":
        return tuple(map(str, values.cat.categories))
    return ()


def _label(model: Model, vocabulary: str, code: str) -> str:
    try:
        return model.label(vocabulary, code)
    except KeyError:
        return code


def _tidy(text: str) -> str:
    text = text.strip().lstrip(":").strip().strip(",;").strip()
    text = re.sub(r"[;,]?\s*-$", "", text).strip()  # the bullet of the next item
    bracketed, rest = "", ""
    if text.startswith("("):  # ``name`` (what it holds): keep what the brackets hold
        depth = 0
        for position, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                bracketed, rest = text[1:position], text[position + 1:]
                break
        if bracketed.strip().casefold() in _TYPE_WORDS:  # ``name`` (bool): what it holds
            text, bracketed = rest.strip().lstrip(":").strip(), ""
    if bracketed:
        text = bracketed
    else:  # the last column of a list: its meaning ends with the sentence
        text = re.split(r"\.\s+(?=[A-Z])", text, maxsplit=1)[0]
    text = text.replace("``", "")
    if text.strip().casefold() in _TYPE_WORDS | {"and", "or"} or not re.search(r"\w", text):
        return ""
    for word in ("and", "or"):
        if text.endswith(f" {word}"):
            text = text[: -len(word) - 1].rstrip(",; ")
    return text.strip().removesuffix(".").rstrip(",; ").lstrip(", ")


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ") if value is not None else ""
