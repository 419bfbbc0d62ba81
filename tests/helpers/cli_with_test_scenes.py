"""`render.py` with the tiny pipeline scenes registered (tiny-tiny, tiny-slow, tiny-crashing),
so robustness tests run the real command line in a second instead of a real scene's ten."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.cli.startup import quiet_interrupts  # noqa: E402

quiet_interrupts()
import render  # noqa: E402
from scenes.registry import SCENES  # noqa: E402
from tests.helpers.pipeline_scenes import Crashing, Slow, Tiny, info  # noqa: E402

for cls in (Tiny, Slow, Crashing):
    SCENES[info(cls).id] = info(cls)

if __name__ == "__main__":
    render.cli(sys.argv[1:])
