"""The live event log: durable appends, resume, undo, locking, crash safety."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from collabkit import load_project
from collabkit.errors import ActionError
from collabkit.project.eventlog import EVENT_COLUMNS, LOCK_NAME, EventLog

ROOT = Path(__file__).resolve().parents[1]


def rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "events.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def meeting_seqs(folder: Path, meeting: str, coder: str = "primary") -> list[int]:
    return [int(r["seq"]) for r in rows(folder)
            if r["meeting_id"] == meeting and (r["coder"] or "primary") == coder]


def test_append_is_on_disk_when_it_returns_and_the_project_loads(tiny_dir):
    log = EventLog(tiny_dir, "M1", participants=["S1", "U1"])
    event = log.append("U1", "follow", mode="dialogue", focus="problem", t_seconds=12.34)
    assert event["seq"] == "7"  # M1 had seq 1..6
    last = rows(tiny_dir)[-1]
    assert last == {"meeting_id": "M1", "seq": "7", "participant_id": "U1", "move": "follow",
                    "t_seconds": "12.3", "mode": "dialogue", "focus": "problem", "group": "",
                    "coder": "primary", "note": "", "duration_seconds": ""}
    project = load_project(tiny_dir)
    assert len(project.events) == 18
    assert (tiny_dir / LOCK_NAME).exists()


def test_append_fsyncs_the_line_before_returning(tiny_dir, monkeypatch):
    synced: list[bytes] = []
    real_fsync = os.fsync

    def spy(fd):
        real_fsync(fd)
        synced.append((tiny_dir / "events.csv").read_bytes())

    monkeypatch.setattr("collabkit.project.eventlog.os.fsync", spy)
    EventLog(tiny_dir, "M1").append("S2", "bystand")
    assert synced and synced[-1].endswith(b"M1,7,S2,bystand,,,,,primary,,\n")  # note, duration_seconds


def test_resume_continues_seq_per_meeting_and_coder(tiny_dir):
    assert EventLog(tiny_dir, "M1").next_seq == 7
    assert EventLog(tiny_dir, "M2", coder="second").next_seq == 5
    assert EventLog(tiny_dir, "M9").next_seq == 1  # nothing yet (the board checks the meeting)
    EventLog(tiny_dir, "M3").append("U1", "move")
    again = EventLog(tiny_dir, "M3")  # a restarted kernel
    assert again.next_seq == 5
    assert [e["seq"] for e in again.events] == ["1", "2", "3", "4"]


def test_refused_events_change_nothing(tiny_dir):
    before = (tiny_dir / "events.csv").read_bytes()
    log = EventLog(tiny_dir, "M1", participants=["S1"])
    with pytest.raises(ActionError, match="unknown participant 'X9'"):
        log.append("X9", "move")
    with pytest.raises(ActionError, match="unknown move 'shout'; allowed: bystand, follow"):
        log.append("S1", "shout")
    with pytest.raises(ActionError, match="unknown mode 'chat'"):
        log.append("S1", "move", mode="chat")
    with pytest.raises(ActionError, match="t_seconds must be 0 or more"):
        log.append("S1", "move", t_seconds=-1)
    with pytest.raises(ActionError, match="no participant given"):
        log.append("", "move")
    assert (tiny_dir / "events.csv").read_bytes() == before
    with pytest.raises(ActionError, match="no meeting chosen"):
        EventLog(tiny_dir, " ")


def test_undo_removes_this_logs_last_event_and_keeps_the_rest(tiny_dir):
    log = EventLog(tiny_dir, "M1")
    log.append("S1", "move")
    log.append("U1", "follow")
    other = EventLog(tiny_dir, "M1")
    other.append("C1", "oppose")  # seq 9, from another board
    removed = log.undo()
    assert removed["seq"] == "8" and removed["participant_id"] == "U1"
    assert meeting_seqs(tiny_dir, "M1") == [1, 2, 3, 4, 5, 6, 7, 9]
    assert meeting_seqs(tiny_dir, "M2", "second") == [1, 2, 3, 4]
    load_project(tiny_dir)


def test_undo_on_a_resumed_log_removes_the_meetings_last_event(tiny_dir):
    removed = EventLog(tiny_dir, "M3").undo()
    assert removed["seq"] == "3"
    assert meeting_seqs(tiny_dir, "M3") == [1, 2]
    log = EventLog(tiny_dir, "M3")
    assert log.append("S1", "follow")["seq"] == "3"
    empty = EventLog(tiny_dir, "M9")
    assert empty.undo() is None


def test_missing_events_file_is_created_with_its_header(tiny_dir):
    (tiny_dir / "events.csv").unlink()
    EventLog(tiny_dir, "M1").append("S1", "move")
    text = (tiny_dir / "events.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(EVENT_COLUMNS)
    assert len(load_project(tiny_dir).events) == 1


def test_a_file_without_final_newline_gets_one(tiny_dir):
    path = tiny_dir / "events.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    EventLog(tiny_dir, "M3").append("U1", "bystand")
    assert meeting_seqs(tiny_dir, "M3") == [1, 2, 3, 4]
    load_project(tiny_dir)


def test_windows_1252_file_and_short_header_are_rewritten_as_utf8(tiny_dir):
    path = tiny_dir / "events.csv"
    path.write_bytes("meeting_id,seq,participant_id,move,note\r\n"
                     "M1,1,U1,move,Zoë's idea\r\n".encode("cp1252"))
    EventLog(tiny_dir, "M1").append("S1", "follow", focus="solution")
    project = load_project(tiny_dir)
    assert project.events["note"].tolist()[0] == "Zoë's idea"
    assert project.events["focus"].astype(str).tolist()[1] == "solution"
    path.read_bytes().decode("utf-8")  # valid UTF-8 now


def test_two_logs_in_threads_lose_nothing(tiny_dir):
    boards = [EventLog(tiny_dir, "M1"), EventLog(tiny_dir, "M1")]
    errors: list[BaseException] = []

    def click(log: EventLog, person: str) -> None:
        try:
            for _ in range(150):
                log.append(person, "move")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=click, args=(b, p)) for b, p in zip(boards, ["S1", "U1"],
                                                                            strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = meeting_seqs(tiny_dir, "M1")
    assert sorted(seqs) == list(range(1, 307))
    assert all(len(line.split(",")) == len(EVENT_COLUMNS)
               for line in (tiny_dir / "events.csv").read_text().splitlines())
    assert len(load_project(tiny_dir).events) == 17 + 300


CHILD = textwrap.dedent("""
    import sys
    from collabkit.project.eventlog import EventLog
    folder, person, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    log = EventLog(folder, "M1")
    for _ in range(count):
        event = log.append(person, "follow")
        print(event["seq"], flush=True)
