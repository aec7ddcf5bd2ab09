# kubecourse developer / CI entry points.
#   make lab    start JupyterLab on the course notebooks
#   make test   run the test suite (pytest) and the linter (ruff)
# Both install what they need first: Debian packages (make system) and .venv (make venv).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
DOT_BIN ?= /usr/bin/dot
CHROMIUM_BIN ?= /usr/bin/chromium

# Extra pip packages for the venv that are not in pyproject's [test] extra.
# jupyterlab is needed by `make lab` and by the browser tests; it is deliberately not a
# package dependency (Binder's base image already ships it, see binder/).
VENV_EXTRA ?= jupyterlab

.PHONY: help system venv test lab bench clean

help:
	@echo "make lab     start JupyterLab on notebooks/ (installs graphviz, chromium and .venv first)"
	@echo "make test    run pytest and ruff (PYTEST_ARGS='...' passes extra pytest arguments)"
	@echo "make system  install Debian packages graphviz and chromium when missing"
	@echo "make venv    create .venv and pip install -e '.[test]'"
	@echo "make bench   run benchmarks/bench.py"
	@echo "make clean   remove .venv"

# Debian packages: graphviz (/usr/bin/dot, used by the widgets) and chromium (/usr/bin/chromium,
# only for the browser tests). Installed with apt-get when missing and we are root or have
# password-less sudo. Otherwise a one-line message, and make goes on, except under CI (CI set
# and non-empty), where a missing package is an error.
system:
	@missing=""; \
	[ -x $(DOT_BIN) ] || missing="$$missing graphviz"; \
	[ -x $(CHROMIUM_BIN) ] || missing="$$missing chromium"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else \
	  note=""; case "$$missing" in *chromium*) note=" (chromium is only needed for the browser tests)";; esac; \
	  echo "make system: please install the Debian packages$$missing by hand: sudo apt-get install$$missing$$note" >&2; \
	  if [ -n "$${CI:-}" ]; then echo "make system: CI is set, so this is an error" >&2; exit 1; fi; \
	  exit 0; \
	fi; \
	echo "make system: installing$$missing with apt-get"; \
	if $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
	   && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q$$missing >/dev/null; then \
	  echo "make system: installed$$missing"; \
	else \
	  echo "make system: apt-get install$$missing failed; install them by hand" >&2; \
	  if [ -n "$${CI:-}" ]; then echo "make system: CI is set, so this is an error" >&2; exit 1; fi; \
	fi

venv: $(STAMP)

$(VPY):
	@v=$$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null) || v="not found"; \
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make venv: kubecourse needs Python >= 3.11, but '$(PYTHON)' is $$v; install Python 3.11+ and run e.g. 'make PYTHON=python3.11 ...'" >&2; \
	  exit 1; }
	@echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make venv: '$(PYTHON) -m venv' failed (on Debian/Ubuntu system Python: apt-get install python3-venv)" >&2; exit 1; }

# Re-runs pip only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml | $(VPY)
	$(VPY) -m pip install -q -e '.[test]' $(VENV_EXTRA)
	@touch $@

# pytest's exit code 5 ("no tests ran") fails the target like any other non-zero code.
test: system venv
	@rc=0; $(VPY) -m pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no tests (exit code 5); failing" >&2; exit 5; fi; \
	if [ $$rc -ne 0 ]; then echo "make test: pytest failed (exit code $$rc)" >&2; exit $$rc; fi
	$(VENV)/bin/ruff check kubecourse tests

# Jupyter refuses to start as root unless told --allow-root.
lab: system venv
	@if [ -d notebooks ]; then dir=notebooks/; else \
	  echo "make lab: notebooks/ does not exist yet (the chapters are being written); opening the repo root"; dir=.; fi; \
	set -x; $(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) "$$dir"

bench: venv
	$(VPY) benchmarks/bench.py

clean:
	rm -rf $(VENV)
