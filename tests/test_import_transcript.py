"""Transcripts into turns: each format, the speaker matching and its refusals, replacing a meeting.

Hand-worked talk times (tests/fixtures/transcripts):

- teams_m2.vtt: the turns of tests/test_metrics_talk.py (44.5 s in six turns).
- zoom_m3.vtt: S1 1.0-9.0 (two cues), U1 9.5-15.5, S1 14.0-16.0 (over U1),
  a cue with no speaker (1.5 s, left out), U1 3723.25-3728.75; S1 10 s, U1 11.5 s.
- m1.srt: S1 0.5-6.0, C1 6.5-15.0 (two cues), P1 4200-4204 (absent on the register).
- m3.txt: 3, 9 (a line carrying on) and 1 words at 150 a minute: 1.2, 3.6, 0.4 s.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from collabkit import DataError, load_project
from collabkit.cli import main
from collabkit.imports import import_transcript
from collabkit.imports.names import NameMatcher, fold_name
from collabkit.metrics import participant_talk
from tests.conftest import FIXTURES
from tests.test_metrics_talk import TURNS

TRANSCRIPTS = FIXTURES / "transcripts"


def turns_of(project_dir: Path) -> list[tuple]:
    turns = load_project(project_dir).turns
    return list(zip(turns["meeting_id"], turns["participant_id"], turns["start_seconds"],
                    turns["end_seconds"], turns["source"], strict=True))


def problems(error: pytest.ExceptionInfo) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.value, p.message) for p in error.value.problems]


def copy(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


def test_teams_vtt_gives_the_hand_worked_turns(tiny_dir):
    done = import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt")
    expected = list(zip(TURNS["meeting_id"], TURNS["participant_id"], TURNS["start_seconds"],
                        TURNS["end_seconds"], TURNS["source"], strict=True))
    assert turns_of(tiny_dir) == expected
    assert (done.cues, done.turns, done.talk_seconds, done.replaced) == (8, 6, 44.5, 0)
    assert done.minutes == pytest.approx(3610 / 60)
    assert done.style == "WebVTT with voice tags (as Microsoft Teams writes it)"
    assert done.speakers.set_index("participant_id")["speaker"].to_dict() == {
        "S1": "Alex Testperson", "U1": "Zoë Exampleton", "C1": "Siân Placeholder",
        "S2": "Bea Sample"}
    talk = participant_talk(load_project(tiny_dir)).set_index("participant_id")
    assert talk["talk_seconds"].to_dict() == {"S1": 15.0, "S2": 4.5, "U1": 19.0, "C1": 6.0,
                                              "P1": 0.0}


def test_zoom_vtt_folds_accents_and_case_and_leaves_out_cues_with_no_speaker(tiny_dir):
    done = import_transcript(tiny_dir, "M3", TRANSCRIPTS / "zoom_m3.vtt")
    assert turns_of(tiny_dir) == [("M3", "S1", 1.0, 9.0, "vtt"), ("M3", "U1", 9.5, 15.5, "vtt"),
                                  ("M3", "S1", 14.0, 16.0, "vtt"),
                                  ("M3", "U1", 3723.25, 3728.75, "vtt")]
    assert done.style == "WebVTT with 'Name:' at the start of each cue (as Zoom writes it)"
    assert (done.unattributed_cues, done.unattributed_seconds) == (1, 1.5)
    row = done.speakers.set_index("participant_id").loc["U1"]
    assert (row["speaker"], row["turns"], row["talk_seconds"]) == (
        "ZOE EXAMPLETON / Zoe Exampleton", 2, 11.5)


def test_srt_and_a_speaker_the_register_marks_absent(tiny_dir):
    done = import_transcript(tiny_dir, "M1", TRANSCRIPTS / "m1.srt")
    assert turns_of(tiny_dir) == [("M1", "S1", 0.5, 6.0, "srt"), ("M1", "C1", 6.5, 15.0, "srt"),
                                  ("M1", "P1", 4200.0, 4204.0, "srt")]
    assert done.warnings == ["P1 speaks in the transcript, but the register (attendance) says "
                             "they were not present at M1; speaking counts as present in the "
                             "talk-time figures"]


def test_plain_text_times_come_from_the_words(tiny_dir):
    done = import_transcript(tiny_dir, "M3", TRANSCRIPTS / "m3.txt", keep_text=True)
    turns = load_project(tiny_dir).turns
    assert turns["end_seconds"].sub(turns["start_seconds"]).round(3).tolist() == [1.2, 3.6, 0.4]
    assert set(turns["source"]) == {"text_estimated"}
    assert turns["text"].tolist()[1] == "Nine o'clock, please. It is too late at ten."
    assert "150 words a minute" in done.style


def test_text_is_kept_only_when_asked(tiny_dir):
    import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt")
    assert load_project(tiny_dir).turns["text"].isna().all()
    assert "medication" not in (tiny_dir / "turns.csv").read_text(encoding="utf-8")
    import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt", keep_text=True)
    texts = load_project(tiny_dir).turns["text"].tolist()
    assert texts[1] == ("Evenings are the hardest part. It gets loud after the medication "
                        "round and nobody explains why.")


def test_importing_again_replaces_that_meeting_only(tiny_dir):
    import_transcript(tiny_dir, "M3", TRANSCRIPTS / "zoom_m3.vtt")
    import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt")
    again = import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt")
    assert again.replaced == 6
    turns = load_project(tiny_dir).turns
    assert turns["meeting_id"].value_counts().to_dict() == {"M2": 6, "M3": 4}


def test_every_unmatched_speaker_is_listed_and_nothing_is_written(tiny_dir, tmp_path):
    text = (TRANSCRIPTS / "teams_m2.vtt").read_text(encoding="utf-8")
    strange = copy(tmp_path, "m2.vtt", text.replace("Alex Testperson", "Alexandra T")
                   .replace("Bea Sample", "Meeting Room 3"))
    with pytest.raises(DataError) as caught:
        import_transcript(tiny_dir, "M2", strange)
    assert [(code, value) for code, value, _ in problems(caught)] == [
        ("unmatched_name", "Alexandra T"), ("unmatched_name", "Meeting Room 3")]
    assert problems(caught)[0][2] == (
        "speaker 'Alexandra T' (3 cues, first at 00:00:02.000) matches no participant's name "
        "or id; add them to participants.csv, or map them in --speakers MAP.csv "
        "(speaker,participant_id; a blank participant_id leaves them out)")
    assert not (tiny_dir / "turns.csv").exists()


def test_a_map_names_or_leaves_out_speakers(tiny_dir, tmp_path):
    text = (TRANSCRIPTS / "teams_m2.vtt").read_text(encoding="utf-8")
    strange = copy(tmp_path, "m2.vtt", text.replace("Alex Testperson", "Alexandra T")
                   .replace("Bea Sample", "Meeting Room 3"))
    mapping = copy(tmp_path, "map.csv", "Speaker,Participant ID\nalexandra t,S1\n"
                                        "Meeting Room 3,\n")
    done = import_transcript(tiny_dir, "M2", strange, speakers=mapping)
    assert done.turns == 5  # the room's turn is left out
    by = done.speakers.set_index("speaker")["matched_by"].to_dict()
    assert by == {"Alexandra T": "map", "Zoë Exampleton": "name", "Siân Placeholder": "name",
                  "Meeting Room 3": "left out"}


def test_a_bad_map_and_an_unknown_meeting_are_listed_together(tiny_dir, tmp_path):
    mapping = copy(tmp_path, "map.csv", "speaker,participant_id\nBea Sample,S9\n"
                                        "bea sample,S2\n")
    with pytest.raises(DataError) as caught:
        import_transcript(tiny_dir, "M7", TRANSCRIPTS / "teams_m2.vtt", speakers=mapping)
    assert [(code, value) for code, value, _ in problems(caught)] == [
        ("duplicate_key", "bea sample"), ("dangling_reference", "M7"),
        ("dangling_reference", "S9")]
    mapping.write_text("speaker,participant_id\nBea Sample,S9\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_transcript(tiny_dir, "M7", TRANSCRIPTS / "teams_m2.vtt", speakers=mapping)
    assert [(code, value) for code, value, _ in problems(caught)] == [
        ("dangling_reference", "M7"), ("dangling_reference", "S9")]
    mapping.write_text("name,id\n", encoding="utf-8")
    with pytest.raises(DataError, match="the map needs a column 'speaker'"):
        import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt", speakers=mapping)


def test_an_ambiguous_name_asks_for_the_map(tiny_dir, tmp_path):
    people = tiny_dir / "participants.csv"
    people.write_text(people.read_text(encoding="utf-8").replace("Bea Sample", "Zoe Exampleton"),
                      encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_transcript(tiny_dir, "M2", TRANSCRIPTS / "teams_m2.vtt")
    assert "matches more than one participant (S2, U1)" in problems(caught)[0][2]


def test_nhs_style_display_names_match():
    people = pd.DataFrame({"participant_id": ["S2", "U1"], "name": ["Bea Sample", "Zoë Ex"]})
    matcher = NameMatcher(people)
    assert matcher.match("SAMPLE, Bea (Nottinghamshire Healthcare NHS FT)").participant_id == "S2"
    assert matcher.match("u1").how == "id"
    assert matcher.match("Zoe").how == "unmatched"
    assert fold_name("ZOË\u00a0Ex") == "zoe ex"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("broken.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\n<v A>hi</v>\n",
     "this is not a readable WebVTT transcript"),
    ("headless.vtt", "00:00:01.000 --> 00:00:02.000\n<v A>hi</v>\n",
     "this is not a readable WebVTT transcript"),
    ("broken.srt", "1\n00:00:01,000 --> soon\nA: hi\n", "this is not a readable SubRip"),
    ("notes.docx", "PK\x03\x04 a Word file", "this is a Word document"),
    ("empty.txt", "\n\n", "the transcript holds no cue"),
])
def test_unreadable_transcripts_are_problems(tiny_dir, tmp_path, name, content, message):
    with pytest.raises(DataError, match=message) as caught:
        import_transcript(tiny_dir, "M2", copy(tmp_path, name, content))
    assert not (tiny_dir / "turns.csv").exists()
    assert caught.value.problems[0].code in ("bad_import", "empty_file")


@pytest.mark.parametrize(("name", "content"), [
    ("x.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>secret words</v>\n"
              "00:00:03.000 --> 00:00:04.000\n<v B>yo</v>\n"),
    ("x.srt", "1\n00:00:01,000 --> soon\nA: secret words\n"),
])
def test_a_refusal_never_quotes_what_was_said(tiny_dir, tmp_path, name, content):
    with pytest.raises(DataError) as caught:
        import_transcript(tiny_dir, "M2", copy(tmp_path, name, content))
    assert "secret" not in str(caught.value)


def test_a_workbook_project_takes_turns_too(tiny, tmp_path):
    book = tiny.save(tmp_path / "tiny.xlsx")
    done = import_transcript(book, "M2", TRANSCRIPTS / "teams_m2.vtt")
    assert done.written_to == f"{book}[turns]"
    assert len(load_project(book).turns) == 6


def test_the_command_prints_what_it_did(tiny_dir):
    result = CliRunner().invoke(main, ["import-transcript", str(tiny_dir), "M3",
                                       str(TRANSCRIPTS / "zoom_m3.vtt")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Read zoom_m3.vtt: WebVTT with 'Name:' at the start of each cue (as Zoom writes it); "
        "6 cues.",
        "  Alex Testperson -> S1 (by name): 2 turns, 10.0 s",
        "  ZOE EXAMPLETON / Zoe Exampleton -> U1 (by name): 2 turns, 11.5 s",
        "  1 cue naming no speaker (1.5 s) left out.",
        f"Wrote 4 turns of meeting M3 to {tiny_dir / 'turns.csv'}: 21.5 s of talk over "
        "62.1 minutes.",
        "What was said was not kept (personal data); add --keep-text to keep it.",
    ]
    again = CliRunner().invoke(main, ["import-transcript", str(tiny_dir), "M3",
                                      str(TRANSCRIPTS / "zoom_m3.vtt"), "--keep-text"])
    assert "Replaced the 4 turns M3 had before (other meetings' turns are kept)." in again.output


def test_the_command_refuses_with_exit_2_and_no_traceback(tiny_dir, tmp_path):
    strange = tmp_path / "m2.vtt"
    shutil.copy(TRANSCRIPTS / "teams_m2.vtt", strange)
    strange.write_text(strange.read_text(encoding="utf-8").replace("Bea Sample", "Bee"),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["import-transcript", str(tiny_dir), "M2", str(strange)])
    assert result.exit_code == 2
    assert f"{strange}:speaker: speaker 'Bee' (1 cue, first at 00:00:31.000)" in result.output
    assert "Traceback" not in result.output and not (tiny_dir / "turns.csv").exists()


def test_the_command_maps_its_options_onto_one_call(monkeypatch, tmp_path):
    import collabkit.imports as imports

    calls = []

    def fake(*args, **kwargs):
        calls.append((args, kwargs))
        raise DataError([])

    monkeypatch.setattr(imports, "import_transcript", fake)
    CliRunner().invoke(main, ["import-transcript", "p", "M1", "t.vtt", "--speakers", "m.csv",
                              "--keep-text"])
    assert calls == [((Path("p"), "M1", Path("t.vtt")),
                      {"speakers": Path("m.csv"), "keep_text": True})]
