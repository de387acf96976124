"""Another coder's file into events: BORIS exports old and new, a plain CSV with a map, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collabkit import DataError, load_project
from collabkit.cli import main
from collabkit.imports import import_events
from collabkit.imports.boris import read_boris
from collabkit.reliability import coder_agreement
from tests.conftest import FIXTURES

BORIS = FIXTURES / "boris"


def coded(project_dir: Path, coder: str, meeting: str) -> list[tuple]:
    events = load_project(project_dir).events
    mine = events[(events["coder"] == coder) & (events["meeting_id"] == meeting)]

    def text(column: str) -> list[str]:
        return mine[column].astype(object).where(mine[column].notna(), "").tolist()

    return list(zip(mine["meeting_id"], mine["seq"], mine["participant_id"], text("move"),
                    mine["t_seconds"], text("mode"), text("focus"), strict=True))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_boris_export_reads_points_and_state_starts_only():
    rows = read_boris(BORIS / "m1_second_coder.tsv")
    assert [(r.row, r.subject, r.behaviour, r.values["t_seconds"]) for r in rows] == [
        (2, "Alex Testperson", "Move", "10.200"), (3, "Zoe Exampleton", "Follow", "40.500"),
        (4, "Sian Placeholder", "Follow", "69.800"), (5, "Bea Sample", "Bystand", "100.100"),
        (7, "Alex Testperson", "Move", "130.400"), (8, "Zoe Exampleton", "Follow", "160.000")]
    old = read_boris(BORIS / "m3_old_export.csv")
    assert [(r.observation, r.row, r.modifiers) for r in old] == [
        ("M3", 8, ("debate", "solution")), ("M3", 9, ("debate", "solution")),
        ("M3", 10, ("dialogue", "solution"))]


def test_a_second_coder_from_boris_makes_reliability_possible(tiny_dir):
    done = import_events(tiny_dir, BORIS / "m1_second_coder.tsv", coder="second")
    assert coded(tiny_dir, "second", "M1") == [
        ("M1", 1, "S1", "move", 10.2, "dialogue", "problem"),
        ("M1", 2, "U1", "follow", 40.5, "dialogue", "problem"),
        ("M1", 3, "C1", "follow", 69.8, "debate", "problem"),
        ("M1", 4, "S2", "bystand", 100.1, "dialogue", "process"),
        ("M1", 5, "S1", "move", 130.4, "dialogue", "solution"),
        ("M1", 6, "U1", "follow", 160.0, "dialogue", "solution")]
    assert done.subjects["matched_by"].tolist() == ["name"] * 4
    assert load_project(tiny_dir).events.query("coder == 'second' and meeting_id == 'M1'")[
        "note"].tolist()[2] == "heard as agreeing"
    agreement = coder_agreement(load_project(tiny_dir).events, by="time").set_index("meeting_id")
    assert agreement.loc["M1", "units"] == 6
    assert agreement.loc["M1", "raw_agreement"] == pytest.approx(5 / 6)


def test_seq_carries_on_per_meeting_and_coder(tiny_dir):
    done = import_events(tiny_dir, BORIS / "m3_old_export.csv", coder="second", meeting="M2")
    assert done.meetings.to_dict("records") == [{"meeting_id": "M2", "events": 3,
                                                 "first_seq": 5, "last_seq": 7, "had_before": 4}]
    primary = import_events(tiny_dir, BORIS / "m3_old_export.csv")
    assert primary.coder == "primary"
    assert primary.meetings["first_seq"].tolist() == [4]  # after M3's three primary events


def test_a_plain_csv_with_a_column_and_value_map(tiny_dir, tmp_path):
    source = write(tmp_path, "coded.csv", "Meeting,Time,Speaker,Code,Style,Topic\n"
                                          "session 3,0:05,Alex Testperson,Proposes,Dialogic,\n"
                                          "session 3,1:02:03,u1,Builds,,solution\n"
                                          "session 3,70,Note taker,Proposes,,\n")
    mapping = write(tmp_path, "map.csv", "kind,from,to\ncolumn,Meeting,meeting_id\n"
                                         "column,Time,t_seconds\ncolumn,Speaker,participant_id\n"
                                         "column,Code,move\ncolumn,Style,mode\ncolumn,Topic,focus\n"
                                         "behavior,proposes,move\nbehaviour,Builds,follow\n"
                                         "modifier,dialogic,dialogue\nobservation,Session 3,M3\n"
                                         "subject,note taker,\n")
    done = import_events(tiny_dir, source, format="csv", map=mapping, coder="third")
    assert coded(tiny_dir, "third", "M3") == [("M3", 1, "S1", "move", 5.0, "dialogue", ""),
                                              ("M3", 2, "U1", "follow", 3723.0, "", "solution")]
    assert (done.read, done.left_out) == (3, 1)


def test_every_unknown_is_listed_once_and_nothing_is_written(tiny_dir, tmp_path):
    before = (tiny_dir / "events.csv").read_bytes()
    text = (BORIS / "m1_second_coder.tsv").read_text(encoding="utf-8")
    spoilt = write(tmp_path, "m1.tsv", text.replace("Bea Sample", "Bee").replace(
        "\tFollow\t", "\tAgrees\t").replace("\tsolution\t", "\tsolutions\t").replace(
        "M1\t2026", "M9\t2026", 1))
    with pytest.raises(DataError) as caught:
        import_events(tiny_dir, spoilt, coder="second")
    found = [(p.code, p.value, p.row) for p in caught.value.problems]
    assert found == [("unmatched_name", "Bee", 5), ("unknown_code", "Agrees", 3),
                     ("unknown_code", "solutions", 7), ("dangling_reference", "M9", 2)]
    messages = [p.message for p in caught.value.problems]
    assert messages[1].startswith("unknown behaviour 'Agrees' (3 rows, first on row 3); "
                                  "allowed: move, follow, oppose, bystand")
    assert (tiny_dir / "events.csv").read_bytes() == before


def test_meeting_option_refuses_a_file_of_several_observations(tiny_dir, tmp_path):
    text = (BORIS / "m1_second_coder.tsv").read_text(encoding="utf-8")
    two = write(tmp_path, "two.tsv", text.replace("M1\t2026", "M2\t2026", 2))
    with pytest.raises(DataError, match="the file holds 2 observations \\(M2, M1\\)"):
        import_events(tiny_dir, two, meeting="M1")
    done = import_events(tiny_dir, two, coder="second")  # each observation names its meeting
    assert done.meetings["meeting_id"].tolist() == ["M2", "M1"]


@pytest.mark.parametrize(("name", "content", "match"), [
    ("notes.tsv", "a\tb\n1\t2\n", "this is not a BORIS tabular events export"),
    ("empty.tsv", "", "the file is empty"),
])
def test_files_that_are_not_exports(tiny_dir, tmp_path, name, content, match):
    with pytest.raises(DataError, match=match):
        import_events(tiny_dir, write(tmp_path, name, content))


def test_a_plain_csv_needs_who_and_what(tiny_dir, tmp_path):
    with pytest.raises(DataError) as caught:
        import_events(tiny_dir, write(tmp_path, "x.csv", "when,who\n1,S1\n"), format="csv")
    assert [p.column for p in caught.value.problems] == ["participant_id", "move"]


def test_a_workbook_export_and_a_workbook_project(tiny, tmp_path):
    import openpyxl

    sheet_book = openpyxl.Workbook()
    rows = [line.split("\t") for line in
            (BORIS / "m1_second_coder.tsv").read_text(encoding="utf-8").splitlines()]
    for row in rows:
        sheet_book.active.append(row)
    export = tmp_path / "export.xlsx"
    sheet_book.save(export)
    book = tiny.save(tmp_path / "tiny.xlsx")
    done = import_events(book, export, coder="second")
    assert done.written_to == f"{book}[events]"
    assert (load_project(book).events["coder"] == "second").sum() == 4 + 6


def test_the_command_prints_what_it_did(tiny_dir):
    result = CliRunner().invoke(main, ["import-events", str(tiny_dir),
                                       str(BORIS / "m1_second_coder.tsv"), "--coder", "second"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ("Read m1_second_coder.tsv: BORIS tabular events "
                                             "export; 6 contributions.")
    assert result.output.splitlines()[-1] == (
        f"Appended 6 events to meeting M1 as coder 'second' (seq 1-6) in "
        f"{tiny_dir / 'events.csv'}.")


def test_the_command_refuses_with_exit_2(tiny_dir, tmp_path):
    bad = write(tmp_path, "bad.csv", "participant_id,move,meeting_id\nZed,shout,M1\n")
    result = CliRunner().invoke(main, ["import-events", str(tiny_dir), str(bad), "--format",
                                       "csv"])
    assert result.exit_code == 2
    assert "unknown subject 'Zed' (1 row, first on row 2)" in result.output
    assert "unknown behaviour 'shout'" in result.output
    assert "Traceback" not in result.output


def test_the_command_maps_its_options_onto_one_call(monkeypatch):
    import collabkit.imports as imports

    calls = []

    def fake(*args, **kwargs):
        calls.append((args, kwargs))
        raise DataError([])

    monkeypatch.setattr(imports, "import_events", fake)
    CliRunner().invoke(main, ["import-events", "p", "f.csv", "--format", "csv", "--map", "m.csv",
                              "--coder", "ann", "--meeting", "M2"])
    assert calls == [((Path("p"), Path("f.csv")),
                      {"format": "csv", "map": Path("m.csv"), "coder": "ann", "meeting": "M2"})]
