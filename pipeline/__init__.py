"""Everything between a parsed command line and a file on disk: render, convert, report.

Rooms: rendering/ (one render), media/ (formats), speedups/ (what reaches into Manim),
cli/ (command-line plumbing), workflows/ (decks, batches, the notebook helper)."""
