# Two commands for a fresh machine: `make book` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

MATHJAX := _mathjax/mathjax

.PHONY: setup lock upgrade compat book fresh-book site test lint unit grading grade-demo nbval \
	nbval-solutions lab browser run exercises \
	exercises-check bench bench-notebooks clean

setup: $(STAMP)

# The exact versions that made the stored outputs (requirements-lock.txt, from the ranges of
# requirements.txt and requirements-test.txt); Binder and Colab read the ranges.
LOCK := requirements-lock.txt
$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r $(LOCK)
	touch $(STAMP)

# Re-solve the lock after editing a range: versions already locked stay when they still fit.
UV := $(VENV)/bin/uv
UV_COMPILE := $(UV) pip compile requirements.txt requirements-test.txt --universal \
	--python-version 3.11.5 --no-annotate --custom-compile-command "make lock" -q -o $(LOCK)
$(UV):
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "$$(grep '^uv' requirements-test.txt)"

lock: $(UV)
	$(UV_COMPILE)

# The newest versions the ranges allow: relock, install, re-execute every notebook, test.
upgrade: $(UV)
	$(UV_COMPILE) --upgrade
	$(MAKE) --no-print-directory setup run test

# MathJax is served from the site itself (from the npm registry, once), not from a CDN: the
# pages then render offline, and the browser test can check that the maths rendered.
$(MATHJAX)/tex-mml-chtml.js:
	rm -rf _build/mathjax $(MATHJAX) && mkdir -p _build/mathjax $(MATHJAX)
	cd _build/mathjax && npm pack -q mathjax@3.2.2 && tar xzf mathjax-3.2.2.tgz
	cd _build/mathjax/package/es5 && cp -r tex-mml-chtml.js input output ui a11y sre adaptors \
		../../../../$(MATHJAX)/

# -W: warnings are errors; -n: nitpicky, every cross-reference must resolve.
book: setup $(MATHJAX)/tex-mml-chtml.js
	$(VENV)/bin/jupyter-book build . -W -n --keep-going

# Every check, in order: lint, unit tests and notebook hygiene, grading with nbgrader, nbval on
# solutions/, exercise sync, the chapters in JupyterLab (their outputs compared by nbval's
# rules: one run of each chapter checks both), the book (no leaks, no broken links), and every
# page in a real browser. Prints each stage's time, and the CPU-seconds the whole machine was
# busy meanwhile (from /proc/stat: user, nice, system, irq, softirq; other work counts too).
STAGES := lint unit grading nbval-solutions exercises-check lab fresh-book site browser
BUSY := awk '/^cpu /{printf "%.0f\n", $$2 + $$3 + $$4 + $$7 + $$8}' /proc/stat 2>/dev/null || echo 0
test: setup
	@mkdir -p _build && rm -f _build/stage-times.txt
	@hz=$$(getconf CLK_TCK); for stage in $(STAGES); do start=$$(date +%s); b0=$$($(BUSY)); \
		$(MAKE) --no-print-directory $$stage || exit 1; b1=$$($(BUSY)); \
		echo "  $$stage: $$(( $$(date +%s) - start )) s, $$(( (b1 - b0) / hz )) CPU-s" \
		>> _build/stage-times.txt; done
	@echo "make test stage times (wall; CPU-seconds of the whole machine):"; \
		cat _build/stage-times.txt

fresh-book:
	rm -rf _build/html
	$(MAKE) --no-print-directory book

site: setup
	$(PY) scripts/check_site.py

# Debian's Chromium for the browser test, and an emoji font so screenshots show the checks'
# ✅ ⏳ ❌ (installed here on a fresh Debian machine as root).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] || { \
		echo "The browser test needs Debian's chromium: apt-get install chromium"; exit 1; }
	apt-get update -q && apt-get install -y -q chromium fonts-noto-color-emoji

browser: setup $(CHROMIUM)
	$(PY) scripts/check_browser.py

# ruff, and the GitHub Actions workflow against its schema (vendored: no network).
WORKFLOW_CHECK := $(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows
lint: setup
	$(VENV)/bin/ruff check .
	$(WORKFLOW_CHECK) .github/workflows/*.yml

unit: setup
	# loadgroup: tests marked xdist_group share one worker, so Keras runs cached there train once
	MPLBACKEND=Agg $(PY) -m pytest tests -q -n 2 --dist loadgroup -m "not grading"

# nbgrader end to end: the instructors' page's commands on a synthetic class (chapters 1 and 6)
# and every chapter's reference answers. Each of the two files runs on its own core.
grading: setup
	$(PY) -m pytest tests/test_grading.py tests/test_grading_keras.py -q -n 2 --dist loadfile \
		-m grading

# The synthetic class of the grading tests, graded and printed as a table.
grade-demo: setup
	$(PY) scripts/grade_demo.py

# Both cores; --dist loadfile keeps each notebook's cells together, in order, in one kernel.
# `make nbval` checks the chapters and solutions/; `make test` checks the chapters in its lab
# stage instead.
nbval: setup
	$(PY) -m pytest $(NBVAL) -n 2 --dist loadfile -q notebooks solutions

nbval-solutions: setup
	$(PY) -m pytest $(NBVAL) -n 2 --dist loadfile -q solutions

# Every chapter run in JupyterLab from Chromium: no errors, the stored text outputs (nbval's
# rules), every live explorer moved from the keyboard; an exercise answered wrong, then right.
lab: setup $(CHROMIUM)
	$(PY) scripts/check_lab.py

# Re-execute notebooks after editing them: `make run` (all) or `make run NB=notebooks/01_x.ipynb`.
run: setup
	$(PY) scripts/run_notebooks.py $(NB)
	$(PY) scripts/status_page.py

exercises: setup
	$(PY) scripts/make_exercises.py

exercises-check: setup
	$(PY) scripts/make_exercises.py --check

# The notebooks on Colab's preinstalled versions and on the lowest versions the ranges allow
# (scripts/compat.py; environments in _build/compat/, reused).
compat: setup
	$(PY) scripts/compat.py colab
	$(PY) scripts/compat.py lowest

# Speed and memory figures (not tests): see benchmarks/README.md. About 17 minutes in all;
# `make bench-notebooks` is the longest part (every notebook in a fresh kernel, ~7 minutes).
bench: setup
	$(PY) benchmarks/bench_core.py
	$(PY) benchmarks/bench_network.py
	$(PY) benchmarks/bench_keras.py
	MPLBACKEND=Agg $(PY) benchmarks/bench_widgets.py
	$(PY) benchmarks/bench_grading.py
	$(MAKE) --no-print-directory bench-notebooks

bench-notebooks: setup
	$(PY) benchmarks/bench_notebooks.py

clean:
	rm -rf _build _mathjax .pytest_cache .ruff_cache
