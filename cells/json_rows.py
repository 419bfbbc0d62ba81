"""JSON documents whose long lists are made one item at a time.

A trace or its gradients can hold 100,000 steps; as Python lists the JSON of the
largest is several times the arrays' memory, and written in one call it met the 2 GiB
limit of a single write (`grads --json` stopped there, exit 0). A `Rows` is a list that
makes its items when iterated, so `render.py trace/grads --json` writes step by step
(pipeline/cli/json_out.py) while `whole()` gives the plain document scenes keep.
"""


class Rows:
    """A JSON list made item by item: `make()` returns a fresh iterator of its items."""

    def __init__(self, make):
        self._make = make

    def __iter__(self):
        return iter(self._make())


def whole(obj):
    """`obj` with every Rows made into a list: the plain JSON document."""
    if isinstance(obj, Rows):
        return [whole(item) for item in obj]
    if isinstance(obj, dict):
        return {k: whole(v) for k, v in obj.items()}
    return obj


def by_rows(array):
    """An array as JSON: a 2-D one as Rows of its rows, made one row at a time (a gradient
    of W_hh at hidden size 4096 is 16384 x 4096 floats, gigabytes as one Python list);
    anything else as its plain list."""
    if getattr(array, "ndim", 0) == 2:
        return Rows(lambda: (row.tolist() for row in array))
    return array.tolist()
