# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench eval screenshot clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[html,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/diptych

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/run.py

eval: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score_alignment.py ../shared/eval/gold/align
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python ../shared/eval/score_descriptors.py ../shared/eval/data/newswcl50/event_0 ../shared/eval/data/newswcl50/event_1 ../shared/eval/data/newswcl50/event_2 ../shared/eval/data/newswcl50/event_3 ../shared/eval/data/newswcl50/event_4

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

screenshot: $(STAMP)
	$(BIN)/python docs/screenshot.py
