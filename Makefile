# Two commands for a fresh machine: `make book` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: setup book test lint unit nbval run exercises exercises-check bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

book: setup
	$(VENV)/bin/jupyter-book build . -W --keep-going

# Every check, in order: lint, unit tests and notebook hygiene, nbval, exercise sync, the book.
test: setup lint unit nbval exercises-check
	rm -rf _build/html
	$(MAKE) book
	$(PY) scripts/check_site.py

lint: setup
	$(VENV)/bin/ruff check .

unit: setup
	MPLBACKEND=Agg $(PY) -m pytest tests -q

nbval: setup
	$(PY) -m pytest $(NBVAL) -q notebooks solutions

# Re-execute notebooks after editing them: `make run` (all) or `make run NB=notebooks/01_x.ipynb`.
run: setup
	$(PY) scripts/run_notebooks.py $(NB)

exercises: setup
	$(PY) scripts/make_exercises.py

exercises-check: setup
	$(PY) scripts/make_exercises.py --check

bench: setup
	$(PY) benchmarks/bench_core.py
	$(PY) benchmarks/bench_network.py

clean:
	rm -rf _build .pytest_cache .ruff_cache
