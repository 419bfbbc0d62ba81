"""The table `render.py models` prints: each shipped model with what its card says."""

SCENE_OF = {"rnn": "rnn-cell", "lstm": "lstm", "gru": "gru"}   # a scene that draws the cell


def _accuracy(card: dict) -> str:
    test = card["test"]
    by = test.get("accuracy_by_distance")
    spread = f", {min(by.values()):.1%}–{max(by.values()):.1%} by N" if by else ""
    return f"{test['accuracy']:.1%} of {test['size']:,} held-out{spread}"


def models_table(cards: dict) -> str:
    """Two lines a model: name, cell, sizes and accuracy; then its summary and how to use it."""
    width = max(len(n) for n in cards)
    lines = []
    for name, c in cards.items():
        sizes = f"input {c['input_size']}, hidden {c['hidden_size']}"
        if c.get("vocab"):
            sizes = f"{c['vocab']['size']:,} words -> " + sizes
        reads = "--text" if c.get("vocab") else "--input"
        lines.append(f"{name:<{width}}  {c['cell'].upper():<4}  {sizes}  {_accuracy(c)}")
        lines.append(f"{'':<{width}}        {c['summary'].rstrip('?.')} (reads {reads}): "
                     f"render.py render {SCENE_OF[c['cell']]} --model {name}")
    return "\n".join(lines)
