"""A gated cell drawn from its data-flow description (cells/flow.py).

The layout only says where each operation sits and how a wire is routed; which wire
exists, what it carries and what its label says all come from the flow. A test walks
`CellDiagram.wires` and checks them against the flow, so a swapped or mislabelled gate
cannot be drawn.

The diagram also returns the animations of a step (inputs arrive, an op runs, outputs
leave, a focus dims the rest) and keeps track of the dots waiting on its wires, the way
a layer of a network diagram returns its own forward pass: a scene only plays them,
adding its captions and value panel alongside.
"""

from dataclasses import dataclass, field

import numpy as np
from manim import LEFT, UP, Dot, RoundedRectangle, VGroup

from cells.flow import external_inputs, flow

from scenes.parts.glyphs import LinearGlyph, glyph_for
from scenes.parts.labels import math_label
from scenes.parts.motion import Appear, Dim, Travel, Vanish, merge_into
from scenes.parts.theme import SIZES, Theme
from scenes.parts.wires import ValueDot, Wire, along, box_at, inset_start

DIMMED = 0.22            # opacity factor of the parts a step does not use
MERGE_GAP = 0.06         # between a dot halted at its operator and the operator's edge
REST_STEP = 0.02         # how finely a resting place is searched for along a wire

# How each quantity is written on wires, dots and vectors.
LABELS = {
    "c_prev": "C_{t-1}", "h_prev": "h_{t-1}", "x": "x_t", "hx": "[h_{t-1}, x_t]",
    "f": "f_t", "i": "i_t", "g": "C~_t", "o": "o_t", "c": "C_t", "h": "h_t",
    "f_c_prev": "f_t⊙C_{t-1}", "i_g": "i_t⊙C~_t", "tanh_c": "tanh(C_t)",
    "r": "r_t", "z": "z_t", "n": "n_t", "hn": "W_hn h_{t-1} + b_hn", "r_hn": "r_t⊙(W_hn h_{t-1} + b_hn)",
    "r_h_prev": "r_t⊙h_{t-1}", "rhx": "[r_t⊙h_{t-1}, x_t]", "one_minus_z": "1−z_t",
    "o_tanh_c": "m_t",       # o_t ⊙ tanh(C_t) before the projection (m_t in Sak et al. 2014)
    "one_minus_z_n": "(1−z_t)⊙n_t", "z_h_prev": "z_t⊙h_{t-1}",
}

# On a travelling dot: PyTorch's GRU hidden projection has no name of its own and its full
# label is too wide for a dot between the glyphs; the caption spells it out when it is made.
DOT_LABELS = {**LABELS, "hn": "W_hn h+b", "r_hn": "r_t⊙(…)"}


@dataclass(frozen=True)
class CellLayout:
    """Positions (scene units) of the box, the ops and the ports; wire routes by edge."""
    box_center: tuple
    box_size: tuple
    nodes: dict                          # op name -> (x, y); concat ops are junction points
    ports: dict                          # "in:q" / "out:q" -> (x, y)
    routes: dict = field(default_factory=dict)   # (src, dst) -> [intermediate waypoints]


@dataclass(frozen=True)
class OpPlays:
    """One op's two plays: `travel` (the `travellers`, added in place of the waiting dots
    `set_off`, move along the op's input wires), then `settle` (they glide into the op
    and vanish as the result's dot appears where it waits)."""
    set_off: list
    travellers: list
    travel: list
    settle: list


def covered(centre, dot, boxes) -> float:
    """How much of `boxes` `dot` at `centre` would cover (area; 0: none)."""
    l, b, r, t = box_at(centre, dot, pad=MERGE_GAP / 2)
    return sum(max(0.0, min(r, o[2]) - max(l, o[0])) * max(0.0, min(t, o[3]) - max(b, o[1]))
               for o in boxes)


def edges(ops, outputs) -> list:
    """(src, dst, quantity) for every wire: ops and ports named 'in:q' / 'out:q'."""
    producer = {op.output: op.name for op in ops}
    out = []
    for op in ops:
        for q in op.inputs:
            out.append((producer.get(q, f"in:{q}"), op.name, q))
    for q in outputs:
        out.append((producer[q], f"out:{q}", q))
    return out


