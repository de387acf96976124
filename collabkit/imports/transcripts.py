"""Reading meeting transcripts into cues: who spoke, from when to when, saying what.

Four kinds of file are read, by their name or, failing that, their content:

- **WebVTT as Microsoft Teams writes it** (``.vtt``): each cue's speaker in a
  voice tag, ``<v Alex Testperson>Good evening</v>``, a cue's text over
  several lines, hours in the times, ``NOTE`` blocks and cue identifiers.
- **WebVTT as Zoom writes it** (``.vtt``): the speaker at the start of each
  cue, ``Alex Testperson: Good evening``.
- **SubRip** (``.srt``), with the speaker written either way.
- **Plain text** (any other name): one ``Name: text`` a line; a line with no
  ``Name:`` carries on the turn above. There are no times, so each line is
  given a length from its words at :data:`WORDS_PER_MINUTE`, one after
  another (source ``text_estimated``): talk *shares* are then shares of the
  words, and the times say nothing of pace or overlaps.

WebVTT is parsed by webvtt-py and SubRip by srt (the ``transcripts`` extra:
``pip install "collabkit[transcripts]"``). A cue that names no speaker (Zoom
writes one when it could not tell who spoke) is kept with speaker ``None``,
for the importer to count and leave out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from collabkit.errors import DataError, Problem
from collabkit.project.storage import decode_text, not_a_regular_file

__all__ = ["Cue", "Transcript", "WORDS_PER_MINUTE", "read_transcript", "split_speaker"]

#: Speaking rate used to give plain-text lines a length: about 150 words a minute
#: is the usual figure for conversational English.
WORDS_PER_MINUTE = 150
#: Most words a speaker's name may have before ``:`` (longer is a sentence with a colon).
MAX_NAME_WORDS = 6

_PREFIX = re.compile(r"^\s*(?P<name>[^\W\d_][^:]{0,79}?)\s*:(?:\s+(?P<text>.*))?$", re.DOTALL)
_VOICE = re.compile(r"^\s*<v(?:\.[\w-]+)*\s+(?P<name>[^>]+)>")
_TAGS = re.compile(r"<[^>]*>")
_INSTALL = 'pip install "collabkit[transcripts]"'


@dataclass(frozen=True)
class Cue:
    """One cue (or plain-text line) of a transcript.

    Attributes
    ----------
    speaker : str or None
        The name written for the speaker, None when the cue names none.
    start, end : float
        Seconds from the start of the recording.
    text : str
        What was said, tags removed, lines joined with spaces.
    where : str
        Where it is in the file, for messages: the cue's start time or the line.
    """

    speaker: str | None
    start: float
    end: float
    text: str
    where: str


@dataclass(frozen=True)
class Transcript:
    """A transcript read from a file.

    Attributes
    ----------
    cues : list of Cue
        In the order of the file.
    source : str
        ``"vtt"``, ``"srt"`` or ``"text_estimated"``: what each turn's
        ``source`` says.
    style : str
        How the file named its speakers, in words, for the import's summary.
    """

    cues: list[Cue]
    source: str
    style: str


def split_speaker(text: str) -> tuple[str | None, str]:
    """A cue's speaker and text, from a voice tag or a ``Name:`` at its start.

    Examples
    --------
    >>> split_speaker("<v Zoë Exampleton>It gets loud.</v>")
    ('Zoë Exampleton', 'It gets loud.')
    >>> split_speaker("Alex Testperson: Tonight: the lights.")
    ('Alex Testperson', 'Tonight: the lights.')
    >>> split_speaker("and then we went home")
    (None, 'and then we went home')
    """
    voice = _VOICE.match(text)
    if voice:
        return voice.group("name").strip(), _plain(text)
    first, _, rest = text.partition("\n")
    prefix = _PREFIX.match(first)
    if prefix and len(prefix.group("name").split()) <= MAX_NAME_WORDS:
        return prefix.group("name").strip(), _plain(f"{prefix.group('text') or ''}\n{rest}")
    return None, _plain(text)


def _plain(text: str) -> str:
    return " ".join(_TAGS.sub("", text).split())


def read_transcript(path: str | os.PathLike) -> Transcript:
    """Read a Teams or Zoom WebVTT file, a SubRip file or a plain ``Name: text`` transcript.

    Parameters
    ----------
    path : str or Path
        The transcript. ``.vtt`` and ``.srt`` are read as such, as is any
        file whose content starts like one; anything else is plain text.

    Returns
    -------
    Transcript

    Raises
    ------
    DataError
        The file is missing, not text, or not readable as its kind (code
        ``bad_import`` with the parser's reason), or holds no cue.

    Examples
    --------
    >>> transcript = read_transcript("tests/fixtures/transcripts/teams_m2.vtt")
    >>> transcript.style, len(transcript.cues)
    ('WebVTT with voice tags (as Microsoft Teams writes it)', 8)
    >>> transcript.cues[-1].speaker, transcript.cues[-1].start
    ('Alex Testperson', 3609.0)
    """
    path = Path(path)
    file = str(path)
    text = _read_text(path)
    head = text.lstrip("\ufeff \t\r\n")
    suffix = path.suffix.lower()
    if suffix == ".vtt" or head.startswith("WEBVTT"):
        cues, source = _vtt_cues(text, file), "vtt"
    elif suffix == ".srt" or re.match(r"\d+\s*\n[\d:,.]+\s*-->", head):
        cues, source = _srt_cues(text, file), "srt"
    else:
        cues, source = _text_cues(text), "text_estimated"
    if not cues:
        raise DataError(Problem(file, None, None, None, "the transcript holds no cue with words "
                                "in it; nothing to import", code="bad_import"))
    return Transcript(cues, source, _style(cues, source, text))


def _read_text(path: Path) -> str:
    file = str(path)
    if not path.exists():
        raise DataError(Problem(file, None, None, None, "no such transcript file",
                                code="missing_file"))
    strange = not_a_regular_file(path)
    if strange:
        raise DataError(strange)
    data = path.read_bytes()
    if path.suffix.lower() == ".docx" or (data.startswith(b"PK\x03\x04")
                                          and path.suffix.lower() != ".xlsx"):
        raise DataError(Problem(file, None, None, None, "this is a Word document, not a text "
                                "transcript; download the transcript as .vtt from Teams or "
                                "Zoom instead", code="bad_import"))
    text, problem = decode_text(data, file)
    if problem or text is None:
        raise DataError(problem or Problem(file, None, None, None, "cannot read the file",
                                           code="unreadable_file"))
    return text


def _vtt_cues(text: str, file: str) -> list[Cue]:
    try:
        import webvtt
        from webvtt.errors import MalformedCaptionError, MalformedFileError
    except ImportError as exc:
        raise ImportError(f"reading WebVTT needs webvtt-py: {_INSTALL}") from exc
    try:
        captions = webvtt.WebVTT.from_string(text.lstrip("\ufeff"), strict=True).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        reason = _without_words(str(exc))
        raise DataError(Problem(file, None, None, None,
                                f"this is not a readable WebVTT transcript ({reason}); download "
                                "it again from Teams or Zoom as .vtt", code="bad_import")) from None
    cues = []
    for caption in captions:
        speaker, words = split_speaker(caption.raw_text)
        cues.append(Cue(speaker, caption.start_time.in_milliseconds() / 1000,
                        caption.end_time.in_milliseconds() / 1000, words, caption.start))
    return [c for c in cues if c.text or c.speaker]


def _without_words(reason: str) -> str:
    """The parser's reason, with the cue it quotes cut down to its timing line.

    webvtt-py quotes a malformed cue block whole (``Invalid cue block ['00:00:01.000
    --> ...', '<v Ann>what she said']``); what was said stays out of messages.
    """
    head, bracket, rest = reason.partition(" [")
    if not bracket:
        return reason
    timing = re.search(r"[\d:.,]+\s*-->\s*[^'\]]*", rest)
    return f"{head} at '{timing.group(0).strip()}'" if timing else head


def _srt_cues(text: str, file: str) -> list[Cue]:
    try:
        import srt
    except ImportError as exc:
        raise ImportError(f"reading SubRip needs srt: {_INSTALL}") from exc
    try:
        subtitles = list(srt.parse(text.lstrip("\ufeff")))
    except (srt.SRTParseError, ValueError) as exc:
        reason = str(exc).split(" (unmatched content", 1)[0]  # it quotes what was said
        raise DataError(Problem(file, None, None, None,
                                f"this is not a readable SubRip (.srt) transcript ({reason}); "
                                "check the cue times there, written 00:01:02,500 --> ...",
                                code="bad_import")) from None
    cues = []
    for subtitle in subtitles:
        speaker, words = split_speaker(subtitle.content)
        cues.append(Cue(speaker, subtitle.start.total_seconds(), subtitle.end.total_seconds(),
                        words, f"cue {subtitle.index}"))
    return [c for c in cues if c.text or c.speaker]


def _text_cues(text: str) -> list[Cue]:
    """Plain ``Name: text`` lines, timed from their words one after another."""
    lines: list[tuple[str | None, list[str], int]] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        speaker, words = split_speaker(line)
        if speaker is None and lines:
            lines[-1][1].append(words)
        else:
            lines.append((speaker, [words], number))
    cues, clock = [], 0.0
    for speaker, parts, number in lines:
        words = " ".join(p for p in parts if p)
        length = max(len(words.split()), 1) * 60 / WORDS_PER_MINUTE
        cues.append(Cue(speaker, round(clock, 3), round(clock + length, 3), words,
                        f"line {number}"))
        clock += length
    return cues


def _style(cues: list[Cue], source: str, text: str) -> str:
    if source == "text_estimated":
        return f"plain 'Name: text' lines, times estimated at {WORDS_PER_MINUTE} words a minute"
    vtt = source == "vtt"
    kind = "WebVTT" if vtt else "SubRip"
    if re.search(r"<v[\s.]", text):
        return f"{kind} with voice tags" + (" (as Microsoft Teams writes it)" if vtt else "")
    return f"{kind} with 'Name:' at the start of each cue" + (" (as Zoom writes it)" if vtt else "")
