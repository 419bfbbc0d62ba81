"""Everything between a parsed command line and a file on disk: render, convert, report."""
