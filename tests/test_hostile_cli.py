"""Issue 10, item 14 on the command line: plain problem lines, export never overwrites,
and a refused project is said once.
"""

from __future__ import annotations

from click.testing import CliRunner

from collabkit.cli import main


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_file_level_problem_prints_without_empty_fields(tiny_dir):
    (tiny_dir / "aims.csv").write_bytes(b"")
    result = run("validate", tiny_dir)
    assert result.exit_code == 2
    assert result.output == (f"{tiny_dir / 'aims.csv'}: the file is empty; expected a header "
                             "row\n1 problem found.\n")
    assert "::" not in result.output


def test_export_onto_an_existing_workbook_exits_2_and_leaves_it(tiny_dir, tmp_path):
    out = tmp_path / "there.xlsx"
    out.write_bytes(b"someone's workbook")
    result = run("export", tiny_dir, "--to", "xlsx", "--out", out)
    assert result.exit_code == 2
    assert result.output == (f"{out}: the file already exists; choose a new name for --out, "
                             "or remove it first (nothing was written)\n1 problem found.\n")
    assert out.read_bytes() == b"someone's workbook"


def test_export_to_csv_onto_a_folder_with_files_exits_2(tiny_dir, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("export", tiny_dir, "--to", "csv", "--out", tmp_path / "busy")
    assert result.exit_code == 2
    assert result.output.startswith(f"{tmp_path / 'busy'}: the folder already exists and is "
                                    "not empty; choose a new name for --out")
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["notes.txt"]


def test_export_to_csv_onto_an_existing_file_exits_2(tiny_dir, tmp_path):
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    result = run("export", tiny_dir, "--to", "csv", "--out", tmp_path / "a_file")
    assert result.exit_code == 2
    assert "a_file: the file already exists" in result.output


def test_export_to_csv_into_an_empty_folder_is_fine(tiny_dir, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("export", tiny_dir, "--to", "csv", "--out", tmp_path / "empty")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "empty" / "project.yaml").is_file()


def test_report_on_a_missing_path_prints_its_refusal_once(tmp_path):
    result = run("report", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.output == (f"Refused {tmp_path / 'nowhere'}: not a valid project, nothing is "
                             "run for it (1 problem):\n"
                             f"  {tmp_path / 'nowhere'}: no such project: give a project "
                             "folder or an .xlsx workbook\n")
    assert not (tmp_path / "out").exists()


def test_report_without_progress_also_says_it_once(tmp_path):
    result = run("report", tmp_path / "nowhere", "--out", tmp_path / "out", "--no-progress")
    assert result.exit_code == 2
    assert result.output.count("Refused") == 1
    assert result.output.count("no such project") == 1