class CellDiagram(VGroup):
    """The cell box, its glyphs and its wires; `glyphs`, `wires` and `groups` index them."""

    def __init__(self, cell: str, variant: str | None, layout: CellLayout, theme: Theme,
                 outputs=("h",), projection: bool = False, port_labels: bool = False,
                 dots_left_of: float | None = None, dots_above: float | None = None):
        super().__init__()
        self.dots_left_of = dots_left_of   # a waiting dot's right edge stays left of this x (a panel)
        self.dots_above = dots_above       # an input's dot waits above this y (the captions)
        self.cell, self.variant, self.layout, self.theme = cell, variant, layout, theme
        self.ops = {op.name: op for op in flow(cell, variant, projection=projection)}
        self.inputs = external_inputs(self.ops.values())
        w, h = layout.box_size
        self.box = RoundedRectangle(width=w, height=h, corner_radius=0.4, fill_color=theme.cell_fill,
                                    fill_opacity=1, stroke_color=theme.cell_stroke,
                                    stroke_width=4).move_to([*layout.box_center, 0])
        self.glyphs = {}
        for name, op in self.ops.items():
            at = np.array([*layout.nodes[name], 0.0])
            if op.kind == "concat":
                g = Dot(at, radius=0.045, color=theme.wire)
            elif op.kind == "linear":
                g = LinearGlyph("W·h+b", theme).move_to(at)
            elif op.kind == "project":
                g = LinearGlyph("W_hr", theme, width=0.55).move_to(at)
            elif op.kind in ("sigmoid", "tanh"):
                g = glyph_for(op.kind, theme, radius=SIZES.glyph_r).move_to(at)
            else:
                g = glyph_for(op.kind, theme).move_to(at)
            self.glyphs[name] = g
        self.wires = {}
        for src, dst, q in edges(self.ops.values(), outputs):
            pts = [self._anchor(src)] + [np.array([*p, 0.0]) for p in layout.routes.get((src, dst), [])] \
                + [self._anchor(dst)]
            pts = self._trim(src, pts, start=True)
            pts = self._trim(dst, pts, start=False)
            into_junction = dst in self.ops and self.ops[dst].kind == "concat"
            self.wires[(src, dst, q)] = Wire(pts, theme, arrow=not into_junction,
                                             src=src, dst=dst, quantity=q)
        self.dim_state = {}                # glyph name or wire key -> its opacity factor
        self.waiting = {}                  # quantity -> its dot, waiting on a wire or port
        self.add(self.box, *self.wires.values(), *self.glyphs.values())
        if port_labels:       # each input wire keeps its name once its dot has moved on
            self.port_labels = {q: self._port_label(q) for q in self.inputs}
            self.add(*self.port_labels.values())

    # ---- queries --------------------------------------------------------------------
    def wire(self, src: str | None = None, dst: str | None = None, quantity: str | None = None) -> Wire:
        """The one wire from `src` into `dst` carrying `quantity` (any of them may be left out)."""
        found = [w for (s, d, q), w in self.wires.items()
                 if src in (None, s) and dst in (None, d) and quantity in (None, q)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} wires match src={src} dst={dst} quantity={quantity}")
        return found[0]

    def wires_from(self, src: str) -> list:
        return [w for (s, _, _), w in self.wires.items() if s == src]

    def ops_of(self, groups, extra=()) -> set:
        """Names of the ops in `groups` (op groups of the flow) and of the ops `extra`."""
        return {n for n, op in self.ops.items() if op.group in groups or n in extra}

    def wires_touching(self, names, into=()) -> list:
        """Wires with an end at one of `names` (ops or ports), or running into one of `into`."""
        return [w for (s, d, _), w in self.wires.items() if s in names or d in names or d in into]

    def wires_within(self, names) -> list:
        """Wires with both ends among `names`."""
        return [w for (s, d, _), w in self.wires.items() if s in names and d in names]

    def rest_point(self, name: str, dot) -> np.ndarray:
        """Where `dot`, the output of op `name`, waits: the first place along its first
        wire where it covers no glyph and no waiting dot; where that wire is too short,
        beside its middle on the cell (above a level wire, left of an upright one, else
        the other side); where there is no such room (large projector glyphs), the place
        on the wire where it covers least."""
        out = self.wires_from(name)
        if not out:
            return self.glyphs[name].get_center()
        on_wire, taken = along(out[0].points_list, REST_STEP), self._obstacles()
        for p in on_wire:
            if not covered(p, dot, taken):
                return p
        a, b = out[0].points_list[:2]
        d = (b - a) / max(np.linalg.norm(b - a), 1e-9)
        side = np.array([-d[1], d[0], 0.0])
        for k in range(1, 100):
            for sign in (1, -1):
                p = (a + b) / 2 + side * sign * REST_STEP * k
                if not covered(p, dot, taken) and self._inside(p, dot):
                    return p
        return min(on_wire, key=lambda p: covered(p, dot, taken))

    def _obstacles(self) -> list:
        """The boxes a dot must not cover: every glyph and every waiting dot."""
        return [box_at(m.get_center(), m) for m in [*self.glyphs.values(), *self.waiting.values()]]

    def _inside(self, centre, dot) -> bool:
        """Whether `dot` at `centre` stays by the cell: its centre over the cell's box, so
        at most its edge rides over the border, and where the scene has a panel beside the
        cell (`dots_left_of`), wholly left of it, however far it rides over the border."""
        (x0, y0, _), (x1, y1, _) = self.box.get_corner([-1, -1, 0]), self.box.get_corner([1, 1, 0])
        right = centre[0] <= x1 if self.dots_left_of is None else centre[0] + dot.width / 2 <= self.dots_left_of
        return x0 <= centre[0] and right and y0 <= centre[1] <= y1

    # ---- animations -----------------------------------------------------------------
    def travels(self, wires, label_of) -> tuple:
        """(dots, animations): a labelled dot travelling along each wire (its quantity's
        label); from an input port it sets off where it waited, inside the safe area."""
        dots, moves = [], []
        for w in wires:
            dot = ValueDot(label_of(w.quantity), self.theme)
            path = w.route(dot)
            dots.append(dot.move_to(path.get_start()))
            moves.append(Travel(dot, path))
        return dots, moves

    def into(self, name: str) -> list:
        """The wires into op `name`, in the order of its inputs."""
        return [self.wire(dst=name, quantity=q) for q in self.ops[name].inputs]

    def arrive(self, label_of) -> list:
        """Animations showing a dot at each input port, where it then waits."""
        anims = []
        for q in self.inputs:
            dot = ValueDot(label_of(q), self.theme)
            self.waiting[q] = dot.move_to(self._port_stop(q, dot))
            anims.append(Appear(dot))
        return anims

    def run_op(self, name: str, label_of) -> OpPlays:
        """The plays of op `name`: its inputs travel in and halt side by side just short of
        it (never on it or on each other), then merge into it as its result appears and
        waits on its output wire."""
        op = self.ops[name]
        centre = self.glyphs[name].get_center()
        starts = {q: self.waiting[q].get_center() for q in op.inputs if q in self.waiting}
        # where each input sets off from is kept clear for it, in case it cannot move on
        # (a dot waiting beside a short wire halts where it waited)
        unmoved = {q: box_at(self.waiting[q].get_center(), self.waiting[q]) for q in starts}
        set_off = [self.waiting.pop(q) for q in starts]
        travellers, travel, settle, halted = [], [], [], self._obstacles()
        for w in self.into(name):
            dot = ValueDot(label_of(w.quantity), self.theme)
            unmoved.pop(w.quantity, None)
            path = w.route(dot, halted + list(unmoved.values()), self._extent(name), MERGE_GAP,
                           start=starts.get(w.quantity))
            dot.move_to(path.get_start())
            halted.append(box_at(path.get_end(), dot))
            travellers.append(dot)
            travel.append(Travel(dot, path))
            settle += merge_into(dot, path.get_end(), centre)
        result = ValueDot(label_of(op.output), self.theme)
        self.waiting[op.output] = result.move_to(self.rest_point(name, result))
        return OpPlays(set_off, travellers, travel, [*settle, Appear(result)])

    def leave(self, outputs, label_of) -> tuple:
        """(clear, dots, moves): the waiting dots vanish (`clear`), then a dot per output
        travels to its port on the right."""
        clear = [Vanish(m) for m in self.waiting.values()]
        self.waiting = {}
        dots, moves = self.travels([self.wire(dst=f"out:{q}") for q in outputs], label_of)
        return clear, dots, moves

    def focus(self, groups, ops=()) -> list:
        """Animations dimming every glyph and wire outside the op `groups` and the op names
        `ops` (groups None: undim all)."""
        return self.dims(None if groups is None else self.ops_of(groups, ops))

    def dims(self, keep_names) -> list:
        """Animations dimming every glyph and wire not at `keep_names` (None: undim all)."""
        if keep_names is None:
            keep = set(self.glyphs) | set(self.wires)
        else:
            keep = set(keep_names) | {k for k in self.wires if k[0] in keep_names or k[1] in keep_names}
        anims = []
        for key, mob in list(self.glyphs.items()) + list(self.wires.items()):
            want, have = (1.0 if key in keep else DIMMED), self.dim_state.get(key, 1.0)
            if want != have:
                anims.append(Dim(mob, have, want))
                self.dim_state[key] = want
        return anims

    # ---- geometry -------------------------------------------------------------------
    def _port_wire(self, q: str) -> Wire:
        return next(w for (s, _, _), w in self.wires.items() if s == f"in:{q}")

    def _port_stop(self, q: str, dot) -> np.ndarray:
        """Where input `q`'s dot waits: at its port, or along its wire as far as needed to
        keep the dot inside the safe area and above the captions."""
        return inset_start(self._port_wire(q).points_list, dot.width / 2, dot.height / 2,
                           self.dots_above)[0]

    def _port_label(self, q: str):
        """Input `q`'s name beside its port, clear of its dot: above a wire that enters from
        the side, left of one that enters from below."""
        label = math_label(LABELS[q], self.theme.text, SIZES.label * 0.7, self.theme.font)
        probe = ValueDot(LABELS[q], self.theme)          # the waiting dot the label must clear
        pts = self._port_wire(q).points_list
        at = self._port_stop(q, probe)
        d = pts[1] - pts[0]
        if abs(d[0]) >= abs(d[1]):
            label.next_to(at + UP * probe.height / 2, UP, buff=0.06)
            label.align_to(at + LEFT * probe.width / 2, LEFT)
        else:
            label.next_to(at + LEFT * probe.width / 2, LEFT, buff=0.08)
        return label

    def _anchor(self, name: str) -> np.ndarray:
        if name.startswith(("in:", "out:")):
            return np.array([*self.layout.ports[name], 0.0])
        return np.array([*self.layout.nodes[name], 0.0])

    def _extent(self, name: str) -> float:
        """How far a wire stops short of a node's centre (its glyph's half size)."""
        if name.startswith(("in:", "out:")):
            return 0.0
        kind = self.ops[name].kind
        if kind == "concat":
            return 0.0
        if kind in ("sigmoid", "tanh"):
            return SIZES.glyph_r
        if kind == "linear":         # GRU: its wires meet it from above and below
            return 0.22
        if kind == "project":        # LSTM: from the left and to the right
            return 0.28
        return SIZES.op_side / 2

    def _trim(self, name, pts, start: bool):
        r = self._extent(name)
        if r == 0:
            return pts
        a, b = (pts[0], pts[1]) if start else (pts[-1], pts[-2])
        d = b - a
        n = np.linalg.norm(d)
        if n <= r:
            return pts
        moved = a + d / n * r
        return [moved] + pts[1:] if start else pts[:-1] + [moved]

