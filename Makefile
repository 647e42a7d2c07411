# make            build the whole collection into build/ (notebooks run, pages, slides, report)
# make test       build, then run every test (in parallel, one process per core)
# make check      lint, types and the tests that run no notebook and open no browser (seconds)
# make nb N=04    run and render one notebook again: its executed copy, page and deck
# make handouts   print every deck to a PDF (build/handouts/), by headless Chromium
# make lab        open JupyterLab on notebooks/
# The environment lives in .venv/: made on first use, reused after. `make` installs what a
# learner needs (requirements.txt); the test targets add requirements-dev.txt.

PYTHON ?= python3
# Which PyTorch build `make` installs when none is there yet: auto (the CPU build on Linux
# without an NVIDIA GPU, the ordinary one elsewhere), cpu, cuda or default. See README.
TORCH  ?= auto
# Which torch version, when not the newest requirements.txt allows: e.g. torch==2.2.2.
TORCH_SPEC ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# pytest's worker processes for `make test` (pytest-xdist): one per core by default.
JOBS   ?= auto

NODE_STAMP := node_modules/.package-lock.json

SOURCES := $(wildcard notebooks/*.ipynb notebooks/*.py notebooks/*/*.ipynb notebooks/*/*.py helpers/*.py helpers/*/*.py helpers/locale/*/*.json helpers/locale/*/LC_MESSAGES/*.po tools/*.py tools/templates/*/*)

.PHONY: all build test check nb handouts lab lint clean-notebooks clean check-dot
all: build

check-dot:
	@command -v dot >/dev/null 2>&1 || { \
	  echo "Graphviz's 'dot' program is missing; the notebooks draw graphs with it. Install it:"; \
	  echo "  Debian/Ubuntu:  sudo apt-get install graphviz"; \
	  echo "  macOS:          brew install graphviz"; \
	  echo "  conda:          conda install -c conda-forge graphviz"; \
	  echo "  Windows:        winget install graphviz   (or: choco install graphviz)"; \
	  exit 1; }

# Installs only when the requirement lists change. torch comes first, from the index that
# tools/install_torch.py chooses; one already present that satisfies the range is kept (CI
# puts the CPU wheel in place first; see .ci/run).
$(STAMP): requirements.txt pyproject.toml tools/install_torch.py | check-dot
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python tools/install_torch.py $(TORCH) $(TORCH_SPEC)
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	@touch $@

# What a contributor needs on top (pytest and its workers, ruff, mypy, jupytext, Playwright).
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# reveal.js, MathJax, require.js and jQuery at the versions package-lock.json pins: the
# build copies what the pages load into build/assets/. Without npm the build still runs,
# and warns that the pages will load these from a CDN (internet needed).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund; \
	else \
	  echo "npm is not installed: slides and pages will need internet (reveal.js and MathJax from a CDN)."; \
	  echo "For a site that works offline, install Node.js (it brings npm) and run make again."; \
	fi

build/.built: $(STAMP) $(SOURCES) package-lock.json | check-dot $(NODE_STAMP)
	$(BIN)/python -m tools.build
	@touch $@

build: build/.built

test: build/.built $(DEV_STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal

# The inner loop for helpers/ and tools/: no build, no notebook run, no browser.
check: lint
	$(BIN)/python -m pytest -m "not notebook and not browser and not built" -q

# One notebook again, e.g. `make nb N=04`: executed copy, page, deck and the report's rows.
nb: $(STAMP) | check-dot $(NODE_STAMP)
	@test -n "$(N)" || { echo "Say which notebook: make nb N=04"; exit 2; }
	$(BIN)/python -m tools.build $(N)

# One PDF per deck from its print view (one page per slide), by the Chromium the browser
# tests use; without it, a message and nothing else (Playwright is in requirements-dev.txt).
handouts: build/.built $(DEV_STAMP)
	$(BIN)/python -m tools.handouts

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy helpers tools

# Bring each notebook pair (NN_name.py and NN_name.ipynb) in step, the newer file winning;
# strip outputs, reset metadata, remake badges and setup cells (a contributor's tool; the
# build itself never writes into notebooks/).
clean-notebooks: $(DEV_STAMP)
	$(BIN)/python -m tools.notebooks sync

clean:
	rm -rf build
