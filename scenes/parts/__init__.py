"""The vocabulary of the illustrations: theme, fonts, strings, text, numbers, labels,
glyphs, vectors, wires, legend, motion, the cell diagram and its layouts. No Scene subclasses."""
