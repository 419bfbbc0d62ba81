import functools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Every test renders for real (and subprocesses inherit this); tests/test_render_cache.py
# turns the cache on in a folder of its own.
os.environ["ILLUSTRATED_RNN_CACHE"] = "off"


@functools.lru_cache(maxsize=None)
def _rendered(case: str):
    from tests.helpers.scene_cases import CASES, WIDE_CASES
    from tests.helpers.scene_harness import render_scene
    scene_id, params = {**CASES, **WIDE_CASES}[case]
    from cells import RunOptions
    params = dict(params)
    run = params.pop("run", None)
    kw = dict(params)
    if run:
        kw["run"] = RunOptions(**run)
    return render_scene(scene_id, **kw)


@pytest.fixture
def rendered():
    """rendered(case) -> the scene instance of a case (or wide case) in
    tests/helpers/scene_cases.py (cached)."""
    return _rendered
