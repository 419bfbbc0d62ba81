"""Writing a JSON document to stdout as it is made, never as one string.

The bytes are exactly orjson's for the whole document: each key and plain value is
dumped by orjson, and a `Rows` list (cells/json_rows.py) item by item, in writes of
about a megabyte. Memory stays what one step needs, and no write meets the 2 GiB that
Linux allows per call.
"""

import sys

import orjson

from cells.json_rows import Rows

CHUNK = 1 << 20


def _pieces(obj):
    if isinstance(obj, Rows):
        yield b"["
        for i, item in enumerate(obj):
            if i:
                yield b","
            yield from _pieces(item)
        yield b"]"
    elif isinstance(obj, dict) and any(isinstance(v, (Rows, dict)) for v in obj.values()):
        yield b"{"
        for i, (k, v) in enumerate(obj.items()):
            yield (b",%s:" if i else b"%s:") % orjson.dumps(k)
            yield from _pieces(v)
        yield b"}"
    else:
        yield orjson.dumps(obj)


def write_json(obj, out=None) -> None:
    """`obj` and a newline on `out` (stdout's bytes), in chunks of about CHUNK bytes."""
    sys.stdout.flush()
    out = sys.stdout.buffer if out is None else out
    buf = bytearray()
    for piece in _pieces(obj):
        buf += piece
        if len(buf) >= CHUNK:
            out.write(buf)
            buf.clear()
    out.write(buf + b"\n")
    out.flush()
