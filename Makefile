# The two set-up commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test proof bench lint typecheck demo clean migration

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Legal Desk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(APP_STAMP)

run: $(APP_STAMP)
	$(BIN)/legal-desk

test: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

proof: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# make bench ARGS="--only documents": the document figures alone, in about a minute.
bench: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run $(ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

demo: $(APP_STAMP)
	$(BIN)/legal-desk demo --data-dir "$(or $(DIR),./demo-workspace)"

# Write a new Alembic revision from the models: make migration MSG="add x" REV=0002
migration: $(TEST_STAMP)
	$(BIN)/python -m legal_desk.storage.new_migration "$(MSG)" "$(REV)"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
