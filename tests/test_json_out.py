"""`trace --json` and `grads --json` are written step by step: the bytes are orjson's for
the whole document, but no write is larger than about a megabyte (one write of a long
`grads --json` stopped at Linux's 2 GiB per call, exit 0) and no step list is ever made
whole before it is written."""

import io

import orjson
import pytest

from cells import RunOptions, make_grads, make_trace
from cells.json_rows import Rows
from pipeline.cli import json_out


class Writes(io.BytesIO):
    """A binary stdout that records the size of every write."""

    def __init__(self):
        super().__init__()
        self.sizes = []

    def write(self, data):
        self.sizes.append(len(data))
        return super().write(data)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_the_streamed_json_is_byte_for_byte_the_whole_document(cell):
    tr, g = make_grads(RunOptions(cell=cell, text="What time is it?"), "mse", "0,0.5,1")
    for doc, whole in [(tr.json_doc(), tr.to_json()), (g.json_doc(), g.to_json()),
                       (g.json_doc(False), g.to_json(False))]:
        out = Writes()
        json_out.write_json(doc, out)
        assert out.getvalue() == orjson.dumps(whole) + b"\n"


def test_a_long_document_goes_out_in_small_writes_made_as_they_are_needed(monkeypatch):
    monkeypatch.setattr(json_out, "CHUNK", 4096)
    tr = make_trace(RunOptions(cell="lstm", input="; ".join(["0.1,0.5,1"] * 400)))
    made, out = [], Writes()

    def rows():
        for step in tr.json_doc()["steps"]:
            made.append(len(out.getvalue()))      # what was written when this step was made
            yield step
    json_out.write_json({"steps": Rows(rows)}, out)
    assert len(out.sizes) > 20 and max(out.sizes) < 4096 + 2000
    assert made[-1] > made[0] + 100_000           # written while the later steps were made
    assert orjson.loads(out.getvalue())["steps"] == tr.to_json()["steps"]


def test_wide_gradients_are_written_a_row_at_a_time():
    """At hidden size 256 one LSTM dL/dW_hh is 1024 x 256 floats (about 5 MB of JSON, 8 MB
    as a Python list): written as whole matrices the peak was 27 MB; a row at a time it
    is about 5 MB (one step's matrix as an array, and the write buffer)."""
    import tracemalloc

    import numpy as np

    x = "; ".join(",".join(["0.1"] * 256) for _ in range(3))
    _, g = make_grads(RunOptions(cell="lstm", input=x, hidden=256), "sum")
    doc = g.json_doc()
    assert {k for k, v in doc["weights"].items() if isinstance(v, Rows)} == {k for k, v in g.weights_dict().items() if np.ndim(v) == 2}
    sink = open("/dev/null", "wb")
    tracemalloc.start()
    json_out.write_json(doc, sink)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sink.close()
    assert peak < 8 << 20, f"{peak / 2 ** 20:.1f} MB"
