"""A workbook written by collabkit keeps every text cell as the text typed: no formulas."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from collabkit import load_project
from collabkit.cli import main
from collabkit.project import to_text

HOSTILE = ["=2*3 people agreed", " =1+1", '=HYPERLINK("http://example.invalid","x")',
           "=cmd|' /C notepad'!'A1'", "+44 115 000 0000", "-5 minutes", "@SUM(A1)", "017",
           "2.50", "12"]


#: What the project holds: loading trims the spaces around every cell.
HELD = [text.strip() for text in HOSTILE]


@pytest.fixture
def hostile(tiny):
    glossary = pd.DataFrame({"term": [f"term {i}" for i in range(len(HOSTILE))],
                             "meaning": HOSTILE})
    return tiny.with_table("glossary", glossary)


def test_text_that_looks_like_a_formula_is_written_as_text(hostile, tmp_path):
    target = hostile.save(tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(target)  # formulas as formulas: none may be there
    kinds = {cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    meanings = [row[1] for row in book["glossary"].iter_rows(min_row=2, values_only=True)]
    assert meanings[:-1] == HELD[:-1] and meanings[-1] == 12  # a plain number stays one


def test_a_workbook_round_trip_keeps_every_cell_byte_for_byte(hostile, tmp_path):
    again = load_project(hostile.save(tmp_path / "p.xlsx"))
    assert hostile.glossary["meaning"].tolist() == HELD
    assert again.glossary["meaning"].tolist() == HELD
    for name, table in hostile.tables.items():
        pd.testing.assert_frame_equal(to_text(again.tables[name]), to_text(table),
                                      check_dtype=False, obj=name)


def test_export_to_xlsx_writes_no_formula(hostile, tmp_path):
    folder = hostile.save(tmp_path / "folder")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["export", str(folder), "--to", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows()
               for cell in row)
    assert load_project(out).glossary["meaning"].tolist() == HELD
