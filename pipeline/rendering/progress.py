"""One status line for a whole render, instead of Manim's progress bar per animation.

The scene does not know in advance how many animations it will play, so this is a
counter: section, animations played, seconds of video made. On a terminal the line is
rewritten in place; in a log (not a TTY) it prints one line per section and stage.
"""

import sys
import time


class Progress:
    def __init__(self, label: str, enabled: bool = True, stream=None):
        self.label = label
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.section_name = ""       # before the scene's first section: "intro"
        self.sections = 0
        self.animations = 0
        self.video_time = 0.0
        self.start = time.monotonic()
        self._dirty = False

    def _show(self, text: str, new_line: bool) -> None:
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\033[K" + text)
            self._dirty = True
        elif new_line:
            self.stream.write(text + "\n")
        self.stream.flush()

    def _status(self) -> str:
        where = f"section {self.sections} {self.section_name!r}" if self.sections else "intro"
        return (f"{self.label}: {where} · "
                f"{self.animations} animations · {self.video_time:.1f} s of video · "
                f"{time.monotonic() - self.start:.1f} s")

    def section(self, name: str) -> None:
        self.sections += 1
        self.section_name = name
        self._show(self._status(), new_line=True)

    def animation(self, video_time: float) -> None:
        self.animations += 1
        self.video_time = video_time
        self._show(self._status(), new_line=False)

    def stage(self, what: str) -> None:
        """A step after the animations: encoding, converting, writing sections."""
        self._show(f"{self.label}: {what} · {time.monotonic() - self.start:.1f} s", new_line=True)

    def close(self) -> None:
        """End the rewritten line, so what follows starts on a line of its own."""
        if self._dirty:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._dirty = False
