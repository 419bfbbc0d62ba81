"""Command-line plumbing: options, one-line errors, config defaults, the tables of trace
and grads."""
