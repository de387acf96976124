"""Issue 10, items 2, 3 and 14 for workbooks: the sheet and cell of each problem,
formulas with no saved result, and a full disk while exporting.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from collabkit import load_project
from collabkit.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def book(tiny, tmp_path) -> Path:
    """The tiny project as a workbook, to edit with openpyxl."""
    return tiny.save(tmp_path / "tiny.xlsx")


def edit(path: Path, cells: dict[tuple[str, str], object]) -> None:
    """Set ``(sheet, cell) -> value`` in the workbook at ``path`` (a "=..." value is a formula)."""
    workbook = openpyxl.load_workbook(path)
    for (sheet, cell), value in cells.items():
        workbook[sheet][cell] = value
    workbook.save(path)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_project(path)
    return [str(p) for p in caught.value.problems]


# -- item 14: the sheet and cell ----------------------------------------------------------


def test_a_bad_value_names_the_sheet_and_the_cell(book):
    edit(book, {("participants", "B3"): "boss"})
    assert problems_of(book) == [
        f"{book}[participants]:3:role: unknown role 'boss'; allowed: service_user, carer, "
        "family, volunteer, staff, partner, other (cell B3)"]


def test_a_dangling_reference_names_the_sheet_not_a_csv_file(book):
    edit(book, {("events", "C2"): "P404"})
    assert problems_of(book) == [
        f"{book}[events]:2:participant_id: 'P404' is not in the participants sheet; add it "
        "there or correct the participant_id (cell C2)"]


def test_a_project_field_names_the_row_and_cell_of_the_project_sheet(book):
    rows = [c.value for c in openpyxl.load_workbook(book)["project"]["A"]]
    row = rows.index("end") + 1
    edit(book, {("project", f"B{row}"): "soon"})
    assert problems_of(book) == [
        f"{book}[project]:{row}:end: 'soon' is not a date; write dates day first, DD/MM/YYYY "
        f"(for example 14/03/2026), or as YYYY-MM-DD (2026-03-14) (cell B{row})"]


def test_a_lead_not_in_participants_names_the_sheet(book):
    rows = [c.value for c in openpyxl.load_workbook(book)["project"]["A"]]
    row = rows.index("leads.pace") + 1
    edit(book, {("project", f"B{row}"): "S404"})
    assert problems_of(book) == [
        f"{book}[project]:{row}:leads.pace: lead 'S404' is not in the participants sheet "
        f"(cell B{row})"]


def test_blank_rows_inside_a_sheet_are_skipped_and_rows_keep_their_numbers(book):
    last = openpyxl.load_workbook(book)["participants"].max_row
    edit(book, {("participants", f"A{last + 3}"): "X9", ("participants", f"B{last + 3}"): "boss"})
    assert problems_of(book) == [
        f"{book}[participants]:{last + 3}:role: unknown role 'boss'; allowed: service_user, "
        f"carer, family, volunteer, staff, partner, other (cell B{last + 3})"]


# -- item 2: formulas with no saved result --------------------------------------------------


def test_a_formula_with_no_saved_result_names_the_cell_instead_of_blank(book):
    edit(book, {("participants", "B3"): "=B2"})  # written by a program: no result is saved
    assert problems_of(book) == [
        f"{book}[participants]:3:role: cell B3 holds a formula (=B2) with no saved result, so "
        "it reads as blank; collabkit reads the results a spreadsheet saves: open the workbook "
        "in Excel or LibreOffice and save it, or type the value in"]


def test_a_formula_in_an_optional_cell_is_not_silently_emptied(book):
    edit(book, {("glossary", "B2"): '=CONCAT("What happens", " at night")'})
    [line] = problems_of(book)
    assert line.startswith(f"{book}[glossary]:2:meaning: cell B2 holds a formula "
                           '(=CONCAT("What happens", " at night")) with no saved result')


def test_a_formula_in_the_project_sheet_names_its_key(book):
    rows = [c.value for c in openpyxl.load_workbook(book)["project"]["A"]]
    row = rows.index("title") + 1
    edit(book, {("project", f"B{row}"): '="Tiny"&" project"'})
    [line] = problems_of(book)
    assert line.startswith(f"{book}[project]:{row}:title: cell B{row} holds a formula "
                           '(="Tiny"&" project") with no saved result')


def test_a_formula_with_its_saved_result_is_read_as_that_result(book, tmp_path):
    edit(book, {("participants", "B3"): '="staff"'})
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):  # what a spreadsheet would save
                body = re.sub(rb'<c r="B3"([^>]*)><f>(.*?)</f><v\s*/>',
                              rb'<c r="B3"\1 t="str"><f>\2</f><v>staff</v>', body)
            target.writestr(item, body)
    people = load_project(saved).participants.set_index("participant_id")
    assert people["role"].iloc[1] == "staff"


# -- item 3: a full disk while exporting a workbook -------------------------------------------

FULL_DISK = """
import errno, os, sys
real = os.fdopen
class Full:
    def __init__(self, handle): self.handle = handle
    def write(self, data): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def __getattr__(self, name): return getattr(self.handle, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
os.fdopen = lambda *args, **kwargs: Full(real(*args, **kwargs))
from collabkit.cli import main
main(sys.argv[1:], prog_name="collabkit")
"""


def test_a_full_disk_during_xlsx_export_prints_only_the_clear_error(tiny_dir, tmp_path):
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "out.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "export", str(tiny_dir), "--to", "xlsx", "--out",
         str(out)], capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"collabkit: No space left on device: {out}\n"
    assert list(out.parent.iterdir()) == [], "no file and no temporary file is left"


def test_a_table_changed_in_code_names_the_workbook_sheet_too(book):
    project = load_project(book)
    people = project.participants.astype({"role": "string"})
    people.loc[1, "role"] = "boss"
    with pytest.raises(DataError) as caught:
        project.with_table("participants", people)
    assert [str(p) for p in caught.value.problems] == [
        f"{book}[participants]:3:role: unknown role 'boss'; allowed: service_user, carer, "
        "family, volunteer, staff, partner, other"]
