"""What makes rendering fast by reaching into Manim (its encoder, camera, segment cache,
start-up imports). A Manim upgrade is reviewed here."""
