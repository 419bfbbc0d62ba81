"""One file per illustration of the article, named after its scene id."""
