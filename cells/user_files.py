"""Text and JSON from files the user names: bounded, and every failure one InputError.

A crafted file must not make the tool read without end (a FIFO, /dev/zero: refused by
`existing_file` before anything is opened), allocate without bound (`limit`), or fail
with a traceback (JSON nested deeper than Python's recursion limit).
"""

import json

from .errors import InputError, existing_file

MAX_TEXT_BYTES = 1 << 30      # a JSON or CSV sequence at the step and size limits fits


def read_text_file(path: str, option: str, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of a file the user named, refused past `limit` bytes."""
    p = existing_file(path, option)
    try:
        with p.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        raise InputError(option, f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > limit:
        raise InputError(option, f"{path} is larger than {limit >> 20} MB; this is not the file meant")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(option, f"{path} is not UTF-8 text (byte {e.start})") from None


def parse_json(text: str | bytes, option: str, where: str):
    """json.loads, with a too deeply nested document refused like any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(option, f"{where}: JSON nested too deeply to be what this option takes") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(option, f"{where}: not valid JSON ({e})") from None
