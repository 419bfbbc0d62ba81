"""Reusable Scene bases: what every scene has (base.py), the op-by-op gated cell, the
unrolled chain, the row of cells."""
