"""Faster start-up: defer what Manim imports at start-up but our scenes never use.

About half of `import manim` is modules a render never touches (measured in
tests/test_lazy_imports.py's terms: which modules load; the time is in the README).
install() (called by render.py and manim_run.py before Manim's first import, so also in
spawned workers) puts one finder at the front of sys.meta_path:

* LAZY modules are loaded by importlib.util.LazyLoader: the module object exists at once,
  its code runs on the first use of an attribute. What the import system reads (__spec__,
  __path__, ...), submodules already imported and SERVED names do not count as a use.
  Manim needs only Rotation from scipy: it comes from scipy.spatial.transform._rotation,
  while the __init__ of scipy.spatial (k-d trees, Qhull, distances: scipy.sparse,
  scipy.special) and of scipy.spatial.transform (RotationSpline: scipy.linalg) never run.
  manimpango: scenes/parts/fonts.py imports it, `trace` and `grads` never use it.
* DEFERRED are the modules manim/__init__.py star-imports only for Graph, the polyhedra
  (which import Graph) and Code, i.e. networkx, bs4, soupsieve and pygments. They are lazy
  too, and while manim/__init__.py runs their __all__ reads as empty (a star import
  would run them: it reads every name).
* While manim/__init__.py runs, IPython counts as not installed (Manim allows that) unless
  it is imported already: with no IPython imported there is no IPython shell, so Manim
  would not register its %%manim magic anyway.

The names this leaves out of manim's namespace (Graph, DiGraph, GenericGraph, the
polyhedra, Code, ManimMagic, get_ipython, ipy) come back on first use: manim gets a module
__getattr__ and __dir__ (PEP 562) that import them; `from manim import *` asks for
__all__ first, so it gets them too. tests/test_lazy_imports.py checks that the namespace
is the same as without this module, and that a preview loads none of the above.

Plain `manim` on the command line does not import pipeline and is unaffected.
ILLUSTRATED_RNN_LAZY_IMPORTS=off turns all of this off (to compare, or to debug).
"""

import importlib
import importlib.util      # not importlib.abc: that costs 15 ms (importlib.resources)
import os
import sys
import types

LAZY = ("scipy.spatial", "scipy.spatial.transform", "manimpango")
# Names a lazy package hands out from a submodule without running its own __init__: the
# same object as its `from ._rotation import Rotation` binds.
SERVED = {"scipy.spatial.transform": {"Rotation": "scipy.spatial.transform._rotation"}}
DEFERRED = ("manim.mobject.graph", "manim.mobject.three_d.polyhedra",
            "manim.mobject.text.code_mobject")
SKIPPED = "IPython"

# What the import system reads from a module in sys.modules (a submodule's parent, the
# module of `from m import *`): set from the spec before the module's code runs, so they
# are answered without running it (a missing __path__: not a package).
_SPEC_ATTRS = frozenset({"__spec__", "__path__", "__name__", "__loader__", "__package__",
                         "__file__", "__cached__"})


class LazyModule(types.ModuleType):
    """A module whose code has not run yet. Import-system attributes, submodules already
    imported and SERVED names do not run it; anything else hands the module back to
    LazyLoader's own class, which runs it and answers. (Before Python 3.12 that is not
    thread-safe; here the first use, if any, is Manim's import or a scene's code.)"""

    def __getattribute__(self, attr):
        d = types.ModuleType.__getattribute__(self, "__dict__")
        if attr in _SPEC_ATTRS or (attr == "__all__" and attr in d):
            return types.ModuleType.__getattribute__(self, attr)
        name = d["__name__"]
        sub = sys.modules.get(f"{name}.{attr}")
        if sub is not None:
            return sub
        source = SERVED.get(name, {}).get(attr)
        if source is not None:
            return getattr(importlib.import_module(source), attr)
        self.__class__ = d["__spec__"].loader_state["lazy_class"]
        return getattr(self, attr)


class _LazyLoader(importlib.util.LazyLoader):
    def __init__(self, loader, hide_all: bool = False):
        super().__init__(loader)
        self.hide_all = hide_all

    def exec_module(self, module):
        spec = module.__spec__
        if self.hide_all:           # before LazyLoader's snapshot: the real __all__ wins
            module.__all__ = ()
        super().exec_module(module)
        spec.loader_state["lazy_class"] = type(module)
        module.__class__ = LazyModule


def _unhide_all(module) -> None:
    """After manim/__init__.py: reading __all__ of a deferred module loads it."""
    if type(module) is LazyModule:      # still not loaded
        types.ModuleType.__getattribute__(module, "__dict__").pop("__all__", None)


class _ManimLoader:
    """Runs manim/__init__.py with the finder in its Manim mode, then adds __getattr__."""

    def __init__(self, loader, finder):
        self.loader, self.finder = loader, finder

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__spec__.loader = module.__loader__ = self.loader   # as if never wrapped
        skip_ipython = SKIPPED not in sys.modules
        self.finder.in_manim, self.finder.skip_ipython = True, skip_ipython
        try:
            self.loader.exec_module(module)
        finally:
            self.finder.in_manim = self.finder.skip_ipython = False
            for name in DEFERRED:
                if name in sys.modules:
                    _unhide_all(sys.modules[name])
        _add_getattr(module, skip_ipython)


def _add_getattr(manim, skipped_ipython: bool) -> None:
    namespace = manim.__dict__

    def materialize():
        """Put the deferred names into manim's namespace, as manim/__init__.py would."""
        for name in DEFERRED:
            mod = importlib.import_module(name)
            for n in mod.__all__:
                namespace.setdefault(n, getattr(mod, n))
        if skipped_ipython:
            try:
                from IPython import get_ipython
                from manim.utils.ipython_magic import ManimMagic
            except ImportError:
                pass
            else:
                namespace.setdefault("get_ipython", get_ipython)
                namespace.setdefault("ManimMagic", ManimMagic)
                namespace.setdefault("ipy", None)   # no shell existed when manim was imported
        namespace.pop("__getattr__", None)
        namespace.pop("__dir__", None)

    def __getattr__(name):
        if name.startswith("__") and name != "__all__":
            raise AttributeError(f"module 'manim' has no attribute {name!r}")
        materialize()
        if name in namespace:
            return namespace[name]
        # __all__ ends here: `from manim import *` then takes every public name, as before
        raise AttributeError(f"module 'manim' has no attribute {name!r}")

    def __dir__():
        materialize()
        return sorted(namespace)

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__


class _Finder:
    in_manim = skip_ipython = False

    def _spec(self, name, path, target):
        """The spec the other finders would give."""
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                return spec
        return None

    def find_spec(self, name, path=None, target=None):
        if self.skip_ipython and (name == SKIPPED or name.startswith(SKIPPED + ".")):
            raise ModuleNotFoundError(f"{name} is not imported while Manim starts "
                                      "(see pipeline/speedups/lazy_imports.py)", name=name)
        deferred = self.in_manim and name in DEFERRED
        if not (deferred or name in LAZY or name == "manim"):
            return None
        spec = self._spec(name, path, target)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if name == "manim":
            spec.loader = _ManimLoader(spec.loader, self)
        else:
            spec.loader = _LazyLoader(spec.loader, hide_all=deferred)
        return spec


def install() -> None:
    """Install the finder once; a no-op for modules imported already."""
    if os.environ.get("ILLUSTRATED_RNN_LAZY_IMPORTS", "").lower() in ("off", "0", "no"):
        return
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
