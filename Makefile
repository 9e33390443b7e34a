# The two set-up commands of the README: `make run` and `make test`.
# Both create .venv with Python 3.11 and install Tailor with its dependencies from PyPI.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# htmx from the npm registry (never vendored); pages work without it, as plain forms.
	@# axe-core is the accessibility checker the browser tests run on every page.
	@command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix $(VENV)/web htmx.org@2.0.11 axe-core@4.14.1 \
		|| echo "npm is missing: pages run without htmx (plain forms)"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/tailor serve --demo

test: $(STAMP)
	@.ci/postgres
	@.ci/chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2
