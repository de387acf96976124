"""collabkit export-research: tidy files of many projects, pseudonymised, with a codebook."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from collabkit.cli import main
from collabkit.project.schema import PROJECT_FIELDS, TABLES
from collabkit.report import research_export
from tests.conftest import EXAMPLES, FIXTURES

HIDDEN = ["Bea Sample", "Zoë Exampleton", "Siân Placeholder", "José Madeup"]  # named_in_reports no
NAMED = "Alex Testperson"  # named_in_reports yes


def add_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """Two projects; the tiny one names people in free text of every kind."""
    root = tmp_path_factory.mktemp("data")
    tiny = root / "tiny"
    shutil.copytree(FIXTURES / "tiny", tiny)
    shutil.copytree(EXAMPLES / "riverside_crisis_cafe", root / "riverside_crisis_cafe")
    add_line(tiny / "decisions.csv",
             "D9,2026-03-01,zoë exampleton and Bea Sample asked for this,M1,make_change,consult")
    add_line(tiny / "reflections.csv",
             "M3,2,S1;S2,\"Siân Placeholder was talked over, Alex Testperson noticed\",Ask José Madeup")
    add_line(tiny / "aims.csv", "P1,Because Bea Sample invited me,M1,")
    add_line(tiny / "glossary.csv", "Quiet hour,As ZOË EXAMPLETON put it,C1,M2,yes")
    return root


@pytest.fixture(scope="module")
def export(data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "research"
    research_export.export_research(data_dir, out)
    return out


def every_text(out: Path) -> dict[str, str]:
    """Each file of the export as text (Parquet files as the CSV of what they hold)."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            texts[str(path)] = pd.read_parquet(path).to_csv(index=False)
        else:
            texts[str(path)] = path.read_text(encoding="utf-8")
    return texts


def test_no_hidden_name_anywhere_in_the_export(export):
    texts = every_text(export)
    assert any(path.endswith(".parquet") for path in texts)
    for path, text in texts.items():
        for name in HIDDEN:
            assert name.casefold() not in text.casefold(), f"{name} is in {path}"
    riverside = pd.read_csv(export / "tables" / "participants.csv", dtype=str,
                            keep_default_na=False)
    hidden_there = riverside.loc[riverside["named_in_reports"] == "False", "name"]
    assert hidden_there.str.match(r"^(Service user|Staff|Volunteer|Partner|Carer|Other|Person|"
                                  r"Family)").all() or hidden_there.eq("").all()
    # the consented name stays, and free text keeps what was said around a hidden name
    assert NAMED in texts[str(export / "tables" / "participants.csv")]
    reflections = pd.read_csv(export / "tables" / "reflections.csv")
    problem = reflections.loc[reflections["meeting_id"].eq("M3") &
                              reflections["project_id"].eq("tiny"), "process_problems"].iloc[0]
    assert problem.endswith("was talked over, Alex Testperson noticed")
    assert "Carer" in problem or "Person" in problem or "Other" in problem


def test_transcript_text_is_never_exported(export):
    turns = pd.read_csv(export / "tables" / "turns.csv")
    assert "text" not in turns.columns
    book = pd.read_csv(export / "codebook.csv", keep_default_na=False)
    row = book[(book["file"] == "tables/turns.csv") & (book["column"] == "text")]
    assert row["meaning"].iloc[0].startswith("NOT EXPORTED")


def test_every_file_has_project_id_first(export):
    for path in export.rglob("*.csv"):
        if path.name == "codebook.csv":
            continue
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert header[0] == "project_id", path
    ids = set(pd.read_csv(export / "metrics" / "participant_voice.csv")["project_id"])
    assert ids == {"tiny", "riverside_crisis_cafe"}


def test_every_metric_and_the_findings_are_exported(export):
    names = {p.stem for p in (export / "metrics").glob("*.csv")}
    assert names == set(research_export.project_metrics())
    assert {"participant_voice", "role_talk", "decision_inclusion"} <= names
    found = pd.read_csv(export / "findings.csv")
    assert set(found["project_id"]) == {"tiny", "riverside_crisis_cafe"}
    assert {"dimension", "rating", "evidence", "numbers"} <= set(found.columns)


