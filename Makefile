# Common commands. `make serve` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8866
CHROMIUM ?= /usr/bin/chromium
# configurable-http-proxy for the JupyterHub test, from npm, in a folder of the project
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
# the LRS the xAPI tests start (Ralph), in a virtualenv of its own
LRS_VENV ?= .venv-lrs
# preheated kernels per page on top of voila.json's, e.g. POOL="workshop.ipynb=40"
POOL ?=
LEARNERS ?= 40
# seconds within which the learners arrive (default: 10, or N/5 for more than 50 learners)
WINDOW ?=
PARTICIPANTS ?= 150

.PHONY: help serve test check unit validate lint lab hub bench bench-load bench-room bench-flood chromium postgresql zbar clean screenshots

help:
	@echo "make serve     set up and serve the course with Voila on 127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make test      set up and run every test: lint, content, unit, notebooks, browser"
	@echo "make check     lint, content and the tests without a browser or server (~2 min)"
	@echo "make validate  check every content file"
	@echo "make lab       open the notebooks in JupyterLab"
	@echo "make serve POOL=\"workshop.ipynb=40\"   the same, with 40 workshop pages ready"
	@echo "make hub       JupyterHub on 127.0.0.1:8000 (MICROMOMENTS_DB=postgresql+psycopg://...)"
	@echo "make bench     measure page load, click latency, memory and 10/20/40 learners (~7 min)"
	@echo "make bench-load LEARNERS=\"40 80 150\"   N learners without browsers (~1 to 5 min each)"
	@echo "make bench-room PARTICIPANTS=150        a workshop room answering at once (~5 min)"
	@echo "make bench-flood                         feedback time while another page floods (~2 min)"
	@echo "make screenshots  every page, light and dark, 1280 and 390 px, into test-artifacts/gallery/"

$(VENV)/.runtime-installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

serve: $(VENV)/.runtime-installed
	$(PY) -m widgets validate
	$(PY) -m widgets serve --port $(PORT) $(foreach pool,$(POOL),--pool $(pool)) $(if $(ARGS),-- $(ARGS))

validate: $(VENV)/.runtime-installed
	$(PY) -m widgets validate

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check widgets tests bench deploy

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update && $$SUDO apt-get install -y chromium; }

# Debian's zbar-tools: a real QR decoder reads the presenter view's QR code in a browser test.
zbar:
	@command -v zbarimg >/dev/null 2>&1 || { \
	  echo "Installing Debian's zbar-tools for the QR code test"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update && $$SUDO apt-get install -y zbar-tools; }

# Debian's PostgreSQL: the store's tests start their own server from it in a temporary folder.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian's postgresql for the store's tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update && $$SUDO apt-get install -y postgresql; }

$(LRS_VENV)/.installed: requirements-lrs.txt
	test -x $(LRS_VENV)/bin/python || $(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LRS_VENV)/bin/python -m pip install --quiet -r requirements-lrs.txt
	touch $@

$(CHP): | $(VENV)/.runtime-installed
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node configurable-http-proxy@4

test: $(VENV)/.dev-installed $(LRS_VENV)/.installed chromium postgresql zbar $(CHP)
	$(PY) -m widgets validate --quality
	$(PY) -m ruff check widgets tests bench deploy
	$(PY) -m pytest --nbval-lax -n 2 --dist loadfile --durations=25 tests notebooks

# The inner loop of a change: lint, content, and every test without a browser or a server of
# its own, two at a time (under two minutes once set up).
check: $(VENV)/.dev-installed $(LRS_VENV)/.installed postgresql
	$(PY) -m ruff check widgets tests bench deploy
	$(PY) -m widgets validate
	$(PY) -m pytest -q -n 2 -m "not browser and not server" tests

unit: $(VENV)/.dev-installed $(LRS_VENV)/.installed postgresql
	$(PY) -m pytest tests -m "not browser"

# The benchmark of issue 8 (not part of `make test`): table on stdout, JSON in bench-results.json.
bench: $(VENV)/.dev-installed chromium
	$(PY) bench/run.py

# Simulated learners over HTTP and the kernel websocket (issue 16): a table, then JSON lines.
bench-load: $(VENV)/.dev-installed
	$(PY) bench/load.py --learners $(LEARNERS) $(if $(WINDOW),--window $(WINDOW))

# A workshop room: a facilitator and a presenter view in Chromium, participants at protocol level.
bench-room: $(VENV)/.dev-installed chromium
	$(PY) bench/room.py --participants $(PARTICIPANTS)

# An honest learner's feedback time while another browser floods its page (issue 26).
bench-flood: $(VENV)/.dev-installed
	$(PY) bench/flood.py --seconds $(or $(FLOOD_SECONDS),30)

# Every page in light and dark at 1280 and 390 px, before and after its main interaction,
# with an index.html: test-artifacts/gallery/ (a few minutes).
screenshots: $(VENV)/.dev-installed chromium
	$(PY) tests/gallery.py

# JupyterHub as in README "Serving many learners" (to try it: MICROMOMENTS_HUB_DUMMY_PASSWORD=...).
hub: $(VENV)/.dev-installed $(CHP)
	$(VENV)/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

lab: $(VENV)/.dev-installed
	$(VENV)/bin/jupyter lab $$(test "$$(id -u)" = 0 && echo --allow-root) notebooks

clean:
	rm -rf $(VENV) $(LRS_VENV) .pytest_cache test-artifacts
