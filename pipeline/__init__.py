"""Everything between a parsed command line and a file on disk: render, convert, report."""

from pipeline.speedups.lazy_imports import install as _install_lazy_imports

_install_lazy_imports()   # before Manim's first import (here, in workers, in notebooks)
