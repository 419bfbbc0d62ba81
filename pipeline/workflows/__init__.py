"""Built on single renders: slide decks, batches, the Jupyter helper."""
