# Two entry points that work on a fresh machine with Python 3.11, pip and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench lock clean-venv fuzz model

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsevents extract samples

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The fuzz suite, long: 10,000 examples per target (CI runs 30; tests/fuzz/strategies.py).
fuzz: $(STAMP)
	NEWSEVENTS_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest tests/fuzz

# Retrain the event scorer from the gold files (reads the NGEC stories from ../shared).
model: $(STAMP)
	$(BIN)/python tools/train_scorer.py

bench: $(STAMP)
	$(BIN)/python benchmarks/clean.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/ingest.py

# Regenerate the pinned lock (needs network to the package index uv is configured with).
lock:
	uv pip compile pyproject.toml --extra dev --extra ray --generate-hashes --python-version 3.11 -o requirements.lock

clean-venv:
	rm -rf $(VENV)
