"""Every word a deck shows or writes, from each kind of deck, and which of them are English.

English words are those of the English strings (scenes/parts/strings.py) that no
Hungarian string has, so names and symbols both languages use (LSTM, tanh, PyTorch, x_t)
are never counted; plus the internal names a deck must not show (section names).
"""

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from scenes.parts.strings import STRINGS

_WORD = re.compile(r"[^\W\d_]{3,}")
SECTION_NAMES = {"intro", "inputs", "concat", "forget", "input", "cell_state", "output", "leave",
                 "reset", "candidate", "update", "hidden", "words", "vectors", "process", "done"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def english_only_words() -> set[str]:
    english = set().union(*(_words(t["en"]) for t in STRINGS.values()))
    hungarian = set().union(*(_words(t["hu"]) for t in STRINGS.values()))
    return (english | {w for name in SECTION_NAMES for w in _words(name.replace("_", " "))}) - hungarian


def english_in(text: str) -> set[str]:
    return _words(text) & english_only_words()


class _Visible(HTMLParser):
    """Text a person can see: text nodes (templates included) and the attributes that are
    shown, outside <script> and <style>; and the strings the deck's script shows."""

    def __init__(self):
        super().__init__()
        self.parts, self._in = [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._in = "strings" if ("type", "application/json") in attrs else "code"
        self.parts += [v for k, v in attrs if k in ("label", "title", "alt", "aria-label") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in == "strings":
            self.parts += [str(v) for v in json.loads(data)["strings"].values()]
        elif self._in is None:
            self.parts.append(data)


def html_text(folder: Path) -> str:
    parser = _Visible()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    index = json.loads((folder / "deck.json").read_text(encoding="utf-8"))
    vtts = [p.read_text(encoding="utf-8") for p in folder.rglob("*.vtt")]
    return "\n".join(parser.parts + [s["title"] + "\n" + s["notes"] for s in index["slides"]] + vtts)


def pptx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = [z.read(n).decode() for n in z.namelist()
               if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", n)]
    return "\n".join(t for x in xml for t in re.findall(r"<a:t>([^<]*)</a:t>", x))


def pdf_text(path: Path) -> str:
    import pypdf
    reader = pypdf.PdfReader(str(path))
    return "\n".join([page.extract_text() for page in reader.pages] + [str(reader.metadata.title)])
