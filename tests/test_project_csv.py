"""Reading a CSV file compactly: the text kept as typed, blank rows, odd files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collabkit.project import storage
from collabkit.project.storage import read_csv_file


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "table.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    return frame.astype(object).values.tolist()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_text_is_kept_as_typed(tmp_path, encoding):
    text = ('id,note,n\n017,"=1+1", 3 \n 018 ,café naïve Zoë,\n'
            '"0042","  two  spaces  ",NA\n')
    frame, problems = read_csv_file(_write(tmp_path, text, encoding), compact=True)
    assert problems == []
    assert list(frame.columns) == ["id", "note", "n"]
    assert _rows(frame) == [["017", "=1+1", " 3 "], [" 018 ", "café naïve Zoë", ""],
                            ["0042", "  two  spaces  ", "NA"]]
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in frame)
    assert all(type(v) is str for c in frame for v in frame[c].cat.categories)


def test_compact_and_plain_reading_agree(tmp_path):
    text = 'id,note\r\n1,"a\r\nb"\r\n2,null\r\n3\r\n,\r\n4,#N/A\r\n'
    path = _write(tmp_path, text)
    compact, _ = read_csv_file(path, compact=True)
    plain, _ = read_csv_file(path)
    assert _rows(compact) == _rows(plain) == [["1", "a\r\nb"], ["2", "null"], ["3", ""],
                                              ["4", "#N/A"]]
    assert compact.index.tolist() == plain.index.tolist() == [0, 1, 2, 4]


def test_blank_rows_are_dropped_and_rows_keep_their_place(tmp_path):
    text = "id,note\n1,a\n\n2,b\n,\n ,  \n3,c\n\n\n"
    frame, problems = read_csv_file(_write(tmp_path, text), compact=True)
    assert problems == []
    assert _rows(frame) == [["1", "a"], ["2", "b"], ["3", "c"]]
    assert (frame.index + 2).tolist() == [2, 4, 7]  # the spreadsheet's row numbers


def test_blank_rows_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_ROWS", 2)
    text = "id,note\n1,a\n\n\n2,\n,\n3,c\n4,a\n5\n"
    frame, problems = read_csv_file(_write(tmp_path, text), compact=True)
    assert problems == []
    assert _rows(frame) == [["1", "a"], ["2", ""], ["3", "c"], ["4", "a"], ["5", ""]]
    assert (frame.index + 2).tolist() == [2, 5, 7, 8, 9]
    assert list(frame["note"].cat.categories) == ["a", "", "c"]  # each value once


@pytest.mark.parametrize("text", ["id,note\n", "id,note", "\ufeffid,note\r\n"])
def test_a_header_only_file_is_an_empty_table_with_its_columns(tmp_path, text):
    frame, problems = read_csv_file(_write(tmp_path, text), compact=True)
    assert problems == []
    assert list(frame.columns) == ["id", "note"]
    assert len(frame) == 0


@pytest.mark.parametrize("text", ["", "\n\n\n", " \n\t\n  \r\n"])
def test_a_file_of_blank_lines_is_empty(tmp_path, text):
    frame, problems = read_csv_file(_write(tmp_path, text), compact=True)
    assert frame is None
    assert [p.message for p in problems] == ["the file is empty; expected a header row"]


def test_a_ragged_row_is_named_when_read_compactly(tmp_path):
    frame, problems = read_csv_file(_write(tmp_path, "id,note\n1,a,x\n2,b\n"), compact=True)
    assert _rows(frame) == [["2", "b"]]
    assert [(p.row, p.message[:30]) for p in problems] == [(2, "this row has 3 cells but the h")]


def test_a_repeated_header_is_kept_as_written(tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "CHUNK_ROWS", 1)
    frame, _ = read_csv_file(_write(tmp_path, "role,role\na,b\nc,d\n"), compact=True)
    assert list(frame.columns) == ["role", "role"]
    assert _rows(frame) == [["a", "b"], ["c", "d"]]
