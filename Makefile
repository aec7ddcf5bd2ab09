# kubecourse developer / CI entry points.
#   make lab    start JupyterLab on the course notebooks
#   make test   run the test suite (pytest), the linter (ruff) and the type checker (mypy)
# Both install what they need first: Debian packages (make system) and .venv (make venv),
# which holds exactly the versions pinned in requirements.lock (make lock refreshes it).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
BENCH_ARGS ?= --quick
DOT_BIN ?= /usr/bin/dot
CHROMIUM_BIN ?= /usr/bin/chromium

# Every environment of this repository (.venv, CI, Binder) installs the versions pinned in
# LOCK; `make lock` compiles it from pyproject.toml's ranges with uv (pinned here).
LOCK := requirements.lock
BINDER_REQS := binder/requirements.txt
UV_VERSION := 0.13.10
LOCK_TOOLS := .venv-lock
# `make test-latest`: a throwaway venv with the newest releases pyproject's ranges allow.
LATEST := .venv-latest

.PHONY: help system venv test checks test-latest lock lab notebooks bench clean

help:
	@echo "make lab     start JupyterLab on notebooks/ (installs graphviz, chromium and .venv first)"
	@echo "make test    run pytest, ruff and mypy (PYTEST_ARGS='...' passes extra pytest arguments)"
	@echo "make system  install Debian packages graphviz and chromium when missing"
	@echo "make venv    create .venv with the versions pinned in requirements.lock"
	@echo "make lock    recompile requirements.lock and binder/requirements.txt from pyproject.toml"
	@echo "make test-latest  run the tests in a throwaway venv with the newest allowed releases"
	@echo "make notebooks  execute the course notebooks and save them with their outputs"
	@echo "make bench  print the performance figures as JSON (BENCH_ARGS=--quick by default; BENCH_ARGS= for all)"
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

# Installs the lock, then the package itself without resolving anything more; re-runs when
# the lock or pyproject.toml is newer than the stamp. pip reads the lock's environment
# markers, so the same file serves Linux, macOS and Windows.
$(STAMP): $(LOCK) pyproject.toml | $(VPY)
	$(VPY) -m pip install -q -r $(LOCK)
	$(VPY) -m pip install -q --no-deps -e .
	@touch $@

test: system venv
	@$(MAKE) --no-print-directory checks

# pytest, then the linter, then the type checker (what pyproject.toml's [tool.mypy] names, with
# its settings), with the venv in VENV. pytest's exit code 5 ("no tests ran") fails the target
# like any other non-zero code.
checks:
	@rc=0; $(VENV)/bin/python -m pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no tests (exit code 5); failing" >&2; exit 5; fi; \
	if [ $$rc -ne 0 ]; then echo "make test: pytest failed (exit code $$rc)" >&2; exit $$rc; fi
	$(VENV)/bin/ruff check kubecourse tests
	$(VENV)/bin/python -m mypy

# Tomorrow's versions, on purpose: a fresh venv from pyproject's ranges at their newest, then
# the same checks. Drift shows up here, for whoever asked, while the locked `make test` stays
# green; when this passes, `make lock` can move the lock forward.
test-latest: system
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install -q --upgrade -e '.[test,lab,remote]'
	@echo "make test-latest: how the newest releases differ from $(LOCK):"; $(LATEST)/bin/python scripts/lock_drift.py $(LOCK)
	@$(MAKE) --no-print-directory checks VENV=$(LATEST)

# Recompiles the lock from pyproject.toml (all extras but none of the machine's packages), then
# Binder's requirements as the subset the course needs, pinned to the same versions. Run it
# after changing dependencies in pyproject.toml, or to move to newer releases (after
# `make test-latest` passed), and commit both files.
lock:
	@[ -x $(LOCK_TOOLS)/bin/uv ] || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install -q uv==$(UV_VERSION); }
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml --all-extras --universal \
	  --python-version 3.11 --custom-compile-command "make lock" -o $(LOCK)
	echo "-e .[lab]" | $(LOCK_TOOLS)/bin/uv pip compile - --constraint $(LOCK) --universal \
	  --python-version 3.11 --no-annotate --custom-compile-command "make lock" -o $(BINDER_REQS)

# Jupyter refuses to start as root unless told --allow-root.
lab: system venv
	@if [ -d notebooks ]; then dir=notebooks/; else \
	  echo "make lab: notebooks/ does not exist yet (the chapters are being written); opening the repo root"; dir=.; fi; \
	set -x; $(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) "$$dir"

# Commit the notebooks executed: tests/test_notebooks.py re-executes them and compares.
notebooks: venv
	$(VPY) scripts/execute_notebooks.py

bench: venv
	$(VPY) benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(LATEST) $(LOCK_TOOLS)
