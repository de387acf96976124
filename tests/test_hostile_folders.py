"""Issue 10, items 8, 10 and 15: folders that are not projects, and batches that repeat one.

Every case is a problem (exit code 2) that says what a project looks like, and
never "0 projects valid" or an empty portfolio.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from collabkit import load_project
from collabkit.cli import main
from collabkit.errors import DataError
from collabkit.project import find_projects, init_project
from collabkit.report import portfolio

WHAT_A_PROJECT_IS = "a project is a folder holding project.yaml (with 'id' and 'title') and the " \
                    "table CSV files (participants.csv, meetings.csv, ...), or one .xlsx workbook"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def problems_of(path: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_project(path)
    return caught.value.problems


# -- item 10: not a project ---------------------------------------------------------


def test_an_empty_folder_is_not_a_project(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("validate", tmp_path / "empty")
    assert result.exit_code == 2
    assert result.output.startswith(f"{tmp_path / 'empty'}: not a project: this folder is "
                                    f"empty; {WHAT_A_PROJECT_IS}")
    assert "projects valid" not in result.output


def test_report_on_an_empty_folder_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("report", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "not a project: this folder is empty" in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_of_tables_without_project_yaml_is_a_project_missing_it(tiny_dir):
    (tiny_dir / "project.yaml").unlink()
    result = run("validate", tiny_dir)
    assert result.exit_code == 2
    assert result.output.startswith(f"{tiny_dir / 'project.yaml'}: the file is missing; a "
                                    "project folder needs project.yaml with at least 'id' "
                                    "and 'title'")


def test_project_yml_is_named_with_the_name_to_give_it(tiny_dir):
    (tiny_dir / "project.yaml").rename(tiny_dir / "project.yml")
    result = run("validate", tiny_dir)
    assert result.exit_code == 2
    assert result.output.startswith(f"{tiny_dir / 'project.yml'}: collabkit reads "
                                    "project.yaml, not project.yml: rename the file "
                                    "project.yaml\n1 problem found.")


def test_project_yml_alone_in_a_folder_is_named_too(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "project.yml").write_text("id: p\ntitle: P\n", encoding="utf-8")
    [first, *_] = problems_of(tmp_path / "p")
    assert first.message == "collabkit reads project.yaml, not project.yml: rename the " \
                            "file project.yaml"


def test_a_table_file_named_in_capitals_is_named_not_skipped(tiny_dir):
    (tiny_dir / "events.csv").rename(tiny_dir / "Events.CSV")
    problems = problems_of(tiny_dir)
    assert [(Path(p.file).name, p.code, p.message) for p in problems] == [
        ("Events.CSV", "missing_file",
         "collabkit reads events.csv, not Events.CSV: rename the file events.csv")]


def test_a_folder_one_level_too_high_says_where_the_projects_are(tiny_dir, tmp_path):
    high = tmp_path / "high"
    (high / "projects").mkdir(parents=True)
    shutil.move(tiny_dir, high / "projects" / "tiny")
    result = run("validate", high)
    assert result.exit_code == 2
    assert result.output.startswith(
        f"{high}: not a project: no project here, or in the folders directly inside it; "
        f"projects were found one level further down, in {high / 'projects'}: give that "
        "folder instead; " + WHAT_A_PROJECT_IS)


def test_a_folder_of_other_files_says_what_it_holds(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.docx").write_bytes(b"not a table")
    result = run("validate", tmp_path / "notes")
    assert result.exit_code == 2
    assert "not a project: this folder holds no project (it holds minutes.docx); " \
           + WHAT_A_PROJECT_IS in result.output


def test_loading_a_folder_of_projects_as_one_names_them(tiny_dir, tmp_path):
    shutil.copytree(tiny_dir, tmp_path / "many" / "tiny")
    [problem] = problems_of(tmp_path / "many")
    assert problem.code == "not_a_project"
    assert "this folder holds 1 projects (tiny) rather than being one; give one of them" \
        in problem.message


def test_a_project_missing_project_yaml_in_a_folder_of_projects_is_not_skipped(tiny_dir,
                                                                                 tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(tiny_dir, batch / "good")
    shutil.copytree(tiny_dir, batch / "forgot")
    (batch / "forgot" / "project.yaml").unlink()
    assert find_projects(batch) == [batch / "forgot", batch / "good"]
    result = run("validate", batch)
    assert result.exit_code == 2
    assert f"{batch / 'forgot' / 'project.yaml'}: the file is missing" in result.output


# -- item 15: one project given twice, two projects with one id ---------------------------


def test_validate_two_projects_sharing_an_id_says_so(tiny_dir, tmp_path):
    shutil.copytree(tiny_dir, tmp_path / "b")
    result = run("validate", tiny_dir, tmp_path / "b")
    assert result.exit_code == 2
    assert result.output.startswith(f"{tmp_path / 'b'}:id: project id 'tiny' is also used by "
                                    f"{tiny_dir}; each project needs its own id")
    assert "valid." not in result.output


def test_the_same_project_given_twice_is_checked_once(tiny_dir):
    result = run("validate", tiny_dir, tiny_dir, tiny_dir / ".." / tiny_dir.name)
    assert (result.exit_code, result.output) == (0, "1 project valid.\n")


# -- item 8: a portfolio with nothing to compare ------------------------------------------


def test_portfolio_of_an_empty_folder_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("portfolio", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output.startswith(f"No project in {tmp_path / 'empty'} could be compared; "
                                    "nothing was written:\n  ")
    assert "not a project: this folder is empty" in result.output
    assert not (tmp_path / "out").exists()


def test_portfolio_of_a_folder_holding_only_a_blank_project_exits_2(tmp_path):
    init_project(tmp_path / "data" / "blank")
    result = run("portfolio", tmp_path / "data", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output == (
        f"No project in {tmp_path / 'data'} could be compared; nothing was written:\n"
        f"  {tmp_path / 'data' / 'blank' / 'participants.csv'}: no rows; a project needs at "
        "least one row in participants\n"
        f"  {tmp_path / 'data' / 'blank' / 'meetings.csv'}: no rows; a project needs at least "
        "one row in meetings\n")


def test_the_portfolio_page_with_no_project_says_so_in_every_section(tmp_path):
    init_project(tmp_path / "data" / "blank")
    projects, params = portfolio.open_projects(str(tmp_path / "data"))
    assert (projects, params.title) == ([], "Portfolio: no project to compare")
    page = str(portfolio.title_page(projects, params).data)
    assert "No project could be compared: every project found was left out (below)." in page
    assert "Left out because their records are not valid: blank (2 problems)." in page
    for name, _ in portfolio.SECTIONS[:-1]:
        shown = str(getattr(portfolio, name)(projects, params).data)
        assert portfolio.NOTHING_COMPARED in shown, name
        assert "<img" not in shown and "<table" not in shown, name
