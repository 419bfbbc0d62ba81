"""Every scene: its id (what the CLI takes), cell, title and one-line description.

Classes are imported lazily, so `render.py list` does not pay for Manim's import.
"""

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class SceneInfo:
    id: str
    cell: str
    title: str
    description: str
    target: str          # "module:Class"

    def load(self):
        module, cls = self.target.split(":")
        return getattr(import_module(module), cls)


SCENES = {s.id: s for s in (
    SceneInfo("rnn-cell", "rnn", "RNN Cell",
              "h_{t-1} and x_t are concatenated, pass through tanh and leave as h_t, "
              "with the real numbers of one step.", "scenes.rnn:RNNCell"),
    SceneInfo("tanh", "rnn", "Tanh squishes values between -1 and 1",
              "A vector travels along the tanh curve and leaves squished into (-1, 1).",
              "scenes.activation:TanhSquish"),
)}


def scene_info(scene_id: str) -> SceneInfo:
    from cells import InputError
    try:
        return SCENES[scene_id]
    except KeyError:
        raise InputError("SCENE", f"unknown scene {scene_id!r}; `render.py list` shows them") from None
