#!/usr/bin/env bash
# Idempotent set-up for `make demo` / `make test`: system packages Manim needs to build
# (Cairo, Pango, pkg-config, a C compiler), a .venv in the repo root, the project in it.
# A second run with everything in place returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

have_system_deps() {
  command -v pkg-config >/dev/null && pkg-config --exists cairo pangocairo \
    && command -v cc >/dev/null
}

if ! have_system_deps; then
  echo "bootstrap: installing Cairo, Pango, pkg-config and a C compiler" >&2
  if command -v apt-get >/dev/null; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      libcairo2-dev libpango1.0-dev pkg-config build-essential python3-dev python3-venv >/dev/null
  elif command -v brew >/dev/null; then
    brew install cairo pango pkg-config
  else
    echo "bootstrap: please install Cairo and Pango development files, pkg-config and a C compiler" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv" >&2
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

# Reinstall only when the dependency list changed.
stamp=".venv/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing illustrated-rnn and its dependencies into .venv" >&2
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Our own modules compiled ahead, as pip does for the dependencies: where
# PYTHONDONTWRITEBYTECODE is set, each command would otherwise compile ~50 of them again.
.venv/bin/python -m compileall -q cells scenes pipeline render.py >/dev/null
