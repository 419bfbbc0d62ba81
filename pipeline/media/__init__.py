"""Media formats: probing a file, GIF with a palette, joining clips."""
