"""Render a scene in-process without encoding video: its key frames and manifest.

Used by the manifest and key-frame tests. Animations are skipped (their end states are
still applied), so a whole scene costs about as much as building its mobjects.
"""

import json
import tempfile
from pathlib import Path

import numpy as np
from manim import tempconfig
from PIL import Image

from pipeline.speedups.play_key import play_key
from scenes.params import SceneParams
from scenes.registry import scene_info
from scenes.parts.versions import drawing_versions
from tests.helpers.frame_compare import frame_difference

REFERENCES = Path(__file__).resolve().parents[1] / "references"
ENVIRONMENT = REFERENCES / "ENVIRONMENT.json"   # drawing_versions() where they were made
SIZE = (427, 240)      # key frames are compared at this size (small, and robust to AA noise)


def _keying(self, *args, **kwargs):
    """Scene.compile_animation_data, then the key its play would have (scene.play_keys)."""
    type(self).__mro__[1].compile_animation_data(self, *args, **kwargs)
    if self.animations is not None:
        self.play_keys = getattr(self, "play_keys", [])
        self.play_keys.append(play_key(self, self.renderer.camera, self.animations,
                                       self.mobjects, encoder_fingerprint="test"))


def render_scene(scene_id: str, **params):
    """Run the scene (low quality, no video) and return the scene instance."""
    cls = scene_info(scene_id).load()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = str(Path(tmp) / "manifest.json")
        p = SceneParams(**{**params, "manifest": manifest})
        sub = type(cls.__name__, (cls,), {"params": p, "capture_keyframes": True,
                                          "compile_animation_data": _keying})
        with tempconfig({"quality": "low_quality", "media_dir": tmp, "format": "png", "progress_bar": "none",
                         "verbosity": "ERROR", "disable_caching": True}):
            scene = sub()
            scene.render()
        scene.manifest_json = json.loads(Path(manifest).read_text())
    return scene


def small(frame: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(frame).convert("RGB").resize(SIZE, Image.LANCZOS), dtype=np.int16)


def compare_keyframes(scene, name: str, update: bool = False) -> list:
    """Differences between the scene's key frames and the stored references (empty = ok);
    what counts as a difference is tests/helpers/frame_compare.py's rule."""
    problems = []
    folder = REFERENCES / name
    for k, (section, frame) in enumerate(scene.keyframes):
        ref = folder / f"{k:02d}-{section}.png"
        img = small(frame)
        if update:
            folder.mkdir(parents=True, exist_ok=True)
            Image.fromarray(img.astype(np.uint8)).save(ref, optimize=True)
            continue
        if not ref.exists():
            problems.append(f"{ref.name}: no reference (run tests/generators/update_references.py)")
            continue
        want = np.asarray(Image.open(ref).convert("RGB"), dtype=np.int16)
        difference = frame_difference(want, img)
        if difference:
            problems.append(f"{ref.name}: {difference}")
    if problems and ENVIRONMENT.exists():
        made = json.loads(ENVIRONMENT.read_text())
        changed = [f"{k} {v} (references: {made.get(k)})" for k, v in drawing_versions().items() if made.get(k) != v]
        if changed:
            problems.append("drawn with other versions than the references: " + ", ".join(changed))
    if not update:
        expected = sorted(p.name for p in folder.glob("*.png")) if folder.exists() else []
        got = [f"{k:02d}-{s}.png" for k, (s, _) in enumerate(scene.keyframes)]
        if expected and sorted(got) != expected:
            problems.append(f"key frames {got} != references {expected}")
    return problems