""")


@pytest.mark.slow
def test_two_processes_on_one_meeting_interleave_whole_lines(tiny_dir):
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(tiny_dir), person, "200"],
                                 stdout=subprocess.PIPE, text=True, cwd=ROOT)
                for person in ("S1", "U1")]
    printed = []
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        printed += [int(s) for s in out.split()]
    seqs = meeting_seqs(tiny_dir, "M1")
    assert sorted(printed) == list(range(7, 407))
    assert sorted(seqs) == list(range(1, 407))
    load_project(tiny_dir)


@pytest.mark.slow
def test_crash_keeps_every_event_whose_record_returned(tiny_dir):
    """SIGKILL a process mid-stream: all it reported as recorded is on disk; the project loads."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from collabkit.session.tally import LiveTally
            tally = LiveTally(sys.argv[1], "M1")
            for n in range(100000):
                event = tally.record(["S1", "U1", "C1", "S2"][n % 4], "move", focus="problem")
                print(event["seq"], flush=True)
        """), str(tiny_dir)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    reported = []
    for line in child.stdout:
        reported.append(int(line))
        if len(reported) == 300:
            child.send_signal(signal.SIGKILL)
            break
    reported += [int(line) for line in child.stdout.read().split()]
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    on_disk = set(meeting_seqs(tiny_dir, "M1"))
    assert set(reported) <= on_disk
    assert len(on_disk) >= 6 + 300
    project = load_project(tiny_dir)  # no torn line
    assert set(project.events.loc[project.events["meeting_id"] == "M1", "seq"]) == on_disk
    print(f"crash test: {len(reported)} records returned before SIGKILL, all on disk; "
          f"{len(on_disk) - 6} new events on disk; project loads with {len(project.events)} events")
