"""Regenerate the key-frame references after an intended visual change:

    .venv/bin/python tests/generators/update_references.py [CASE ...]

then look at the PNGs in tests/references/ before committing them.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.conftest import _rendered  # noqa: E402
from tests.helpers.scene_cases import CASES  # noqa: E402
from tests.helpers.scene_harness import ENVIRONMENT, REFERENCES, compare_keyframes  # noqa: E402
from scenes.parts.versions import drawing_versions  # noqa: E402

if __name__ == "__main__":
    for case in sys.argv[1:] or sorted(CASES):
        for old in (REFERENCES / case).glob("*.png"):
            old.unlink()
        compare_keyframes(_rendered(case), case, update=True)
        print(f"updated {case}: {len(list((REFERENCES / case).glob('*.png')))} frames")
    ENVIRONMENT.write_text(json.dumps(drawing_versions(), indent=2) + "\n")
