"""Start-up: what pipeline/speedups/lazy_imports.py defers stays unloaded, and works when asked for.

Each check runs in a fresh interpreter: the finder must be installed before Manim's first
import, and this test process imported Manim long ago.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loaded by `import manim` without the hook, never used by a preview (about 0.5 s).
DEFERRED = ["networkx", "IPython", "traitlets", "bs4", "soupsieve", "pygments", "scipy.sparse",
            "scipy.special", "scipy.linalg", "scipy.spatial._qhull", "scipy.spatial._kdtree",
            "scipy.spatial.distance", "scipy.spatial.transform._rotation_spline",
            "manim.utils.ipython_magic"]


def python(*code: str, lazy: bool = True, cwd=ROOT) -> str:
    """Run the code (parts dedented one by one) in a fresh interpreter; its last line."""
    env = dict(os.environ, ILLUSTRATED_RNN_CACHE="off")
    env.pop("ILLUSTRATED_RNN_LAZY_IMPORTS", None)
    if not lazy:
        env["ILLUSTRATED_RNN_LAZY_IMPORTS"] = "off"
    p = subprocess.run([sys.executable, "-c", "\n".join(textwrap.dedent(c) for c in code)], capture_output=True,
                       text=True, cwd=cwd, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout.strip().splitlines()[-1]


LOADED = f"""
    import json, sys
    print(json.dumps(sorted(m for m in {DEFERRED!r} if m in sys.modules)))
"""


def test_importing_render_and_manim_leaves_the_deferred_modules_unloaded():
    out = python("""
        import render                                   # render.py's own imports
        from pipeline.rendering.render import render as run       # what `preview` imports next
        from pipeline.rendering.manim_run import run_scene        # ... and Manim
        import manim
        assert manim.utils.space_ops.rotation_matrix(1.0, [0, 0, 1]).shape == (3, 3)
    """, LOADED)
    assert json.loads(out) == []
    # the check is a real one: without the hook, Manim loads them all
    assert json.loads(python("import pipeline.speedups; pipeline.speedups.install(); import manim", LOADED,
                             lazy=False)) == sorted(DEFERRED)


def test_a_whole_preview_leaves_them_unloaded(tmp_path):
    out = python(f"""
        import runpy, sys
        sys.argv = ["render.py", "preview", "lstm", "-q", "-o", {str(tmp_path / "p.png")!r}]
        try:
            runpy.run_path("render.py", run_name="__main__")
        except SystemExit as e:
            assert not e.code, e.code
    """, LOADED)
    assert json.loads(out) == []
    assert (tmp_path / "p.png").stat().st_size > 0


NAMESPACE = """
    import json
    import pipeline.speedups
    pipeline.speedups.install()
    ns = {}
    exec("from manim import *", ns)
    import manim
    def desc(v):
        return [type(v).__name__, getattr(v, "__module__", None), getattr(v, "__qualname__", None)]
    print(json.dumps({"star": {k: desc(v) for k, v in ns.items() if k != "__builtins__"},
                      "dir": dir(manim)}))
"""


def test_manims_namespace_is_the_same_with_and_without_the_hook():
    lazy, eager = json.loads(python(NAMESPACE)), json.loads(python(NAMESPACE, lazy=False))
    assert lazy["star"] == eager["star"]
    assert "Graph" in lazy["star"] and "Code" in lazy["star"]
    assert set(lazy["dir"]) == set(eager["dir"])


def test_deferred_parts_work_on_first_use():
    python("""
        import sys
        import pipeline.speedups
        pipeline.speedups.install()
        import manim
        assert "networkx" not in sys.modules
        from manim import Code, Graph, Tetrahedron
        import manim.mobject.graph as graph_module
        assert Graph is graph_module.Graph is manim.Graph
        g = Graph([1, 2, 3], [(1, 2), (2, 3)], layout="circular")
        assert len(g.vertices) == 3 and "networkx" in sys.modules
        assert Code(code_string="x = 1", language="python").submobjects
        assert Tetrahedron().graph is not None
        assert manim.ManimMagic.__module__ == "manim.utils.ipython_magic" and manim.ipy is None
        import IPython
        assert manim.get_ipython is IPython.get_ipython
        import scipy.spatial
        from scipy.spatial import ConvexHull, distance
        assert distance.euclidean([0, 0], [3, 4]) == 5
        assert scipy.spatial.transform.Rotation is manim.utils.space_ops.Rotation
        print("ok")
    """)


def test_an_ipython_imported_before_manim_gets_the_magic_as_usual():
    python("""
        import sys
        import IPython, pipeline.speedups
        pipeline.speedups.install()
        import manim
        assert "manim.utils.ipython_magic" in sys.modules
        assert "ManimMagic" in vars(manim) and "ipy" in vars(manim)
        print("ok")
    """)


def test_trace_does_not_load_manimpango_or_manim():
    out = python("""
        import runpy, sys
        sys.argv = ["render.py", "trace", "lstm", "--json"]
        try:
            runpy.run_path("render.py", run_name="__main__")
        except SystemExit as e:
            assert not e.code, e.code
        import json
        mp = sys.modules.get("manimpango")
        print(json.dumps([type(mp).__name__ if mp else None, "manim" in sys.modules]))
    """)
    assert json.loads(out) == ["LazyModule", False]
