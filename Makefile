# `make demo` renders the default animation, `make test` runs the suite; both set up
# everything they need first (scripts/bootstrap.sh), and skip what is already there.
PY := .venv/bin/python

.PHONY: setup demo test preview clean

setup:
	@bash scripts/bootstrap.sh

demo: setup
	$(PY) render.py render lstm --quality medium -o media/lstm.mp4

preview: setup
	$(PY) render.py preview lstm -o media/lstm.png

test: setup
	$(PY) -m pytest -q

clean:
	rm -rf media .pytest_cache
