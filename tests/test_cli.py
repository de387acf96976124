"""The collabkit command: exit codes, problem lines, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from collabkit import __version__, load_project
from collabkit.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_help_on_every_command():
    for command in main.commands:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_validate_ok(tiny_dir):
    result = run("validate", str(tiny_dir))
    assert result.exit_code == 0
    assert "1 project valid." in result.output


def test_validate_bad_exits_2_with_problem_lines(tiny_dir):
    path = tiny_dir / "participants.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("C1,carer", "C1,aunt"),
                    encoding="utf-8")
    result = run("validate", str(tiny_dir))
    assert result.exit_code == 2
    assert f"{tiny_dir}/participants.csv:5:role: unknown role 'aunt'" in result.output
    assert "Traceback" not in result.output


def test_validate_real_process_never_shows_a_traceback(tmp_path):
    garbage = tmp_path / "broken.xlsx"
    garbage.write_bytes(b"\x00garbage")
    result = subprocess.run([sys.executable, "-m", "collabkit", "validate", str(garbage)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "broken.xlsx: this is not a readable .xlsx workbook" in result.stderr


def test_init_folder_and_workbook(tmp_path):
    result = run("init", str(tmp_path / "new"))
    assert result.exit_code == 0
    assert (tmp_path / "new" / "project.yaml").exists()
    assert (tmp_path / "new" / "events.csv").read_text().startswith("meeting_id,seq,")
    result = run("init", str(tmp_path / "book"), "--workbook")
    assert result.exit_code == 0
    import openpyxl

    sheets = openpyxl.load_workbook(tmp_path / "book.xlsx").sheetnames
    assert {"project", "participants", "meetings", "events"} <= set(sheets)


def test_init_refuses_to_overwrite(tiny_dir):
    result = run("init", str(tiny_dir))
    assert result.exit_code == 2 and "already exists" in result.output


def test_init_maps_its_options_onto_init_project(monkeypatch, tmp_path):
    import collabkit.project as project_module

    calls = []

    def fake_init_project(*args, **kwargs):
        calls.append((args, kwargs))
        return tmp_path / "x.xlsx"

    monkeypatch.setattr(project_module, "init_project", fake_init_project)
    result = run("init", "x", "--workbook")
    assert result.exit_code == 0, result.output
    assert calls == [((Path("x"),), {"workbook": True})]
    assert f"Blank project written to {tmp_path / 'x.xlsx'}" in result.output


def test_validate_refuses_two_projects_with_one_id(tiny_dir, tmp_path):
    copy = load_project(tiny_dir).save(tmp_path / "copy.xlsx")
    result = run("validate", str(tiny_dir), str(copy))
    assert result.exit_code == 2
    assert f"{copy}:id: project id 'tiny' is also used by {tiny_dir}" in result.output


def test_validate_summary_counts_problems_by_code(tiny_dir):
    path = tiny_dir / "participants.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("C1,carer", "C1,aunt")
                    .replace("U1,service_user", "U1,patient"), encoding="utf-8")
    (tiny_dir / "aims.csv").write_bytes(b"")
    result = run("validate", "--summary", str(tiny_dir))
    assert result.exit_code == 2
    assert "By kind: unknown_code 2, empty_file 1.\n3 problems found." in result.output


def test_export_round_trip(tiny_dir, tmp_path):
    result = run("export", str(tiny_dir), "--to", "xlsx", "--out", str(tmp_path / "t"))
    assert result.exit_code == 0
    result = run("export", str(tmp_path / "t.xlsx"), "--to", "csv", "--out",
                 str(tmp_path / "back"))
    assert result.exit_code == 0
    assert len(load_project(tmp_path / "back").events) == 17


def test_export_of_invalid_project_exits_2(tmp_path):
    result = run("export", str(tmp_path / "missing"), "--to", "csv", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "no such project" in result.output


def test_template_headers_match_the_contract():
    from collabkit.project.schema import TABLES
    from collabkit.project.starter import TEMPLATE_DIR

    for table in TABLES.values():
        header = (TEMPLATE_DIR / table.file_name).read_text().strip().split(",")
        assert tuple(header) == table.column_names


def test_corrupted_copy_of_an_example_exits_2_with_lines(tmp_path):
    import shutil

    from tests.conftest import EXAMPLES

    copy = tmp_path / "riverside"
    shutil.copytree(EXAMPLES / "riverside_crisis_cafe", copy)
    events = copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",move,", ",shout,").replace(",follow,", ",shout,").replace(
        ",oppose,", ",shout,").replace(",bystand,", ",shout,")
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (copy / "meetings.csv").write_text(
        (copy / "meetings.csv").read_text(encoding="utf-8").replace("-", "/", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "collabkit", "validate", str(copy)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{copy}/events.csv:4:move: unknown move 'shout'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("problems found.")


def test_validate_bundled_examples_exit_0():
    from tests.conftest import EXAMPLES

    result = subprocess.run([sys.executable, "-m", "collabkit", "validate", *sorted(
        str(p) for p in EXAMPLES.iterdir())], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "4 projects valid." in result.stdout


def test_validate_warns_when_one_person_holds_both_lead_roles(tiny_dir):
    text = (tiny_dir / "project.yaml").read_text(encoding="utf-8")
    (tiny_dir / "project.yaml").write_text(text.replace("process: U1", "process: S1"),
                                           encoding="utf-8")
    result = run("validate", str(tiny_dir))
    assert result.exit_code == 0, result.output
    assert ("warning: project.yaml: leads: S1 is named as both the pace lead and the process "
            "lead") in result.output
    assert "1 project valid." in result.output