def test_the_codebook_lists_every_column_of_the_schema(export):
    book = pd.read_csv(export / "codebook.csv", keep_default_na=False)
    for table in TABLES.values():
        rows = book[book["file"] == f"tables/{table.name}.csv"]
        assert set(table.column_names) | {"project_id"} <= set(rows["column"]), table.name
        for column in table.columns:
            row = rows[rows["column"] == column.name].iloc[0]
            assert row["meaning"], f"{table.name}.{column.name} has no meaning"
            if column.code:
                assert row["allowed_codes"], f"{table.name}.{column.name} lists no codes"
    projects = book[book["file"] == "projects.csv"]
    assert {c.name for c in PROJECT_FIELDS} - {"id"} | {"project_id"} <= set(projects["column"])
    roles = book[(book["file"] == "tables/participants.csv") & (book["column"] == "role")]
    assert roles["allowed_codes"].iloc[0].split("; ")[:2] == ["service_user", "carer"]
    markdown = (export / "codebook.md").read_text(encoding="utf-8")
    assert "## tables/events.csv" in markdown and "| `service_user` | Service user |" in markdown


def test_the_codebook_describes_exactly_the_files_written(export):
    book = pd.read_csv(export / "codebook.csv", keep_default_na=False)
    for path in export.rglob("*.csv"):
        if path.name == "codebook.csv":
            continue
        file = path.relative_to(export).as_posix()
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        listed = book.loc[(book["file"] == file) & (book["column"] != ""), "column"].tolist()
        assert [c for c in listed if c in header] == header, file  # every column, same order
    voice = book[(book["file"] == "metrics/participant_voice.csv")].set_index("column")
    assert voice.loc["share_of_voice", "type"] == "float"
    assert "contributions over all contributions" in voice.loc["share_of_voice", "meaning"]


def test_parquet_reads_back_equal_to_its_csv(export):
    parquets = sorted(export.rglob("*.parquet"))
    assert len(parquets) == len(TABLES) + 2 + len(research_export.project_metrics())
    for parquet in parquets:
        frame = pd.read_parquet(parquet)
        csv_text = parquet.with_suffix(".csv").read_text(encoding="utf-8")
        assert frame.to_csv(index=False) == csv_text, parquet
    events = pd.read_parquet(export / "tables" / "events.parquet")
    assert events["seq"].dtype == "int64" and str(events["move"].dtype) == "category"


def test_readme_says_where_it_came_from(export):
    from collabkit import __version__

    readme = (export / "README.md").read_text(encoding="utf-8")
    assert f"collabkit {__version__}" in readme and "`data" in readme
    assert "riverside_crisis_cafe" in readme
    import re
    assert re.search(r"on \d{1,2} [A-Z][a-z]+ 20\d\d", readme)  # day first


def test_without_pyarrow_csv_is_written_and_parquet_skipped_with_how(data_dir, tmp_path,
                                                                      monkeypatch):
    real = research_export.importlib.util.find_spec
    monkeypatch.setattr(research_export.importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    result = research_export.export_research(data_dir, tmp_path / "out")
    assert not list((tmp_path / "out").rglob("*.parquet"))
    assert (tmp_path / "out" / "metrics" / "role_voice.csv").exists()
    assert "collabkit[research]" in result.parquet_skipped
    assert "collabkit[research]" in (tmp_path / "out" / "README.md").read_text(encoding="utf-8")


def test_cli_writes_inside_out_only_with_progress_on_stderr(data_dir, tmp_path):
    before = set(tmp_path.iterdir())
    result = CliRunner().invoke(main, ["export-research", str(data_dir),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Metric 1 of" in result.stderr and "Wrote the research export of 2" in result.stdout
    assert set(tmp_path.iterdir()) - before == {tmp_path / "out"}
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]


def test_cli_refuses_a_folder_that_is_not_empty(data_dir, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["export-research", str(data_dir), "--out", str(out)])
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_cli_refuses_an_invalid_project_and_writes_nothing(data_dir, tmp_path):
    broken = tmp_path / "data"
    shutil.copytree(data_dir, broken)
    add_line(broken / "tiny" / "events.csv", "M1,99,NOBODY,move,,,,,,")
    result = CliRunner().invoke(main, ["export-research", str(broken),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "NOBODY" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_every_codebook_row_says_what_it_means(export):
    book = pd.read_csv(export / "codebook.csv", keep_default_na=False)
    blank = book.loc[book["meaning"].str.strip() == "", ["file", "column"]]
    assert blank.empty, f"no meaning for:\n{blank.to_string()}"
    transitions = book[book["file"] == "metrics/move_transitions.csv"].set_index("column")
    assert transitions.loc["from_move", "meaning"].startswith("the code of the earlier")
    claims = book[book["file"] == "metrics/checklist_claims.csv"].set_index("column")
    assert claims.loc["has_evidence", "meaning"] == "the evidence is not blank"  # "(bool): ..."
