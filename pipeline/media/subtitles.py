"""Captions as subtitle tracks: WebVTT (a browser's <track>) and SRT (what most players load).

A player shows `movie.srt` or `movie.vtt` beside `movie.mp4` by itself; the HTML deck
gives each clip its `.vtt` as a track. Labels are written with Unicode subscripts.
"""

from dataclasses import dataclass

from pipeline.media.label_text import plain


@dataclass(frozen=True)
class Cue:
    start: float          # seconds
    end: float
    text: str


def _stamp(seconds: float, decimal: str) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{decimal}{ms:03d}"


def webvtt(cues: list[Cue]) -> str:
    return "WEBVTT\n\n" + "".join(f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{plain(c.text)}\n\n"
                                  for c in cues)


def srt(cues: list[Cue]) -> str:
    return "".join(f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{plain(c.text)}\n\n"
                   for n, c in enumerate(cues, start=1))
