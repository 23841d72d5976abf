# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Every package comes from requirements.lock, pinned by version and sha256, so a fresh clone gets the same
# versions (`make lock` refreshes it after a change to the dependencies in pyproject.toml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCK := requirements.lock

.PHONY: run test lint bench eval screenshot lock clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/diptych

test: lint
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run.py

eval: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score_alignment.py ../shared/eval/gold/align
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score_descriptors.py ../shared/eval/gold/descriptors/*
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score_descriptors.py ../shared/eval/data/newswcl50/event_0 ../shared/eval/data/newswcl50/event_1 ../shared/eval/data/newswcl50/event_2 ../shared/eval/data/newswcl50/event_3 ../shared/eval/data/newswcl50/event_4

# The lock covers Python 3.10 and newer on every platform, the extras, and the build backend (the editable
# install runs without build isolation, so hatchling is pinned too).
lock: $(STAMP)
	printf 'hatchling\neditables\n' | $(BIN)/uv pip compile pyproject.toml - --extra html --extra dev \
		--universal --generate-hashes --python-version 3.10 --quiet -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis

screenshot: $(STAMP)
	$(BIN)/python docs/screenshot.py
