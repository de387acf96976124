"""Loading, typing, saving and round trips of the project data contract."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from collabkit import DataError, Project, load_project, load_projects
from collabkit.project.schema import TABLE_NAMES
from tests.conftest import EXAMPLES, example_paths, require_tool


def assert_same_tables(a: Project, b: Project) -> None:
    assert a.info == b.info
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_like=False,
                                      obj=name)


def test_tables_are_typed(tiny):
    events = tiny.events
    assert isinstance(events["move"].dtype, pd.CategoricalDtype)
    assert list(events["move"].cat.categories) == ["move", "follow", "oppose", "bystand"]
    assert events["participant_id"].dtype == "string"
    assert pd.api.types.is_datetime64_any_dtype(tiny.meetings["date"])
    assert tiny.attendance["present"].dtype == "boolean"  # blank = not marked yet (NA)
    assert tiny.participants["named_in_reports"].tolist() == [True, False, False, False, False]
    assert events["seq"].dtype == "int64"
    assert str(tiny.info["start"]) == "2026-01-05"
    assert tiny.leads == {"pace": "S1", "process": "U1"}


def test_blank_coder_defaults_to_primary(tiny):
    assert set(tiny.events["coder"]) == {"primary", "second"}


def test_absent_optional_table_is_empty_with_columns(tiny_dir):
    (tiny_dir / "impact.csv").unlink()
    project = load_project(tiny_dir)
    assert len(project.impact) == 0
    assert list(project.impact.columns) == ["contribution", "outcome", "decision_id",
                                            "from_role", "status", "told_on"]


def test_ids_stay_text(tiny_dir):
    (tiny_dir / "meetings.csv").write_text(
        "meeting_id,date,step\n007,2026-01-05,big_idea\n", encoding="utf-8")
    for name in ("attendance", "events", "agenda", "reflections", "checklist", "decisions",
                 "aims", "glossary", "impact"):
        (tiny_dir / f"{name}.csv").unlink()
    assert load_project(tiny_dir).meetings["meeting_id"].tolist() == ["007"]


def test_csv_round_trip_keeps_every_table(tiny, tmp_path):
    saved = tiny.save(tmp_path / "copy")
    assert_same_tables(tiny, load_project(saved))


def test_workbook_round_trip_keeps_every_table(tiny, tmp_path):
    saved = tiny.save(tmp_path / "copy.xlsx")
    again = load_project(saved)
    assert_same_tables(tiny, again)
    back = again.save(tmp_path / "back")
    assert_same_tables(tiny, load_project(back))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_excel_encodings_load_and_round_trip(tiny_dir, tmp_path, encoding):
    path = tiny_dir / "participants.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    project = load_project(tiny_dir)
    assert "Zoë Exampleton" in project.participants["name"].tolist()
    assert "Siân Placeholder" in project.participants["name"].tolist()
    again = load_project(project.save(tmp_path / "copy"))
    assert "José Madeup" in again.participants["name"].tolist()


def test_save_leaves_no_temporary_files(tiny, tmp_path):
    target = tiny.save(tmp_path / "copy")
    assert not [p for p in target.iterdir() if p.name.startswith(".")]


def test_failed_save_leaves_old_file_intact(tiny, tmp_path, monkeypatch):
    target = tiny.save(tmp_path / "copy")
    before = (target / "events.csv").read_bytes()

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    with pytest.raises(OSError, match="No space"):
        tiny.save(target)
    assert (target / "events.csv").read_bytes() == before
    assert not [p for p in target.iterdir() if p.name.endswith(".tmp")]


def test_with_table_validates(tiny):
    events = tiny.events.copy()
    events.loc[0, "participant_id"] = "NOBODY"
    with pytest.raises(DataError, match="'NOBODY' is not in participants.csv"):
        tiny.with_table("events", events)


def test_load_projects_stacks_with_project_id(tiny_dir, tmp_path):
    other = load_project(tiny_dir)
    other.info["id"] = "tiny2"
    other.save(tmp_path / "many" / "tiny2.xlsx")
    load_project(tiny_dir).save(tmp_path / "many" / "tiny")
    data = load_projects(tmp_path / "many")
    assert [p.id for p in data.projects] == ["tiny", "tiny2"]
    events = data["events"]
    assert events.columns[0] == "project_id"
    assert events.groupby("project_id").size().to_dict() == {"tiny": 17, "tiny2": 17}
    assert isinstance(events["move"].dtype, pd.CategoricalDtype)


def test_load_projects_refuses_duplicate_ids(tiny_dir, tmp_path):
    load_project(tiny_dir).save(tmp_path / "many" / "a")
    load_project(tiny_dir).save(tmp_path / "many" / "b")
    with pytest.raises(DataError, match="project id 'tiny' is also used by"):
        load_projects(tmp_path / "many")


def test_check_projects_refuses_a_shared_id_naming_both_paths(tiny_dir, tmp_path):
    from collabkit.project import check_projects

    first = load_project(tiny_dir).save(tmp_path / "many" / "a")
    second = load_project(tiny_dir).save(tmp_path / "many" / "b.xlsx")
    (tmp_path / "many" / "c").mkdir()
    (tmp_path / "many" / "c" / "project.yaml").write_text("id: c\n", encoding="utf-8")
    checked = check_projects(tmp_path / "many")
    assert [check.path for check in checked] == [first, second, tmp_path / "many" / "c"]
    assert [check.ok for check in checked] == [True, False, False]
    assert checked[0].problems == [] and checked[0].project.id == "tiny"
    (problem,) = checked[1].problems
    assert problem.code == "duplicate_project_id"
    assert problem.file == str(second) and problem.value == "tiny"
    assert f"project id 'tiny' is also used by {first}" in problem.message
    assert checked[2].project is None and "missing_field" in {p.code for p in checked[2].problems}


def test_portfolio_leaves_out_invalid_and_repeated_projects(tiny_dir, tmp_path):
    from collabkit.report.portfolio import open_projects

    a = load_project(tiny_dir).save(tmp_path / "a")
    b = load_project(tiny_dir).save(tmp_path / "b")
    (tmp_path / "c.xlsx").write_bytes(b"not a workbook")
    projects, params = open_projects(project_paths=[str(a), str(b), str(tmp_path / "c.xlsx")])
    assert [p.source for p in projects] == [a]
    assert params.refused == [("b", 1), ("c.xlsx", 1)]


def test_init_project_writes_a_blank_folder(tmp_path):
    from collabkit.project import init_project
    from collabkit.project.starter import TEMPLATE_DIR

    target = init_project(tmp_path / "new" / "project")
    assert target == tmp_path / "new" / "project"
    assert sorted(p.name for p in target.iterdir()) == sorted(
        p.name for p in TEMPLATE_DIR.iterdir())
    assert (target / "project.yaml").read_text(encoding="utf-8") == (
        TEMPLATE_DIR / "project.yaml").read_text(encoding="utf-8")
    assert (target / "events.csv").read_text().startswith("meeting_id,seq,")
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["project"]  # no temporary folder
    assert target.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_init_project_writes_a_workbook_with_every_table(tmp_path):
    import openpyxl

    from collabkit.project import init_project
    from collabkit.project.schema import TABLES

    target = init_project(tmp_path / "book", workbook=True)
    assert target == tmp_path / "book.xlsx"
    book = openpyxl.load_workbook(target)
    assert set(book.sheetnames) == {"project", *TABLES}
    for name, table in TABLES.items():
        header = next(book[name].iter_rows(values_only=True))
        assert tuple(header) == table.column_names, name
        assert book[name].max_row == 1, name
    info = dict(book["project"].iter_rows(min_row=2, values_only=True))
    assert info["id"] == "my_project" and "leads.pace" in info
    assert init_project(tmp_path / "other.xlsx", workbook=True) == tmp_path / "other.xlsx"


def test_init_project_fills_an_empty_folder(tmp_path):
    from collabkit.project import init_project

    (tmp_path / "empty").mkdir()
    assert (init_project(tmp_path / "empty") / "project.yaml").exists()


@pytest.mark.parametrize("workbook", [False, True])
def test_init_project_refuses_to_overwrite(tiny_dir, tmp_path, workbook):
    from collabkit.project import init_project

    existing = tiny_dir
    if workbook:
        existing = tmp_path / "book.xlsx"
        existing.write_bytes(b"someone's work")
    before = sorted((p.name, p.read_bytes()) for p in existing.parent.iterdir() if p.is_file())
    with pytest.raises(DataError, match="already exists and is not empty; choose a new name") \
            as caught:
        init_project(tiny_dir if not workbook else tmp_path / "book", workbook=workbook)
    assert [p.code for p in caught.value.problems] == ["already_exists"]
    assert caught.value.problems[0].file == str(existing)
    after = sorted((p.name, p.read_bytes()) for p in existing.parent.iterdir() if p.is_file())
    assert after == before


def test_bundled_examples_are_valid():
    paths = example_paths()
    assert len(paths) >= 3
    assert any(p.suffix == ".xlsx" for p in paths)
    for path in paths:
        project = load_project(path)
        assert 10 <= len(project.participants) <= 25
        assert 6 <= len(project.meetings) <= 15
        assert len(project.events) >= 200


@pytest.mark.slow
def test_workbook_written_by_libreoffice_loads(tiny_dir, tmp_path):
    """A workbook made by another program (LibreOffice converting our CSVs) loads."""
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool("LibreOffice (soffice)", soffice is not None,
                 "install Debian's libreoffice-calc-nogui package (bash tests/setup.sh does)")
    import openpyxl

    out = tmp_path / "lo"
    out.mkdir()
    profile = tmp_path / "profile"
    book = openpyxl.Workbook()
    book.remove(book.active)
    tables = sorted(tiny_dir.glob("*.csv"))
    # One LibreOffice start converts every CSV (each start takes seconds).
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx", "--outdir", str(out), *map(str, tables)],
                   check=True, capture_output=True, timeout=120)
    sheets = {csv.stem: openpyxl.load_workbook(out / f"{csv.stem}.xlsx") for csv in tables}
    # LibreOffice converts one CSV per workbook: gather its sheets, cell values as
    # LibreOffice typed them (numbers, dates), into one workbook.
    for name, lo_book in sheets.items():
        target = book.create_sheet(name)
        for row in lo_book.active.iter_rows(values_only=True):
            target.append(list(row))
    info = book.create_sheet("project")
    for key, value in [("id", "tiny"), ("title", "Tiny test project"),
                       ("leads.pace", "S1"), ("leads.process", "U1")]:
        info.append([key, value])
    book.save(tmp_path / "merged.xlsx")
    final = tmp_path / "final"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx", "--outdir", str(final), str(tmp_path / "merged.xlsx")],
                   check=True, capture_output=True, timeout=120)
    project = load_project(final / "merged.xlsx")
    assert len(project.events) == 17
    assert project.meetings["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-05", "2026-02-02", "2026-03-02"]
    assert project.events["seq"].dtype == "int64"


def test_examples_folder_exists():
    assert Path(EXAMPLES).is_dir()
