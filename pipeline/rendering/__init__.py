"""One render: from a checked request to finished files (Manim run, parallel sections,
section clips, atomic outputs, progress, the render cache)."""
